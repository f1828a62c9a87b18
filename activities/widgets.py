"""Form fields and widgets shared by the activity forms."""

import re

from django import forms
from django.utils.formats import number_format


class OptionAttrsMixin:
    """Adds per-option HTML attributes (`data-measure`, `data-plan` …) that the page's script
    reads, without a query per option."""

    def __init__(self, *args, option_attrs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_attrs = option_attrs or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"].update(self.option_attrs.get(str(value), {}))
        return option


class AttrsSelect(OptionAttrsMixin, forms.Select):
    pass


class AttrsCheckboxSelectMultiple(OptionAttrsMixin, forms.CheckboxSelectMultiple):
    pass


class GroupedIntegerField(forms.IntegerField):
    """A whole number typed the Vietnamese way: «8.500.000», «8 500 000» or «8500000»."""

    _separators = re.compile(r"[\s.,_\u00a0]")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "form-control"})
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Nhập một số nguyên, ví dụ 1.500.000.",
                "min_value": "Nhập số từ %(limit_value)s trở lên.",
                "max_value": "Số quá lớn.",
            },
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"(?i)(đồng|đ|vnd)$", "", value.strip()).strip()
            value = self._separators.sub("", value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return number_format(value, force_grouping=True)
        return value

    def widget_attrs(self, widget):
        # No min/max attributes: the browser would refuse «8.500.000» before we see it.
        return {}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (`<input type="file" multiple>`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []
