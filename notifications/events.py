"""Event notifications: something happened that someone else must know. One module, one
function per event; the services that make things happen call them.

Every event follows the same rules (`_notify`):
- in-app always (the bell), by e-mail as each person's preferences say: at once, in the
  next morning's digest, or not at all;
- created after the transaction commits (a rolled-back change tells nobody), once per
  person and occurrence (INSERT … ON CONFLICT DO NOTHING against a unique (recipient, key):
  a retried call adds nothing), and never for the person who acted;
- each notification links to its object (links.py).

To add an event: a value in `Event`, its headline in `HEADLINES`, its link in links.py and
a function here that names the people and calls `_notify` with a key naming the occurrence.
"""

import logging
import uuid
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone

from units.models import Unit, User

from . import cache as unread_cache
from . import people
from .models import (
    EmailStatus,
    Notification,
    NotificationKind,
    NotificationPreference,
    ReminderRule,
)

logger = logging.getLogger(__name__)


class Event(TextChoices):
    ACTIVITY_SUBMITTED = "activity_submitted", "Hoạt động chờ duyệt"
    ACTIVITY_APPROVED = "activity_approved", "Hoạt động đã được duyệt"
    ACTIVITY_RETURNED = "activity_returned", "Hoạt động bị trả lại"
    REPORT_SUBMITTED = "report_submitted", "Báo cáo của cấp dưới gửi lên"
    REPORT_ACCEPTED = "report_accepted", "Báo cáo đã được cấp trên tiếp nhận"
    REPORT_RETURNED = "report_returned", "Báo cáo bị cấp trên trả lại"
    PLAN_SUBMITTED = "plan_submitted", "Kế hoạch trình ký"
    PLAN_RETURNED = "plan_returned", "Kế hoạch trình ký bị trả lại"
    PLAN_SIGNED = "plan_signed", "Kế hoạch trình ký đã được ban hành"
    SUPERIOR_PLAN_ISSUED = "superior_plan_issued", "Kế hoạch cấp trên mới ban hành"
    TASK_ASSIGNED = "task_assigned", "Nhiệm vụ mới được giao"
    TASK_CHANGED = "task_changed", "Nhiệm vụ được điều chỉnh"
    TASK_DONE_LATE = "task_done_late", "Nhiệm vụ hoàn thành muộn"
    TASK_REOPENED = "task_reopened", "Nhiệm vụ được mở lại"
    EXPORT_READY = "export_ready", "Tệp xuất đã sẵn sàng"
    EXPORT_FAILED = "export_failed", "Không ghi được tệp xuất"


def _stamp(moment):
    """An occurrence's moment as part of its key."""
    return f"{(moment or timezone.now()).timestamp():.6f}"


def _notify(
    event: str,
    *,
    key: str,
    actor: User | None,
    recipients: Iterable[User],
    subject: str,
    organisation: Unit,
    detail: str = "",
    plan=None,
    assignment=None,
    activity=None,
    report=None,
    due_date=None,
) -> None:
    """Tell `recipients` (not the actor, not inactive people) once, after commit."""
    actor_id = actor.pk if actor is not None else None
    recipient_ids = sorted(
        {user.pk for user in recipients if user.is_active and user.pk != actor_id}
    )
    if not recipient_ids:
        return
    fields = {
        "kind": NotificationKind.EVENT,
        "rule": ReminderRule.EVENT,
        "event": event,
        "item_key": f"{event}:{key}"[:120],
        "subject": subject[:300],
        "detail": detail,
        "organisation_id": organisation.pk,
        "plan_id": getattr(plan, "pk", None),
        "assignment_id": getattr(assignment, "pk", None),
        "activity_id": getattr(activity, "pk", None),
        "report_id": getattr(report, "pk", None),
        "due_date": due_date,
        "actor_id": actor_id,
    }
    transaction.on_commit(partial(_create, recipient_ids, fields))


def _create(recipient_ids, fields):
    run_id = uuid.uuid4()
    today = timezone.localdate()
    immediate = set(
        NotificationPreference.objects.filter(
            user_id__in=recipient_ids, event_email=NotificationPreference.IMMEDIATE
        ).values_list("user_id", flat=True)
    )
    reachable = set(
        User.objects.filter(pk__in=recipient_ids).exclude(email="").values_list("pk", flat=True)
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=pk,
                remind_on=today,
                run_id=run_id,
                email_status=(
                    EmailStatus.PENDING if pk in immediate and pk in reachable else EmailStatus.NONE
                ),
                **fields,
            )
            for pk in recipient_ids
        ],
        ignore_conflicts=True,
    )
    created = list(
        Notification.objects.filter(run_id=run_id).values_list("pk", "recipient_id", "email_status")
    )
    unread_cache.forget(recipient for _, recipient, _ in created)
    from .tasks import enqueue, send_event_email

    for pk, _, status in created:
        if status == EmailStatus.PENDING:
            enqueue(send_event_email, pk)


