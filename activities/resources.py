"""Excel import and export of the activities an organisation's units carried out."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import fields

from imports.base import ScopedResource
from imports.widgets import DateWidget, NumberWidget, ScopedLookupWidget, TextWidget
from notifications import events
from plans.models import Assignment, OutreachForm, Plan
from plans.resources import PlanWidget, form_widget
from reports.locks import refuse_closed
from units.models import Unit

from .models import Activity, ActivityStatus
from .services import check_in_plan_period

# Activities an import may still change: not yet reviewed, or returned for correction.
CHANGEABLE = {ActivityStatus.DRAFT, ActivityStatus.SUBMITTED, ActivityStatus.RETURNED}


class ActivityResource(ScopedResource):
    label = "Hoạt động"
    optional_columns = (
        "Mã hoạt động (để trống nếu thêm mới)",
        "Mô tả",
        "Địa điểm",
        "Số người tham dự",
        "Lượt xem",
        "Lượt tương tác",
        "Kinh phí (đồng)",
        "Trạng thái",
    )

    id = fields.Field("id", "Mã hoạt động (để trống nếu thêm mới)", widget=TextWidget())
    plan = fields.Field("plan", "Kế hoạch", widget=PlanWidget())
    unit = fields.Field(
        "unit",
        "Đơn vị thực hiện (mã)",
        widget=ScopedLookupWidget(
            field="code", missing="Không có đơn vị mã «{value}» trong cơ quan của bạn."
        ),
    )
    form = fields.Field("form", "Hình thức (mã)", widget=form_widget(required=True))
    date = fields.Field("date", "Ngày thực hiện", widget=DateWidget())
    title = fields.Field("title", "Tên hoạt động", widget=TextWidget(max_length=255))
    description = fields.Field("description", "Mô tả", widget=TextWidget())
    place = fields.Field("place", "Địa điểm", widget=TextWidget(max_length=255))
    quantity = fields.Field("quantity", "Số lượng", widget=NumberWidget(required=True))
    participants = fields.Field("participants", "Số người tham dự", widget=NumberWidget())
    views = fields.Field("views", "Lượt xem", widget=NumberWidget())
    interactions = fields.Field("interactions", "Lượt tương tác", widget=NumberWidget())
    cost = fields.Field("cost", "Kinh phí (đồng)", widget=NumberWidget())
    status = fields.Field("status", "Trạng thái", readonly=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "plan",
            "unit",
            "form",
            "date",
            "title",
            "description",
            "place",
            "quantity",
            "participants",
            "views",
            "interactions",
            "cost",
            "status",
        )
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_diff = True

    def lookup_queryset(self, field_name):
        if field_name == "plan":
            return Plan.objects.filter(issuer=self.organisation)
        if field_name == "unit":
            return Unit.objects.filter(organisation=self.organisation, is_active=True)
        return OutreachForm.objects.filter(is_active=True)

    def scoped_queryset(self):
        return Activity.objects.filter(unit__organisation=self.organisation).select_related(
            "plan", "unit", "form"
        )

    def export_queryset(self):
        return self.scoped_queryset().order_by("date", "pk")

    def dehydrate_status(self, activity):
        return activity.get_status_display()

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "id":
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance._state.adding and instance.status not in CHANGEABLE:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                "Hoạt động đã được duyệt, không sửa qua Excel được."
            )
        if instance._state.adding:
            instance.status = ActivityStatus.SUBMITTED
            instance.created_by = self.user
        if instance.plan_id and instance.unit_id and "unit" not in errors:
            instance.assignment = (
                Assignment.objects.filter(plan_id=instance.plan_id)
                .for_unit(instance.unit)
                .order_by("position")
                .first()
            )
        if instance.unit_id and instance.date and "unit" not in errors and "date" not in errors:
            try:
                if instance.plan_id:
                    check_in_plan_period(instance.plan, [instance.date])
                refuse_closed(unit=instance.unit, plan_id=instance.plan_id, dates=[instance.date])
            except ValidationError as refused:
                errors = refused.update_error_dict(errors)
        super().validate_instance(instance, errors or None, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not self._is_dry_run(kwargs) and instance.status == ActivityStatus.SUBMITTED:
            self.__dict__.setdefault("_submitted", []).append(instance)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._is_dry_run(kwargs) or result.has_errors() or result.has_validation_errors():
            return
        # One notice per plan to its reviewers, not one per row (told once committed).
        by_plan = {}
        for activity in self.__dict__.pop("_submitted", []):
            by_plan.setdefault(activity.plan_id, []).append(activity)
        for activities in by_plan.values():
            events.activities_submitted(activities=activities, by=self.user)
