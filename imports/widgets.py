"""Cell readers and writers for the Excel resources, with errors in Vietnamese.

Each `clean` turns what an officer typed in a cell into a value or raises ValueError with a
message that says what is wrong; `render` writes the value as the officer would type it.
"""

import datetime
from decimal import Decimal, InvalidOperation

from import_export import widgets

from plans.text import fold
from units.cells import FORMULA_STARTS, unquote_cell  # noqa: F401 (FORMULA_STARTS re-exported)

# Characters that make a spreadsheet cell a formula (OWASP "CSV injection").


def cell_text(value) -> str:
    """A cell as text: stripped, and without the quote our exports put before formula text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return unquote_cell(text)


class TextWidget(widgets.CharWidget):
    def __init__(self, max_length=None, **kwargs):
        self.max_length = max_length
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"Dài quá {self.max_length} ký tự.")
        return text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """dd/mm/yyyy, as typed, or a date cell."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text.split(" ")[0], pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
        raise ValueError(f"Ngày «{text}» không đúng dạng dd/mm/yyyy.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class NumberWidget(widgets.Widget):
    """A non-negative whole number; `1.200` and `1 200` are read as 1200."""

    def __init__(self, *, required=False, **kwargs):
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = cell_text(value).replace(".", "").replace(" ", "").replace(",", "")
            if not text:
                if self.required:
                    raise ValueError("Chưa nhập số.")
                return 0
            if not text.isdigit():
                raise ValueError(f"«{cell_text(value)}» không phải số nguyên không âm.")
            number = int(text)
        if number < 0:
            raise ValueError("Số không được âm.")
        return number

    def render(self, value, obj=None, **kwargs):
        return value if value is not None else ""


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace(" ", "")
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"«{cell_text(value)}» không phải là số.") from exc

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return int(value) if value == value.to_integral_value() else float(value)


class ChoiceWidget(widgets.Widget):
    """A choice typed by its Vietnamese label (any case, with or without diacritics) or code."""

    def __init__(self, choices, *, default=None, **kwargs):
        self.choices = list(choices)
        self.default = default
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError("Chưa chọn giá trị.")
        wanted = fold(text)
        for code, label in self.choices:
            if wanted in (fold(str(code)), fold(str(label))):
                return code
        allowed = ", ".join(str(label) for _, label in self.choices)
        raise ValueError(f"«{text}» không có trong danh sách: {allowed}.")

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value, value or "")


class YesNoWidget(widgets.Widget):
    YES = {"co", "x", "1", "true", "yes", "dung"}
    NO = {"khong", "0", "false", "no", "sai"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = fold(cell_text(value))
        if not text:
            return None  # the column's default
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"«{cell_text(value)}»: ghi «có» hoặc «không».")

    def render(self, value, obj=None, **kwargs):
        return "có" if value else "không"


class ScopedLookupWidget(widgets.Widget):
    """A related object named by a key (a unit's code, a form's code …) that must be inside
    `queryset`, which the resource narrows to the importing organisation."""

    def __init__(self, *, field, missing, required=True, **kwargs):
        self.lookup_field = field
        self.missing = missing
        self.required = required
        self.queryset = None
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            if self.required:
                raise ValueError("Chưa nhập.")
            return None
        found = self.queryset.filter(**{f"{self.lookup_field}__iexact": text}).first()
        if found is None:
            raise ValueError(self.missing.format(value=text))
        return found

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.lookup_field, "") if value is not None else ""
