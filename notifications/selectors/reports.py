"""Periodic report deadlines: which organisations' reports are missing on a day, and who
hears of it. Period bounds and due dates come from reports/periods.py."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from plans.models import Plan, PlanStatus
from reports.models import Report, ReportStatus
from reports.periods import MONTHS_IN, due_date, period_bounds, period_label
from units.models import Role, Unit, User

from ..models import NotificationKind, ReminderRule
from ..rules import due_dates_reminded_on, rule_for
from .reminder import Reminder, plan_number

SUBMITTED = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]


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
            subject += f" về {plan_number(report.plan)}"
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
