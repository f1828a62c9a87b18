"""Progress of a plan: targets against actuals, assignments and what is late."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce

from plans.models import Assignment, TargetMetric
from units.models import Unit

from ..deadlines import SOON_DAYS, Standing, completions_of, open_due, task_standing
from ..models import ActivityStatus, TaskCompletion
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


@dataclass
class AssignmentProgress:
    assignment: Assignment
    figures: dict
    approved: int
    pending: int
    last_date: datetime.date | None
    standing: Standing
    completion: TaskCompletion | None
    covered_units: list
    units_without_activity: list
    parts_done: int = 0

    @property
    def state(self):
        return self.standing.state

    @property
    def state_label(self):
        return self.standing.label


def assignment_progress(plan, activities, *, today):
    """Each assignment of `plan` with its figures (from `activities`), approved and pending
    counts, last activity date and its standing under the one rule of activities/deadlines.py
    (done, done late, overdue, due soon, in progress, waiting). For a group assignment («Các
    thôn») the covered units are listed with those that have no activity yet and the number
    that reported their part done. Five queries whatever the size of the plan."""
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
    completions = completions_of(a.pk for a in assignments)
    groups = [a for a in assignments if a.includes_subunits and a.unit_id]
    units, active_pairs = [], set()
    if groups:
        units = list(Unit.objects.assignable_by(plan.issuer).order_by("path"))
        active_pairs = set(
            mine.filter(assignment__in=groups).values_list("assignment_id", "unit_id").distinct()
        )
    progress = []
    for assignment in assignments:
        row = rows.get(assignment.pk)
        covered = [u for u in units if assignment.has_part(u)]
        completion = completions.get((assignment.pk, assignment.unit_id))
        progress.append(
            AssignmentProgress(
                assignment=assignment,
                figures=figures_of(row) if row else empty_figures(),
                approved=row["approved"] if row else 0,
                pending=row["pending"] if row else 0,
                last_date=row["last_date"] if row else None,
                standing=task_standing(
                    due_date=assignment.due_date, completion=completion, today=today
                ),
                completion=completion,
                covered_units=covered,
                units_without_activity=[
                    u for u in covered if (assignment.pk, u.pk) not in active_pairs
                ],
                parts_done=sum(
                    1
                    for u in covered
                    if getattr(completions.get((assignment.pk, u.pk)), "is_done", False)
                ),
            )
        )
    return progress


def late_assignments(assignments, *, today, limit, soon_days=SOON_DAYS):
    """Tasks (deadlines.py) overdue or due within `soon_days` that are not done, earliest
    first. Each returned assignment carries `is_overdue` and `days_left`. One query."""
    # NOT EXISTS, not a COUNT over a join: the database walks the assignments by due date
    # and stops at `limit`, probing each one's completion through its unique index.
    rows = (
        open_due(assignments, today=today, within_days=soon_days)
        .select_related("plan__issuer", "unit")
        .order_by("due_date", "pk")[:limit]
    )
    late = list(rows)
    for assignment in late:
        assignment.is_overdue = assignment.due_date < today
        assignment.days_left = (assignment.due_date - today).days
    return late
