from django import forms

from .models import Report
from .periods import MONTHS_IN
from .services import EDITABLE_FIELDS, NARRATIVE_FIELDS


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issued_on": forms.DateInput(
                format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
            ),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            **{
                name: forms.Textarea(attrs={"rows": 8 if name == "results" else 4})
                for name in NARRATIVE_FIELDS
            },
        }
        error_messages = {"title": {"required": "Hãy nhập trích yếu của báo cáo."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    MAIN = ("title", "addressee", *NARRATIVE_FIELDS)

    @property
    def main_fields(self):
        return [self[name] for name in self.MAIN]

    @property
    def side_fields(self):
        return [self[name] for name in EDITABLE_FIELDS if name not in self.MAIN]

    def payload(self):
        return {name: _one_newline(self.cleaned_data[name]) for name in EDITABLE_FIELDS}


def _one_newline(value):
    """Browsers send a textarea's line breaks as CR LF: store them as LF, the way Loa writes
    the drafted text, so a part saved unchanged still counts as untouched."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến của cấp trên",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class PeriodForm(forms.Form):
    """A standard period: kind, year and its index within the year."""

    kind = forms.ChoiceField(
        choices=[("month", "Tháng"), ("quarter", "Quý"), ("half", "6 tháng"), ("year", "Năm")]
    )
    year = forms.IntegerField(min_value=2000, max_value=2100)
    index = forms.IntegerField(min_value=1, max_value=12)

    def clean(self):
        data = super().clean()
        kind, index = data.get("kind"), data.get("index")
        if kind and index and index > 12 // MONTHS_IN[kind]:
            raise forms.ValidationError("Kỳ báo cáo không hợp lệ.")
        return data