# ---------------------------------------------------------------- activities


def _forget_review_counts(activity, by):
    """The «Duyệt» badges of everyone whose queue just changed, once the change is in."""
    from activities.selectors.review import forget_review_counts

    ids = [user.pk for user in people.reviewers_of(activity)] + [by.pk]
    transaction.on_commit(partial(forget_review_counts, ids))


def activities_submitted(*, activities, by: User) -> None:
    """Activities sent for review (one, or a recurring series logged at once): the plan's
    reviewers hear of them once."""
    activities = list(activities)
    if not activities:
        return
    first = activities[0]
    _forget_review_counts(first, by)
    count = len(activities)
    subject = f"{first.title} ({first.unit.name}, {first.date:%d/%m/%Y})"
    linked = first
    if count > 1 and len({a.title for a in activities}) == 1:
        subject = f"{count} hoạt động «{first.title}» của {first.unit.name}"
    elif count > 1:  # an Excel import: the queue, not one of them
        subject = f"{count} hoạt động mới nhập từ Excel"
        linked = None
    _notify(
        Event.ACTIVITY_SUBMITTED,
        key=f"{first.pk}:{count}:{_stamp(first.updated_at)}",
        actor=by,
        recipients=people.reviewers_of(first),
        subject=subject,
        detail=f"Kế hoạch số {first.plan.number_display}: {first.plan.title}"[:500],
        organisation=first.plan.issuer,
        plan=first.plan,
        activity=linked,
    )


def activity_reviewed(*, activity, by: User) -> None:
    """Approved or returned: whoever logged it hears of it, with the reviewer's comment."""
    event = Event.ACTIVITY_APPROVED if activity.status == "approved" else Event.ACTIVITY_RETURNED
    _forget_review_counts(activity, by)
    creator = [activity.created_by] if activity.created_by_id else []
    _notify(
        event,
        key=f"{activity.pk}:{_stamp(activity.reviewed_at)}",
        actor=by,
        recipients=creator,
        subject=f"{activity.title} ({activity.unit.name}, {activity.date:%d/%m/%Y})",
        detail=f"Ý kiến: {activity.review_comment}" if activity.review_comment else "",
        organisation=activity.unit.organisation or activity.unit,
        plan=activity.plan,
        activity=activity,
    )


# ---------------------------------------------------------------- reports


def _superior(organisation):
    return Unit.objects.ancestors_of(organisation).organisations().order_by("-depth").first()


def report_submitted(*, report, by: User) -> None:
    """A report sent upward: the leaders and officers of the organisation directly above."""
    superior = _superior(report.organisation)
    if superior is None:
        return
    _notify(
        Event.REPORT_SUBMITTED,
        key=f"{report.pk}:{_stamp(report.submitted_at)}",
        actor=by,
        recipients=people.leaders_and_officers(superior),
        subject=f"Báo cáo {report.period.label} của {report.organisation.name}",
        detail=report.title,
        organisation=superior,
        plan=report.plan,
        report=report,
    )


def report_reviewed(*, report, by: User) -> None:
    """Accepted or returned by the superior: the reporting organisation's leaders and
    officers, with the comment."""
    event = Event.REPORT_ACCEPTED if report.status == "accepted" else Event.REPORT_RETURNED
    _notify(
        event,
        key=f"{report.pk}:{_stamp(report.reviewed_at)}",
        actor=by,
        recipients=people.leaders_and_officers(report.organisation),
        subject=f"Báo cáo {report.period.label} của {report.organisation.name}",
        detail=f"Ý kiến: {report.review_comment}" if report.review_comment else "",
        organisation=report.organisation,
        plan=report.plan,
        report=report,
    )


# ---------------------------------------------------------------- plans and tasks


def plan_issued(*, plan, by: User) -> None:
    """A plan is issued: every organisation below must implement it (its leaders and
    officers hear of it, with the date by which their plan is expected, if set), and every
    unit given a task hears of its task."""
    from units.access import subordinate_organisations

    below = list(subordinate_organisations(plan.issuer))
    if below:
        expected = plan.lower_plans_due
        _notify(
            Event.SUPERIOR_PLAN_ISSUED,
            key=f"{plan.pk}",
            actor=by,
            recipients=people.leaders_and_officers(*below),
            subject=f"Kế hoạch số {plan.number_display} của {plan.issuer.name}: {plan.title}",
            detail=(
                f"Đề nghị ban hành kế hoạch thực hiện trước ngày {expected:%d/%m/%Y}."
                if expected
                else "Đề nghị xây dựng kế hoạch thực hiện."
            ),
            organisation=plan.issuer,
            plan=plan,
            due_date=expected,
        )
    for assignment in plan.assignments.select_related("unit").order_by("position", "pk"):
        task_assigned(assignment=assignment, by=by)


def _draft_subject(plan):
    return f"Dự thảo kế hoạch: {plan.title}"[:300]


