from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import downward_q, get_scoped_or_404, organisation_of, sees_everything
from .history import Source, record_history
from .models import Unit
from .selectors import home_context


@login_required
def home(request):
    return render(request, "units/home.html", home_context(user=request.user))


@login_required
def unit_tree(request):
    """The user's organisation and everything below it, as an indented list."""
    if sees_everything(request.user):
        units = Unit.objects.all()
    else:
        organisation = organisation_of(request.user)
        units = Unit.objects.subtree_of(organisation) if organisation else Unit.objects.none()
    units = units.select_related("organisation").order_by("path")
    return render(request, "units/unit_tree.html", {"units": units})


def unit_history(*, unit):
    return record_history(
        [Source(Unit, {"id": unit.pk}, lambda r: "Đơn vị", frozenset({"organisation"}))]
    )


@login_required
def unit_history_view(request, pk):
    """Who changed what in one unit of the user's organisation (or below it)."""
    unit = get_scoped_or_404(Unit.objects.filter(downward_q(request.user, "organisation")), pk=pk)
    return render(
        request, "units/unit_history.html", {"unit": unit, "history": unit_history(unit=unit)}
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes lockout page: too many wrong passwords for this login from this address."""
    context = {
        "username": (credentials or {}).get("username") or request.POST.get("username", ""),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
