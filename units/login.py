"""The login page, with a second throttle beside django-axes.

Axes locks one login from one address after AXES_FAILURE_LIMIT wrong passwords. That does
not stop password spraying (one address trying a common password on many logins) nor a
login attacked from many addresses. Here the failures axes records are also counted per
address across logins and per login across addresses, each against its own, higher limit:
a commune office behind one shared address can mistype a few passwords without locking out
everyone else in the office."""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def recent_failures(**lookup) -> int:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since, **lookup)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def throttled(request, username):
    """'address' or 'login' when one of the wider limits is reached, else None."""
    if not settings.AXES_ENABLED:
        return None
    address = get_client_ip_address(request)
    if address and recent_failures(ip_address=address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return "address"
    if username and recent_failures(username=username) >= settings.LOGIN_USER_FAILURE_LIMIT:
        return "login"
    return None


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        reason = throttled(request, username)
        if reason:
            context = {
                "username": username,
                "reason": reason,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            }
            return render(request, "registration/throttled.html", context, status=429)
        return super().post(request, *args, **kwargs)
