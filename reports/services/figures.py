"""The figures of a periodic report, computed from approved activities with the shared
selectors of activities (one SQL aggregate each), as a JSON-ready dict.

A draft shows them live; `report_submit` freezes them into `Report.figures`, so the screen,
the PDF and the Excel workbook of a submitted report show what was sent, whatever is
approved later.
"""

import datetime
from decimal import Decimal

from django.db.models import F, Sum
from django.utils import timezone

from activities import selectors
from activities.models import Activity
from plans.models import Assignment, BudgetLine, Plan, PlanStatus
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
        "upcoming": _upcoming(organisation, start, end, plan),
        "budget": _budget(organisation, start, end, plan),
    }


def _plans_in_force(organisation, start, end, plan=None):
    return (
        Plan.objects.filter(issuer=organisation, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
        .exclude(period_end__lt=start)
        .exclude(period_start__gt=end)
        .filter(**({"pk": plan.pk} if plan is not None else {}))
        .order_by("issued_on", "pk")
    )


def plan_window(plan) -> tuple[datetime.date, datetime.date]:
    """The days a plan runs: its own period, else from its issue to the end of its year."""
    begin = plan.period_start or plan.issued_on or datetime.date(plan.created_at.year, 1, 1)
    finish = plan.period_end or datetime.date(begin.year, 12, 31)
    return begin, max(finish, begin)


def expected_percent(*, begin, finish, on: datetime.date) -> int:
    """How far a target should be by `on` if it advances evenly from `begin` to `finish`."""
    total = (finish - begin).days + 1
    elapsed = min(max((on - begin).days + 1, 0), total)
    return round(100 * elapsed / total)


PACE_MARGIN = 5  # percentage points either side of the expected pace


def pace(percent, expected) -> str:
    """«đã đạt», «vượt tiến độ», «đạt tiến độ» or «chậm tiến độ» against the expected pace."""
    if percent is None:
        return ""
    if percent >= 100:
        return "đã đạt"
    if percent >= expected + PACE_MARGIN:
        return "vượt tiến độ"
    if percent >= expected - PACE_MARGIN:
        return "đạt tiến độ"
    return "chậm tiến độ"


def _targets(organisation, start, end, plan=None):
    """Targets of the organisation's issued plans in force at the end of the period, with
    the actual value reached by then (cumulative since the plan began) and the pace expected
    by then: proportional to the plan's period, or to the target's own deadline."""
    plans = _plans_in_force(organisation, start, end, plan)
    rows = []
    for issued in plans:
        begin, finish = plan_window(issued)
        activities = Activity.objects.approved().filter(
            unit__path__startswith=organisation.path, date__lte=end
        )
        for progress in selectors.target_progress(issued, activities):
            target = progress.target
            expected = expected_percent(begin=begin, finish=target.due_date or finish, on=end)
            rows.append(
                {
                    "plan": issued.number_display,
                    "indicator": target.indicator,
                    "measure": target.measure,
                    "target_value": _number(target.target_value),
                    "actual": _number(progress.actual),
                    "percent": progress.percent,
                    "expected_percent": expected,
                    "pace": pace(progress.percent, expected),
                }
            )
    return rows


def _upcoming(organisation, start, end, plan=None, limit=12):
    """Tasks of the organisation's plans due in the next period (as long as this one) and
    not reported done: what the report lists for the period ahead."""
    from activities.models import CompletionStatus, TaskCompletion

    following = end + (end - start) + datetime.timedelta(days=1)
    assignments = (
        Assignment.objects.filter(
            plan__in=_plans_in_force(organisation, start, following, plan),
            due_date__gt=end,
            due_date__lte=following,
        )
        .exclude(
            pk__in=TaskCompletion.objects.filter(
                status=CompletionStatus.DONE, unit_id=F("assignment__unit_id")
            ).values("assignment_id")
        )
        .select_related("unit", "plan")
        .order_by("due_date", "position", "pk")[:limit]
    )
    return [
        {
            "unit": assignment.display_label,
            "task": _first_line(assignment.tasks),
            "due": assignment.due_date.isoformat(),
            "plan": assignment.plan.number_display,
        }
        for assignment in assignments
    ]


def _first_line(text, limit=200):
    line = next((ln.strip(" -–•\t") for ln in text.splitlines() if ln.strip(" -–•\t")), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _budget(organisation, start, end, plan=None):
    """The budget of the plans in force and what their approved activities have cost since
    each plan began, up to the end of the period."""
    plans = list(_plans_in_force(organisation, start, end, plan))
    planned = BudgetLine.objects.filter(plan__in=plans).aggregate(total=Sum("amount"))["total"]
    spent = (
        Activity.objects.approved()
        .filter(plan__in=plans, unit__path__startswith=organisation.path, date__lte=end)
        .aggregate(total=Sum("cost"))["total"]
    )
    return {"planned": int(planned or 0), "spent": int(spent or 0)}


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
