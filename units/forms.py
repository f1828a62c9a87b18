"""Forms of the people and units pages (units/people.py holds the rules)."""

from django import forms
from django.contrib.auth.validators import ASCIIUsernameValidator

from .models import Unit, User
from .people import assignable_roles, unit_parents
from .resources import IMPORTABLE_KINDS


def bootstrap(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


def add_service_errors(form, exc):
    """Show a service's ValidationError on the form: on the field it names when the form has
    one, otherwise at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class UnitChoiceField(forms.ModelChoiceField):
    """Units indented by their depth in the organisation, so the tree reads in a select."""

    def __init__(self, *args, top_depth=1, **kwargs):
        self.top_depth = top_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - self.top_depth) + unit.name


class PersonForm(forms.ModelForm):
    """A person's account. The login name is chosen once, when the account is created."""

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "role", "position", "email", "phone"]
        labels = {"username": "Tên đăng nhập", "email": "Thư điện tử"}
        help_texts = {
            "username": "Chữ không dấu, số và . _ - (ví dụ «kp.nguyenvana»); không đổi được sau.",
            "email": "Thư mời đặt mật khẩu được gửi tới địa chỉ này.",
        }

    def __init__(self, *args, organisation, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitChoiceField(
            label="Đơn vị",
            queryset=unit_parents(organisation),
            top_depth=organisation.depth,
            empty_label=None,
        )
        self.fields["role"].choices = assignable_roles(by)
        self.fields["full_name"].required = True
        self.fields["email"].required = True
        if self.instance.pk:
            del self.fields["username"]
        else:
            self.fields["username"].validators = [ASCIIUsernameValidator()]
            self.fields["username"].error_messages["unique"] = (
                "Tên đăng nhập này đã có người dùng: hãy chọn tên khác."
            )
        bootstrap(self)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng: hãy chọn tên khác.")
        return username

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class UnitForm(forms.ModelForm):
    """A unit inside the organisation: where it hangs, what it is called, its code."""

    class Meta:
        model = Unit
        fields = ["name", "full_name", "short_name", "code", "kind", "email"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        moving = self.instance if self.instance.pk else None
        self.fields["parent"] = UnitChoiceField(
            label="Thuộc đơn vị",
            queryset=unit_parents(organisation, moving=moving),
            top_depth=organisation.depth,
            empty_label=None,
        )
        self.fields["kind"].choices = IMPORTABLE_KINDS
        self.order_fields(["parent", "name", "full_name", "short_name", "code", "kind", "email"])
        self.organisation = organisation
        # The code is unique in the organisation: the model's constraint needs to know it.
        self.instance.organisation = organisation
        bootstrap(self)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Unit.objects.filter(organisation=self.organisation, code__iexact=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Cơ quan đã có một đơn vị mang mã này.")
        return code


class OrganisationForm(forms.ModelForm):
    """What the organisation prints on its documents and how it works."""

    class Meta:
        model = Unit
        fields = [
            "full_name",
            "short_name",
            "header_parent",
            "header_name",
            "place_name",
            "email",
            "plan_numbering",
            "officers_may_issue",
        ]
        widgets = {"header_name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
