"""The activity form (log, copy, correct) and the review form.

Its choices come from `choices.logging_choices` (the user's scope). Options carry data
attributes so the page can narrow sections and show the form's measure without asking the
server again.
"""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from .choices import LoggingChoices, assignment_label, plan_label
from .evidence import parse_links, prepare_upload
from .models import Activity
from .services import REPEAT_CHOICES, ActivityInput, EvidenceInput
from .widgets import (
    AttrsCheckboxSelectMultiple,
    AttrsSelect,
    GroupedIntegerField,
    MultipleFileField,
)

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y",
    attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "autocomplete": "off"},
)


class ActivityForm(forms.Form):
    unit = forms.ChoiceField(label="Đơn vị thực hiện")
    assignment = forms.ChoiceField(
        label="Nhiệm vụ được giao",
        error_messages={
            "invalid_choice": "Nhiệm vụ này không nhận hoạt động của bạn (kế hoạch chưa ban hành "
            "hoặc đã kết thúc, hoặc không giao cho đơn vị của bạn).",
            "required": "Chọn nhiệm vụ được giao mà hoạt động thực hiện.",
        },
    )
    date = forms.DateField(
        label="Ngày thực hiện",
        widget=DATE_WIDGET,
        error_messages={"invalid": "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026."},
    )
    form = forms.ChoiceField(label="Hình thức tuyên truyền")
    sections = forms.MultipleChoiceField(
        label="Nội dung tuyên truyền", required=False, widget=AttrsCheckboxSelectMultiple
    )
    title = forms.CharField(
        label="Tên hoạt động",
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    description = forms.CharField(
        label="Mô tả",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    place = forms.CharField(
        label="Địa điểm",
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    target_groups = forms.MultipleChoiceField(
        label="Đối tượng",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    quantity = GroupedIntegerField(label="Số lượng", min_value=1, max_value=2_147_483_647)
    participants = GroupedIntegerField(
        label="Số người tham dự", required=False, max_value=2_147_483_647
    )
    views = GroupedIntegerField(label="Lượt xem", required=False, max_value=10**15)
    interactions = GroupedIntegerField(label="Lượt tương tác", required=False, max_value=10**15)
    cost = GroupedIntegerField(label="Kinh phí (đồng)", required=False, max_value=10**15)
    files = MultipleFileField(
        label="Ảnh, tệp PDF",
        required=False,
        allow_empty_file=True,
        help_text="Chọn một hoặc nhiều ảnh (JPEG, PNG …) hoặc tệp PDF, mỗi tệp tối đa "
        "{size} MB. Ảnh được xoá thông tin vị trí (EXIF) khi lưu.",
    )
    links = forms.CharField(
        label="Đường dẫn",
        required=False,
        help_text="Mỗi dòng một đường dẫn: bài đăng, video, tin trên trang thông tin điện tử.",
        widget=forms.Textarea(
            attrs={"class": "form-control", "rows": 2, "placeholder": "https://"}
        ),
    )
    repeat = forms.ChoiceField(
        label="Lặp lại",
        choices=REPEAT_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    repeat_until = forms.DateField(
        label="đến ngày",
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": "Nhập ngày theo dạng dd/mm/yyyy."},
    )
    remove_evidence = forms.MultipleChoiceField(
        label="Xoá minh chứng", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, choices: LoggingChoices, activity: Activity | None = None, **kw):
        super().__init__(*args, **kw)
        self.choices = choices
        self.activity = activity
        self._setup_units()
        self._setup_assignments()
        self._setup_forms()
        self._setup_sections()
        self.fields["target_groups"].choices = [(str(g.pk), g.name) for g in choices.target_groups]
        limit_mb = settings.LOA_EVIDENCE_MAX_BYTES // (1024 * 1024)
        self.fields["files"].help_text = self.fields["files"].help_text.format(size=limit_mb)
        if activity is None:
            del self.fields["remove_evidence"]
        else:
            del self.fields["repeat"]
            del self.fields["repeat_until"]
            self.fields["remove_evidence"].choices = [
                (str(item.pk), str(item)) for item in activity.evidence.all()
            ]

    # Choices -------------------------------------------------------------------------

    def _setup_units(self):
        field = self.fields["unit"]
        field.choices = [(str(u.pk), u.name) for u in self.choices.units]
        field.widget = forms.Select(attrs={"class": "form-select"}, choices=field.choices)
        if len(self.choices.units) == 1:
            field.widget = forms.HiddenInput()
            field.initial = str(self.choices.units[0].pk)

    def _setup_assignments(self):
        groups = defaultdict(list)
        option_attrs = {}
        for assignment in self.choices.assignments:
            groups[assignment.plan].append((str(assignment.pk), assignment_label(assignment)))
            option_attrs[str(assignment.pk)] = {
                "data-plan": assignment.plan_id,
                "data-units": ",".join(str(pk) for pk in assignment.covered_unit_ids),
                "data-forms": ",".join(
                    str(pk) for pk in self.choices.plan_forms.get(assignment.plan_id, [])
                ),
            }
        choices = [("", "— Chọn nhiệm vụ —")]
        choices += [(plan_label(plan), options) for plan, options in groups.items()]
        field = self.fields["assignment"]
        field.choices = choices
        field.widget = AttrsSelect(
            attrs={"class": "form-select", "data-role": "assignment"},
            choices=choices,
            option_attrs=option_attrs,
        )

    def _setup_forms(self):
        groups = defaultdict(list)
        option_attrs = {}
        for item in self.choices.forms:
            groups[item.get_category_display()].append((str(item.pk), item.name))
            option_attrs[str(item.pk)] = {"data-measure": item.measure}
        choices = [("", "— Chọn hình thức —"), *groups.items()]
        field = self.fields["form"]
        field.choices = choices
        field.widget = AttrsSelect(
            attrs={"class": "form-select", "data-role": "form"},
            choices=choices,
            option_attrs=option_attrs,
        )

    def _setup_sections(self):
        field = self.fields["sections"]
        field.choices = [(str(s.pk), s.display) for s in self.choices.sections]
        field.widget = AttrsCheckboxSelectMultiple(
            attrs={"class": "form-check-input"},
            choices=field.choices,
            option_attrs={
                str(s.pk): {"data-plan": s.plan_id, "data-depth": s.depth}
                for s in self.choices.sections
            },
        )

    # Helpers for the template -------------------------------------------------------

    @property
    def single_unit(self):
        return self.choices.units[0] if len(self.choices.units) == 1 else None

    @property
    def measure(self):
        """The measure of the chosen (or initial) form, shown next to the quantity."""
        value = self["form"].value()
        item = next((f for f in self.choices.forms if str(f.pk) == str(value)), None)
        return item.measure if item else ""

    # Validation ---------------------------------------------------------------------

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        limit = settings.LOA_EVIDENCE_MAX_FILES
        if len(files) > limit:
            raise ValidationError(f"Mỗi lần tải lên tối đa {limit} tệp.")
        prepared, errors = [], []
        for upload in files:
            try:
                prepared.append(prepare_upload(upload))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return prepared

    def clean_links(self):
        return parse_links(self.cleaned_data.get("links"))

    def clean(self):
        data = super().clean()
        unit = self.choices.unit(data.get("unit"))
        assignment = self.choices.assignment(data.get("assignment"))
        if unit and assignment and unit.pk not in assignment.covered_unit_ids:
            self.add_error("assignment", "Nhiệm vụ này không giao cho đơn vị đã chọn.")
        if assignment and data.get("sections"):
            wanted = set(data["sections"])
            sections = [s for s in self.choices.sections if str(s.pk) in wanted]
            if any(s.plan_id != assignment.plan_id for s in sections):
                self.add_error("sections", "Chỉ chọn nội dung thuộc kế hoạch của nhiệm vụ đã chọn.")
        if data.get("repeat") and not data.get("repeat_until"):
            self.add_error("repeat_until", "Chọn ngày kết thúc của chuỗi hoạt động.")
        return data

    def activity_input(self):
        data = self.cleaned_data
        wanted_sections = set(data.get("sections") or [])
        wanted_groups = set(data.get("target_groups") or [])
        return ActivityInput(
            unit=self.choices.unit(data["unit"]),
            assignment=self.choices.assignment(data["assignment"]),
            form=next(f for f in self.choices.forms if str(f.pk) == data["form"]),
            date=data["date"],
            title=data["title"],
            description=data.get("description", ""),
            place=data.get("place", ""),
            sections=[s for s in self.choices.sections if str(s.pk) in wanted_sections],
            target_groups=[g for g in self.choices.target_groups if str(g.pk) in wanted_groups],
            quantity=data["quantity"],
            participants=data.get("participants") or 0,
            views=data.get("views") or 0,
            interactions=data.get("interactions") or 0,
            cost=data.get("cost") or 0,
        )

    def evidence_input(self):
        data = self.cleaned_data
        return EvidenceInput(
            files=data.get("files") or [],
            links=data.get("links") or [],
            remove=[int(pk) for pk in data.get("remove_evidence") or []],
        )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến",
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )
