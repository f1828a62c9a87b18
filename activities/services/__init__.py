"""Writes for activities: logging (one or a recurring series), correcting, submitting,
reviewing, and the evidence attached to them.

Each function checks who may do it (activities.permissions), validates, writes in one
transaction and leaves the history to django-simple-history.
"""

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from notifications import events
from plans.models import Assignment, ContentSection, OutreachForm
from reports.locks import refuse_closed
from units.models import Unit, User

from ..evidence import PreparedFile
from ..models import (
    EDITABLE_STATUSES,
    Activity,
    ActivityStatus,
    Evidence,
    EvidenceKind,
    TargetGroup,
)
from ..permissions import can_log_for, review_refusal

MAX_SERIES = 60
REPEAT_DAILY = "daily"
REPEAT_WEEKLY = "weekly"
REPEAT_MONTHLY = "monthly"
REPEAT_CHOICES = [
    ("", "Không lặp lại"),
    (REPEAT_DAILY, "Hằng ngày"),
    (REPEAT_WEEKLY, "Hằng tuần (cùng thứ)"),
    (REPEAT_MONTHLY, "Hằng tháng (cùng ngày)"),
]


@dataclass
class ActivityInput:
    """What a person types about an activity (everything but evidence and status)."""

    unit: Unit
    assignment: Assignment
    form: OutreachForm
    date: datetime.date
    title: str
    description: str = ""
    place: str = ""
    sections: Sequence[ContentSection] = ()
    target_groups: Sequence[TargetGroup] = ()
    quantity: int = 1
    participants: int = 0
    views: int = 0
    interactions: int = 0
    cost: int = 0


@dataclass
class EvidenceInput:
    files: Sequence[PreparedFile] = ()
    links: Sequence[str] = ()
    remove: Sequence[int] = field(default_factory=tuple)


SCALAR_FIELDS = [
    "unit",
    "assignment",
    "form",
    "date",
    "title",
    "description",
    "place",
    "quantity",
    "participants",
    "views",
    "interactions",
    "cost",
]
RELATED_FIELDS = ["unit", "plan", "assignment", "form", "created_by", "reviewed_by"]


def series_dates(*, start: datetime.date, repeat: str, until: datetime.date | None):
    """The dates of a recurring series from `start` to `until` (both included)."""
    if not repeat:
        return [start]
    if until is None or until < start:
        raise ValidationError(
            {"repeat_until": "Ngày kết thúc chuỗi phải từ ngày thực hiện trở đi."}
        )
    dates = []
    day, step = start, 0
    while day <= until:
        dates.append(day)
        if len(dates) > MAX_SERIES:
            raise ValidationError(
                {"repeat_until": f"Một chuỗi có tối đa {MAX_SERIES} hoạt động: hãy rút ngắn."}
            )
        step += 1
        if repeat == REPEAT_DAILY:
            day = start + datetime.timedelta(days=step)
        elif repeat == REPEAT_WEEKLY:
            day = start + datetime.timedelta(weeks=step)
        elif repeat == REPEAT_MONTHLY:
            day = _same_day_months_later(start, step)
        else:
            raise ValidationError({"repeat": "Cách lặp lại không hợp lệ."})
    return dates


def _same_day_months_later(start, months):
    """The same day `months` later, or the month's last day (31/01 → 28/02)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_first - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(start.day, last_day))


def _check_dates(dates):
    today = timezone.localdate()
    late = [d for d in dates if d > today]
    if late:
        field_name = "date" if len(dates) == 1 else "repeat_until"
        raise ValidationError(
            {
                field_name: f"Ngày {late[0]:%d/%m/%Y} chưa đến: chỉ ghi nhận hoạt động đã thực "
                f"hiện (đến hôm nay, {today:%d/%m/%Y})."
            }
        )


def check_in_plan_period(plan, dates, field_name="date"):
    """An activity implements a plan: it happens while the plan runs."""
    begin, finish = plan.period_start, plan.period_end
    outside = [day for day in dates if (begin and day < begin) or (finish and day > finish)]
    if outside:
        span = " – ".join(f"{day:%d/%m/%Y}" for day in (begin, finish) if day)
        raise ValidationError(
            {
                field_name: f"Ngày {outside[0]:%d/%m/%Y} nằm ngoài thời gian thực hiện của kế "
                f"hoạch ({span}): hãy kiểm tra lại ngày hoặc chọn đúng kế hoạch."
            }
        )


def _check_input(by, data):
    if not can_log_for(by, data.unit):
        raise PermissionDenied("Bạn không được ghi nhận hoạt động cho đơn vị này.")
    plan_id = data.assignment.plan_id
    if any(section.plan_id != plan_id for section in data.sections):
        raise ValidationError({"sections": "Chỉ chọn nội dung của kế hoạch có nhiệm vụ đã chọn."})


def _fill(activity, data):
    for name in SCALAR_FIELDS:
        setattr(activity, name, getattr(data, name))
    activity.plan = data.assignment.plan
    activity.title = data.title.strip()


def _store_evidence(activities, evidence, by):
    """Attach files and links to each activity; a file is stored once for the whole series."""
    stored = []
    for prepared in evidence.files:
        first = Evidence(
            activity=activities[0],
            kind=prepared.kind,
            original_name=prepared.original_name,
            content_type=prepared.content_type,
            size=prepared.size,
            uploaded_by=by,
        )
        first.file.save(f"{uuid.uuid4().hex}{prepared.extension}", ContentFile(prepared.content))
        stored.append(first)
    for activity in activities:
        for first in stored:
            if activity.pk != first.activity_id:
                Evidence.objects.create(
                    activity=activity,
                    kind=first.kind,
                    file=first.file.name,
                    original_name=first.original_name,
                    content_type=first.content_type,
                    size=first.size,
                    uploaded_by=by,
                )
        for link in evidence.links:
            Evidence.objects.create(
                activity=activity, kind=EvidenceKind.LINK, url=link, uploaded_by=by
            )


@transaction.atomic
def activity_create(
    *,
    by: User,
    data: ActivityInput,
    evidence: EvidenceInput | None = None,
    repeat: str = "",
    repeat_until: datetime.date | None = None,
    submit: bool = True,
) -> list[Activity]:
    """Log an activity, or a recurring series of them (same content, one per date, sharing
    a `series` id). Returns the activities created, first date first."""
    _check_input(by, data)
    dates = series_dates(start=data.date, repeat=repeat, until=repeat_until)
    _check_dates(dates)
    check_in_plan_period(data.assignment.plan, dates, "date" if len(dates) == 1 else "repeat_until")
    refuse_closed(unit=data.unit, plan_id=data.assignment.plan_id, dates=dates)
    series = uuid.uuid4() if len(dates) > 1 else None
    status = ActivityStatus.SUBMITTED if submit else ActivityStatus.DRAFT
    template = Activity(status=status, series=series, created_by=by)
    _fill(template, data)
    # The related rows come from scoped querysets; skip re-fetching each of them.
    template.full_clean(exclude=RELATED_FIELDS)
    activities = []
    for day in dates:
        activity = Activity(status=status, series=series, created_by=by)
        _fill(activity, data)
        activity.date = day
        activity.save()
        activity.sections.set(data.sections)
        activity.target_groups.set(data.target_groups)
        activities.append(activity)
    _store_evidence(activities, evidence or EvidenceInput(), by)
    if submit:
        events.activities_submitted(activities=activities, by=by)
    return activities


def _locked_editable(activity, by):
    locked = Activity.objects.select_for_update().select_related("plan", "unit").get(pk=activity.pk)
    if not can_log_for(by, locked.unit):
        raise PermissionDenied("Bạn không được sửa hoạt động của đơn vị này.")
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            "Hoạt động đã được duyệt nên không sửa được nữa. Nếu cần điều chỉnh, hãy liên hệ "
            "đơn vị đầu mối."
        )
    return locked


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    data: ActivityInput,
    evidence: EvidenceInput | None = None,
    submit: bool = False,
) -> Activity:
    """Correct an activity that is not yet approved. `submit` sends it (again) for review;
    otherwise it keeps its status (a returned one stays returned until sent again)."""
    locked = _locked_editable(activity, by)
    _check_input(by, data)
    _check_dates([data.date])
    check_in_plan_period(data.assignment.plan, [data.date])
    refuse_closed(unit=data.unit, plan_id=data.assignment.plan_id, dates=[data.date])
    _fill(locked, data)
    resubmitted = submit and locked.status != ActivityStatus.SUBMITTED
    if submit:
        locked.status = ActivityStatus.SUBMITTED
    locked.full_clean(exclude=RELATED_FIELDS)
    locked.save()
    locked.sections.set(data.sections)
    locked.target_groups.set(data.target_groups)
    evidence = evidence or EvidenceInput()
    if evidence.remove:
        for item in locked.evidence.filter(pk__in=evidence.remove):
            # The stored file stays: the history of the evidence still points at it.
            item.delete()
    _store_evidence([locked], evidence, by)
    if resubmitted:
        events.activities_submitted(activities=[locked], by=by)
    return locked


@transaction.atomic
def activity_submit(*, activity: Activity, by: User) -> Activity:
    """Send a draft or a corrected returned activity for review."""
    locked = _locked_editable(activity, by)
    if locked.status == ActivityStatus.SUBMITTED:
        return locked
    refuse_closed(unit=locked.unit, plan_id=locked.plan_id, dates=[locked.date])
    locked.full_clean(exclude=RELATED_FIELDS)
    locked.status = ActivityStatus.SUBMITTED
    locked.save(update_fields=["status", "updated_at"])
    events.activities_submitted(activities=[locked], by=by)
    return locked


def _locked_for_review(activity, by):
    locked = Activity.objects.select_for_update().select_related("plan", "unit").get(pk=activity.pk)
    refusal = review_refusal(by, locked)
    if refusal:
        raise PermissionDenied(refusal)
    if locked.status != ActivityStatus.SUBMITTED:
        raise ValidationError(
            f"Hoạt động này không còn chờ duyệt (trạng thái: {locked.get_status_display()})."
        )
    return locked


def _record_review(activity, by, status, comment):
    activity.status = status
    activity.review_comment = comment.strip()
    activity.reviewed_by = by
    activity.reviewed_at = timezone.now()
    activity.save(
        update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated_at"]
    )
    events.activity_reviewed(activity=activity, by=by)
    return activity


@transaction.atomic
def activity_approve(*, activity: Activity, by: User, comment: str = "") -> Activity:
    """The plan's focal unit (or the issuer's leader) accepts a submitted activity."""
    locked = _locked_for_review(activity, by)
    refuse_closed(unit=locked.unit, plan_id=locked.plan_id, dates=[locked.date])
    return _record_review(locked, by, ActivityStatus.APPROVED, comment)


@transaction.atomic
def activity_return(*, activity: Activity, by: User, comment: str) -> Activity:
    """Send a submitted activity back to its unit, saying what to correct."""
    if not comment.strip():
        raise ValidationError({"comment": "Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."})
    locked = _locked_for_review(activity, by)
    return _record_review(locked, by, ActivityStatus.RETURNED, comment)


def activity_approve_many(*, activities, by: User) -> int:
    """Approve each of `activities` the user may review; returns how many were approved."""
    approved = 0
    for activity in activities:
        try:
            activity_approve(activity=activity, by=by)
        except (PermissionDenied, ValidationError):
            continue
        approved += 1
    return approved
