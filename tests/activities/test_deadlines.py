"""The one definition of done, late and overdue (activities/deadlines.py), tested once:
the Python rule that pages print, and the SQL filters that lists, the dashboard and the
reminders use, agree on every case."""

import datetime

import pytest

from activities import deadlines
from activities.deadlines import TaskState, task_standing
from activities.models import CompletionStatus, TaskCompletion
from plans.models import Assignment
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 20)


def completion(status, *, is_late=False, percent=0):
    return TaskCompletion(status=status, is_late=is_late, percent=percent)


@pytest.mark.parametrize(
    ("due", "row", "expected"),
    [
        (D(2026, 6, 19), None, TaskState.OVERDUE),
        (D(2026, 6, 20), None, TaskState.DUE_SOON),  # due today: not yet overdue
        (D(2026, 7, 4), None, TaskState.DUE_SOON),  # 14 days ahead
        (D(2026, 7, 5), None, TaskState.WAITING),
        (None, None, TaskState.WAITING),  # no due date: never overdue
        (
            D(2026, 9, 1),
            completion(CompletionStatus.IN_PROGRESS, percent=40),
            TaskState.IN_PROGRESS,
        ),
        (D(2026, 9, 1), completion(CompletionStatus.REOPENED), TaskState.REOPENED),
        (D(2026, 6, 1), completion(CompletionStatus.IN_PROGRESS, percent=90), TaskState.OVERDUE),
        (D(2026, 6, 1), completion(CompletionStatus.REOPENED), TaskState.OVERDUE),
        (D(2026, 6, 1), completion(CompletionStatus.DONE), TaskState.DONE),
        (D(2026, 6, 1), completion(CompletionStatus.DONE, is_late=True), TaskState.DONE_LATE),
    ],
)
def test_a_task_stands_by_its_completion_and_its_due_date(due, row, expected):
    standing = task_standing(due_date=due, completion=row, today=TODAY)
    assert standing.state == expected
    assert standing.is_overdue == (expected == TaskState.OVERDUE)
    assert standing.is_done == (expected in (TaskState.DONE, TaskState.DONE_LATE))


def test_a_completion_after_the_due_date_is_late_and_on_the_day_is_not():
    assert deadlines.is_late_on(due_date=D(2026, 6, 20), done_on=D(2026, 6, 21))
    assert not deadlines.is_late_on(due_date=D(2026, 6, 20), done_on=D(2026, 6, 20))
    assert not deadlines.is_late_on(due_date=None, done_on=D(2026, 6, 21))


def test_the_sql_filters_agree_with_the_rule(world, kp):
    """Every combination of due date and completion, as the lists and reminders read them."""
    cases = {}
    for due in (D(2026, 6, 1), D(2026, 6, 20), D(2026, 7, 1), D(2026, 8, 30), None):
        for status in (None, *CompletionStatus.values):
            assignment = AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=due)
            row = None
            if status:
                row = TaskCompletion.objects.create(
                    assignment=assignment, unit=world.kp_office, status=status
                )
            cases[assignment.pk] = task_standing(due_date=due, completion=row, today=TODAY)
    mine = Assignment.objects.filter(pk__in=cases)

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(deadlines.overdue(mine, today=TODAY)) == {
        pk for pk, standing in cases.items() if standing.is_overdue
    }
    assert ids(deadlines.open_due(mine, today=TODAY, within_days=14)) == {
        pk
        for pk, standing in cases.items()
        if standing.state in (TaskState.OVERDUE, TaskState.DUE_SOON)
    }
    assert ids(deadlines.not_done(mine)) == {
        pk for pk, standing in cases.items() if not standing.is_done
    }
    assert ids(deadlines.done_for(mine, world.kp_office)) == {
        pk for pk, standing in cases.items() if standing.is_done
    }


def test_a_group_part_is_done_by_its_own_row_or_the_whole(world, kp):
    task = kp.village_task  # «Các thôn», given to the commune
    TaskCompletion.objects.create(
        assignment=task, unit=world.kp_village, status=CompletionStatus.DONE
    )
    mine = Assignment.objects.filter(pk=task.pk)
    assert list(deadlines.not_done_for(mine, world.kp_village)) == []
    assert list(deadlines.not_done(mine)) == [task]  # the whole is not done yet
    done = deadlines.done_pairs([task.pk])
    assert deadlines.part_is_done(done, task, world.kp_village.pk)
    assert not deadlines.part_is_done(done, task, world.kp_office.pk)
