"""Chromium, at desktop and phone width: Hà Nội's leader opens the roll-up of the first
quarter, drafts the city's own report from its communes' reports, edits it and issues it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from reports.models import Report, ReportStatus
from reports.services import organisation_period
from tests.browser.pages import LoginPage
from tests.browser.pages_reports import ReportPage
from tests.browser.pages_tasks import DESKTOP, PHONE, screenshot

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def communes_reported(world):
    for organisation, day, proposal in (
        (world.kp, 14, "Đề nghị hỗ trợ kinh phí mua loa truyền thanh cho các thôn."),
        (world.pt, 18, "Đề nghị hỗ trợ kinh phí mua loa truyền thanh cho các thôn"),
    ):
        period, _ = organisation_period(
            organisation=organisation, kind="quarter", year=2026, index=1
        )
        moment = datetime.datetime(2026, 3, day, 9, 0, tzinfo=HANOI)
        Report.objects.create(
            organisation=organisation,
            period=period,
            title="Báo cáo quý I",
            status=ReportStatus.SUBMITTED,
            submitted_at=moment,
            first_submitted_at=moment,
            proposals=proposal,
        )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_city_leader_drafts_edits_and_issues_the_city_report(
    browser, live_server, world, communes_reported, viewport
):
    with time_machine.travel(datetime.datetime(2026, 3, 25, 9, 0, tzinfo=HANOI), tick=True):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        LoginPage(page, live_server.url).open().log_in(world.hn_leader.username)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/reports/rollup/?period=2026-Q1")
        page.get_by_role("button", name="Báo cáo của Thành phố Hà Nội kỳ này").click()

        report = ReportPage(page).expect_status("Dự thảo")
        content = page.locator("[data-role=report-content]")
        expect(content).to_contain_text("gửi muộn: xã Phúc Thọ (3 ngày)")
        expect(content).to_contain_text(
            "Xã Kiều Phú, xã Phúc Thọ đề nghị hỗ trợ kinh phí mua loa truyền thanh cho các thôn"
        )
        editor = report.edit()
        editor.fill("Kính gửi", "Kính gửi: Ban Tuyên giáo và Dân vận Thành ủy Hà Nội")
        screenshot(page, "city-report-edit")
        report = editor.save_and_view()
        expect(content).to_contain_text("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội")
        report.submit()
        report.expect_status("Đã ban hành")
        expect(page.get_by_role("alert").first).to_contain_text("Đã ban hành báo cáo")
        # Saved through the browser unchanged, the drafted parts still count as untouched.
        saved = Report.objects.get(organisation=world.hn)
        assert saved.proposals == saved.drafted["proposals"]
        screenshot(page, "city-report-issued")
        context.close()
