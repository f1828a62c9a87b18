"""When a task is done, late or overdue: one rule for the home page, the dashboard, the
progress and task pages, and the reminders.

- A task is an assignment of an *issued* plan; a draft's or a closed plan's tasks are not
  followed. Only a task with a due date can be overdue.
- It is *done* when its unit reported it done (TaskCompletion for the assignment's own unit
  is «done»). A group assignment («Các thôn») is done as a whole when every covered unit has
  reported its part done; a covered unit's *part* is done when its own row is (or the whole).
- On day D (the local date, Asia/Ho_Chi_Minh) a task that is not done is *overdue* when D is
  after its due date and *due soon* when it is due within the next `soon_days` days.
- A task reported done after its due date is *done late*, and stays marked late.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from plans.models import PlanStatus

from .models import CompletionStatus, TaskCompletion

SOON_DAYS = 14


class TaskState:
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    IN_PROGRESS = "in_progress"
    REOPENED = "reopened"
    WAITING = "waiting"

    LABELS = {
        DONE: "Đã hoàn thành",
        DONE_LATE: "Hoàn thành muộn",
        OVERDUE: "Quá hạn",
        DUE_SOON: "Sắp đến hạn",
        IN_PROGRESS: "Đang thực hiện",
        REOPENED: "Được mở lại, đang làm tiếp",
        WAITING: "Chưa đến hạn",
    }
    CSS = {
        DONE: "text-bg-success",
        DONE_LATE: "text-bg-warning",
        OVERDUE: "text-bg-danger",
        DUE_SOON: "text-bg-warning",
        IN_PROGRESS: "text-bg-info",
        REOPENED: "text-bg-info",
        WAITING: "text-bg-light border",
    }
    FINISHED = (DONE, DONE_LATE)


@dataclass(frozen=True)
class Standing:
    """A task's (or a part's) state on a day, with what the pages print about it."""

    state: str
    due_date: datetime.date | None
    today: datetime.date
    percent: int = 0

    @property
    def label(self):
        return TaskState.LABELS[self.state]

    @property
    def css(self):
        return TaskState.CSS[self.state]

    @property
    def is_done(self):
        return self.state in TaskState.FINISHED

    @property
    def is_overdue(self):
        return self.state == TaskState.OVERDUE

    @property
    def days_left(self):
        return (self.due_date - self.today).days if self.due_date else None

    @property
    def days_late(self):
        return -self.days_left if self.is_overdue else 0


def task_standing(*, due_date, completion, today, soon_days=SOON_DAYS) -> Standing:
    """The state of a task (or a group part) whose completion row is `completion` (or None)."""
    if completion is not None and completion.status == CompletionStatus.DONE:
        state = TaskState.DONE_LATE if completion.is_late else TaskState.DONE
        return Standing(state, due_date, today, 100)
    percent = completion.percent if completion is not None else 0
    if due_date is not None and today > due_date:
        state = TaskState.OVERDUE
    elif due_date is not None and due_date <= today + datetime.timedelta(days=soon_days):
        state = TaskState.DUE_SOON
    elif completion is not None and completion.status == CompletionStatus.REOPENED:
        state = TaskState.REOPENED
    elif completion is not None:
        state = TaskState.IN_PROGRESS
    else:
        state = TaskState.WAITING
    return Standing(state, due_date, today, percent)


def is_late_on(*, due_date, done_on) -> bool:
    """A completion on `done_on` (a local date) is late when it is after the due date."""
    return due_date is not None and done_on > due_date


# ---------------------------------------------------------------- in SQL


def _done(unit_ref="unit_id"):
    return Exists(
        TaskCompletion.objects.filter(
            assignment_id=OuterRef("pk"),
            unit_id=OuterRef(unit_ref),
            status=CompletionStatus.DONE,
        )
    )


def followed(assignments):
    """Assignments with a deadline that is followed: of issued plans, with a due date."""
    return assignments.filter(plan__status=PlanStatus.ISSUED, due_date__isnull=False)


def not_done(assignments):
    """Assignments not done as a whole (NOT EXISTS over the unique (assignment, unit) index:
    the database stops at a LIMIT without counting anything)."""
    return assignments.filter(~_done())


def not_done_for(assignments, unit):
    """Assignments whose part for `unit` is not done (nor the whole)."""
    part = Exists(
        TaskCompletion.objects.filter(
            assignment_id=OuterRef("pk"), unit=unit, status=CompletionStatus.DONE
        )
    )
    return assignments.filter(~_done() & ~part)


def done_for(assignments, unit):
    """Assignments whose part for `unit` is done (or the whole)."""
    part = Exists(
        TaskCompletion.objects.filter(
            assignment_id=OuterRef("pk"), unit=unit, status=CompletionStatus.DONE
        )
    )
    return assignments.filter(_done() | part)


def open_due(assignments, *, today, within_days):
    """Followed tasks not done that are overdue or due within `within_days` days."""
    return not_done(followed(assignments)).filter(
        due_date__lte=today + datetime.timedelta(days=within_days)
    )


def overdue(assignments, *, today):
    """Followed tasks not done whose due date has passed."""
    return not_done(followed(assignments)).filter(due_date__lt=today)


def completions_of(assignment_ids) -> dict:
    """{(assignment id, unit id): TaskCompletion} of these assignments: one query."""
    rows = TaskCompletion.objects.filter(assignment_id__in=list(assignment_ids))
    return {(row.assignment_id, row.unit_id): row for row in rows}


def done_pairs(assignment_ids) -> set:
    """{(assignment id, unit id)} done among these assignments: one query."""
    return set(
        TaskCompletion.objects.filter(
            assignment_id__in=list(assignment_ids), status=CompletionStatus.DONE
        ).values_list("assignment_id", "unit_id")
    )


def part_is_done(done, assignment, unit_id) -> bool:
    """With `done` from `done_pairs`: whether `unit_id`'s part of `assignment` is done."""
    return (assignment.pk, unit_id) in done or (assignment.pk, assignment.unit_id) in done
