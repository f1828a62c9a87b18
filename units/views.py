from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .access import can_manage_people, downward_q, get_scoped_or_404
from .history import Source, record_history
from .models import Unit
from .selectors import home_context
from .tree import SEARCH_LIMIT, in_reach, organisation_view, tree_roots, unit_search


@login_required
def home(request):
    return render(request, "units/home.html", home_context(user=request.user))


@login_required
def unit_tree(request):
    """One organisation of the user's tree at a time (`?org=`), or the units matching a
    search (`?q=`); by default the user's own organisation."""
    roots = tree_roots(request.user)
    reach = in_reach(request.user, roots)
    query = request.GET.get("q", "").strip()[:100]
    context = {"query": query, "roots": roots}
    if query:
        found = list(unit_search(reach, query))
        context.update(found=found[:SEARCH_LIMIT], more=len(found) > SEARCH_LIMIT)
        return render(request, "units/unit_tree.html", context)
    wanted = request.GET.get("org", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("Không tìm thấy đơn vị này.")
        organisation = get_scoped_or_404(reach.filter(is_organisation=True), pk=wanted)
    elif len(roots) == 1 and roots[0].is_organisation:
        organisation = roots[0]
    else:
        organisation = None
    if organisation is not None:
        top = min(len(root.path) for root in roots if organisation.path.startswith(root.path))
        ancestors = Unit.objects.ancestors_of(organisation).filter(is_organisation=True)
        context.update(
            organisation=organisation,
            manages=can_manage_people(request.user, organisation),
            rows=organisation_view(organisation),
            trail=[unit for unit in ancestors.order_by("path") if len(unit.path) >= top],
        )
    return render(request, "units/unit_tree.html", context)


def unit_history(*, unit):
    return record_history(
        [Source(Unit, {"id": unit.pk}, lambda record, names: "Đơn vị", frozenset({"organisation"}))]
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
