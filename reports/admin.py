from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Report, ReportingPeriod
from .services import NARRATIVE_FIELDS


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "year", "index", "scheme", "start", "end", "due_date"]
    list_filter = ["kind", "year", "scheme"]
    search_fields = ["label"]
    autocomplete_fields = ["organisation"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "period", "plan", "number_display", "status", "submitted_at"]
    list_filter = ["status", "period__kind", "period__year"]
    search_fields = ["title", "organisation__name", "results"]
    list_select_related = ["organisation", "period", "plan"]
    autocomplete_fields = ["organisation", "period", "plan", "submitted_by", "reviewed_by"]
    readonly_fields = ["figures", "version", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("organisation", "period", "plan"),
                    ("number", "symbol"),
                    ("place", "issued_on"),
                    "title",
                    "addressee",
                    "status",
                ]
            },
        ),
        ("Nội dung", {"fields": list(NARRATIVE_FIELDS)}),
        (
            "Gửi và tiếp nhận",
            {
                "fields": [
                    ("submitted_by", "submitted_at"),
                    ("reviewed_by", "reviewed_at"),
                    "review_comment",
                ]
            },
        ),
        (
            "Ký và nơi nhận",
            {
                "fields": [
                    ("signer_authority", "signer_on_behalf"),
                    ("signer_title", "signer_name"),
                    "recipients",
                ]
            },
        ),
        ("Số liệu chốt", {"fields": ["figures", "version", "created_at", "updated_at"]}),
    ]

    @admin.display(description="số, ký hiệu")
    def number_display(self, obj):
        return obj.number_display or "—"
