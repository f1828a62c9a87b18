"""Reads: which deadlines are reminded on a day and to whom, and what a person has unread.

The scan is set-based. Whatever the number of plans and assignments it issues a fixed handful
of queries: assignments whose due date is one of the few dates reminded that day (an indexed
`due_date IN (…)`), issued plans for the report deadlines, the reports already submitted for
the periods in question, and two queries for the people to remind. Everything else is
arithmetic in Python on those rows.
"""

import datetime

from .. import cache as unread_cache
from ..models import Notification
from ..rules import RuleSettings
from .assignments import assignment_reminders
from .reminder import Reminder
from .reports import report_reminders

__all__ = ["Reminder", "notifications_for", "reminders_due", "unread_count"]


def reminders_due(*, day: datetime.date, rules: RuleSettings | None = None) -> list[Reminder]:
    """Every reminder that day, one per person and item (a person who is reminded of an item
    for two reasons, e.g. as officer and as escalation leader, gets it once)."""
    rules = rules or RuleSettings.current()
    merged = {}
    for reminder in [*assignment_reminders(day, rules), *report_reminders(day, rules)]:
        known = merged.get(reminder.key)
        if known is None:
            merged[reminder.key] = reminder
        elif reminder.escalated:
            known.escalated = True
    return sorted(
        merged.values(),
        key=lambda r: (r.recipient.pk, r.days_left, r.kind, r.item_key),
    )


# A person's notifications -------------------------------------------------------------------


def unread_count(*, user) -> int:
    """Unread notifications of `user`, cached briefly; the database answers when the cache
    (Redis) is down."""
    if not user.is_authenticated:
        return 0
    return unread_cache.get_or_compute(
        user.pk, lambda: Notification.objects.for_recipient(user).unread().count()
    )


def notifications_for(*, user, unread_only: bool = False):
    notifications = Notification.objects.for_recipient(user).for_listing()
    return notifications.unread() if unread_only else notifications
