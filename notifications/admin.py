from django.contrib import admin, messages

from .models import Digest, Notification, NotificationPreference
from .services import digests_reset_for_resend
from .tasks import enqueue, send_digest


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["remind_on", "recipient", "kind", "rule", "due_date", "subject", "read_at"]
    list_filter = ["kind", "rule", "escalated", "remind_on"]
    search_fields = ["subject", "recipient__username", "recipient__full_name", "item_key"]
    list_select_related = ["recipient"]
    date_hierarchy = "remind_on"
    raw_id_fields = ["recipient", "organisation", "plan", "assignment"]
    readonly_fields = ["run_id", "created_at"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "status", "item_count", "attempts", "sent_at"]
    list_filter = ["status", "day"]
    search_fields = ["recipient__username", "recipient__full_name", "recipient__email"]
    list_select_related = ["recipient"]
    date_hierarchy = "day"
    raw_id_fields = ["recipient"]
    readonly_fields = ["run_id", "created_at", "sent_at", "attempts", "last_error"]
    actions = ["resend"]

    @admin.action(description="Gửi lại các thư chưa gửi được")
    def resend(self, request, queryset):
        ids = digests_reset_for_resend(digest_ids=queryset.values_list("pk", flat=True))
        queued = sum(enqueue(send_digest, pk) for pk in ids)
        if queued < len(ids):
            self.message_user(
                request,
                f"Chưa gửi được {len(ids) - queued} thư (máy chủ hàng đợi hoặc máy chủ thư không "
                "phản hồi, chi tiết trong nhật ký). Các thư vẫn chờ gửi và sẽ được gửi ở lần "
                "chạy sau.",
                messages.WARNING,
            )
        else:
            self.message_user(request, f"Đã đưa {queued} thư vào hàng đợi gửi.")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "email_assignments", "email_reports", "updated_at"]
    list_filter = ["email_enabled"]
    search_fields = ["user__username", "user__full_name"]
    raw_id_fields = ["user"]
