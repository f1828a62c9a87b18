from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    LegalDocument,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    Target,
)


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    autocomplete_fields = ["document"]
    fields = ["position", "verb", "document", "note"]


class ContentSectionInline(admin.StackedInline):
    model = ContentSection
    extra = 0
    fields = [("position", "label", "kind"), "parent", "title", "body"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A section's parent must be a section of the same plan.
        if db_field.name == "parent":
            plan_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = ContentSection.objects.filter(plan_id=plan_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanOutreachFormInline(admin.TabularInline):
    model = PlanOutreachForm
    extra = 0
    fields = ["position", "form", "heading", "description"]


class AssignmentInline(admin.StackedInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["unit"]
    fields = [
        ("position", "unit", "label"),
        ("role", "is_focal_point", "includes_subunits"),
        "tasks",
        ("due_date", "reporting_duty"),
    ]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["position", "source", "amount", "note"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "position",
        "indicator",
        "measure",
        "target_value",
        "due_date",
        "metric",
        "form",
        "actual_value",
    ]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number_display", "title_short", "issuer", "issued_on", "status"]
    list_filter = ["status", "year", "issuer__kind", "issuer"]
    search_fields = ["title", "symbol", "=number", "issuer__name"]
    date_hierarchy = "issued_on"
    list_select_related = ["issuer"]
    autocomplete_fields = ["issuer", "superior_plan"]
    readonly_fields = ["version", "created_by", "created_at", "updated_at"]
    inlines = [
        LegalBasisInline,
        ContentSectionInline,
        PlanOutreachFormInline,
        AssignmentInline,
        BudgetLineInline,
        TargetInline,
    ]
    fieldsets = [
        (
            "Tiêu đề văn bản",
            {
                "fields": [
                    ("issuer", "superior_plan"),
                    ("number", "symbol"),
                    ("place", "issued_on"),
                    "title",
                    "status",
                ]
            },
        ),
        (
            "Thời gian thực hiện",
            {"fields": ["period_label", ("period_start", "period_end"), "report_due_day"]},
        ),
        ("Nội dung", {"fields": ["preamble", "purpose", "requirements", "closing"]}),
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
        ("Theo dõi", {"fields": ["version", "created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description="số, ký hiệu", ordering="number")
    def number_display(self, obj):
        return obj.number_display or "—"

    @admin.display(description="trích yếu")
    def title_short(self, obj):
        return obj.title[:100]


@admin.register(LegalDocument)
class LegalDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "issued_on", "issuer", "citation_count"]
    list_filter = ["kind"]
    search_fields = ["number", "number_key", "issuer", "title"]
    date_hierarchy = "issued_on"
    readonly_fields = ["number_key"]
    autocomplete_fields = ["plan"]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(citation_total=Count("citations"))

    @admin.display(description="số kế hoạch dẫn", ordering="citation_total")
    def citation_count(self, obj):
        return obj.citation_total


@admin.register(OutreachForm)
class OutreachFormAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "measure", "code", "is_active", "position"]
    list_filter = ["category", "is_active"]
    list_editable = ["position"]
    search_fields = ["name", "code"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "unit", "role", "is_focal_point", "due_date"]
    list_filter = ["role", "is_focal_point", "plan__issuer"]
    search_fields = ["label", "unit__name", "tasks", "plan__title"]
    list_select_related = ["plan__issuer", "unit"]
    autocomplete_fields = ["plan", "unit"]


@admin.register(ContentSection)
class ContentSectionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "kind", "position"]
    list_filter = ["kind", "plan__issuer"]
    search_fields = ["title", "body", "plan__title"]
    list_select_related = ["plan__issuer"]
    autocomplete_fields = ["plan", "parent"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "target_value", "measure", "metric", "due_date"]
    list_filter = ["metric", "plan__issuer"]
    search_fields = ["indicator", "plan__title"]
    list_select_related = ["plan__issuer"]
    autocomplete_fields = ["plan", "form"]
