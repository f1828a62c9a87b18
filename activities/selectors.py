"""The shared read layer for activity figures: pages, exports and periodic reports use these
functions so that every screen and every document shows the same numbers.

Every function takes a queryset of activities that the caller has already narrowed (scope:
`Activity.objects.visible_to(user)`; status: `.approved()` for reports, `.reported()` for
follow-up; dates: `.between(start, end)`; plan, unit …) and aggregates it in SQL: one query
per function, whatever the number of rows. Pass a plain filtered queryset (no `.distinct()`,
no slicing). Figures are dicts with the keys of `METRICS` plus `count`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from plans.models import Assignment, FormCategory, PlanStatus, TargetMetric
from reports.models import PeriodKind
from reports.periods import period_bounds, period_containing, period_label
from units.models import CutoffScheme, Unit

from .models import ActivityStatus

METRICS = ("quantity", "participants", "views", "interactions", "cost")
FIGURES = ("count", *METRICS)


def _aggregates(condition=None, prefix="total_"):
    """Count and sums as annotations named `<prefix><figure>` (an annotation may not take
    the name of a field), optionally restricted to rows matching `condition`."""
    sums = {
        f"{prefix}{name}": Coalesce(
            Sum(name, filter=condition), Value(0), output_field=BigIntegerField()
        )
        for name in METRICS
    }
    return {f"{prefix}count": Count("pk", filter=condition), **sums}


def _figures(row, prefix="total_"):
    return {name: row[f"{prefix}{name}"] for name in FIGURES}


def empty_figures():
    return dict.fromkeys(FIGURES, 0)


def totals(activities):
    """{count, quantity, participants, views, interactions, cost} over all the activities.

    `quantity` adds numbers counted in different measures; show it per form (`by_form`).
    """
    return _figures(activities.order_by().aggregate(**_aggregates()))


def by_status(activities):
    """{status: count} for every ActivityStatus (0 when none)."""
    counts = dict.fromkeys(ActivityStatus.values, 0)
    rows = activities.order_by().values("status").annotate(count=Count("pk"))
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def by_form(activities):
    """One row per outreach form used, in catalogue order: form_id, name, measure, category,
    category_label, and the figures (quantity is in the form's own measure)."""
    rows = (
        activities.order_by()
        .values("form_id", "form__name", "form__measure", "form__category", "form__position")
        .annotate(**_aggregates())
        .order_by("form__position", "form__name")
    )
    labels = dict(FormCategory.choices)
    return [
        {
            "form_id": row["form_id"],
            "name": row["form__name"],
            "measure": row["form__measure"],
            "category": row["form__category"],
            "category_label": labels.get(row["form__category"], ""),
            **_figures(row),
        }
        for row in rows
    ]


def by_unit(activities):
    """One row per unit that carried out activities, in tree order: unit_id, name,
    organisation_id, organisation_name, and the figures."""
    rows = (
        activities.order_by()
        .values(
            "unit_id",
            "unit__name",
            "unit__path",
            "unit__organisation_id",
            "unit__organisation__name",
        )
        .annotate(**_aggregates())
        .order_by("unit__path")
    )
    return [
        {
            "unit_id": row["unit_id"],
            "name": row["unit__name"],
            "organisation_id": row["unit__organisation_id"],
            "organisation_name": row["unit__organisation__name"],
            **_figures(row),
        }
        for row in rows
    ]


def by_organisation(activities):
    """One row per organisation whose units carried out activities (the roll-up a superior
    reads), in tree order: organisation_id, name, and the figures."""
    rows = (
        activities.order_by()
        .values("unit__organisation_id", "unit__organisation__name", "unit__organisation__path")
        .annotate(**_aggregates())
        .order_by("unit__organisation__path")
    )
    return [
        {
            "organisation_id": row["unit__organisation_id"],
            "name": row["unit__organisation__name"],
            **_figures(row),
        }
        for row in rows
    ]


def by_month(activities, *, scheme=CutoffScheme.CALENDAR, start=None, end=None):
    """One row per month: month (its first day), label «mm/yyyy», and the figures.

    Under Decree 09 (`scheme=CutoffScheme.DECREE_09`) month M runs from the 15th of M-1 to the
    14th of M, as periodic reports count it. With `start` and `end`, months without
    activities in between are included with zeros (for charts).
    """
    decree = scheme == CutoffScheme.DECREE_09
    months = activities.order_by().annotate(month=TruncMonth("date")).values("month")
    merged = {}
    if decree:
        # One row per calendar month, split in SQL into days 1–14 and 15–end; the later
        # part belongs to the next cut-off month.
        late = _aggregates(Q(date__day__gte=15), prefix="late_")
        for row in months.annotate(**_aggregates(), **late):
            month = _as_date(row["month"])
            whole, after = _figures(row), _figures(row, prefix="late_")
            _add(merged, month, {name: whole[name] - after[name] for name in FIGURES})
            _add(merged, _next_month(month), after)
    else:
        for row in months.annotate(**_aggregates()):
            _add(merged, _as_date(row["month"]), _figures(row))
    if start and end:
        first = start if not decree or start.day < 15 else _next_month(start)
        last = end if not decree or end.day < 15 else _next_month(end)
        month = first.replace(day=1)
        while month <= last.replace(day=1):
            merged.setdefault(month, empty_figures())
            month = _next_month(month)
    return [
        {"month": month, "label": f"{month:%m/%Y}", **merged[month]}
        for month in sorted(merged)
        if any(merged[month].values()) or (start and end)
    ]


def _add(merged, month, figures):
    current = merged.setdefault(month, empty_figures())
    for name in FIGURES:
        current[name] += figures[name]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def _next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def by_target_group(activities):
    """One row per target group reached: target_group_id (None: not stated), name, and the
    figures. An activity reaching two groups counts in both, so rows do not add up to the
    totals."""
    rows = (
        activities.order_by()
        .values("target_groups__id", "target_groups__name", "target_groups__position")
        .annotate(**_aggregates())
        .order_by(F("target_groups__position").asc(nulls_last=True), "target_groups__name")
    )
    return [
        {
            "target_group_id": row["target_groups__id"],
            "name": row["target_groups__name"] or "Chưa ghi đối tượng",
            **_figures(row),
        }
        for row in rows
    ]


def by_plan(activities):
    """{plan_id: {count, approved, pending, returned, draft}} for the plans in `activities`."""
    rows = (
        activities.order_by()
        .values("plan_id")
        .annotate(
            count=Count("pk"),
            approved=Count("pk", filter=Q(status=ActivityStatus.APPROVED)),
            pending=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
            returned=Count("pk", filter=Q(status=ActivityStatus.RETURNED)),
            draft=Count("pk", filter=Q(status=ActivityStatus.DRAFT)),
        )
    )
    return {row.pop("plan_id"): row for row in rows}


@dataclass
class TargetProgress:
    target: object
    actual: Decimal | None
    percent: int | None

    @property
    def is_met(self):
        return self.actual is not None and self.actual >= self.target.target_value

    @property
    def bar_percent(self):
        return min(self.percent or 0, 100)


def target_progress(plan, activities):
    """Each target of `plan` with its actual value: the manual result for «manual» targets,
    otherwise computed from `activities` of the plan (count, quantity of the target's form,
    participants, views; restricted to the target's form when it names one). One query for
    the targets, one for all the computed actuals."""
    targets = list(plan.targets.select_related("form").order_by("position", "pk"))
    measures = {
        TargetMetric.ACTIVITIES: None,
        TargetMetric.QUANTITY: "quantity",
        TargetMetric.PARTICIPANTS: "participants",
        TargetMetric.VIEWS: "views",
    }
    aggregates = {}
    for target in targets:
        if target.metric not in measures:
            continue
        condition = Q(form_id=target.form_id) if target.form_id else Q()
        column = measures[target.metric]
        aggregates[f"t{target.pk}"] = (
            Count("pk", filter=condition)
            if column is None
            else Coalesce(Sum(column, filter=condition), Value(0), output_field=BigIntegerField())
        )
    computed = activities.filter(plan=plan).order_by().aggregate(**aggregates) if aggregates else {}
    progress = []
    for target in targets:
        if target.metric == TargetMetric.MANUAL:
            actual = target.actual_value
        else:
            actual = Decimal(computed.get(f"t{target.pk}") or 0)
        percent = None
        if actual is not None and target.target_value:
            percent = int(actual * 100 / target.target_value)
        progress.append(TargetProgress(target=target, actual=actual, percent=percent))
    return progress


class AssignmentState:
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    WAITING = "waiting"

    LABELS = {
        DONE: "Đã có kết quả",
        OVERDUE: "Quá hạn, chưa có hoạt động được duyệt",
        DUE_SOON: "Sắp đến hạn, chưa có hoạt động được duyệt",
        WAITING: "Chưa có hoạt động được duyệt",
    }


def assignment_state(*, due_date, approved, today, soon_days=14):
    if approved:
        return AssignmentState.DONE
    if due_date and due_date < today:
        return AssignmentState.OVERDUE
    if due_date and due_date <= today + datetime.timedelta(days=soon_days):
        return AssignmentState.DUE_SOON
    return AssignmentState.WAITING


@dataclass
class AssignmentProgress:
    assignment: Assignment
    figures: dict
    approved: int
    pending: int
    last_date: datetime.date | None
    state: str
    covered_units: list
    units_without_activity: list

    @property
    def state_label(self):
        return AssignmentState.LABELS[self.state]


def assignment_progress(plan, activities, *, today, soon_days=14):
    """Each assignment of `plan` with its figures (from `activities`), approved and pending
    counts, last activity date and state (done, overdue, due soon, waiting). For a group
    assignment («Các thôn») the covered units of the issuing organisation are listed with
    those that have no activity yet. Four queries whatever the size of the plan."""
    assignments = list(plan.assignments.select_related("unit").order_by("position", "pk"))
    mine = activities.filter(plan=plan).order_by()
    rows = {
        row["assignment_id"]: row
        for row in mine.values("assignment_id").annotate(
            **_aggregates(),
            approved=Count("pk", filter=Q(status=ActivityStatus.APPROVED)),
            pending=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
            last_date=Max("date"),
        )
    }
    groups = [a for a in assignments if a.includes_subunits and a.unit_id]
    units, active_pairs = [], set()
    if groups:
        units = list(
            Unit.objects.filter(organisation_id=plan.issuer_id, is_active=True).order_by("path")
        )
        active_pairs = set(
            mine.filter(assignment__in=groups).values_list("assignment_id", "unit_id").distinct()
        )
    progress = []
    for assignment in assignments:
        row = rows.get(assignment.pk)
        covered = [u for u in units if u.pk != assignment.unit_id and assignment.covers(u)]
        progress.append(
            AssignmentProgress(
                assignment=assignment,
                figures=_figures(row) if row else empty_figures(),
                approved=row["approved"] if row else 0,
                pending=row["pending"] if row else 0,
                last_date=row["last_date"] if row else None,
                state=assignment_state(
                    due_date=assignment.due_date,
                    approved=row["approved"] if row else 0,
                    today=today,
                    soon_days=soon_days,
                ),
                covered_units=covered,
                units_without_activity=[
                    u for u in covered if (assignment.pk, u.pk) not in active_pairs
                ],
            )
        )
    return progress


def late_assignments(assignments, *, today, soon_days=14, limit=50):
    """Assignments of issued plans whose due date has passed (overdue) or falls within
    `soon_days` (due soon) without any approved activity, earliest first. Each returned
    assignment carries `is_overdue` and `days_left`. One query."""
    rows = (
        assignments.filter(
            plan__status=PlanStatus.ISSUED,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=soon_days),
        )
        .annotate(
            approved_count=Count("activities", filter=Q(activities__status=ActivityStatus.APPROVED))
        )
        .filter(approved_count=0)
        .select_related("plan__issuer", "unit")
        .order_by("due_date", "pk")[:limit]
    )
    late = list(rows)
    for assignment in late:
        assignment.is_overdue = assignment.due_date < today
        assignment.days_left = (assignment.due_date - today).days
    return late


