"""Filters of the activity list, its Excel export and the dashboard (GET forms).

Choices come from the user's scope only, so a filter never names another commune's plan or
unit; values outside the choices are ignored rather than erroring, so a shared link that
lost its meaning still shows a page.
"""

import datetime

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from plans.models import OutreachForm, Plan, PlanStatus
from plans.widgets import QuickSelect
from units.access import organisation_of, sees_everything, subordinate_organisations
from units.models import CutoffScheme, Unit
from units.search import search_q

from .models import ActivityStatus
from .selectors import PERIOD_CHOICES, current_period, custom_period

DATE_ERRORS = {"invalid": "Ngày không hợp lệ: viết theo dạng dd/mm/yyyy, ví dụ 05/03/2026."}
DATE_INPUT = forms.DateInput(
    format="%d/%m/%Y",
    attrs={"class": "form-control form-control-sm", "placeholder": "dd/mm/yyyy"},
)
# Rendered in Python: a city leader picks among 3,920 units and 285 plans.
SELECT = QuickSelect(attrs={"class": "form-select form-select-sm"})
MAX_CUSTOM_DAYS = 5 * 366


def scope_units(user):
    """Units a filter may name: the user's organisation's units and the organisations below
    it (each standing for its whole subtree)."""
    if sees_everything(user) and organisation_of(user) is None:
        return Unit.objects.filter(Q(depth__lte=2) | Q(is_organisation=True)).order_by("path")
    organisation = organisation_of(user)
    if organisation is None:
        return Unit.objects.none()
    return Unit.objects.filter(
        Q(organisation=organisation) | Q(is_organisation=True, path__startswith=organisation.path)
    ).order_by("path")


def scope_plans(user):
    return (
        Plan.objects.visible_to(user)
        .exclude(status=PlanStatus.DRAFT)
        .select_related("issuer")
        .only("number", "symbol", "issuer__name")  # what a choice shows (_plan_choice)
        .order_by("-issued_on", "-pk")
    )


def _plan_choice(plan):
    return (str(plan.pk), f"{plan.number_display} ({plan.issuer.name})")


def _unit_choice(unit, base_depth):
    indent = "\u2003" * max(unit.depth - base_depth, 0)
    return (str(unit.pk), f"{indent}{unit.name}")


def apply_filters(activities, data, *, unit_path):
    """`activities` narrowed by cleaned filter values (`data`: only the filters set);
    `unit_path(pk)` gives the path of the unit filtered on (its subtree is kept)."""
    if "q" in data:
        activities = activities.filter(search_q(data["q"]))
    if "plan" in data:
        activities = activities.filter(plan_id=data["plan"])
    if "unit" in data:
        activities = activities.filter(unit__path__startswith=unit_path(data["unit"]))
    if "form" in data:
        activities = activities.filter(form_id=data["form"])
    if "status" in data:
        activities = activities.filter(status=data["status"])
    if "date_from" in data:
        activities = activities.filter(date__gte=data["date_from"])
    if "date_to" in data:
        activities = activities.filter(date__lte=data["date_to"])
    if "series" in data:
        activities = activities.filter(series=data["series"])
    return activities


def stored_filters(params: dict) -> dict:
    """The values of `ActivityFilterForm.querystring()` (validated when they were asked for,
    kept as text by an export job) back as `apply_filters` takes them."""
    data = dict(params)
    for name in ("date_from", "date_to"):
        if name in data:
            data[name] = datetime.datetime.strptime(data[name], "%d/%m/%Y").date()  # noqa: DTZ007
    return data


class ActivityFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-sm",
                "placeholder": "Tên, mô tả hoặc địa điểm",
            }
        ),
    )
    plan = forms.ChoiceField(label="Kế hoạch", required=False, widget=SELECT)
    unit = forms.ChoiceField(label="Đơn vị", required=False, widget=SELECT)
    form = forms.ChoiceField(label="Hình thức", required=False, widget=SELECT)
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Mọi trạng thái"), *ActivityStatus.choices],
        widget=SELECT,
    )
    date_from = forms.DateField(
        label="Từ ngày", required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    date_to = forms.DateField(
        label="Đến ngày", required=False, widget=DATE_INPUT, error_messages=DATE_ERRORS
    )
    series = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].choices = [("", "Mọi kế hoạch")] + [
            _plan_choice(p) for p in scope_plans(user)
        ]
        units = list(scope_units(user))
        base = units[0].depth if units else 1
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [("", "Mọi đơn vị")] + [_unit_choice(u, base) for u in units]
        self.fields["form"].choices = [("", "Mọi hình thức")] + [
            (str(f.pk), f.name) for f in OutreachForm.objects.order_by("position", "name")
        ]

    def filter(self, activities):
        """`activities` narrowed by the valid fields (invalid ones are ignored)."""
        if not self.is_bound:
            return activities
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return apply_filters(activities, data, unit_path=lambda pk: self.units[pk].path)

    def querystring(self):
        """The valid filters as a query string (for pagination and the export link)."""
        if not self.is_bound or not self.is_valid():
            return ""
        query = QueryDict(mutable=True)
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                value = value.strftime("%d/%m/%Y")
            query[name] = str(value)
        return query.urlencode()

    @property
    def is_filtered(self):
        return bool(self.querystring())


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(
        label="Kỳ", choices=PERIOD_CHOICES, required=False, initial="year", widget=SELECT
    )
    start = forms.DateField(label="Từ ngày", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="Đến ngày", required=False, widget=DATE_INPUT)
    organisation = forms.ChoiceField(label="Cơ quan", required=False, widget=SELECT)
    plan = forms.ChoiceField(label="Kế hoạch", required=False, widget=SELECT)
    approved_only = forms.BooleanField(
        label="Chỉ tính hoạt động đã duyệt",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organisation = organisation_of(user)
        self.organisation = organisation
        organisations = (
            [organisation, *subordinate_organisations(organisation)] if organisation else []
        )
        self.organisations = {str(o.pk): o for o in organisations}
        base = organisation.depth if organisation else 1
        self.fields["organisation"].choices = [("", "Toàn bộ phạm vi")] + [
            _unit_choice(o, base) for o in organisations
        ]
        self.fields["plan"].choices = [("", "Mọi kế hoạch")] + [
            _plan_choice(p) for p in scope_plans(user)
        ]

    @property
    def has_subordinates(self):
        return len(self.organisations) > 1

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("Nhập cả ngày bắt đầu và ngày kết thúc (dd/mm/yyyy).")
            if end < start:
                raise forms.ValidationError("Ngày kết thúc phải sau ngày bắt đầu.")
            if (end - start).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError("Chọn khoảng thời gian không quá 5 năm.")
        return data

    def resolve(self):
        """(period, organisation or None, plan id or None, approved_only) from valid input;
        the current year when the input is missing or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        scheme = self.scheme
        today = timezone.localdate()
        kind = data.get("period") or "year"
        if kind == "custom":
            period = custom_period(data["start"], data["end"])
        else:
            period = current_period(kind, today=today, scheme=scheme)
        organisation = self.organisations.get(data.get("organisation") or "")
        return period, organisation, data.get("plan") or None, bool(data.get("approved_only"))

    @property
    def scheme(self):
        return self.organisation.period_scheme if self.organisation else CutoffScheme.DECREE_09
