"""A reminder about to be given, shared by the assignment and report scans."""

import datetime
from dataclasses import dataclass

from units.models import User

from ..models import Notification


@dataclass
class Reminder:
    """One reminder about to be given: becomes one Notification row."""

    recipient: User
    kind: str
    rule: str
    days_left: int
    due_date: datetime.date
    item_key: str
    subject: str
    detail: str
    organisation_id: int
    escalated: bool = False
    plan_id: int | None = None
    assignment_id: int | None = None
    period_kind: str = ""
    period_year: int | None = None
    period_index: int | None = None

    @property
    def key(self):
        return (self.recipient.pk, self.item_key, self.rule)

    @property
    def headline(self):
        return Notification(
            rule=self.rule,
            days_left=self.days_left,
            due_date=self.due_date,
            escalated=self.escalated,
        ).headline


def plan_number(plan):
    return f"Kế hoạch số {plan.number_display}" if plan.number else "Kế hoạch"
