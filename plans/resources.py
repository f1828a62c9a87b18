"""Excel import and export of the legal-document registry and of plans' targets."""

import re

from django.core.exceptions import ValidationError
from import_export import fields

from imports.base import ScopedResource
from imports.widgets import (
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    ScopedLookupWidget,
    TextWidget,
    cell_text,
)

from .models import LegalDocument, LegalDocumentKind, OutreachForm, Plan, Target, TargetMetric
from .services import legal_document_register
from .text import normalise_document_number


class PlanWidget(ScopedLookupWidget):
    """A plan named by its number (`12/KH-UBND`) or, for an unnumbered draft, `#<mã>`."""

    def __init__(self, **kwargs):
        super().__init__(field="pk", missing="", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError("Chưa nhập kế hoạch.")
        if text.startswith("#") and text[1:].isdigit():
            plans = self.queryset.filter(pk=int(text[1:]))
        else:
            match = re.match(r"^0*(\d+)\s*/\s*(\S+)$", text)
            if not match:
                raise ValueError(f"«{text}»: ghi số kế hoạch như «12/KH-UBND» hoặc «#mã».")
            plans = self.queryset.filter(number=int(match[1]), symbol__iexact=match[2])
        found = list(plans[:2])
        if not found:
            raise ValueError(f"Không có kế hoạch «{text}» của cơ quan bạn.")
        if len(found) > 1:
            raise ValueError(f"Có nhiều kế hoạch số «{text}»; ghi «#mã» của kế hoạch.")
        return found[0]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.number_display or f"#{value.pk}"


def form_widget(*, required):
    return ScopedLookupWidget(
        field="code",
        required=required,
        missing="Không có hình thức mã «{value}» trong danh mục (xem trang «Hướng dẫn»).",
    )


class LegalDocumentResource(ScopedResource):
    """The shared registry: one row per real document. An import adds documents that are
    new and completes the blanks of known ones; it never overwrites what is recorded."""

    label = "Văn bản căn cứ"
    optional_columns = ("Ngày ban hành", "Cơ quan ban hành", "Trích yếu")

    kind = fields.Field("kind", "Loại văn bản", widget=ChoiceWidget(LegalDocumentKind.choices))
    number = fields.Field("number", "Số, ký hiệu", widget=TextWidget(max_length=60))
    issued_on = fields.Field("issued_on", "Ngày ban hành", widget=DateWidget())
    issuer = fields.Field("issuer", "Cơ quan ban hành", widget=TextWidget(max_length=255))
    title = fields.Field("title", "Trích yếu", widget=TextWidget())

    class Meta:
        model = LegalDocument
        fields = ("kind", "number", "issued_on", "issuer", "title")
        import_id_fields = ()
        force_init_instance = True
        clean_model_instances = False
        skip_diff = True

    def scoped_queryset(self):
        # Exported: the documents the organisation's plans cite.
        return (
            LegalDocument.objects.filter(citations__plan__issuer=self.organisation)
            .distinct()
            .order_by("-issued_on", "number")
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if "number" not in errors and not normalise_document_number(instance.number or ""):
            errors["number"] = ["Chưa nhập số, ký hiệu văn bản."]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        existed = LegalDocument.objects.filter(
            number_key=normalise_document_number(instance.number)
        ).exists()
        legal_document_register(
            kind=instance.kind,
            number=instance.number,
            issued_on=instance.issued_on,
            issuer=instance.issuer,
            title=instance.title,
        )
        instance._existed = existed


class TargetResource(ScopedResource):
    """Targets of the organisation's draft plans (an issued plan is no longer changed)."""

    label = "Chỉ tiêu"
    optional_columns = (
        "Mã chỉ tiêu (để trống nếu thêm mới)",
        "Đơn vị tính",
        "Thời hạn",
        "Cách tính kết quả",
        "Hình thức được tính (mã)",
        "Kết quả nhập tay",
    )

    id = fields.Field("id", "Mã chỉ tiêu (để trống nếu thêm mới)", widget=TextWidget())
    plan = fields.Field("plan", "Kế hoạch", widget=PlanWidget())
    indicator = fields.Field("indicator", "Chỉ tiêu", widget=TextWidget())
    measure = fields.Field("measure", "Đơn vị tính", widget=TextWidget(max_length=40))
    target_value = fields.Field("target_value", "Giá trị chỉ tiêu", widget=DecimalWidget())
    due_date = fields.Field("due_date", "Thời hạn", widget=DateWidget())
    metric = fields.Field(
        "metric",
        "Cách tính kết quả",
        widget=ChoiceWidget(TargetMetric.choices, default=TargetMetric.MANUAL),
    )
    form = fields.Field("form", "Hình thức được tính (mã)", widget=form_widget(required=False))
    actual_value = fields.Field("actual_value", "Kết quả nhập tay", widget=DecimalWidget())

    class Meta:
        model = Target
        fields = (
            "id",
            "plan",
            "indicator",
            "measure",
            "target_value",
            "due_date",
            "metric",
            "form",
            "actual_value",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_diff = True

    def lookup_queryset(self, field_name):
        if field_name == "plan":
            return Plan.objects.filter(issuer=self.organisation)
        return OutreachForm.objects.filter(is_active=True)

    def scoped_queryset(self):
        return Target.objects.filter(plan__issuer=self.organisation).select_related("plan", "form")

    def export_queryset(self):
        return self.scoped_queryset().order_by("plan_id", "position", "pk")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "id":
            return  # the id finds the row; it is never written
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        plan = instance.plan if instance.plan_id else None
        if plan is not None and not plan.is_editable:
            errors.setdefault("plan", []).append(
                f"Kế hoạch {plan.number_display or plan.pk} đã ban hành, không sửa chỉ tiêu được."
            )
        if plan is not None and instance._state.adding and not instance.position:
            instance.position = plan.targets.count() + 1
        super().validate_instance(instance, errors or None, validate_unique)