def plan_submitted(*, plan, by: User) -> None:
    """«Trình ký»: the organisation's leaders are asked to sign."""
    _notify(
        Event.PLAN_SUBMITTED,
        key=f"{plan.pk}:{_stamp(plan.submitted_at)}",
        actor=by,
        recipients=people.leaders(plan.issuer),
        subject=_draft_subject(plan),
        detail=f"{by.full_name or by.username} trình ký.",
        organisation=plan.issuer,
        plan=plan,
    )


def plan_returned(*, plan, by: User) -> None:
    """«Trả lại»: whoever sent it for signature hears why."""
    _notify(
        Event.PLAN_RETURNED,
        key=f"{plan.pk}:{_stamp(plan.returned_at)}",
        actor=by,
        recipients=[plan.submitted_by] if plan.submitted_by_id else [],
        subject=_draft_subject(plan),
        detail=f"Ý kiến: {plan.return_comment}",
        organisation=plan.issuer,
        plan=plan,
    )


def plan_signed(*, plan, by: User) -> None:
    """A plan sent for signature was issued: whoever sent it hears its number."""
    _notify(
        Event.PLAN_SIGNED,
        key=f"{plan.pk}",
        actor=by,
        recipients=[plan.submitted_by] if plan.submitted_by_id else [],
        subject=f"Kế hoạch số {plan.number_display}: {plan.title}"[:300],
        detail=f"Ban hành ngày {plan.issued_on:%d/%m/%Y}, người ký {plan.signer_name}.",
        organisation=plan.issuer,
        plan=plan,
    )


def _task_subject(assignment):
    return f"Nhiệm vụ của {assignment.display_label}, Kế hoạch số {assignment.plan.number_display}"


def _task_people(assignment):
    if assignment.unit_id is None:
        return []
    if assignment.includes_subunits:
        return [user for user, _ in people.heads_of_parts(assignment)]
    return list(people.responsible_for(assignment.unit))


def task_assigned(*, assignment, by: User, changed: bool = False) -> None:
    """A task given (or changed) on an issued plan: the unit's head (for a group, the head
    of each covered unit; for an organisation, its leaders and officers)."""
    event = Event.TASK_CHANGED if changed else Event.TASK_ASSIGNED
    tasks = assignment.tasks.strip()
    _notify(
        event,
        key=f"{assignment.pk}:{_stamp(None) if changed else 'new'}",
        actor=by,
        recipients=_task_people(assignment),
        subject=_task_subject(assignment),
        detail=tasks[:400],
        organisation=assignment.plan.issuer,
        plan=assignment.plan,
        assignment=assignment,
        due_date=assignment.due_date,
    )


def task_done_late(*, completion, by: User) -> None:
    """Reported done after its due date: the issuing organisation's leaders and officers."""
    assignment = completion.assignment
    _notify(
        Event.TASK_DONE_LATE,
        key=f"{completion.pk}:{_stamp(completion.done_at)}",
        actor=by,
        recipients=people.leaders_and_officers(assignment.plan.issuer),
        subject=f"{_task_subject(assignment)} ({completion.unit.name})",
        detail=completion.result[:400],
        organisation=assignment.plan.issuer,
        plan=assignment.plan,
        assignment=assignment,
        due_date=assignment.due_date,
    )


def task_reopened(*, completion, by: User) -> None:
    """The issuer reopened a completion: whoever answers for that part, and whoever
    reported it done."""
    assignment = completion.assignment
    recipients = list(people.responsible_for(completion.unit))
    if assignment.includes_subunits:
        recipients = [
            user for user, unit in people.heads_of_parts(assignment) if unit == completion.unit
        ]
    if completion.done_by_id:
        recipients.append(completion.done_by)
    _notify(
        Event.TASK_REOPENED,
        key=f"{completion.pk}:{_stamp(completion.reopened_at)}",
        actor=by,
        recipients=recipients,
        subject=f"{_task_subject(assignment)} ({completion.unit.name})",
        detail=f"Lý do: {completion.reopen_comment}",
        organisation=assignment.plan.issuer,
        plan=assignment.plan,
        assignment=assignment,
        due_date=assignment.due_date,
    )


# ---------------------------------------------------------------- export jobs


def export_finished(*, job) -> None:
    """Tell the person who asked for an export (exports app) that its file is ready, or why it
    could not be written. The key names the job, which links.py follows to its page."""
    from exports.models import ExportStatus

    organisation = job.organisation or job.created_by.organisation
    if organisation is None:  # a platform administrator with no organisation has no bell
        return
    ready = job.status == ExportStatus.DONE
    _notify(
        Event.EXPORT_READY if ready else Event.EXPORT_FAILED,
        key=str(job.pk),
        actor=None,
        recipients=[job.created_by],
        subject=f"{job.get_kind_display()} ({job.get_fmt_display()}): {job.filename}",
        detail="" if ready else job.message,
        organisation=organisation,
    )
