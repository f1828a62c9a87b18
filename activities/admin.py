from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Evidence, TargetGroup


@admin.display(description="tệp")
def evidence_file_link(evidence):
    """Files open through the view that checks scope (uploads are only accepted, checked and
    cleaned, through the activity form)."""
    if not evidence.pk or not evidence.file:
        return "—"
    url = reverse("activities:evidence", args=[evidence.pk])
    return format_html('<a href="{}">{}</a>', url, evidence.original_name or evidence.file.name)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["kind", evidence_file_link, "url", "caption", "original_name", "size"]
    readonly_fields = [evidence_file_link, "original_name", "size"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["date", "title", "unit", "form", "quantity", "participants", "status"]
    list_filter = ["status", "form__category", "form", "date"]
    search_fields = ["title", "description", "place", "unit__name", "plan__title"]
    date_hierarchy = "date"
    list_select_related = ["unit", "form"]
    autocomplete_fields = ["unit", "plan", "assignment", "reviewed_by"]
    filter_horizontal = ["target_groups"]
    raw_id_fields = ["sections"]
    readonly_fields = ["series", "created_by", "created_at", "updated_at"]
    inlines = [EvidenceInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("plan", "assignment"),
                    ("unit", "form"),
                    ("date", "place"),
                    "title",
                    "description",
                ]
            },
        ),
        ("Nội dung, đối tượng", {"fields": ["sections", "target_groups"]}),
        (
            "Số liệu",
            {"fields": [("quantity", "participants"), ("views", "interactions"), "cost"]},
        ),
        ("Duyệt", {"fields": ["status", "review_comment", "reviewed_by", "reviewed_at"]}),
        ("Theo dõi", {"fields": ["series", "created_by", "created_at", "updated_at"]}),
    ]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "activity", "size", "uploaded_at"]
    exclude = ["file"]
    readonly_fields = [evidence_file_link, "content_type", "size", "original_name"]
    list_filter = ["kind"]
    search_fields = ["caption", "original_name", "url", "activity__title"]
    list_select_related = ["activity"]
    autocomplete_fields = ["activity"]
