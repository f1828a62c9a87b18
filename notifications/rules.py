"""When a deadline is reminded: pure date arithmetic, no database.

On day D an item due on `due` is reminded when `due - D` is one of the configured days before
(7, 3, 1), when it is due today, and when it is overdue by a whole number of weeks (7, 14 …,
up to REMINDER_OVERDUE_REPEATS times). Every other day it is silent. The scan therefore only
looks at items whose due date is in `due_dates_reminded_on(D)`: a short list of dates that an
indexed `due_date IN (…)` filter reads directly.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from .models import ReminderRule


@dataclass(frozen=True)
class RuleSettings:
    days_before: tuple[int, ...]
    overdue_every: int
    overdue_repeats: int

    @classmethod
    def current(cls):
        return cls(
            days_before=tuple(sorted({int(d) for d in settings.REMINDER_DAYS_BEFORE if d > 0})),
            overdue_every=max(1, int(settings.REMINDER_OVERDUE_EVERY_DAYS)),
            overdue_repeats=max(0, int(settings.REMINDER_OVERDUE_REPEATS)),
        )


def due_dates_reminded_on(day, rules=None):
    """Every due date that some rule reminds on `day`."""
    rules = rules or RuleSettings.current()
    offsets = [*rules.days_before, 0]
    offsets += [-rules.overdue_every * n for n in range(1, rules.overdue_repeats + 1)]
    return sorted(day + datetime.timedelta(days=offset) for offset in offsets)


def rule_for(due, day, rules=None):
    """(rule, days_left) when an item due on `due` is reminded on `day`, else None."""
    rules = rules or RuleSettings.current()
    days_left = (due - day).days
    if days_left == 0:
        return ReminderRule.TODAY, 0
    if days_left > 0:
        return (ReminderRule.BEFORE, days_left) if days_left in rules.days_before else None
    late = -days_left
    if late % rules.overdue_every == 0 and late // rules.overdue_every <= rules.overdue_repeats:
        return ReminderRule.OVERDUE, days_left
    return None
