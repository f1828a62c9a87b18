"""«Quên mật khẩu» for everyone who may log in, including people added by an import or by
their organisation, who have no password yet: the same link sets their first one."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


class ResetForm(PasswordResetForm):
    def get_users(self, email):
        # Django's form skips accounts without a usable password; an invited person has none.
        return User.objects.filter(email__iexact=email, is_active=True).exclude(email="")


def invite(user) -> None:
    """Mail a new person the link that sets their first password."""
    if not user.email:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "link": link,
        "organisation": user.organisation,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        f"Loa: mời bạn tham gia ({user.organisation.display_name})",
        render_to_string("registration/invitation_email.txt", context),
        None,
        [user.email],
    )
