"""One assignment round the loop, in Chromium at desktop and phone width: assigned (the
plan is issued and the unit's head is told) and reminded → the unit head opens the reminder
and reports the task done → no further reminder → the commune's leader sees it done on
time, and the home page and the dashboard agree on what is still late."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from notifications.models import Notification
from notifications.services import reminders_run
from plans.models import Plan, PlanStatus
from plans.services import plan_issue
from tests.activities.conftest import build_kp_plan
from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import (
    DESKTOP,
    PHONE,
    DashboardTasks,
    HomePage,
    Navbar,
    TaskPage,
    screenshot,
)
from units.models import Unit

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def first_links(rows):
    return sorted(row.locator("a").first.inner_text() for row in rows.all())


def morning(day):
    return datetime.datetime.combine(day, datetime.time(7, 30), HANOI)


@pytest.fixture
def kp(world, catalogues):
    Unit.objects.update(report_period_kinds="")  # only task deadlines in this story
    return build_kp_plan(world)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_one_task_goes_round_the_loop(browser, live_server, world, kp, viewport):
    office_task = kp.office_task  # Phòng Văn hóa - Xã hội, due 15/12/2026
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    with time_machine.travel(morning(D(2026, 12, 1)), tick=True) as clock:
        # 01/12: the commune's leader issues the plan; the office's head is told its task.
        Plan.objects.filter(pk=kp.plan.pk).update(status=PlanStatus.DRAFT, number=None)
        kp.plan.refresh_from_db()
        plan_issue(
            plan=kp.plan, by=world.kp_leader, number=45, issued_on=D(2026, 12, 1),
            signer_name="Nguyễn Văn Ký",
        )  # fmt: skip
        # 12/12: three days before the deadline the daily scan reminds the office's head.
        clock.move_to(morning(D(2026, 12, 12)))
        reminders_run(day=D(2026, 12, 12))
        LoginPage(page, live_server.url).open().log_in(world.kp_head.username)
        bell = Navbar(page).bell()
        expect(bell.get_by_test_id("unread-count")).to_have_text("2")
        bell.click()
        assigned = page.get_by_test_id("notification").filter(has_text="Nhiệm vụ mới được giao")
        expect(assigned).to_contain_text("Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 45")
        expect(assigned).to_contain_text("hạn 15/12/2026")
        screenshot(page, "notifications-head")
        reminder = page.get_by_test_id("notification").filter(has_text="Còn 3 ngày đến hạn")
        reminder.get_by_role("link", name="Nhiệm vụ của Phòng Văn hóa - Xã hội").click()

        task = TaskPage(page)
        expect(
            page.get_by_role("heading", name="Nhiệm vụ của Phòng Văn hóa - Xã hội")
        ).to_be_visible()
        expect(task.state).to_have_text("Sắp đến hạn")
        screenshot(page, "task-before")
        task.report_done(
            "Đã tổ chức hội nghị quán triệt cho 120 cán bộ, đảng viên.",
            link="https://kieuphu.gov.vn/tin-tuc/hoi-nghi-quan-triet",
        )
        expect(page.get_by_role("alert").filter(has_text="Đã báo hoàn thành")).to_be_visible()
        expect(task.state).to_have_text("Đã hoàn thành")
        expect(page.get_by_role("button", name="Báo hoàn thành")).to_have_count(0)
        screenshot(page, "task-done")

        # No further reminder: not the days before, not the day, not once overdue.
        for day in (D(2026, 12, 14), D(2026, 12, 15), D(2026, 12, 22)):
            reminders_run(day=day)
        assert not Notification.objects.filter(
            assignment=office_task, remind_on__gt=D(2026, 12, 12)
        ).exists()
        page.reload()  # the task's reminder was read when opened; its assignment remains
        expect(Navbar(page).bell().get_by_test_id("unread-count")).to_have_text("1")

        # 16/12: the commune's leader follows up.
        clock.move_to(morning(D(2026, 12, 16)))
        context.clear_cookies()
        LoginPage(page, live_server.url).open().log_in(world.kp_leader.username)
        home = HomePage(page, live_server.url)
        expect(home.tasks.filter(has_text="Các thôn")).to_contain_text("Quá hạn")
        expect(home.tasks.filter(has_text="Phòng Văn hóa - Xã hội")).to_have_count(0)
        home_late = first_links(home.tasks)
        screenshot(page, "home-leader")

        Navbar(page).go("Tiến độ")
        dashboard = DashboardTasks(page, live_server.url)
        expect(dashboard.late.filter(has_text="Các thôn")).to_contain_text("Quá hạn")
        expect(dashboard.late.filter(has_text="Phòng Văn hóa - Xã hội")).to_have_count(0)
        dashboard_late = first_links(dashboard.late)
        assert home_late == dashboard_late
        screenshot(page, "dashboard-leader")

        page.goto(f"{live_server.url}/activities/plans/{kp.plan.pk}/progress/")
        row = page.locator(f"tr[data-assignment='{office_task.pk}']")
        expect(row.locator("[data-testid=task-state]:visible")).to_have_text("Đã hoàn thành")
        expect(row).to_contain_text("12/12/2026")
        screenshot(page, "progress-leader")
        row.get_by_role("link", name="Phòng Văn hóa - Xã hội").click()
        result = page.get_by_role("definition").filter(has_text="quán triệt cho 120 cán bộ")
        expect(result).to_be_visible()
    context.close()
