"""Forms of the upload-and-review flow: the document, mapping or creating a unit, and
confirming the targets and budget read from the text."""

from pathlib import Path

from django import forms

from planreader import ACCEPTED_SUFFIXES, DocumentRefused, check_size
from planreader.files import MAX_DOCX_BYTES, MAX_PDF_BYTES
from planreader.pdf import MAX_OCR_PAGES
from plans.forms import AmountField, DateInput
from plans.models import BudgetSource
from units.models import Unit

from .review import CREATABLE_KINDS, guess_unit_kind


class PlanDocumentForm(forms.Form):
    file = forms.FileField(
        label="Văn bản kế hoạch (.txt, .docx hoặc .pdf)",
        error_messages={
            "required": "Chọn tệp văn bản kế hoạch để tải lên.",
            "empty": "Tệp trống: không có nội dung để đọc.",
            "invalid": "Không đọc được tệp tải lên.",
        },
        help_text=(
            "Bản Word (.docx), bản PDF (in từ Word hoặc bản quét: Loa tự nhận dạng chữ, tối đa "
            f"{MAX_OCR_PAGES} trang quét, {MAX_PDF_BYTES // (1024 * 1024)} MB) hoặc văn bản "
            f"thuần (.txt, kể cả bản OCR không đủ dấu); Word tối đa "
            f"{MAX_DOCX_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted(ACCEPTED_SUFFIXES)), "class": "form-control"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                "Chỉ nhận văn bản dạng .txt, .docx hoặc .pdf. Với ảnh chụp, hãy ghép thành một "
                "tệp PDF trước."
            )
        try:
            check_size(upload.size, upload.name)
        except DocumentRefused as refusal:
            raise forms.ValidationError(str(refusal)) from refusal
        return upload


def unit_choice_label(unit: Unit, organisation: Unit) -> str:
    if unit.pk == organisation.pk:
        return f"{unit.name} (cả cơ quan)"
    if unit.is_organisation:
        return f"{unit.name} (cơ quan cấp dưới)"
    indent = "— " * max(unit.depth - organisation.depth - 1, 0)
    return f"{indent}{unit.name}"


class UnitMapForm(forms.Form):
    """Pick one of the organisation's units; the units are read once for every form."""

    unit = forms.TypedChoiceField(
        label="Đơn vị trong Loa",
        coerce=int,
        error_messages={
            "required": "Chọn đơn vị.",
            "invalid_choice": "Đơn vị này không thuộc cơ quan ban hành kế hoạch.",
        },
    )

    def __init__(self, *args, units: list[Unit], organisation: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [("", "— Chọn đơn vị —")] + [
            (unit.pk, unit_choice_label(unit, organisation)) for unit in units
        ]
        self.fields["unit"].widget.attrs.update({"class": "form-select", "data-role": "unit-pick"})

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class UnitCreateForm(forms.Form):
    name = forms.CharField(
        label="Tên đơn vị",
        max_length=255,
        error_messages={
            "required": "Nhập tên đơn vị.",
            "max_length": "Tên đơn vị dài quá 255 ký tự.",
        },
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    kind = forms.ChoiceField(
        label="Loại đơn vị",
        choices=[(kind.value, kind.label) for kind in CREATABLE_KINDS],
        error_messages={"invalid_choice": "Chọn loại đơn vị trong danh sách."},
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    @classmethod
    def for_label(cls, label: str, **kwargs):
        return cls(initial={"name": label, "kind": guess_unit_kind(label)}, **kwargs)


# ---------------------------------------------------------------- targets and budget read


class TargetConfirmForm(forms.Form):
    """One target read from the text: kept as corrected, or dropped."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.BooleanField(
        label="Giữ chỉ tiêu này",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    indicator = forms.CharField(
        label="Chỉ tiêu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    target_value = forms.DecimalField(
        label="Giá trị",
        required=False,
        max_digits=14,
        decimal_places=2,
        localize=True,
        error_messages={"invalid": "Nhập một số, ví dụ 80 hoặc 95,5."},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )
    measure = forms.CharField(
        label="Đơn vị tính",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    due_date = forms.DateField(
        label="Thời hạn",
        required=False,
        error_messages={"invalid": "Nhập ngày dạng dd/mm/yyyy."},
        widget=DateInput(attrs={"class": "form-control"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("keep"):
            if not (data.get("indicator") or "").strip():
                self.add_error("indicator", "Nhập nội dung chỉ tiêu, hoặc bỏ chọn «Giữ».")
            if data.get("target_value") is None and "target_value" not in self.errors:
                self.add_error("target_value", "Nhập giá trị chỉ tiêu, hoặc bỏ chọn «Giữ».")
        data["measure"] = data.get("measure") or ""
        return data


class BudgetConfirmForm(forms.Form):
    """One budget line read from the text: its source and amount."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.BooleanField(
        label="Giữ dòng kinh phí này",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    source = forms.ChoiceField(
        label="Nguồn kinh phí",
        choices=BudgetSource.choices,
        error_messages={"invalid_choice": "Chọn nguồn kinh phí trong danh sách."},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    amount = AmountField(
        label="Số tiền (đồng)",
        required=False,
        min_value=0,
        error_messages={"invalid": "Nhập số tiền bằng chữ số, ví dụ 30.000.000."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["class"] = "form-control"


# Formsets of the rows the draft holds; more rows than a plan could have are refused.
TargetConfirmFormSet = forms.formset_factory(
    TargetConfirmForm, extra=0, max_num=200, absolute_max=200, validate_max=True
)
BudgetConfirmFormSet = forms.formset_factory(
    BudgetConfirmForm, extra=0, max_num=50, absolute_max=50, validate_max=True
)


def _plain_number(value):
    """`80.00` shown as `80`, `95.50` as `95,5`."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def figure_formsets(plan, data=None):
    """(targets, budget lines) formsets of the draft's rows, bound to `data` when posted."""
    targets = TargetConfirmFormSet(
        data,
        prefix="target",
        initial=[
            {
                "id": t.pk,
                "keep": True,
                "indicator": t.indicator,
                "target_value": _plain_number(t.target_value),
                "measure": t.measure,
                "due_date": t.due_date,
            }
            for t in plan.targets.all()
        ],
    )
    budget = BudgetConfirmFormSet(
        data,
        prefix="budget",
        initial=[
            {"id": b.pk, "keep": True, "source": b.source, "amount": b.amount}
            for b in plan.budget_lines.all()
        ],
    )
    return targets, budget
