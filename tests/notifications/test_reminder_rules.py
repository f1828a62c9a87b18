"""Who is reminded of what, and when: the daily task run on a frozen clock."""

import datetime

import pytest

from notifications.models import Notification
from plans.models import PlanStatus
from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.factories import AssignmentFactory, PlanFactory, UserFactory, make_unit
from tests.notifications.conftest import close, who
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date


def days(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def test_the_office_is_reminded_seven_three_and_one_days_before_and_on_the_day(
    world, kp_plan, only_assignments, run_on
):
    reminded = {}
    for day in days(D(2026, 12, 6), D(2026, 12, 15)):
        office = [n for n in run_on(day) if n.assignment_id == kp_plan.office_task.pk]
        if office:
            reminded[day] = who(office)
    assert reminded == {
        day: {("kp.head", rule), ("kp.officer", rule)}
        for day, rule in [
            (D(2026, 12, 8), "before"),
            (D(2026, 12, 12), "before"),
            (D(2026, 12, 14), "before"),
            (D(2026, 12, 15), "today"),
        ]
    }
    notification = Notification.objects.get(recipient=world.kp_head, remind_on=D(2026, 12, 12))
    assert notification.headline == "Còn 3 ngày đến hạn (15/12/2026)"
    assert notification.subject == "Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND"


def test_an_overdue_task_is_reminded_weekly_and_escalated_to_the_leader(
    world, kp_plan, only_assignments, run_on
):
    reminded = {}
    for day in days(D(2026, 12, 16), D(2026, 12, 30)):
        office = [n for n in run_on(day) if n.assignment_id == kp_plan.office_task.pk]
        if office:
            reminded[day] = who(office)
    weekly = {("kp.head", "overdue"), ("kp.officer", "overdue"), ("kp.leader", "overdue")}
    assert reminded == {D(2026, 12, 22): weekly, D(2026, 12, 29): weekly}
    leader = Notification.objects.get(recipient=world.kp_leader, remind_on=D(2026, 12, 22))
    assert leader.escalated
    assert leader.headline == "Quá hạn 7 ngày (hạn 15/12/2026), đề nghị lãnh đạo đôn đốc"
    head = Notification.objects.get(recipient=world.kp_head, remind_on=D(2026, 12, 22))
    assert not head.escalated


def test_a_group_task_reminds_the_head_of_each_covered_village_only(
    world, kp_plan, only_assignments, run_on
):
    # The group «Các thôn» is given to the commune and covers its villages: the village
    # head is reminded, not the office next to it nor the commune's leader (before the
    # deadline).
    other_village = make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Yên Nội")
    other_head = UserFactory(username="kp.village2", unit=other_village, role=Role.UNIT_HEAD)
    UserFactory(username="kp.village.officer", unit=world.kp_village, role=Role.OFFICER)

    notifications = run_on(D(2026, 12, 7))

    assert who(notifications) == {("kp.village", "before"), (other_head.username, "before")}
    subjects = {n.recipient.username: n.subject for n in notifications}
    assert subjects["kp.village"].endswith("(Thôn Phú Hữu)")
    assert subjects["kp.village2"].endswith("(Thôn Yên Nội)")


def test_a_task_given_to_a_subordinate_organisation_reminds_its_leaders_and_officers(
    world, only_assignments, run_on
):
    city_plan = PlanFactory(issuer=world.hn, issued=True)
    AssignmentFactory(plan=city_plan, unit=world.kp, due_date=D(2026, 9, 30))

    assert who(run_on(D(2026, 9, 29))) == {("kp.officer", "before"), ("kp.leader", "before")}
    # Overdue: the city's leader, who issued the plan, hears of it too.
    assert who(run_on(D(2026, 10, 7))) == {
        ("kp.officer", "overdue"),
        ("kp.leader", "overdue"),
        ("hn.leader", "overdue"),
    }


def test_closed_and_draft_plans_are_not_reminded(world, kp_plan, only_assignments, run_on):
    draft = PlanFactory(issuer=world.kp, status=PlanStatus.DRAFT)
    AssignmentFactory(plan=draft, unit=world.kp_office, due_date=D(2026, 12, 15))
    close(kp_plan.plan)
    assert run_on(D(2026, 12, 12)) == []
    assert run_on(D(2026, 12, 22)) == []


def test_nobody_outside_the_commune_is_reminded_of_its_tasks(world, kp_plan, run_on):
    notifications = run_on(D(2026, 12, 12))
    assert notifications
    outsiders = {"gv.officer", "gv.leader", "pt.officer", "hn.leader"}
    assert not outsiders & {n.recipient.username for n in notifications}


def test_inactive_people_are_not_reminded(world, kp_plan, only_assignments, run_on):
    world.kp_head.is_active = False
    world.kp_head.save(update_fields=["is_active"])
    assert who(run_on(D(2026, 12, 12))) == {("kp.officer", "before")}


# Periodic reports -----------------------------------------------------------------------


def submit(organisation, kind, year, index, plan=None, status=ReportStatus.SUBMITTED):
    return Report.objects.create(
        organisation=organisation,
        period=reporting_period(kind, year, index),
        plan=plan,
        title="Báo cáo kết quả công tác tuyên truyền",
        status=status,
    )


def report_notifications(notifications):
    return [n for n in notifications if n.kind == "report"]


def test_a_missing_quarterly_report_is_reminded_to_the_leaders_and_officers(world, kp_plan, run_on):
    # Decree 09: Q3/2026 runs 15/6–14/9, due on the 15th of the month after its last day.
    notifications = report_notifications(run_on(D(2026, 9, 12)))
    assert who(notifications) == {("kp.officer", "before"), ("kp.leader", "before")}
    assert {n.subject for n in notifications} == {"Báo cáo Quý III/2026 của Xã Kiều Phú"}
    assert {n.due_date for n in notifications} == {D(2026, 9, 15)}


def test_a_submitted_report_stops_its_reminders_and_a_returned_one_does_not(world, kp_plan, run_on):
    submit(world.kp, "quarter", 2026, 3, status=ReportStatus.RETURNED)
    assert report_notifications(run_on(D(2026, 9, 14)))
    submit(world.gv, "quarter", 2026, 3)  # another commune's report changes nothing
    assert report_notifications(run_on(D(2026, 9, 15)))
    Report.objects.filter(organisation=world.kp).update(status=ReportStatus.ACCEPTED)
    assert report_notifications(run_on(D(2026, 9, 22))) == []


def test_an_overdue_report_is_escalated_to_the_leaders_weekly(world, kp_plan, run_on):
    notifications = report_notifications(run_on(D(2026, 9, 22)))
    assert who(notifications) == {("kp.officer", "overdue"), ("kp.leader", "overdue")}
    escalated = {n.recipient.username for n in notifications if n.escalated}
    assert escalated == {"kp.leader"}
    assert report_notifications(run_on(D(2026, 9, 23))) == []


def test_the_annual_report_stands_for_the_fourth_quarter_and_second_half(world, kp_plan, run_on):
    def year_end(notifications):
        return {n.subject for n in report_notifications(notifications) if n.due_date.month == 12}

    assert year_end(run_on(D(2026, 12, 12))) == {"Báo cáo Năm 2026 của Xã Kiều Phú"}
    submit(world.kp, "year", 2026, 1)
    assert year_end(run_on(D(2026, 12, 14))) == set()


def test_the_organisations_due_day_and_calendar_scheme_are_followed(world, kp_plan, run_on):
    world.kp.report_due_day = 5
    world.kp.period_scheme = "calendar"
    world.kp.report_period_kinds = "month"
    world.kp.save()
    # Calendar month of October 2026 ends 31/10, due 5/11.
    notifications = report_notifications(run_on(D(2026, 11, 4)))
    assert {(n.subject, n.due_date) for n in notifications if n.rule == "before"} == {
        ("Báo cáo Tháng 10/2026 của Xã Kiều Phú", D(2026, 11, 5))
    }


def test_a_plan_with_its_own_due_day_owes_its_own_report(world, kp_plan, run_on):
    kp_plan.plan.report_due_day = 10
    kp_plan.plan.save(update_fields=["report_due_day"])
    # Q3/2026 ends 14/9: the first 10th after it is 10/10.
    notifications = report_notifications(run_on(D(2026, 10, 7)))
    assert {(n.subject, n.due_date) for n in notifications} == {
        ("Báo cáo Quý III/2026 của Xã Kiều Phú về Kế hoạch số 12/KH-UBND", D(2026, 10, 10))
    }
    submit(world.kp, "quarter", 2026, 3, plan=kp_plan.plan)
    later = report_notifications(run_on(D(2026, 10, 9)))
    assert [n for n in later if n.due_date == D(2026, 10, 10)] == []


def test_no_report_is_owed_for_a_period_ending_outside_the_plan(world, kp_plan, run_on):
    # The plan runs from 12/01/2026: the fourth quarter of 2025 (due 15/12/2025) is not owed.
    assert report_notifications(run_on(D(2025, 12, 12))) == []
    # Nor once the plan is closed.
    close(kp_plan.plan)
    assert report_notifications(run_on(D(2026, 9, 12))) == []
