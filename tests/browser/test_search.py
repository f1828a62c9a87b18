"""Chromium, at desktop and phone width: an officer types what she remembers, without
accents, into the navigation bar's search and opens the plan it finds."""

import pytest
from playwright.sync_api import expect

from reports.models import Report
from reports.periods import reporting_period
from tests.activities.conftest import activity_adder, build_kp_plan
from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import DESKTOP, PHONE, Navbar, screenshot
from tests.factories import PlanFactory


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_navigation_search_finds_a_plan_typed_without_accents(
    browser, live_server, world, viewport
):
    kp = build_kp_plan(world)
    plan = PlanFactory(
        issuer=world.kp, issued=True, number=21, title="Kế hoạch «Bình dân học vụ số» năm 2026"
    )
    activity_adder(world, kp)(title="Lớp Bình dân học vụ số tại thôn Phú Hữu")
    Report.objects.create(
        organisation=world.kp,
        period=reporting_period("quarter", 2026, 1),
        title="Báo cáo quý I",
        results="Đã mở 12 lớp Bình dân học vụ số.",
    )
    PlanFactory(issuer=world.gv, issued=True, number=5, title="Bình dân học vụ số Gia Viên")
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    LoginPage(page, live_server.url).open().log_in(world.kp_officer.username)
    page.wait_for_url(f"{live_server.url}/")

    box = Navbar(page).open_search()
    if viewport is DESKTOP:
        expect(box).to_be_focused()  # the icon opens the box ready to type in
    box.fill("binh dan hoc vu so")
    box.press("Enter")

    expect(page.get_by_role("heading", name="Tìm kiếm")).to_be_visible()
    summary = page.locator("[data-role=search-summary]")
    expect(summary).to_contain_text("kế hoạch (1)")
    expect(summary).to_contain_text("hoạt động (1)")
    expect(summary).to_contain_text("báo cáo (1)")
    expect(page.locator("#search-plans")).not_to_contain_text("Gia Viên")
    screenshot(page, f"search-{viewport['width']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.locator("#search-plans").get_by_role("link", name="21/KH-UBND").click()
    expect(page.locator("h1")).to_contain_text("Kế hoạch số 21/KH-UBND")
    assert page.url.endswith(f"/plans/{plan.pk}/")
    context.close()
