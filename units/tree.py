"""The unit tree page, one organisation at a time.

A city holds about 3,900 units and the country a hundred thousand: one page listing them all
is slow and useless. The page shows one organisation: its own units, indented, and the
organisations directly below it, folded (each a link that opens it). A search finds any unit
within reach by name or code.
"""

from django.db.models import Q

from .access import organisation_of, sees_everything
from .models import Unit
from .search import search_q

SEARCH_LIMIT = 50


def tree_roots(user):
    """The organisations a user starts from: their own, or every root for a superuser."""
    if sees_everything(user):
        return list(Unit.objects.filter(depth=1).order_by("path"))
    organisation = organisation_of(user)
    return [organisation] if organisation else []


def in_reach(user, roots):
    """Units the user may browse: everything below their roots."""
    if sees_everything(user):
        return Unit.objects.all()
    condition = Q()
    for root in roots:
        condition |= Q(path__startswith=root.path)
    return Unit.objects.filter(condition) if roots else Unit.objects.none()


def organisation_view(organisation):
    """(rows, sub-organisations) of one organisation: its own units in tree order with their
    depth below it, and the organisations directly below it (folded), in two queries."""
    members = list(
        Unit.objects.filter(organisation=organisation, path__startswith=organisation.path).order_by(
            "path"
        )
    )
    member_paths = {unit.path for unit in members}
    deepest = max((unit.depth for unit in members), default=organisation.depth)
    below = (
        Unit.objects.subtree_of(organisation, include_self=False)
        .organisations()
        .filter(depth__lte=deepest + 1)
        .order_by("path")
    )
    subs = [unit for unit in below if unit.path[: -Unit.steplen] in member_paths]
    # Sub-organisations are listed under the member unit they hang from.
    rows = []
    for unit in members:
        rows.append({"unit": unit, "indent": unit.depth - organisation.depth, "folded": False})
        rows.extend(
            {"unit": sub, "indent": sub.depth - organisation.depth, "folded": True}
            for sub in subs
            if sub.path[: -Unit.steplen] == unit.path
        )
    return rows


def unit_matches(units, query):
    """Those of `units` whose name, full name, place or code holds every word of `query`
    (accents and case aside), or whose code is exactly `query`."""
    return units.filter(search_q(query) | Q(code__iexact=query))


def unit_search(units, query):
    """The first matching units (one more than SEARCH_LIMIT), with their organisation."""
    return (
        unit_matches(units, query)
        .select_related("organisation")
        .order_by("path")[: SEARCH_LIMIT + 1]
    )
