"""Forms of the plan pages: the one-page editor, issuing, and the list filters.

The editor is one HTML form: the header plus one formset per part of the plan. Rows are
reordered (and sections indented) in the browser, which keeps each row's `position` (and a
section's `depth`) in hidden inputs; a failed save re-renders every row as it was posted, in
that order. Rules that span rows (one focal point, a document cited once, the section tree)
are checked over the whole formset here and again, atomically, by `plans.services.plan_save`.
"""

import copy
import functools
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import (
    BaseInlineFormSet,
    InlineForeignKeyField,
    construct_instance,
    inlineformset_factory,
)
from django.urls import reverse
from django.utils import timezone

from units.fields import NOTE
from units.models import Unit, UnitKind

from .models import (
    Assignment,
    BudgetLine,
    ContentSection,
    FormCategory,
    LegalBasis,
    LegalDocument,
    LegalDocumentKind,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    PlanStatus,
    SectionKind,
    Target,
    TargetMetric,
)
from .selectors import legal_documents_for
from .services.editing import HEADER_FIELDS
from .text import normalise_document_number
from .widgets import QuickRenderer, QuickSelect, SharedChoices

DATE_PLACEHOLDER = "dd/mm/yyyy"
# The editor's forms and formsets write their plain widgets in Python (see plans/widgets.py).
RENDERER = QuickRenderer()


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text input (browsers' date pickers show their own locale's order)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


class AmountField(forms.IntegerField):
    """VND typed the Vietnamese way: `150.000.000` or `150 000 000`."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "0"})

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[.\s\u00a0,đ]", "", value.replace("đồng", ""))
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


def _style(form):
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        elif isinstance(widget, forms.Select):
            css = "form-select"
            if type(widget) is forms.Select:  # the same HTML, without a template per option
                widget.__class__ = QuickSelect
        elif isinstance(widget, forms.Textarea):
            css = "form-control auto-grow"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


# ---------------------------------------------------------------- header


class PlanHeaderForm(forms.ModelForm):
    default_renderer = RENDERER
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Plan
        fields = HEADER_FIELDS
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "preamble": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 5}),
            "closing": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
            "period_start": DateInput(),
            "period_end": DateInput(),
        }
        help_texts = {
            "purpose": "In thành «1. Mục đích» trong mục loại «Mục đích, yêu cầu». Mỗi dòng "
            "một đoạn; dòng bắt đầu bằng «- » là gạch đầu dòng.",
            "requirements": "In thành «2. Yêu cầu» trong mục loại «Mục đích, yêu cầu».",
            "title": "Trích yếu in dưới chữ KẾ HOẠCH, ví dụ «Tuyên truyền thực hiện …».",
            "recipients": "Mỗi dòng một nơi nhận, không cần gạch đầu dòng; dòng cuối "
            "thường là «Lưu: VT.».",
        }
        labels = {"report_due_day": "Hạn báo cáo riêng (ngày trong tháng)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = "Nhập trích yếu của kế hoạch."
        _style(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data

    def _post_clean(self):
        _post_clean_without_constraints(self)


def mark_invalid(form):
    """Bootstrap's red outline on the widgets of fields with errors."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"


def _post_clean_without_constraints(form):
    """ModelForm._post_clean without the model's constraints. Unique ones span several rows
    of the editor (a focal point moved from one row to another, a citation deleted and added
    again) and are checked over the whole formset; each check constraint is a rule of a
    form's clean(), reported on the field it concerns. `plan_save` validates them all again
    when it writes."""
    opts = form._meta
    exclude = form._get_validation_exclusions()
    for name, field in form.fields.items():
        # The plan is the formset's own; a chosen unit, form or document has just been found
        # in the field's (narrower) queryset, so the model need not look it up again.
        if isinstance(field, InlineForeignKeyField | forms.ModelChoiceField):
            exclude.add(name)
    try:
        form.instance = construct_instance(form, form.instance, opts.fields, opts.exclude)
    except ValidationError as error:
        form._update_errors(error)
    try:
        form.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        form._update_errors(error)


