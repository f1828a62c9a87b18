from django import forms

from .models import NotificationPreference

SWITCHES = ["email_enabled", "email_assignments", "email_reports"]


class PreferenceForm(forms.ModelForm):
    """E-mail switches; the model's check refuses "e-mail on, but no kind of item"."""

    class Meta:
        model = NotificationPreference
        fields = [*SWITCHES, "event_email"]
        widgets = {
            **{name: forms.CheckboxInput(attrs={"class": "form-check-input"}) for name in SWITCHES},
            "event_email": forms.RadioSelect(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Like the unticked boxes, a choice left out of the POST means "no e-mail".
        self.fields["event_email"].required = False

    def clean_event_email(self):
        return self.cleaned_data.get("event_email") or NotificationPreference.NO_EMAIL
