"""«Quên mật khẩu» for everyone who may log in, including people added by an import or by
their organisation, who have no password yet: the same link sets their first one."""

from django.contrib.auth.forms import PasswordResetForm

from .models import User


class ResetForm(PasswordResetForm):
    def get_users(self, email):
        # Django's form skips accounts without a usable password; an invited person has none.
        return User.objects.filter(email__iexact=email, is_active=True).exclude(email="")
