from django import forms

from .base import MAX_WORKBOOK_BYTES


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        error_messages={
            "required": "Chọn tệp Excel để tải lên.",
            "empty": "Tệp trống.",
            "invalid": "Không đọc được tệp tải lên.",
        },
        help_text=f"Dùng tệp mẫu của Loa; tối đa {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("Chỉ nhận tệp Excel .xlsx (tải tệp mẫu ở trên).")
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(
                f"Tệp quá lớn: chỉ nhận đến {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB."
            )
        return upload
