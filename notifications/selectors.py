"""Reads: which deadlines are reminded on a day and to whom, and what a person has unread.

The scan is set-based. Whatever the number of plans and assignments it issues a fixed handful
of queries: assignments whose due date is one of the few dates reminded that day (an indexed
`due_date IN (…)`), issued plans for the report deadlines, the reports already submitted for
the periods in question, and two queries for the people to remind. Everything else is
arithmetic in Python on those rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.db.models import Q
from django.db.models.functions import Substr

from plans.models import Assignment, Plan, PlanStatus
from reports.models import Report, ReportStatus
from reports.periods import MONTHS_IN, due_date, period_bounds, period_label
from units.models import Role, Unit, User

from . import cache as unread_cache
from .models import Notification, NotificationKind, ReminderRule
from .rules import RuleSettings, due_dates_reminded_on, rule_for

SUBMITTED = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
PLAN_TEXT_FIELDS = ["purpose", "requirements", "preamble", "closing", "recipients"]


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


# Assignment deadlines -----------------------------------------------------------------------


def assignment_reminders(day, rules):
    """Deadlines of assignments of issued plans.

    Who: the assigned unit's unit heads and officers (for a unit that is itself an
    organisation, e.g. a Sở given a task by the city: its leaders and officers); for a group
    assignment («Các thôn»: `includes_subunits`, `subunit_kinds`) the heads of each covered
    unit, as `Assignment.covers` decides. Overdue items also go to the leaders of the
    organisation that issued the plan and of the assigned unit's organisation.

    An assignment stops being reminded when its plan is closed: Loa has no per-assignment
    "done" flag, and approved activities do not prove a task is finished.
    """
    assignments = list(
        Assignment.objects.filter(
            plan__status=PlanStatus.ISSUED,
            due_date__in=due_dates_reminded_on(day, rules),
            unit__isnull=False,
            unit__is_active=True,
        )
        .select_related("unit", "plan")
        .defer(*(f"plan__{name}" for name in PLAN_TEXT_FIELDS))
        .order_by("pk")
    )
    timed = [(a, rule_for(a.due_date, day, rules)) for a in assignments]
    timed = [(a, timing) for a, timing in timed if timing]
    if not timed:
        return []

    people = _AssignmentPeople([a for a, _ in timed])
    reminders = []
    for assignment, (rule, days_left) in timed:
        base = {
            "kind": NotificationKind.ASSIGNMENT,
            "rule": rule,
            "days_left": days_left,
            "due_date": assignment.due_date,
            "item_key": f"assignment:{assignment.pk}",
            "detail": _assignment_detail(assignment),
            "organisation_id": assignment.plan.issuer_id,
            "plan_id": assignment.plan_id,
            "assignment_id": assignment.pk,
        }
        subject = _assignment_subject(assignment)
        if assignment.includes_subunits:
            for user, covered in people.heads_covered_by(assignment):
                reminders.append(
                    Reminder(recipient=user, subject=f"{subject} ({covered.name})", **base)
                )
        else:
            for user in people.responsible_for(assignment.unit):
                reminders.append(Reminder(recipient=user, subject=subject, **base))
        if rule == ReminderRule.OVERDUE:
            for user in people.leaders_above(assignment):
                reminders.append(Reminder(recipient=user, subject=subject, escalated=True, **base))
    return reminders


class _AssignmentPeople:
    """Everyone who may be reminded of a batch of assignments, fetched in one query."""

    def __init__(self, assignments):
        direct_units = {a.unit_id for a in assignments if not a.includes_subunits}
        orgs = {
            a.unit_id for a in assignments if not a.includes_subunits and a.unit.is_organisation
        }
        offices = direct_units - orgs
        escalation_orgs = {a.plan.issuer_id for a in assignments} | {
            a.unit.organisation_id for a in assignments if a.unit.organisation_id
        }
        group_paths = defaultdict(set)
        for a in assignments:
            if a.includes_subunits:
                group_paths[len(a.unit.path)].add(a.unit.path)

        condition = (
            Q(unit_id__in=offices, role__in=[Role.UNIT_HEAD, Role.OFFICER])
            | Q(unit__organisation_id__in=orgs, role__in=[Role.LEADER, Role.OFFICER])
            | Q(unit__organisation_id__in=escalation_orgs, role=Role.LEADER)
        )
        annotations = {}
        for length, paths in group_paths.items():
            # "The user's unit lies below one of these units": its path starts with theirs.
            # One IN list per path length instead of one LIKE per group.
            name = f"path_prefix_{length}"
            annotations[name] = Substr("unit__path", 1, length)
            condition |= Q(**{f"{name}__in": paths}, role__in=[Role.UNIT_HEAD, Role.LEADER])
        users = (
            User.objects.filter(is_active=True, unit__isnull=False)
            .annotate(**annotations)
            .filter(condition)
            .order_by("pk")
        )

        self.by_unit = defaultdict(list)
        self.by_org = defaultdict(list)
        self.heads_below = defaultdict(list)
        for user in users:
            unit = user.unit
            self.by_unit[unit.pk].append(user)
            self.by_org[unit.organisation_id].append(user)
            if _is_head_of(user, unit):
                for end in range(Unit.steplen, len(unit.path), Unit.steplen):
                    self.heads_below[unit.path[:end]].append(user)

    def responsible_for(self, unit):
        if unit.is_organisation:
            return [u for u in self.by_org[unit.pk] if u.role in (Role.LEADER, Role.OFFICER)]
        return [u for u in self.by_unit[unit.pk] if u.role in (Role.UNIT_HEAD, Role.OFFICER)]

    def heads_covered_by(self, assignment):
        return [
            (user, user.unit)
            for user in self.heads_below[assignment.unit.path]
            if assignment.covers(user.unit)
        ]

    def leaders_above(self, assignment):
        orgs = {assignment.plan.issuer_id, assignment.unit.organisation_id} - {None}
        return [u for org in orgs for u in self.by_org[org] if u.role == Role.LEADER]


def _is_head_of(user, unit):
    return user.role == Role.UNIT_HEAD or (user.role == Role.LEADER and unit.is_organisation)


def _plan_number(plan):
    return f"Kế hoạch số {plan.number_display}" if plan.number else "Kế hoạch"


def _assignment_subject(assignment):
    return f"Nhiệm vụ của {assignment.display_label}, {_plan_number(assignment.plan)}"


def _assignment_detail(assignment):
    tasks = assignment.tasks.strip()
    if len(tasks) > 400:
        tasks = tasks[:400].rsplit(" ", 1)[0] + " …"
    return f"{_plan_number(assignment.plan)}: {assignment.plan.title}\n{tasks}".strip()


# Periodic report deadlines ------------------------------------------------------------------


def report_reminders(day, rules):
    """Periodic reports not yet submitted.

    An organisation owes a report for each period kind it reports on
    (`Unit.report_period_kinds`) whose period ends while one of its issued plans is in force
    (from `period_start`, or the issue date, to `period_end`, open-ended when empty). The
    report is due on the organisation's `report_due_day`; a plan with its own
    `report_due_day` owes a separate report for that plan on that day. Periods ending on the
    same day are one report, the longest (Q4 and the second half go into the annual report).
    A report is missing until one of the organisation for the period (for that plan, or a
    general one) is submitted or accepted. Who: the organisation's leaders and officers;
    overdue reports are flagged to the leaders as escalated.
    """
    dates = frozenset(due_dates_reminded_on(day, rules))
    plans = (
        Plan.objects.filter(status=PlanStatus.ISSUED, issuer__is_active=True)
        .select_related("issuer")
        .only(
            "pk",
            "number",
            "symbol",
            "issued_on",
            "period_start",
            "period_end",
            "report_due_day",
            "issuer__name",
            "issuer__report_period_kinds",
            "issuer__period_scheme",
            "issuer__report_due_day",
        )
        .order_by("pk")
    )
    # (organisation id, last day of the period, plan id or None) -> the period reminded.
    # Periods ending the same day collapse into the longest: the annual report stands for
    # the fourth quarter and the second half, the six-month report for the second quarter.
    owed = {}
    periods_due = {}
    for plan in plans:
        organisation = plan.issuer
        in_force_from = plan.period_start or plan.issued_on
        specific = plan.report_due_day not in (None, organisation.report_due_day)
        due_day = plan.report_due_day if specific else organisation.report_due_day
        for kind in organisation.report_period_kind_list:
            if kind not in MONTHS_IN:
                continue
            memo_key = (kind, organisation.period_scheme, due_day)
            if memo_key not in periods_due:
                periods_due[memo_key] = _periods_due(*memo_key, dates)
            for year, index, end, due in periods_due[memo_key]:
                if in_force_from and end < in_force_from:
                    continue
                if plan.period_end and end > plan.period_end:
                    continue
                key = (organisation.pk, end, plan.pk if specific else None)
                known = owed.get(key)
                if known is None or MONTHS_IN[kind] > MONTHS_IN[known.kind]:
                    owed[key] = _OwedReport(
                        organisation, plan if specific else None, kind, year, index, due
                    )
    if not owed:
        return []

    organisation_ids = {key[0] for key in owed}
    any_report, general_report, plan_report = set(), set(), set()
    for org_id, plan_id, kind, year, index in Report.objects.filter(
        organisation_id__in=organisation_ids,
        status__in=SUBMITTED,
        period__kind__in={report.kind for report in owed.values()},
        period__year__in={report.year for report in owed.values()},
    ).values_list("organisation_id", "plan_id", "period__kind", "period__year", "period__index"):
        any_report.add((org_id, kind, year, index))
        if plan_id is None:
            general_report.add((org_id, kind, year, index))
        else:
            plan_report.add((org_id, kind, year, index, plan_id))

    people = defaultdict(list)
    for user in User.objects.filter(
        is_active=True,
        unit__organisation_id__in=organisation_ids,
        role__in=[Role.LEADER, Role.OFFICER],
    ).order_by("pk"):
        people[user.unit.organisation_id].append(user)

    reminders = []
    for report in sorted(owed.values(), key=lambda r: (r.organisation.pk, r.due, r.item_key)):
        org_id, plan_id = report.organisation.pk, report.plan.pk if report.plan else None
        period = (org_id, report.kind, report.year, report.index)
        if plan_id is None and period in any_report:
            continue
        if plan_id is not None and (period in general_report or (*period, plan_id) in plan_report):
            continue
        rule, days_left = rule_for(report.due, day, rules)
        label = period_label(report.kind, report.year, report.index)
        subject = f"Báo cáo {label} của {report.organisation.name}"
        if report.plan is not None:
            subject += f" về {_plan_number(report.plan)}"
        for user in people[org_id]:
            reminders.append(
                Reminder(
                    recipient=user,
                    kind=NotificationKind.REPORT,
                    rule=rule,
                    days_left=days_left,
                    due_date=report.due,
                    item_key=report.item_key,
                    subject=subject,
                    detail=f"Chưa có báo cáo {label} được gửi lên cấp trên.",
                    organisation_id=org_id,
                    escalated=rule == ReminderRule.OVERDUE and user.role == Role.LEADER,
                    plan_id=plan_id,
                    period_kind=report.kind,
                    period_year=report.year,
                    period_index=report.index,
                )
            )
    return reminders


@dataclass
class _OwedReport:
    organisation: Unit
    plan: Plan | None
    kind: str
    year: int
    index: int
    due: datetime.date

    @property
    def item_key(self):
        key = f"report:{self.organisation.pk}:{self.kind}:{self.year}:{self.index}"
        return f"{key}:plan:{self.plan.pk}" if self.plan else key


def _periods_due(kind, scheme, due_day, dates):
    """(year, index, end, due) of the periods of `kind` whose report is due on one of
    `dates`, with the bounds and due dates of reports/periods.py."""
    around = _periods_around(kind, scheme, due_day, min(dates).year)
    return [period for period in around if period[3] in dates]


@cache
def _periods_around(kind, scheme, due_day, year):
    periods = []
    for y in range(year - 1, year + 3):
        for index in range(1, 12 // MONTHS_IN[kind] + 1):
            _, end = period_bounds(kind, y, index, scheme)
            periods.append((y, index, end, due_date(end, due_day)))
    return tuple(periods)


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
