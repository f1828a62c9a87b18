"""The navigation bar's search across the app: what the viewer may read, grouped by kind.

Each group is read through the same scope as its own list page (`visible_to`,
`visible_reports`, the unit tree's reach, the people pages' reach) and matched on the folded
`search_text` columns (units/search.py). A group shows its newest few rows and how many match
(counted up to COUNT_CAP), in two queries whatever the number of rows.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from activities.models import Activity
from plans.models import Plan
from plans.selectors import plan_text_q
from reports.selectors import visible_reports
from units.access import downward_q, organisation_of, sees_everything
from units.models import User
from units.search import search_q, search_words
from units.tree import in_reach, tree_roots, unit_matches

MAX_QUERY = 100
PER_GROUP = 5
COUNT_CAP = 500


@dataclass
class SearchGroup:
    kind: str
    label: str
    icon: str
    rows: list
    total: int
    more_url: str = ""

    @property
    def capped(self):
        return self.total > COUNT_CAP

    @property
    def shown_total(self):
        return min(self.total, COUNT_CAP)


def search_everything(*, user, query: str) -> list[SearchGroup]:
    """The groups with at least one match, in a fixed order: plans, activities, reports,
    units, people."""
    if not search_words(query):
        return []
    groups = [
        _group(
            "plans",
            "Kế hoạch",
            "bi-journal-text",
            plans_found(user=user, query=query),
            _list_url("plans:list", query),
        ),
        _group(
            "activities",
            "Hoạt động",
            "bi-calendar-check",
            activities_found(user=user, query=query),
            _list_url("activities:list", query),
        ),
        _group("reports", "Báo cáo", "bi-file-earmark-text", reports_found(user=user, query=query)),
        _group(
            "units",
            "Đơn vị",
            "bi-diagram-3",
            units_found(user=user, query=query),
            _list_url("units:tree", query),
        ),
    ]
    people = people_found(user=user, query=query)
    if people is not None:
        groups.append(
            _group("people", "Người dùng", "bi-people", people, _list_url("units:people", query))
        )
    return [group for group in groups if group.total]


def plans_found(*, user, query):
    return (
        Plan.objects.visible_to(user)
        .filter(plan_text_q(query))
        .select_related("issuer")
        .only("number", "symbol", "title", "status", "issued_on", "issuer", "issuer__name")
        .order_by("-issued_on", "-created_at", "-pk")
    )


def activities_found(*, user, query):
    return (
        Activity.objects.visible_to(user)
        .filter(search_q(query))
        .select_related("unit")
        .only("date", "title", "place", "status", "unit", "unit__name")
        .order_by("-date", "-pk")
    )


def reports_found(*, user, query):
    return (
        visible_reports(user)
        .filter(search_q(query, "search_text", "organisation__search_text"))
        .select_related(None)
        .select_related("organisation", "period")
        .only(
            "number",
            "symbol",
            "title",
            "status",
            "organisation",
            "organisation__name",
            "period",
            "period__label",
        )
        .order_by("-period__start", "organisation__path", "-pk")
    )


def units_found(*, user, query):
    return (
        unit_matches(in_reach(user, tree_roots(user)), query)
        .select_related("organisation")
        .only("name", "code", "kind", "is_organisation", "organisation", "organisation__name")
        .order_by("path")
    )


def people_found(*, user, query):
    """People of the organisations in reach, as the people pages show them; None for an
    account outside every organisation."""
    if organisation_of(user) is None and not sees_everything(user):
        return None
    return (
        User.objects.filter(downward_q(user, "unit__organisation"), is_superuser=False)
        .filter(search_q(query, "search_text", "unit__search_text"))
        .select_related(None)
        .select_related("unit")
        .only("username", "full_name", "position", "is_active", "unit", "unit__name")
        .order_by("unit__path", "full_name", "username")
    )


def _group(kind, label, icon, found, more_url=""):
    rows = list(found[:PER_GROUP])
    # Fewer rows than asked for are all there is: no count needed.
    full = len(rows) == PER_GROUP
    total = found.order_by()[: COUNT_CAP + 1].count() if full else len(rows)
    return SearchGroup(kind, label, icon, rows, total, more_url if total > len(rows) else "")


def _list_url(name, query):
    return f"{reverse(name)}?{urlencode({'q': query})}"
