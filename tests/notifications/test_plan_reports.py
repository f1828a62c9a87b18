"""Reminders of reports about one plan (docs/workflows.md): a plan with its own due day owes
a report for that plan. A general report for the period stands for every report of the
organisation; a report about one plan stands for that plan's report and for the general one,
never for another plan's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.rules import RuleSettings
from notifications.selectors.reports import report_reminders
from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

D = datetime.date
GENERAL = "Báo cáo Quý III/2026 của Xã Kiều Phú"
PLAN_13 = f"{GENERAL} về Kế hoạch số 13/KH-UBND"
PLAN_14 = f"{GENERAL} về Kế hoạch số 14/KH-UBND"


def subjects(notifications):
    """The third quarter's report reminders of the day (earlier periods' overdue ones, which
    fall on some of the same days, are left out)."""
    return {n.subject for n in notifications if n.kind == "report" and "Quý III/" in n.subject}


def send(organisation, plan=None, status=ReportStatus.SUBMITTED):
    Report.objects.create(
        organisation=organisation,
        period=reporting_period("quarter", 2026, 3),
        plan=plan,
        title="Báo cáo",
        status=status,
    )


@pytest.fixture
def plans(world, kp_plan):
    """Q3/2026 ends 14/9. Plan 12 follows the commune's day: the general report, due 15/9.
    Plan 13 has its own report due on the 5th (5/10), plan 14 on the 10th (10/10)."""
    own = {}
    for number, due_day in ((13, 5), (14, 10)):
        own[number] = PlanFactory(
            issuer=world.kp,
            issued=True,
            number=number,
            period_start=D(2026, 1, 12),
            period_end=D(2026, 12, 31),
            report_due_day=due_day,
        )
    return own


def test_without_reports_each_is_reminded_on_its_own_days(plans, run_on):
    assert subjects(run_on(D(2026, 9, 8))) == {GENERAL}  # 7 days before 15/9
    assert subjects(run_on(D(2026, 10, 4))) == {PLAN_13}  # 1 day before 5/10
    assert subjects(run_on(D(2026, 10, 6))) == {GENERAL}  # 3 weeks overdue
    assert subjects(run_on(D(2026, 10, 7))) == {PLAN_14}  # 3 days before 10/10


def test_a_report_about_one_plan_stops_its_own_and_the_general_reminders_only(world, plans, run_on):
    send(world.kp, plan=plans[14])
    assert subjects(run_on(D(2026, 10, 4))) == {PLAN_13}
    assert subjects(run_on(D(2026, 10, 6))) == set()
    assert subjects(run_on(D(2026, 10, 7))) == set()


def test_a_returned_report_about_one_plan_stops_nothing(world, plans, run_on):
    send(world.kp, plan=plans[14], status=ReportStatus.RETURNED)
    assert subjects(run_on(D(2026, 10, 6))) == {GENERAL}
    assert subjects(run_on(D(2026, 10, 7))) == {PLAN_14}


def test_a_general_report_stops_every_reminder_of_the_period(world, plans, run_on):
    send(world.kp, status=ReportStatus.ACCEPTED)
    for day in (D(2026, 10, 4), D(2026, 10, 6), D(2026, 10, 7)):
        assert subjects(run_on(day)) == set()


def test_another_communes_report_stops_nothing(world, plans, run_on):
    send(world.pt)
    assert subjects(run_on(D(2026, 10, 4))) == {PLAN_13}


def test_a_monthly_report_is_reminded_by_the_decree_09_month(world, kp_plan, run_on):
    world.kp.report_period_kinds = "month"
    world.kp.save()
    # March's figures end on 14/03 and are due on 15/03: reminded the day before, the 14th.
    # (The plan is in force from 12/01: January's and February's months are owed too.)
    assert {(n.subject, n.due_date) for n in run_on(D(2026, 3, 14)) if n.kind == "report"} == {
        ("Báo cáo Tháng 03/2026 của Xã Kiều Phú", D(2026, 3, 15))
    }
    # On the 15th, April's period has begun and March's report is due today.
    march = [n for n in run_on(D(2026, 3, 15)) if "Tháng 03/" in n.subject]
    assert {(n.subject, n.rule) for n in march} == {
        ("Báo cáo Tháng 03/2026 của Xã Kiều Phú", "today")
    }


def test_a_plans_report_reminder_records_the_plan_and_the_period(world, plans, run_on):
    reminder = next(n for n in run_on(D(2026, 10, 5)) if n.subject == PLAN_13)

    assert (
        reminder.plan_id,
        reminder.period_kind,
        reminder.period_year,
        reminder.period_index,
        reminder.due_date,
    ) == (plans[13].pk, "quarter", 2026, 3, D(2026, 10, 5))


def scan_one_plan_then_three(plan, day):
    """The report reminders of `day` with plan 13 in force, then again once plans 15 and 16
    are added: the subjects about the third quarter and the queries of each scan."""
    rules = RuleSettings(days_before=(1, 3, 7), overdue_every=7, overdue_repeats=52)
    scans = []
    for numbers in ((13,), (15, 16)):
        for number in numbers:
            plan(number)
        with CaptureQueriesContext(connection) as queries:
            reminders = report_reminders(day, rules)
        scans.append(({r.subject for r in reminders if "Quý III" in r.subject}, len(queries)))
    return scans


def test_the_scan_takes_the_same_queries_for_one_plan_or_many(world, kp_plan):
    def plan(number):
        return PlanFactory(
            issuer=world.kp,
            issued=True,
            number=number,
            period_start=D(2026, 1, 12),
            period_end=D(2026, 12, 31),
            report_due_day=5,
        )

    (first, one), (then, three) = scan_one_plan_then_three(plan, D(2026, 10, 5))

    assert first == {PLAN_13}
    assert then == {
        PLAN_13,
        f"{GENERAL} về Kế hoạch số 15/KH-UBND",
        f"{GENERAL} về Kế hoạch số 16/KH-UBND",
    }
    assert three == one


def test_a_deactivated_officer_is_not_reminded_of_the_report(world, plans, run_on):
    world.kp_officer.is_active = False
    world.kp_officer.save()

    reminded = {n.recipient for n in run_on(D(2026, 9, 8)) if n.subject == GENERAL}

    assert reminded == {world.kp_leader}


def test_a_deactivated_commune_owes_no_report(world, plans, run_on):
    world.kp.is_active = False
    world.kp.save()

    assert subjects(run_on(D(2026, 9, 8))) == set()
    assert subjects(run_on(D(2026, 10, 4))) == set()


# Which organisation owes which period ---------------------------------------------------


def due_on(notifications, due):
    """The report reminders of the day about reports due on `due`."""
    return [n for n in notifications if n.kind == "report" and n.due_date == due]


def test_a_calendar_month_organisation_owes_the_calendar_month(world, kp_plan, run_on):
    world.kp.period_scheme = "calendar"
    world.kp.report_period_kinds = "month"
    world.kp.save()
    # October runs 1/10–31/10 and is due on the 15th after it, 15/11. (Under Decree 09 the
    # report due on 15/11 would be November's, 15/10–14/11.)
    # (Earlier months' overdue reminders fall on the same day and are left out.)
    reminded = {n.subject for n in due_on(run_on(D(2026, 11, 14)), D(2026, 11, 15))}
    assert reminded == {"Báo cáo Tháng 10/2026 của Xã Kiều Phú"}


def test_one_communes_report_does_not_silence_the_next_commune(world, kp_plan, run_on):
    PlanFactory(
        issuer=world.pt,
        issued=True,
        number=7,
        period_start=D(2026, 1, 12),
        period_end=D(2026, 12, 31),
    )
    send(world.kp)
    assert subjects(run_on(D(2026, 9, 14))) == {"Báo cáo Quý III/2026 của Xã Phúc Thọ"}


@pytest.mark.parametrize("reported", [13, 15])
def test_one_plans_report_does_not_silence_another_plan_due_the_same_day(
    world, kp_plan, run_on, reported
):
    own = {
        number: PlanFactory(
            issuer=world.kp,
            issued=True,
            number=number,
            period_start=D(2026, 1, 12),
            period_end=D(2026, 12, 31),
            report_due_day=5,
        )
        for number in (13, 15)
    }
    send(world.kp, plan=own[reported])
    other = 15 if reported == 13 else 13
    assert subjects(run_on(D(2026, 10, 4))) == {f"{GENERAL} về Kế hoạch số {other}/KH-UBND"}


def test_a_period_kind_loa_does_not_know_is_skipped_not_the_ones_after_it(world, kp_plan, run_on):
    world.kp.report_period_kinds = "week,quarter"
    world.kp.save()
    assert subjects(run_on(D(2026, 9, 14))) == {GENERAL}


def test_the_longest_period_wins_whatever_order_the_kinds_are_listed_in(world, kp_plan, run_on):
    world.kp.report_period_kinds = "year,quarter"
    world.kp.save()
    # The year and the fourth quarter both end on 14/12: one report, the annual one.
    reminded = {n.subject for n in due_on(run_on(D(2026, 12, 14)), D(2026, 12, 15))}
    assert reminded == {"Báo cáo Năm 2026 của Xã Kiều Phú"}


def test_a_plan_owes_the_period_ending_on_the_day_it_comes_into_force(world, kp_plan, run_on):
    # Issued on 12/01, in force from 14/09, the day the third quarter ends: the third
    # quarter is owed, the first half (ending 14/06, before the plan applies) is not.
    kp_plan.plan.period_start = D(2026, 9, 14)
    kp_plan.plan.save(update_fields=["period_start"])
    assert due_on(run_on(D(2026, 6, 14)), D(2026, 6, 15)) == []
    assert subjects(run_on(D(2026, 9, 14))) == {GENERAL}


def test_a_plan_owes_the_period_ending_on_its_last_day(world, kp_plan, run_on):
    kp_plan.plan.period_end = D(2026, 9, 14)
    kp_plan.plan.save(update_fields=["period_end"])
    assert subjects(run_on(D(2026, 9, 14))) == {GENERAL}
    assert due_on(run_on(D(2026, 12, 14)), D(2026, 12, 15)) == []


def test_without_a_start_date_the_scan_takes_the_same_queries_for_one_plan_or_many(world):
    def plan(number):
        # In force from its issue date (12/01/2026): no period_start.
        return PlanFactory(issuer=world.kp, issued=True, number=number, report_due_day=5)

    (first, one), (then, three) = scan_one_plan_then_three(plan, D(2026, 10, 4))

    assert first == {PLAN_13}
    assert len(then) == 3
    assert three == one
