"""Forms of the task page: report progress or completion, reopen a completion."""

from django import forms

from .services.completion import CompletionInput

DONE = "done"
PROGRESS = "progress"


class CompletionForm(forms.Form):
    """`units`: the parts the user may report (one for a plain assignment); `activities`:
    the reported activities of the assignment the result may point to."""

    unit = forms.ChoiceField(label="Đơn vị báo cáo")
    percent = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "min_value": "Tiến độ là một số từ 0 đến 100.",
            "max_value": "Tiến độ là một số từ 0 đến 100.",
            "invalid": "Tiến độ là một số từ 0 đến 100.",
        },
        help_text="Khi chưa xong: đã làm được khoảng bao nhiêu phần trăm.",
    )
    result = forms.CharField(
        label="Kết quả thực hiện",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
        help_text="Ngắn gọn: đã làm gì, ở đâu, bao nhiêu (bắt buộc khi báo hoàn thành).",
    )
    link = forms.URLField(
        label="Đường dẫn minh chứng",
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
        error_messages={"invalid": "Nhập một đường dẫn đầy đủ, ví dụ https://kieuphu.gov.vn/…"},
    )
    activities = forms.MultipleChoiceField(
        label="Hoạt động đã thực hiện cho nhiệm vụ",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    action = forms.ChoiceField(
        choices=[(DONE, "Báo hoàn thành"), (PROGRESS, "Cập nhật tiến độ")],
        widget=forms.HiddenInput,
        error_messages={"required": "Chọn «Báo hoàn thành» hoặc «Cập nhật tiến độ»."},
    )

    def __init__(self, *args, units, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        self.fields["unit"].choices = [(pk, unit.name) for pk, unit in self.units.items()]
        if len(self.units) == 1:
            self.fields["unit"].initial = next(iter(self.units))
            self.fields["unit"].widget = forms.HiddenInput()
        else:
            self.fields["unit"].widget.attrs["class"] = "form-select"
        self.activity_objects = {str(activity.pk): activity for activity in activities}
        self.fields["activities"].choices = [
            (pk, f"{activity.date:%d/%m/%Y} · {activity.title} ({activity.unit.name})")
            for pk, activity in self.activity_objects.items()
        ]

    @property
    def single_unit(self):
        return len(self.units) == 1

    def clean(self):
        data = super().clean()
        if data.get("action") == PROGRESS and data.get("percent") is None:
            self.add_error("percent", "Nhập tiến độ (từ 0 đến 100) để cập nhật.")
        return data

    def chosen_unit(self):
        return self.units[self.cleaned_data["unit"]]

    def completion_input(self) -> CompletionInput:
        data = self.cleaned_data
        return CompletionInput(
            done=data["action"] == DONE,
            percent=data.get("percent") or 0,
            result=data.get("result", ""),
            link=data.get("link", ""),
            activities=[self.activity_objects[pk] for pk in data.get("activities", [])],
        )


class ReopenForm(forms.Form):
    completion = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="Lý do mở lại",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        error_messages={"required": "Ghi lý do mở lại để đơn vị biết cần làm thêm gì."},
    )


def activity_choices(queryset, limit=50):
    """The latest reported activities of the parts, for the checkboxes (kept short)."""
    return list(queryset.select_related("unit")[:limit])
