"""Chromium, at desktop and phone width: Kiều Phú's report for the first quarter is sent, so
the office head cannot log an activity dated in it; the leader withdraws the report with a
reason and the head logs the missing conference."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from reports.models import ReportStatus
from reports.services import organisation_period, report_open, report_submit
from tests.browser.pages import LoginPage
from tests.browser.pages_activities import ActivityFormPage
from tests.browser.pages_tasks import DESKTOP, PHONE, screenshot

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def sent(world):
    from tests.reports.conftest import build_q1

    build_q1(world)
    period, _ = organisation_period(organisation=world.kp, kind="quarter", year=2026, index=1)
    report, _ = report_open(organisation=world.kp, period=period, by=world.kp_officer)
    return report_submit(report=report, by=world.kp_leader)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_sent_quarter_is_closed_until_the_leader_withdraws_the_report(
    browser, live_server, world, sent, viewport
):
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=HANOI), tick=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        LoginPage(page, live_server.url).open().log_in(world.kp_head.username)
        page.wait_for_url(f"{live_server.url}/")
        form = ActivityFormPage(page, live_server.url).open()
        form.choose_form("Hội nghị phổ biến, quán triệt")
        page.get_by_label("Ngày thực hiện").fill("10/03/2026")
        form.fill(title="Hội nghị bổ sung ngày 10/3", participants="40")
        page.get_by_role("button", name="Gửi duyệt", exact=True).click()
        expect(page.locator(".invalid-feedback").first).to_contain_text(
            "đã gửi báo cáo lên cấp trên"
        )
        expect(page.get_by_label("Tên hoạt động")).to_have_value("Hội nghị bổ sung ngày 10/3")
        screenshot(page, "period-closed")
        context.close()

        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        LoginPage(page, live_server.url).open().log_in(world.kp_leader.username)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/reports/{sent.pk}/")
        page.get_by_text("Rút báo cáo để bổ sung", exact=False).first.click()
        page.get_by_label("Lý do rút báo cáo").fill("Thiếu hội nghị ngày 10/3")
        screenshot(page, "report-withdraw")
        page.get_by_role("button", name="Rút báo cáo để bổ sung").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã rút báo cáo về dự thảo")
        sent.refresh_from_db()
        assert sent.status == ReportStatus.DRAFT
        context.close()
