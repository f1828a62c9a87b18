"""Chromium, at desktop and phone width: Kiều Phú's officer opens, from the plan's page, the
report on that plan's results for the first quarter."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.activities.conftest import build_kp_plan
from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import DESKTOP, PHONE, screenshot

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_officer_opens_the_report_on_one_plan_from_its_page(
    browser, live_server, world, viewport
):
    kp = build_kp_plan(world)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=HANOI), tick=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        LoginPage(page, live_server.url).open().log_in(world.kp_officer.username)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/plans/{kp.plan.pk}/")
        card = page.get_by_test_id("plan-reports")
        screenshot(page, "plan-reports-card")
        card.get_by_role("button", name="Quý I/2026").click()
        expect(
            page.get_by_text(f"Kết quả thực hiện Kế hoạch số {kp.plan.number_display}")
        ).to_be_visible()
        expect(page.locator("#report-status")).to_have_text("Dự thảo")
        context.close()
