"""Forms of the upload-and-review flow: the document, and mapping or creating a unit."""

from pathlib import Path

from django import forms

from planreader import ACCEPTED_SUFFIXES, DocumentRefused, check_size
from planreader.files import MAX_DOCX_BYTES
from units.models import Unit

from .review import CREATABLE_KINDS, guess_unit_kind


class PlanDocumentForm(forms.Form):
    file = forms.FileField(
        label="Văn bản kế hoạch (.txt hoặc .docx)",
        error_messages={
            "required": "Chọn tệp văn bản kế hoạch để tải lên.",
            "empty": "Tệp trống: không có nội dung để đọc.",
            "invalid": "Không đọc được tệp tải lên.",
        },
        help_text=(
            "Bản Word (.docx) hoặc văn bản thuần (.txt, kể cả bản quét OCR không đủ dấu); "
            f"tối đa {MAX_DOCX_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted(ACCEPTED_SUFFIXES)), "class": "form-control"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                "Chỉ nhận văn bản dạng .txt hoặc .docx. Với tệp PDF hoặc ảnh quét, hãy chuyển "
                "sang văn bản (OCR) trước."
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
