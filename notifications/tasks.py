"""Celery tasks: thin adapters over the services.

`send_reminders` is the daily scan that beat enqueues (CELERY_BEAT_SCHEDULE in settings): it
records the day's notifications and enqueues one `send_digest` per person. Nothing is ever
scheduled days ahead with an ETA: each day's scan finds what is due from the database.
"""

import datetime
import logging
import smtplib
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .services import (
    digest_deliver,
    digest_mark_failed,
    event_email_deliver,
    event_email_mark_failed,
    reminders_run,
)

logger = logging.getLogger(__name__)

# Transient mail failures worth another try: the SMTP server refusing or dropping us, the
# network (OSError covers refused connections and timeouts).
SMTP_ERRORS = (smtplib.SMTPException, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Send a task to the broker; when the broker (Redis) is down, log it and go on.

    Whoever called us (a page, the daily scan) must not crash because of the queue: the
    work is recorded in the database and the next scan picks it up again."""
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.exception(
            "Could not enqueue %s%r: is the broker (REDIS_URL) reachable?", task.name, args
        )
        return False
    return True


@shared_task(name="notifications.send_reminders")
def send_reminders(day: str | None = None) -> dict:
    """The daily scan for `day` (ISO date; today in Asia/Ho_Chi_Minh when omitted)."""
    the_day = datetime.date.fromisoformat(day) if day else timezone.localdate()
    result = reminders_run(day=the_day)
    for digest_id in result.pending_digest_ids:
        transaction.on_commit(partial(enqueue, send_digest, digest_id))
    for notification_id in result.pending_event_email_ids:
        transaction.on_commit(partial(enqueue, send_event_email, notification_id))
    return {
        "day": the_day.isoformat(),
        "notifications": len(result.created),
        "digests": len(result.pending_digest_ids),
    }


@shared_task(
    bind=True,
    name="notifications.send_digest",
    autoretry_for=SMTP_ERRORS,
    retry_backoff=settings.REMINDER_EMAIL_RETRY_BACKOFF,
    retry_backoff_max=settings.REMINDER_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.REMINDER_EMAIL_MAX_RETRIES,
)
def send_digest(self, digest_id: int) -> bool:
    """Send one person's digest of the day; claimed in the database, so a redelivered or
    retried task never sends it twice. After the last retry, or on an error that a retry
    would not cure, the digest is marked failed (the admin can send it again)."""
    # Redis marks a message delivered again after its worker died without acknowledging it.
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        return digest_deliver(digest_id=digest_id, reclaim=redelivered)
    except Exception as exc:
        if not isinstance(exc, SMTP_ERRORS) or self.request.retries >= self.max_retries:
            logger.error("Reminder digest %s not sent: %r", digest_id, exc)
            digest_mark_failed(digest_id=digest_id, error=repr(exc))
        raise


@shared_task(
    bind=True,
    name="notifications.send_event_email",
    autoretry_for=SMTP_ERRORS,
    retry_backoff=settings.REMINDER_EMAIL_RETRY_BACKOFF,
    retry_backoff_max=settings.REMINDER_EMAIL_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.REMINDER_EMAIL_MAX_RETRIES,
)
def send_event_email(self, notification_id: int) -> bool:
    """Send one event's e-mail at once (people who take events that way); claimed in the
    database like a digest, so a retried or redelivered task never sends it twice."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        return event_email_deliver(notification_id=notification_id, reclaim=redelivered)
    except Exception as exc:
        if not isinstance(exc, SMTP_ERRORS) or self.request.retries >= self.max_retries:
            logger.error("Event e-mail %s not sent: %r", notification_id, exc)
            event_email_mark_failed(notification_id=notification_id)
        raise
