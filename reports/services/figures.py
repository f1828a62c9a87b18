"""The figures of a periodic report, computed from approved activities with the shared
selectors of activities (one SQL aggregate each), as a JSON-ready dict.

A draft shows them live; `report_submit` freezes them into `Report.figures`, so the screen,
the PDF and the Excel workbook of a submitted report show what was sent, whatever is
approved later.
"""

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from activities import selectors
from activities.models import Activity
from plans.models import Plan, PlanStatus
from units.models import Unit

NOTABLE_LIMIT = 8


def period_activities(organisation: Unit, start: datetime.date, end: datetime.date, plan=None):
    """Approved activities of the organisation's units and of every unit below it (of one
    plan when the report is about one plan)."""
    activities = Activity.objects.approved().filter(unit__path__startswith=organisation.path)
    if plan is not None:
        activities = activities.filter(plan=plan)
    return activities.between(start, end)


def compute_figures(
    *, organisation: Unit, start: datetime.date, end: datetime.date, plan=None
) -> dict:
    """Totals, by form, by unit, by target group, by organisation below, targets against
    actuals and notable activities of `organisation` between `start` and `end` (of one
    plan's activities and targets when `plan` is given)."""
    activities = period_activities(organisation, start, end, plan)
    has_subordinates = (
        Unit.objects.filter(path__startswith=organisation.path, is_organisation=True)
        .exclude(pk=organisation.pk)
        .exists()
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "computed_at": timezone.now().isoformat(),
        "totals": selectors.totals(activities),
        "by_form": selectors.by_form(activities),
        "by_unit": selectors.by_unit(activities),
        "by_target_group": selectors.by_target_group(activities),
        "by_organisation": selectors.by_organisation(activities) if has_subordinates else [],
        "targets": _targets(organisation, start, end, plan),
        "notable": _notable(activities),
    }


def _targets(organisation, start, end, plan=None):
    """Targets of the organisation's issued plans in force at the end of the period, with
    the actual value reached by then (cumulative since the plan began)."""
    plans = (
        Plan.objects.filter(issuer=organisation, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
        .exclude(period_end__lt=start)
        .exclude(period_start__gt=end)
        .filter(**({"pk": plan.pk} if plan is not None else {}))
        .order_by("issued_on", "pk")
    )
    rows = []
    for issued in plans:
        activities = Activity.objects.approved().filter(
            unit__path__startswith=organisation.path, date__lte=end
        )
        for progress in selectors.target_progress(issued, activities):
            target = progress.target
            rows.append(
                {
                    "plan": issued.number_display,
                    "indicator": target.indicator,
                    "measure": target.measure,
                    "target_value": _number(target.target_value),
                    "actual": _number(progress.actual),
                    "percent": progress.percent,
                }
            )
    return rows


def _notable(activities):
    """The activities that reached most people: participants, then views."""
    rows = activities.order_by(F("participants").desc(), F("views").desc(), "date", "pk").values(
        "pk",
        "date",
        "title",
        "unit__name",
        "form__name",
        "form__measure",
        "quantity",
        "participants",
        "views",
    )[:NOTABLE_LIMIT]
    return [
        {
            "id": row["pk"],
            "date": row["date"].isoformat(),
            "title": row["title"],
            "unit": row["unit__name"],
            "form": row["form__name"],
            "measure": row["form__measure"],
            "quantity": row["quantity"],
            "participants": row["participants"],
            "views": row["views"],
        }
        for row in rows
    ]


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)