# ---------------------------------------------------------------- rows


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that validates against objects its formset loaded once for every
    row (`RowFormSet.preload_choices`), instead of one query per row; without them it asks
    the database as usual. A value not among them is refused as Django would."""

    preloaded = None

    def to_python(self, value):
        if value in self.empty_values or self.preloaded is None:
            return super().to_python(value)
        found = self.preloaded.get(str(value))
        if found is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class RowForm(forms.ModelForm):
    """A row of a part of the plan; `position` is kept by the page when rows move."""

    default_renderer = RENDERER
    ignored_for_change = {"position"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].widget = forms.HiddenInput(attrs={"data-role": "position"})
            self.fields["position"].required = False
        _style(self)

    def has_changed(self):
        return bool(set(self.changed_data) - self.ignored_for_change)

    def _post_clean(self):
        _post_clean_without_constraints(self)

    @property
    def sort_key(self):
        raw = self["position"].value() if "position" in self.fields else None
        try:
            return int(raw)
        except (TypeError, ValueError):
            return 10_000


class LegalBasisForm(RowForm):
    document = PreloadedModelChoiceField(
        label="Văn bản trong sổ",
        queryset=LegalDocument.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Văn bản này không có trong sổ văn bản của bạn."},
    )
    new_kind = forms.ChoiceField(
        label="Loại văn bản", choices=[("", "— Loại —"), *LegalDocumentKind.choices], required=False
    )
    new_number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    new_issued_on = forms.DateField(label="Ngày ban hành", required=False, widget=DateInput())
    new_issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    new_title = forms.CharField(
        label="Trích yếu",
        required=False,
        max_length=NOTE,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = LegalBasis
        fields = ["verb", "note", "position"]
        widgets = {"note": forms.TextInput()}
        labels = {"verb": "Mở đầu bằng"}

    def __init__(self, *args, documents=None, document_choices=None, search_url="", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        field.queryset = documents if documents is not None else LegalDocument.objects.none()
        if self.instance.pk and not self.is_bound:
            self.initial["document"] = self.instance.document_id
        # Only the chosen document is rendered; the others come from the autocomplete.
        field.choices = [("", "Gõ số hiệu hoặc trích yếu để tìm…"), *(document_choices or [])]
        field.widget.attrs.update(
            {"data-autocomplete-url": search_url, "data-role": "document-select"}
        )

    def clean(self):
        data = super().clean()
        document = data.get("document")
        number = (data.get("new_number") or "").strip()
        if document and number:
            raise ValidationError(
                "Chọn văn bản có sẵn trong sổ hoặc nhập văn bản mới, không nhập cả hai."
            )
        if not document and not number:
            raise ValidationError(
                "Chọn văn bản trong sổ, hoặc nhập số, ký hiệu của văn bản mới.", code="required"
            )
        if number and not data.get("new_kind"):
            self.add_error("new_kind", "Chọn loại văn bản.")
        if number and not normalise_document_number(number):
            self.add_error("new_number", "Số, ký hiệu không hợp lệ.")
        return data

    def row(self):
        data = self.cleaned_data
        new_document = None
        if not data.get("document"):
            new_document = {
                "kind": data["new_kind"],
                "number": data["new_number"],
                "issued_on": data.get("new_issued_on"),
                "issuer": data.get("new_issuer", ""),
                "title": data.get("new_title", ""),
            }
        return {
            "id": self.instance.pk,
            "verb": data["verb"],
            "note": data.get("note", ""),
            "document": data.get("document"),
            "new_document": new_document,
        }

    @property
    def document_key(self):
        data = self.cleaned_data
        if data.get("document"):
            return ("pk", data["document"].pk)
        return (
            "number",
            normalise_document_number(data.get("new_number")),
            data.get("new_issued_on"),
        )


class SectionForm(RowForm):
    depth = forms.IntegerField(
        min_value=0,
        max_value=6,
        required=False,
        widget=forms.HiddenInput(attrs={"data-role": "depth"}),
    )
    ignored_for_change = {"position", "depth"}

    class Meta:
        model = ContentSection
        fields = ["label", "title", "body", "kind", "position"]
        widgets = {
            "label": forms.TextInput(attrs={"data-role": "label", "placeholder": "Số"}),
            "title": forms.Textarea(
                attrs={"rows": 1, "data-role": "title", "placeholder": "Tiêu đề mục"}
            ),
            "body": forms.Textarea(
                attrs={
                    "rows": 1,
                    "data-role": "body",
                    "placeholder": "Nội dung (mỗi dòng một đoạn; «- » đầu dòng là gạch đầu dòng)",
                }
            ),
            "kind": forms.Select(attrs={"data-role": "kind", "class": "form-select-sm"}),
        }

    def __init__(self, *args, depth=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False
        if not self.is_bound:
            self.initial.setdefault("depth", depth)

    @property
    def depth_value(self):
        try:
            return max(int(self["depth"].value() or 0), 0)
        except (TypeError, ValueError):
            return 0

    def is_blank(self):
        data = self.cleaned_data
        return not (data.get("label") or data.get("title") or data.get("body"))

    def row(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            "depth": data.get("depth") or 0,
            "label": data.get("label", ""),
            "title": data.get("title", ""),
            "body": data.get("body", ""),
            "kind": data.get("kind") or "text",
        }


class PlanOutreachFormForm(RowForm):
    class Meta:
        model = PlanOutreachForm
        fields = ["form", "heading", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"form": PreloadedModelChoiceField}
        help_texts = {"heading": ""}

    def __init__(self, *args, form_choices=None, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = _catalogue(catalogue)
        self.fields["form"].choices = form_choices or []
        self.fields["form"].error_messages["required"] = "Chọn hình thức tuyên truyền."

    def row(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            "form": data["form"],
            "heading": data.get("heading", ""),
            "description": data.get("description", ""),
        }


class AssignmentForm(RowForm):
    subunit_kind_list = forms.MultipleChoiceField(
        label="Loại đơn vị trực thuộc được giao",
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Để trống là mọi đơn vị trực thuộc.",
    )

    class Meta:
        model = Assignment
        fields = [
            "unit",
            "label",
            "role",
            "is_focal_point",
            "includes_subunits",
            "tasks",
            "due_date",
            "reporting_duty",
            "position",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
        }
        help_texts = {"label": "Để trống thì dùng tên đơn vị đã chọn."}
        field_classes = {"unit": PreloadedModelChoiceField}

    def __init__(self, *args, units=None, unit_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units if units is not None else Unit.objects.none()
        field.choices = unit_choices or []
        field.widget.attrs["data-role"] = "unit-select"
        if self.instance.pk and not self.is_bound:
            self.initial["subunit_kind_list"] = self.instance.subunit_kind_list

    def clean(self):
        data = super().clean()
        if not data.get("unit") and not (data.get("label") or "").strip():
            self.add_error("unit", "Chọn đơn vị hoặc ghi tên đơn vị được giao.")
        if data.get("subunit_kind_list") and not data.get("includes_subunits"):
            self.add_error(
                "subunit_kind_list",
                "Chỉ chọn loại đơn vị trực thuộc khi giao cho các đơn vị trực thuộc.",
            )
        if data.get("includes_subunits") and not data.get("unit"):
            self.add_error("unit", "Chọn đơn vị mà các đơn vị trực thuộc của nó được giao.")
        return data

    def row(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            "unit": data.get("unit"),
            "label": data.get("label", ""),
            "role": data["role"],
            "is_focal_point": bool(data.get("is_focal_point")),
            "includes_subunits": bool(data.get("includes_subunits")),
            "subunit_kinds": ",".join(data.get("subunit_kind_list") or []),
            "tasks": data.get("tasks", ""),
            "due_date": data.get("due_date"),
            "reporting_duty": data.get("reporting_duty", ""),
        }


class BudgetLineForm(RowForm):
    amount = AmountField(label="Số tiền (đồng)", required=False, min_value=0)

    class Meta:
        model = BudgetLine
        fields = ["source", "amount", "note", "position"]
        widgets = {"note": forms.TextInput()}

    def row(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            "source": data["source"],
            "amount": data.get("amount"),
            "note": data.get("note", ""),
        }


def _without_trailing_zeros(value):
    """250.00 → 250 and 12.50 → 12.5, as people write counts and rates (not 2.5E+2)."""
    if value is None or value == "":
        return value
    return value.to_integral() if value == value.to_integral() else value.normalize()


class TargetForm(RowForm):
    class Meta:
        model = Target
        fields = [
            "indicator",
            "measure",
            "target_value",
            "due_date",
            "metric",
            "form",
            "actual_value",
            "position",
        ]
        widgets = {"indicator": forms.TextInput(), "due_date": DateInput()}
        localized_fields = ["target_value", "actual_value"]
        field_classes = {"form": PreloadedModelChoiceField}

    def __init__(self, *args, target_form_choices=None, catalogue=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = _catalogue(catalogue)
        self.fields["form"].choices = target_form_choices or [("", "— Không —")]
        self.fields["form"].required = False
        for name in ("target_value", "actual_value"):
            self.initial[name] = _without_trailing_zeros(self.initial.get(name))

    def clean_target_value(self):
        value = self.cleaned_data.get("target_value")
        if value is not None and value < 0:
            raise forms.ValidationError("Giá trị chỉ tiêu không được âm.")
        return value

    def clean_actual_value(self):
        value = self.cleaned_data.get("actual_value")
        if value is not None and value < 0:
            raise forms.ValidationError("Kết quả đạt được không được âm.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("metric") == TargetMetric.QUANTITY and not data.get("form"):
            self.add_error("form", "Chỉ tiêu tính theo số lượng phải chọn hình thức.")
        return data

    def row(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            **{
                name: data.get(name)
                for name in (
                    "indicator",
                    "measure",
                    "target_value",
                    "due_date",
                    "metric",
                    "form",
                    "actual_value",
                )
            },
            "measure": data.get("measure", ""),
        }


class RowFormSet(BaseInlineFormSet):
    """Rows of one part; unique rules across rows are checked by `clean_rows`."""

    default_renderer = RENDERER

    def __init__(self, *args, form_kwargs_extra=None, **kwargs):
        self.form_kwargs_extra = form_kwargs_extra or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_kwargs_extra}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.is_bound:
            form.fields[self._pk_field.name].__class__ = PreloadedModelChoiceField

    loaded = None  # the part's rows as read, before the posted values were put on them

    def preload_choices(self, known=None):
        """Load, in one query per field, the objects every row posted for its choice fields
        (the row's own id, a unit, a form, a document), so validating a row asks nothing.
        `known` maps a field to objects the caller already holds (`{str(pk): obj}`), which
        need no query. Also keeps a copy of the rows as read, for the service that saves
        them (`plan_save(loaded=…)`): validating the forms writes the posted values onto the
        rows themselves."""
        if not self.is_bound:
            return
        self.loaded = [copy.copy(obj) for obj in self.get_queryset()]
        if not self.forms:
            return
        for name, field in self.forms[0].fields.items():
            if not isinstance(field, PreloadedModelChoiceField):
                continue
            if name == self._pk_field.name:  # a row of this part of this plan, already loaded
                found = {str(obj.pk): obj for obj in self.get_queryset()}
            elif known and name in known:
                found = known[name]
            else:
                posted = {str(form[name].data) for form in self.forms if name in form.fields}
                wanted = {value for value in posted if value.isdigit()}
                found = {str(obj.pk): obj for obj in field.queryset.filter(pk__in=wanted)}
            for form in self.forms:
                if name in form.fields:
                    form.fields[name].preloaded = found

    def validate_unique(self):
        """Unique rules across rows are checked by the editor with its own messages."""

    def kept_forms(self):
        """Valid forms of rows that stay, in the order shown on the page."""
        deleted = set(self.deleted_forms) if self.can_delete else set()
        kept = []
        for form in self.forms:
            if form in deleted:
                continue
            if form.instance.pk is None and not form.has_changed():
                continue
            if isinstance(form, SectionForm) and form.instance.pk is None and form.is_blank():
                continue
            kept.append(form)
        return sorted(kept, key=lambda f: (f.sort_key, self.forms.index(f)))

    def display_forms(self):
        """Every row as posted (deleted rows included, hidden), in the order shown."""
        return sorted(self.forms, key=lambda f: (f.sort_key, self.forms.index(f)))


@functools.cache
def _formset(model, form, extra=0):
    """The formset class of a part (made once: building it reads the model's fields)."""
    return inlineformset_factory(
        Plan, model, form=form, formset=RowFormSet, extra=extra, can_delete=True
    )


PARTS = {
    "legal_bases": (LegalBasis, LegalBasisForm, "bases"),
    "sections": (ContentSection, SectionForm, "sections"),
    "forms": (PlanOutreachForm, PlanOutreachFormForm, "forms"),
    "assignments": (Assignment, AssignmentForm, "assignments"),
    "budget_lines": (BudgetLine, BudgetLineForm, "budget"),
    "targets": (Target, TargetForm, "targets"),
}

# The editor's parts in page order: anchor, label in the side menu, and what each holds (a
# formset key, or the header fields shown in it).
EDITOR_PARTS = [
    ("part-header", "Tiêu đề", None),
    ("part-bases", "Căn cứ", "legal_bases"),
    ("part-purpose", "Mục đích, yêu cầu", ("purpose", "requirements")),
    ("part-sections", "Nội dung văn bản", "sections"),
    ("part-forms", "Hình thức", "forms"),
    ("part-assignments", "Phân công", "assignments"),
    ("part-budget", "Kinh phí", "budget_lines"),
    ("part-targets", "Chỉ tiêu", "targets"),
    (
        "part-closing",
        "Kết thúc, ký",
        (
            "closing",
            "recipients",
            "signer_authority",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
        ),
    ),
]


@dataclass(frozen=True)
class EditorPart:
    anchor: str
    label: str
    errors: int  # fields or rows of this part with an error

    @property
    def error_text(self):
        return f"{self.errors} dòng có lỗi" if self.errors > 1 else "có lỗi"


SKELETON = [
    {"label": "I.", "title": "MỤC ĐÍCH, YÊU CẦU", "kind": "purpose"},
    {"label": "II.", "title": "NỘI DUNG TUYÊN TRUYỀN", "kind": "text"},
    {"label": "III.", "title": "HÌNH THỨC TUYÊN TRUYỀN", "kind": "forms"},
    {"label": "IV.", "title": "KINH PHÍ THỰC HIỆN", "kind": "budget"},
    {"label": "V.", "title": "TỔ CHỨC THỰC HIỆN", "kind": "assignments"},
]


class PlanEditor:
    """The header form and one formset per part, validated and read as one."""

    def __init__(self, *, plan: Plan, user, data=None, initial=None):
        self.plan = plan
        self.user = user
        # The plan as read, before the header form puts the posted values on it.
        self.plan_before = copy.copy(plan) if plan.pk else None
        organisation = plan.issuer
        creating = plan.pk is None
        header_initial = {"version": plan.version, **(initial or {})}
        self.header = PlanHeaderForm(data, instance=plan, prefix="plan", initial=header_initial)

        units = Unit.objects.assignable_by(organisation).order_by("path")
        unit_list = list(units)
        # Choices are built once and shared by every row (see SharedChoices).
        unit_choices = SharedChoices(
            [("", "— Chọn đơn vị —")] + [(u.pk, _unit_label(u, organisation)) for u in unit_list]
        )
        active_forms = _catalogue()
        form_list = list(active_forms.order_by("position", "name"))
        catalogue = _outreach_form_choices(form_list)
        form_choices = SharedChoices([("", "— Chọn hình thức —"), *catalogue])
        target_form_choices = SharedChoices([("", "— Không —"), *catalogue])
        documents = legal_documents_for(user=user)
        search_url = reverse("plans:legal_document_search")

        self.formsets = {}
        for key, (model, form_class, prefix) in PARTS.items():
            extra_kwargs = {}
            if key == "legal_bases":
                extra_kwargs = {
                    "documents": documents,
                    "search_url": search_url,
                }
            elif key == "assignments":
                extra_kwargs = {"units": units, "unit_choices": unit_choices}
            elif key == "forms":
                extra_kwargs = {"form_choices": form_choices, "catalogue": active_forms}
            elif key == "targets":
                extra_kwargs = {
                    "target_form_choices": target_form_choices,
                    "catalogue": active_forms,
                }
            skeleton = SKELETON if (key == "sections" and creating and data is None) else []
            formset_class = _formset(model, form_class, extra=len(skeleton))
            queryset = model.objects.filter(plan=plan) if plan.pk else model.objects.none()
            if key == "legal_bases":
                queryset = queryset.select_related("document")
            formset = formset_class(
                data,
                instance=plan,
                prefix=prefix,
                queryset=queryset.order_by("position", "pk"),
                initial=skeleton or None,
                form_kwargs_extra=extra_kwargs,
            )
            self.formsets[key] = formset
        # What the page already read serves as the choices its rows are checked against.
        known = {
            "unit": {str(unit.pk): unit for unit in unit_list},
            "form": {str(form.pk): form for form in form_list},
        }
        self.assignable_units = {unit.pk for unit in unit_list}
        for formset in self.formsets.values():
            formset.preload_choices(known)
        self._section_parents()
        self._document_choices()
        self._section_depths()
        self.errors: list[str] = []
        self.conflict = False

    # Rendering helpers -------------------------------------------------

    def _section_parents(self):
        """Each loaded section's parent from the rows already read: checking a subsection
        (its parent belongs to the plan) then asks nothing."""
        formset = self.formsets["sections"]
        by_id = {form.instance.pk: form.instance for form in formset.forms if form.instance.pk}
        parent = ContentSection._meta.get_field("parent")
        for section in by_id.values():
            if section.parent_id in by_id:
                parent.set_cached_value(section, by_id[section.parent_id])

    def _document_choices(self):
        """The chosen document of each basis row, fetched in one query (none when posted:
        the rows' documents were loaded to check them)."""
        formset = self.formsets["legal_bases"]
        wanted = {}
        for form in formset.forms:
            value = form["document"].value()
            if value:
                wanted[form.prefix] = str(value)
        ids = {v for v in wanted.values() if v.isdigit()}
        preloaded = formset.forms[0].fields["document"].preloaded if formset.forms else None
        if preloaded is not None:
            labels = {pk: d.citation for pk, d in preloaded.items()}
        elif ids:
            labels = {str(d.pk): d.citation for d in LegalDocument.objects.filter(pk__in=ids)}
        else:
            labels = {}
        for form in formset.forms:
            value = wanted.get(form.prefix)
            choices = [(value, labels[value])] if value in labels else []
            form.fields["document"].choices = [form.fields["document"].choices[0], *choices]

    def _section_depths(self):
        """Depths of sections loaded from the database, from their tree."""
        formset = self.formsets["sections"]
        if self.header.is_bound:
            return
        by_id = {form.instance.pk: form for form in formset.forms if form.instance.pk}
        parents = {pk: form.instance.parent_id for pk, form in by_id.items()}

        def depth_of(pk):
            depth = 0
            while parents.get(pk):
                pk = parents[pk]
                depth += 1
            return depth

        for pk, form in by_id.items():
            form.initial["depth"] = depth_of(pk)
        # Database order is per parent; the page shows the tree in document order.
        from .selectors import section_tree

        ordered = section_tree([form.instance for form in by_id.values()])
        for index, (section, _depth) in enumerate(ordered, start=1):
            by_id[section.pk].initial["position"] = index
        for index, form in enumerate(f for f in formset.forms if not f.instance.pk):
            form.initial["position"] = len(ordered) + index + 1

    @property
    def sections(self):
        return self.formsets["sections"]

    # Validation ----------------------------------------------------------

    def is_valid(self):
        valid = self.header.is_valid()
        for formset in self.formsets.values():
            valid = formset.is_valid() and valid
        if valid:
            valid = self._check_rows()
        mark_invalid(self.header)
        for formset in self.formsets.values():
            for form in formset.forms:
                mark_invalid(form)
        return valid

    def _check_rows(self):
        ok = True
        seen = {}
        for form in self.formsets["legal_bases"].kept_forms():
            key = form.document_key
            if key in seen:
                form.add_error(None, "Văn bản này đã có trong căn cứ của kế hoạch.")
                ok = False
            seen[key] = form
        focal = [
            f
            for f in self.formsets["assignments"].kept_forms()
            if f.cleaned_data.get("is_focal_point")
        ]
        if len(focal) > 1:
            for form in focal[1:]:
                form.add_error("is_focal_point", "Mỗi kế hoạch chỉ có một đơn vị đầu mối.")
            ok = False
        kinds = {}
        for form in self.formsets["sections"].kept_forms():
            kind = form.cleaned_data.get("kind") or "text"
            if kind != "text" and kind in kinds:
                form.add_error(
                    "kind",
                    f"Đã có mục loại «{dict(SectionKind.choices)[kind]}»: phần này chỉ in ở "
                    "một mục.",
                )
                ok = False
            kinds[kind] = form
        previous = -1
        for form in self.formsets["sections"].kept_forms():
            depth = form.cleaned_data.get("depth") or 0
            if depth > previous + 1:
                form.add_error(
                    None, "Mục này thụt vào quá một bậc so với mục bên trên: hãy lùi ra."
                )
                ok = False
            previous = depth
        return ok

    def parts(self) -> list[EditorPart]:
        """Every part with the number of its fields or rows that have an error, for the side
        menu and the banner that says where to look."""
        header_errors = set(self.header.errors) if self.header.is_bound else set()
        in_other_parts = {
            name for _, _, holds in EDITOR_PARTS if isinstance(holds, tuple) for name in holds
        }
        parts = []
        for anchor, label, holds in EDITOR_PARTS:
            if holds is None:
                errors = len({name for name in header_errors if name not in in_other_parts})
            elif isinstance(holds, tuple):
                errors = len(header_errors & set(holds))
            else:
                formset = self.formsets[holds]
                errors = 0
                if formset.is_bound:
                    errors = sum(1 for form in formset.forms if form.errors) + bool(
                        formset.non_form_errors()
                    )
            parts.append(EditorPart(anchor=anchor, label=label, errors=errors))
        return parts

    def add_error(self, message, *, conflict=False):
        self.errors.append(message)
        self.conflict = self.conflict or conflict

    def payload(self):
        header = {name: self.header.cleaned_data.get(name) for name in HEADER_FIELDS}
        return {
            "version": self.header.cleaned_data.get("version"),
            "header": header,
            "loaded": {
                "plan": self.plan_before,
                "assignable_units": self.assignable_units,
                **{key: formset.loaded for key, formset in self.formsets.items()},
            },
            **{
                key: [form.row() for form in formset.kept_forms()]
                for key, formset in self.formsets.items()
            },
        }


def _catalogue(queryset=None):
    """The outreach forms a row may choose: one queryset per page, shared by its rows."""
    return OutreachForm.objects.filter(is_active=True) if queryset is None else queryset


def _outreach_form_choices(forms):
    """The active catalogue (`forms`, in position order) grouped by category."""
    groups = {}
    for form in forms:
        groups.setdefault(form.category, []).append((form.pk, f"{form.name} ({form.measure})"))
    labels = dict(FormCategory.choices)
    return [(labels.get(category, category), options) for category, options in groups.items()]


def _unit_label(unit, organisation):
    if unit.pk == organisation.pk:
        return f"{unit.name} (cả cơ quan)"
    if unit.is_organisation:
        return f"{unit.name} (cơ quan cấp dưới)"
    indent = "— " * max(unit.depth - organisation.depth - 1, 0)
    return f"{indent}{unit.name}"


# ---------------------------------------------------------------- issuing


class PlanIssueForm(forms.Form):
    number = forms.IntegerField(
        label="Số kế hoạch",
        min_value=1,
        error_messages={"required": "Nhập số kế hoạch."},
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )
    symbol = forms.CharField(
        label="Ký hiệu",
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Ví dụ «KH-UBND».",
    )
    issued_on = forms.DateField(
        label="Ngày ban hành",
        error_messages={"required": "Nhập ngày ban hành."},
        widget=DateInput(attrs={"class": "form-control"}),
    )
    place = forms.CharField(
        label="Địa danh", max_length=100, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signer_authority = forms.CharField(
        label="Thẩm quyền ký",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "TM. ỦY BAN NHÂN DÂN"}
        ),
    )
    signer_on_behalf = forms.CharField(
        label="Ký thay, ký thừa lệnh",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "KT. CHỦ TỊCH"}),
    )
    signer_title = forms.CharField(
        label="Chức vụ người ký",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "PHÓ CHỦ TỊCH"}),
    )
    signer_name = forms.CharField(
        label="Họ tên người ký",
        max_length=150,
        error_messages={"required": "Nhập họ tên người ký."},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    lower_plans_due = forms.DateField(
        label="Hạn cấp dưới ban hành kế hoạch thực hiện",
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
        help_text="Không bắt buộc. Các cơ quan cấp dưới được báo kèm ngày này.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, has_subordinates=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_subordinates:
            del self.fields["lower_plans_due"]
        _style(self)

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise ValidationError("Ngày ban hành không được sau hôm nay.")
        return value


# ---------------------------------------------------------------- list filters


class PlanFilterForm(forms.Form):
    q = forms.CharField(
        label="Tìm",
        required=False,
        widget=forms.SearchInput(
            attrs={"class": "form-control", "placeholder": "Số (179/KH-UBND) hoặc trích yếu"}
        ),
    )
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Mọi trạng thái"), *PlanStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.TypedChoiceField(
        label="Năm",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    issuer = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        required=False,
        queryset=Unit.objects.none(),
        empty_label="Mọi cơ quan",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, issuers, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers
        self.fields["year"].choices = [("", "Mọi năm"), *((y, y) for y in years)]


class PlanReturnForm(forms.Form):
    """«Trả lại»: the leader's reason, shown to the officer on the plan page."""

    comment = forms.CharField(
        label="Ý kiến trả lại",
        max_length=NOTE,
        error_messages={"required": "Ghi rõ lý do trả lại để người trình biết cần sửa gì."},
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text="Người trình ký sẽ thấy ý kiến này trên trang kế hoạch.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
