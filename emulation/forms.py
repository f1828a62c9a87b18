from decimal import Decimal

from django import forms

from reports.models import PeriodKind

from .models import CriterionKind
from .selectors import Subjects
from .services import CRITERION_FIELDS, SET_FIELDS

PERIODS = [
    ("q1", "Quý I"),
    ("q2", "Quý II"),
    ("q3", "Quý III"),
    ("q4", "Quý IV"),
    ("h1", "6 tháng đầu năm"),
    ("h2", "6 tháng cuối năm"),
    ("y", "Cả năm"),
]
PERIOD_KINDS = {"q": PeriodKind.QUARTER, "h": PeriodKind.HALF, "y": PeriodKind.YEAR}
FIRST_YEAR = 2020


def period_code(kind, index):
    if kind == PeriodKind.YEAR:
        return "y"
    return f"{'q' if kind == PeriodKind.QUARTER else 'h'}{index}"


class RankingFilter(forms.Form):
    """Period, year and whom to rank; what is not valid falls back to `initial`."""

    period = forms.ChoiceField(
        label="Kỳ",
        choices=PERIODS,
        error_messages={"invalid_choice": "Chọn quý, 6 tháng hoặc cả năm."},
    )
    year = forms.TypedChoiceField(
        label="Năm", coerce=int, error_messages={"invalid_choice": "Chọn một năm trong danh sách."}
    )
    scope = forms.ChoiceField(
        label="Chấm điểm",
        choices=list(Subjects.LABELS.items()),
        error_messages={"invalid_choice": "Chọn cơ quan cấp dưới hoặc đơn vị trực thuộc."},
    )

    def __init__(self, data, *, initial, today, with_scope=True):
        super().__init__({**initial, **data.dict()} if data else initial, initial=initial)
        if not with_scope:
            del self.fields["scope"]
        self.fields["year"].choices = [
            (year, str(year)) for year in range(today.year + 1, FIRST_YEAR - 1, -1)
        ]
        for field in self.fields.values():
            field.widget.attrs.update({"class": "form-select form-select-sm"})

    def choice(self) -> dict:
        """{kind, year, index, scope}: the valid fields as given, the others from `initial`."""
        self.is_valid()
        values = {**self.initial, **self.cleaned_data}
        code = values["period"]
        return {
            "kind": PERIOD_KINDS[code[0]],
            "index": int(code[1:] or 1),
            "year": int(values["year"]),
            "scope": values["scope"],
        }


def _fields_of(kind):
    """Only tasks and reports can be late: the others have no late credit to set."""
    if kind in (CriterionKind.TASKS, CriterionKind.REPORTS):
        return CRITERION_FIELDS
    return tuple(name for name in CRITERION_FIELDS if name != "late_credit")


def _decimal(label, *, high, low=Decimal(0), places=2, help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=high,
        decimal_places=places,
        help_text=help_text,
        localize=True,
        error_messages={
            "required": "Nhập một số.",
            "invalid": "Nhập một số, ví dụ 0,3 hoặc 40.",
            "min_value": f"Không nhỏ hơn {str(low).replace('.', ',')}.",
            "max_value": f"Không lớn hơn {str(high).replace('.', ',')}.",
            "max_decimal_places": f"Tối đa {places} chữ số sau dấu phẩy.",
            "max_digits": "Số quá dài.",
        },
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )


class CriteriaForm(forms.Form):
    """The set's role weights and thresholds, and each criterion's points, late credit and
    full-points rate (`<kind>-<field>`)."""

    def __init__(self, *args, criteria_set, **kwargs):
        initial = {name: getattr(criteria_set, name) for name in SET_FIELDS}
        self.kinds = []
        for criterion in criteria_set.criteria.all():
            self.kinds.append(criterion)
            for name in _fields_of(criterion.kind):
                initial[f"{criterion.kind}-{name}"] = getattr(criterion, name)
        super().__init__(*args, initial=initial, **kwargs)
        model = type(criteria_set)
        for name in ("lead_weight", "coordinate_weight", "requested_weight"):
            field = model._meta.get_field(name)
            self.fields[name] = _decimal(
                str(field.verbose_name).capitalize(), high=Decimal(1), help_text=field.help_text
            )
        for name in ("excellent_from", "good_from", "done_from"):
            label = str(model._meta.get_field(name).verbose_name)
            self.fields[name] = _decimal(label[0].upper() + label[1:], high=Decimal(100))
        for criterion in self.kinds:
            kind = criterion.kind
            self.fields[f"{kind}-weight"] = _decimal("Điểm tối đa", high=Decimal(100))
            if "late_credit" in _fields_of(kind):
                self.fields[f"{kind}-late_credit"] = _decimal("Phần điểm khi muộn", high=Decimal(1))
            self.fields[f"{kind}-full_at"] = _decimal(
                "Tỷ lệ đạt điểm tối đa (%)", low=Decimal(1), high=Decimal(100)
            )

    def criterion_rows(self):
        return [
            {
                "criterion": criterion,
                "fields": [self[f"{criterion.kind}-{name}"] for name in _fields_of(criterion.kind)],
            }
            for criterion in self.kinds
        ]

    def clean(self):
        data = super().clean()
        excellent, good, done = (data.get(n) for n in ("excellent_from", "good_from", "done_from"))
        if None not in (excellent, good) and excellent <= good:
            self.add_error("excellent_from", "Phải lớn hơn điểm «Hoàn thành tốt nhiệm vụ».")
        if None not in (good, done) and good <= done:
            self.add_error("good_from", "Phải lớn hơn điểm «Hoàn thành nhiệm vụ».")
        weights = [data.get(f"{c.kind}-weight") for c in self.kinds]
        if None not in weights and not any(weights):
            self.add_error(f"{self.kinds[0].kind}-weight", "Cần ít nhất một tiêu chí có điểm.")
        return data

    def values(self):
        return {name: self.cleaned_data[name] for name in SET_FIELDS}

    def criteria(self):
        return {
            c.kind: {name: self.cleaned_data[f"{c.kind}-{name}"] for name in _fields_of(c.kind)}
            for c in self.kinds
        }
