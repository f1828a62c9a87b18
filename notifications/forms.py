from django import forms

from .models import NotificationPreference

FIELDS = ["email_enabled", "email_assignments", "email_reports"]


class PreferenceForm(forms.ModelForm):
    """E-mail switches; the model's check refuses "e-mail on, but no kind of item"."""

    class Meta:
        model = NotificationPreference
        fields = FIELDS
        widgets = {
            name: forms.CheckboxInput(attrs={"class": "form-check-input"}) for name in FIELDS
        }
