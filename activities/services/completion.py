"""Writes on task completion: a unit reports progress or that its part is done, the issuing
organisation reopens a completion. The rule of what is done, late or overdue is
activities/deadlines.py; who may do what is activities/permissions.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications import events
from plans.models import Assignment
from units.models import Unit, User

from ..deadlines import is_late_on
from ..models import REPORTED_STATUSES, Activity, CompletionStatus, TaskCompletion
from ..permissions import can_reopen_task, can_report_task

ALREADY_DONE = (
    "Nhiệm vụ đã được báo hoàn thành. Nếu cần làm tiếp, cơ quan giao nhiệm vụ sẽ mở lại kèm ý kiến."
)


@dataclass
class CompletionInput:
    """What a unit says about its part: done (with its result) or how far it got."""

    done: bool
    percent: int = 0
    result: str = ""
    link: str = ""
    activities: Sequence[Activity] = field(default_factory=tuple)


def part_activities(*, assignment: Assignment, unit: Unit):
    """The activities a completion of `unit`'s part may point to: reported (submitted or
    approved) activities of the assignment by the unit or the units below it."""
    return Activity.objects.filter(
        assignment=assignment,
        unit__path__startswith=unit.path,
        status__in=REPORTED_STATUSES,
    ).order_by("-date", "-pk")


def _locked_row(assignment, unit):
    """The completion row of (assignment, unit) locked for this transaction (two people
    reporting at once: the second waits, then sees the first), or a new unsaved one."""
    found = TaskCompletion.objects.select_for_update().filter(assignment=assignment, unit=unit)
    return found.first() or TaskCompletion(assignment=assignment, unit=unit)


def _save(row):
    """Save `row`; a new row that someone else created a moment ago is refused cleanly."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError(
            "Đơn vị vừa được người khác báo cáo kết quả nhiệm vụ này. Hãy tải lại trang.",
            code="conflict",
        ) from exc


def _mark_done(row, *, by, now, today, due_date):
    row.status = CompletionStatus.DONE
    row.percent = 100
    row.done_by = by
    row.done_at = now
    row.done_on = today
    # Late once, late for good: a reopened task done again keeps its mark.
    row.is_late = row.is_late or is_late_on(due_date=due_date, done_on=today)


@transaction.atomic
def task_report(
    *, assignment: Assignment, unit: Unit, by: User, data: CompletionInput
) -> TaskCompletion:
    """Record `unit`'s progress on `assignment`, or that its part is done.

    For a group assignment the part of the last covered unit to finish also completes the
    whole (the row of the assignment's own unit). Returns the part's row."""
    if not can_report_task(by, assignment, unit):
        raise PermissionDenied("Bạn không được báo cáo kết quả nhiệm vụ này cho đơn vị này.")
    errors = {}
    result = data.result.strip()
    if data.done and not result:
        errors["result"] = "Ghi ngắn gọn kết quả đã làm được để cơ quan giao việc nắm."
    if not 0 <= data.percent <= 100:
        errors["percent"] = "Tiến độ là một số từ 0 đến 100."
    allowed = set(part_activities(assignment=assignment, unit=unit).values_list("pk", flat=True))
    if any(activity.pk not in allowed for activity in data.activities):
        errors["activities"] = "Chỉ chọn hoạt động của đơn vị đã báo cáo cho nhiệm vụ này."
    if errors:
        raise ValidationError(errors)

    row = _locked_row(assignment, unit)
    if row.status == CompletionStatus.DONE:
        raise ValidationError(ALREADY_DONE, code="done")
    now, today = timezone.now(), timezone.localdate()
    row.result = result
    row.link = data.link.strip()
    row.reported_by, row.reported_at = by, now
    if data.done:
        _mark_done(row, by=by, now=now, today=today, due_date=assignment.due_date)
    else:
        row.status = CompletionStatus.IN_PROGRESS
        row.percent = data.percent
    row._change_reason = "Báo hoàn thành" if data.done else "Cập nhật tiến độ"
    row.full_clean(exclude=["assignment", "unit", "activities"], validate_constraints=False)
    _save(row)
    row.activities.set(data.activities)
    if data.done and is_late_on(due_date=assignment.due_date, done_on=today):
        events.task_done_late(completion=row, by=by)
    if data.done and assignment.includes_subunits:
        _complete_whole_if_all_done(assignment, by=by, now=now, today=today)
    return row


def _complete_whole_if_all_done(assignment, *, by, now, today):
    covered = list(assignment.covered_units().values_list("pk", flat=True))
    done = set(
        TaskCompletion.objects.filter(
            assignment=assignment, unit_id__in=covered, status=CompletionStatus.DONE
        ).values_list("unit_id", flat=True)
    )
    if not covered or done != set(covered):
        return None
    whole = _locked_row(assignment, assignment.unit)
    if whole.status == CompletionStatus.DONE:
        return whole
    whole.result = f"Cả {len(covered)} đơn vị đã báo hoàn thành phần việc của mình."
    whole.reported_by, whole.reported_at = by, now
    _mark_done(whole, by=by, now=now, today=today, due_date=assignment.due_date)
    whole._change_reason = "Các đơn vị đã hoàn thành"
    _save(whole)
    return whole


@transaction.atomic
def task_reopen(*, completion: TaskCompletion, by: User, comment: str) -> TaskCompletion:
    """The issuing organisation reopens a done part (and, for a group, the whole with it):
    reminders start again and the unit is told why."""
    assignment = completion.assignment
    if not can_reopen_task(by, assignment):
        raise PermissionDenied("Chỉ cơ quan giao nhiệm vụ được mở lại kết quả.")
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Ghi lý do mở lại để đơn vị biết cần làm thêm gì."})
    if assignment.includes_subunits and completion.unit_id == assignment.unit_id:
        raise ValidationError(
            "Nhiệm vụ chung hoàn thành khi mọi đơn vị hoàn thành: hãy mở lại phần của từng đơn vị."
        )
    now = timezone.now()
    reopened = TaskCompletion.objects.filter(pk=completion.pk, status=CompletionStatus.DONE).update(
        status=CompletionStatus.REOPENED
    )
    if not reopened:
        raise ValidationError("Kết quả này không còn ở trạng thái đã hoàn thành.", code="conflict")
    rows = [completion]
    if assignment.includes_subunits:
        whole = TaskCompletion.objects.filter(
            assignment=assignment, unit_id=assignment.unit_id, status=CompletionStatus.DONE
        ).first()
        if whole is not None:
            rows.append(whole)
    for row in rows:
        row.refresh_from_db()
        row.status = CompletionStatus.REOPENED
        row.reopened_by, row.reopened_at, row.reopen_comment = by, now, comment
        row._change_reason = "Mở lại"
        row.save()
    completion.refresh_from_db()
    events.task_reopened(completion=completion, by=by)
    return completion
