"""Writes: record the day's reminders, claim and send the daily digests, mark as read, save
preferences.

Idempotence follows healthchecks' sendalerts: work is claimed in the database before it is
done. Notifications are inserted with INSERT … ON CONFLICT DO NOTHING against their unique
(recipient, item, rule, day), so a second or overlapping run of the same day adds nothing;
each row carries the id of the run that inserted it, which tells a run exactly what it
created. Digests are claimed the same way (one per person and day), then sent by whoever
moves the row from pending to sending with a conditional UPDATE.
"""

import datetime
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from units.models import User

from . import cache as unread_cache
from .emails import digest_message, event_message
from .models import (
    Digest,
    DigestStatus,
    EmailStatus,
    Notification,
    NotificationPreference,
)
from .selectors import Reminder, reminders_due

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# An event e-mail still pending after this long missed its own task (the broker was down).
STRAGGLER_AGE = datetime.timedelta(minutes=10)


@dataclass
class RunResult:
    day: datetime.date
    dry_run: bool
    due: int = 0
    created: list[Reminder] = field(default_factory=list)
    digests: list[User] = field(default_factory=list)
    pending_digest_ids: list[int] = field(default_factory=list)
    pending_event_email_ids: list[int] = field(default_factory=list)


def reminders_run(*, day: datetime.date, dry_run: bool = False) -> RunResult:
    """Record the reminders of `day` as notifications and claim the day's digests.

    Safe to run any number of times, also concurrently: what was recorded is not recorded
    again. With `dry_run` nothing is written; the result says what a real run would create.
    Returns the digests still to send that day (claimed now or left pending by an earlier
    run whose sending failed).
    """
    reminders = reminders_due(day=day)
    result = RunResult(day=day, dry_run=dry_run, due=len(reminders))
    # Skipping what is already recorded keeps a re-run cheap; the unique constraint, not
    # this read, is what keeps overlapping runs from recording anything twice.
    existing = set(
        Notification.objects.filter(remind_on=day).values_list("recipient_id", "item_key", "rule")
    )
    new = [r for r in reminders if r.key not in existing]
    if dry_run:
        result.created = new
        counts = _digest_counts(day, extra=result.created)
        already = set(
            Digest.objects.filter(day=day, recipient_id__in=counts).values_list(
                "recipient_id", flat=True
            )
        )
        people = {r.recipient.pk: r.recipient for r in reminders}
        people.update(User.objects.in_bulk([pk for pk in counts if pk not in people]))
        result.digests = [people[pk] for pk in sorted(counts) if pk not in already and pk in people]
        return result

    run_id = uuid.uuid4()
    with transaction.atomic():
        Notification.objects.bulk_create(
            [_notification(reminder, day, run_id) for reminder in new],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        created = set(
            Notification.objects.filter(run_id=run_id).values_list(
                "recipient_id", "item_key", "rule"
            )
        )
        result.created = [r for r in new if r.key in created]

        counts = _digest_counts(day)
        claimed = set(Digest.objects.filter(day=day).values_list("recipient_id", flat=True))
        Digest.objects.bulk_create(
            [
                Digest(recipient_id=pk, day=day, item_count=count, run_id=run_id)
                for pk, count in sorted(counts.items())
                if pk not in claimed
            ],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        result.digests = [
            digest.recipient
            for digest in Digest.objects.filter(run_id=run_id)
            .select_related("recipient")
            .order_by("recipient_id")
        ]
        result.pending_digest_ids = list(
            Digest.objects.filter(day=day, status=DigestStatus.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Event e-mails left behind (the broker was down when they happened): sent now.
        result.pending_event_email_ids = list(
            Notification.objects.filter(
                email_status=EmailStatus.PENDING,
                created_at__lt=timezone.now() - STRAGGLER_AGE,
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    unread_cache.forget(r.recipient.pk for r in result.created)
    logger.info(
        "Reminders for %s: %d due, %d new notifications, %d new digests, %d digests to send",
        day,
        result.due,
        len(result.created),
        len(result.digests),
        len(result.pending_digest_ids),
    )
    return result


def _notification(reminder, day, run_id):
    return Notification(
        recipient=reminder.recipient,
        kind=reminder.kind,
        rule=reminder.rule,
        item_key=reminder.item_key,
        remind_on=day,
        due_date=reminder.due_date,
        days_left=reminder.days_left,
        escalated=reminder.escalated,
        subject=reminder.subject[:300],
        detail=reminder.detail,
        organisation_id=reminder.organisation_id,
        plan_id=reminder.plan_id,
        assignment_id=reminder.assignment_id,
        period_kind=reminder.period_kind,
        period_year=reminder.period_year,
        period_index=reminder.period_index,
        run_id=run_id,
    )


def _digest_counts(day, extra=()):
    """{recipient id: number of items for the e-mail} of the people who get a digest for
    `day`: active, with an address, e-mail on for at least one of their items' kinds."""
    per_kind = defaultdict(int)
    for row in (
        Notification.objects.in_digest_of(day)
        .order_by()
        .values("recipient_id", "kind")
        .annotate(n=Count("pk"))
    ):
        per_kind[row["recipient_id"], row["kind"]] += row["n"]
    for reminder in extra:
        per_kind[reminder.recipient.pk, reminder.kind] += 1
    if not per_kind:
        return {}
    recipient_ids = {pk for pk, _ in per_kind}
    reachable = set(
        User.objects.filter(pk__in=recipient_ids, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    preferences = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=recipient_ids)
    }
    counts = defaultdict(int)
    for (pk, kind), n in per_kind.items():
        preference = preferences.get(pk) or NotificationPreference()
        if pk in reachable and preference.emails_kind(kind):
            counts[pk] += n
    return dict(counts)


def digest_items(*, digest: Digest) -> list[Notification]:
    """The notifications a digest lists: the recipient's items of that day, of the kinds
    the recipient takes by e-mail."""
    preference = (
        NotificationPreference.objects.filter(user_id=digest.recipient_id).first()
        or NotificationPreference()
    )
    notifications = (
        Notification.objects.in_digest_of(digest.day)
        .filter(recipient_id=digest.recipient_id)
        .select_related("plan", "organisation", "actor")
    )
    return sorted(
        (n for n in notifications if preference.emails_kind(n.kind)),
        key=lambda n: (n.is_event, n.days_left or 0, n.kind, n.subject),
    )


def digest_deliver(*, digest_id: int, reclaim: bool = False) -> bool:
    """Send one digest if nobody has (or is): returns whether this call sent it.

    The claim is a conditional UPDATE from pending to sending, committed before the mail
    goes out, so a retried or duplicated task finds the row taken and sends nothing. On an
    SMTP failure the row goes back to pending and the error is raised for the retry.

    `reclaim`: the task was delivered again because the worker running it died (SIGKILL, a
    lost machine). That worker may have claimed the digest and died before sending, so a
    digest left «sending» is taken over and sent. Should the dead worker have handed the
    mail to the SMTP server just before dying, the copy carries the same Message-ID, which
    mail systems recognise as the same message.
    """
    claimable = [DigestStatus.PENDING, DigestStatus.SENDING] if reclaim else [DigestStatus.PENDING]
    claimed = Digest.objects.filter(pk=digest_id, status__in=claimable).update(
        status=DigestStatus.SENDING, attempts=F("attempts") + 1
    )
    if not claimed:
        logger.info(
            "Digest %s already sent or being sent: another process got there first", digest_id
        )
        return False
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    items = digest_items(digest=digest)
    if not items or not digest.recipient.email:
        # Preferences changed since the claim: nothing left to send.
        Digest.objects.filter(pk=digest_id).delete()
        return False
    try:
        digest_message(digest=digest, notifications=items).send()
    except Exception as exc:
        Digest.objects.filter(pk=digest_id).update(
            status=DigestStatus.PENDING, last_error=repr(exc)[:2000]
        )
        raise
    Digest.objects.filter(pk=digest_id).update(
        status=DigestStatus.SENT, sent_at=timezone.now(), item_count=len(items), last_error=""
    )
    return True


def event_email_deliver(*, notification_id: int, reclaim: bool = False) -> bool:
    """Send one event's own e-mail if nobody has (or is): claimed pending → sending by a
    conditional UPDATE, as digests are; `reclaim` as in `digest_deliver`. Returns whether
    this call sent it."""
    claimable = [EmailStatus.PENDING, EmailStatus.SENDING] if reclaim else [EmailStatus.PENDING]
    claimed = Notification.objects.filter(pk=notification_id, email_status__in=claimable).update(
        email_status=EmailStatus.SENDING
    )
    if not claimed:
        logger.info("Event e-mail %s already sent or being sent", notification_id)
        return False
    notification = Notification.objects.select_related("recipient", "actor").get(pk=notification_id)
    if not notification.recipient.email or not notification.recipient.is_active:
        Notification.objects.filter(pk=notification_id).update(email_status=EmailStatus.NONE)
        return False
    try:
        event_message(notification=notification).send()
    except Exception:
        Notification.objects.filter(pk=notification_id).update(email_status=EmailStatus.PENDING)
        raise
    Notification.objects.filter(pk=notification_id).update(email_status=EmailStatus.SENT)
    return True


def event_email_mark_failed(*, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id).exclude(email_status=EmailStatus.SENT).update(
        email_status=EmailStatus.FAILED
    )


def digest_mark_failed(*, digest_id: int, error: str) -> None:
    """After the last retry: the digest stays unsent, visible in the admin with its error."""
    Digest.objects.filter(pk=digest_id).exclude(status=DigestStatus.SENT).update(
        status=DigestStatus.FAILED, last_error=error[:2000]
    )


def digests_reset_for_resend(*, digest_ids) -> list[int]:
    """Put failed or stuck digests back to pending (admin action); returns their ids."""
    ids = list(
        Digest.objects.filter(pk__in=digest_ids)
        .exclude(status=DigestStatus.SENT)
        .values_list("pk", flat=True)
    )
    Digest.objects.filter(pk__in=ids).update(status=DigestStatus.PENDING)
    return ids


def digests_send_pending(*, day: datetime.date) -> tuple[list[Digest], list[tuple[Digest, str]]]:
    """Send the day's pending digests here and now (the management command's way):
    returns (sent, [(failed, reason)]). A failed one stays pending for the next run."""
    sent, failed = [], []
    pending = Digest.objects.filter(day=day, status=DigestStatus.PENDING).select_related(
        "recipient"
    )
    for digest in pending.order_by("recipient_id"):
        try:
            if digest_deliver(digest_id=digest.pk):
                sent.append(digest)
        except Exception as exc:
            logger.exception("Could not send the reminder digest %s", digest.pk)
            failed.append((digest, str(exc) or exc.__class__.__name__))
    return sent, failed


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        unread_cache.forget([notification.recipient_id])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    changed = Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())
    unread_cache.forget([user.pk])
    return changed


def preference_get(*, user: User) -> NotificationPreference:
    """The user's preferences, or unsaved defaults."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


@transaction.atomic
def preference_update(
    *,
    user: User,
    email_enabled: bool,
    email_assignments: bool,
    email_reports: bool,
    event_email: str = NotificationPreference.DIGEST,
) -> NotificationPreference:
    preference = preference_get(user=user)
    preference.email_enabled = email_enabled
    preference.email_assignments = email_assignments
    preference.email_reports = email_reports
    preference.event_email = event_email
    preference.full_clean()
    preference.save()
    return preference