# Periods for dashboards and filters.

PERIOD_CHOICES = [
    ("month", "Tháng này"),
    ("quarter", "Quý này"),
    ("year", "Năm nay"),
    ("custom", "Tùy chọn"),
]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def description(self):
        return f"{self.label} (từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y})"


def current_period(kind, *, today, scheme=CutoffScheme.DECREE_09):
    """This month, quarter or year as the organisation cuts its figures off (Decree 09 by
    default: the month runs to the 14th)."""
    period_kind = {
        "month": PeriodKind.MONTH,
        "quarter": PeriodKind.QUARTER,
        "year": PeriodKind.YEAR,
    }[kind]
    year, index = period_containing(period_kind, today, scheme)
    start, end = period_bounds(period_kind, year, index, scheme)
    return Period(start=start, end=end, label=period_label(period_kind, year, index))


def custom_period(start, end):
    return Period(start=start, end=end, label="Khoảng thời gian tùy chọn")


def plans_with_progress(plans, activities):
    """`plans` (a queryset) with per-plan counts from `activities` attached as `.figures`."""
    plans = list(plans.select_related("issuer"))
    counts = by_plan(activities.filter(plan__in=[p.pk for p in plans]))
    blank = {"count": 0, "approved": 0, "pending": 0, "returned": 0, "draft": 0}
    for plan in plans:
        plan.figures = counts.get(plan.pk, blank)
    return plans
