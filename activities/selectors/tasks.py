"""Reads for tasks (assignments of issued plans): whose tasks a person follows, where each
stands under the rule of activities/deadlines.py, and the parts of a group assignment."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from plans.models import Assignment, Plan, PlanStatus
from units.models import Role, Unit

from .. import deadlines
from ..models import TaskCompletion


@dataclass
class TaskScope:
    """The tasks a person follows, and the unit whose part of them is theirs: a unit head's
    own unit, otherwise the organisation (whose part of a task is the whole, or its part of
    a group given by its superior)."""

    assignments: object
    unit: Unit | None

    @property
    def issued(self):
        """Tasks of issued plans, with or without a due date."""
        return self.assignments.filter(plan__status=PlanStatus.ISSUED)

    def open(self):
        return deadlines.not_done_for(self.issued, self.unit)

    def done(self):
        return deadlines.done_for(self.issued, self.unit)

    def due(self, *, today, within_days):
        return self.open().filter(due_date__lte=today + datetime.timedelta(days=within_days))

    def overdue(self, *, today):
        return self.open().filter(due_date__lt=today)


def tasks_for(user) -> TaskScope:
    """A unit head: the tasks of their unit (group tasks covering it included). Officers,
    leaders and administrators: what their organisation assigned in its issued plans, and
    what superiors' plans assigned to it."""
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None:
        return TaskScope(Assignment.objects.none(), None)
    if user.role == Role.UNIT_HEAD:
        return TaskScope(Assignment.objects.for_unit(user.unit), user.unit)
    # Both as lists of ids (a handful): with subqueries the planner joined every assignment
    # due in the window with every issued plan (280 ms at city scale).
    own_plans = list(
        Plan.objects.filter(issuer=organisation, status=PlanStatus.ISSUED).values_list(
            "pk", flat=True
        )
    )
    given_to_it = list(Assignment.objects.for_unit(organisation).values_list("pk", flat=True))
    return TaskScope(
        Assignment.objects.filter(Q(plan_id__in=own_plans) | Q(pk__in=given_to_it)), organisation
    )


@dataclass
class TaskRow:
    assignment: Assignment
    standing: deadlines.Standing
    completion: TaskCompletion | None


def task_rows(assignments, *, unit, today) -> list[TaskRow]:
    """Each assignment (already fetched) with the standing of `unit`'s part (the whole when
    the unit is the assignment's own or has no part of it). One query."""
    assignments = list(assignments)
    completions = deadlines.completions_of(a.pk for a in assignments)
    rows = []
    for assignment in assignments:
        whole = completions.get((assignment.pk, assignment.unit_id))
        part = completions.get((assignment.pk, unit.pk)) if unit is not None else None
        completion = whole if whole is not None and whole.is_done else part or whole
        rows.append(
            TaskRow(
                assignment,
                deadlines.task_standing(
                    due_date=assignment.due_date, completion=completion, today=today
                ),
                completion,
            )
        )
    return rows


@dataclass
class TaskPart:
    unit: Unit
    completion: TaskCompletion | None
    standing: deadlines.Standing


@dataclass
class TaskDetail:
    assignment: Assignment
    completion: TaskCompletion | None
    standing: deadlines.Standing
    parts: list[TaskPart] = field(default_factory=list)

    @property
    def parts_done(self):
        return sum(1 for part in self.parts if part.standing.is_done)


def task_detail(assignment: Assignment, *, today) -> TaskDetail:
    """The task with its completion and, for a group, each covered unit's part."""
    completions = {
        row.unit_id: row
        for row in TaskCompletion.objects.filter(assignment=assignment)
        .select_related("done_by", "reported_by", "reopened_by")
        .prefetch_related("activities")
    }
    whole = completions.get(assignment.unit_id)
    detail = TaskDetail(
        assignment,
        whole,
        deadlines.task_standing(due_date=assignment.due_date, completion=whole, today=today),
    )
    if assignment.includes_subunits:
        for unit in assignment.covered_units().order_by("path"):
            completion = completions.get(unit.pk)
            if completion is None and whole is not None and whole.is_done:
                completion = whole
            detail.parts.append(
                TaskPart(
                    unit,
                    completions.get(unit.pk),
                    deadlines.task_standing(
                        due_date=assignment.due_date, completion=completion, today=today
                    ),
                )
            )
    return detail
