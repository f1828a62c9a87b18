"""Progress of a plan: targets against actuals, assignments and what is late."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Count, Exists, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from plans.models import Assignment, PlanStatus, TargetMetric
from units.models import Unit

from ..models import Activity, ActivityStatus
from .figures import aggregates, empty_figures, figures_of


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
            **aggregates(),
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
                figures=figures_of(row) if row else empty_figures(),
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
    # NOT EXISTS, not a COUNT over a join: the database walks the assignments by due date
    # and stops at `limit`, probing each one's approved activities through an index.
    approved = Activity.objects.filter(assignment=OuterRef("pk"), status=ActivityStatus.APPROVED)
    rows = (
        assignments.filter(
            plan__status=PlanStatus.ISSUED,
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=soon_days),
        )
        .filter(~Exists(approved))
        .select_related("plan__issuer", "unit")
        .order_by("due_date", "pk")[:limit]
    )
    late = list(rows)
    for assignment in late:
        assignment.is_overdue = assignment.due_date < today
        assignment.days_left = (assignment.due_date - today).days
    return late
