"""Chromium, at desktop and phone width: Hà Nội's leader opens the emulation ranking from the
menu, chooses the first quarter, and follows a count to the late task behind it; Kiều Phú's
leader corrects a mistyped weight in the commune's criteria."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import DESKTOP, PHONE, Navbar, screenshot
from tests.emulation.conftest import build_contest

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def log_in(browser, live_server, user, viewport):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    LoginPage(page, live_server.url).open().log_in(user.username)
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def assert_fits(page, viewport):
    """The page settles within the phone's width (a loaded machine may lay it out a moment
    late, fonts and charts included); if it never does, say which elements stick out."""
    width = viewport["width"]
    try:
        page.wait_for_function(
            "(w) => document.documentElement.scrollWidth <= w", arg=width, timeout=5000
        )
    except PlaywrightTimeout:
        culprits = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 5)
            .map(e => [e.tagName, e.className, Math.round(e.getBoundingClientRect().right)])""",
            width,
        )
        raise AssertionError(f"{page.url} is wider than {width} px: {culprits}") from None


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_city_leader_ranks_the_communes_and_opens_a_late_task(
    browser, live_server, world, viewport
):
    build_contest(world)
    with time_machine.travel(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI), tick=True):
        context, page = log_in(browser, live_server, world.hn_leader, viewport)
        Navbar(page).go("Thi đua")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Kết quả chấm điểm thi đua Quý II/2026"
        )
        page.get_by_label("Kỳ").select_option(label="Quý I")
        page.get_by_role("button", name="Xem").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Kết quả chấm điểm thi đua Quý I/2026"
        )
        kp = page.locator('tr[data-unit="T-KP"]')
        expect(kp.get_by_test_id("total")).to_have_text("83,61")
        expect(kp.get_by_test_id("classification")).to_have_text("Hoàn thành tốt nhiệm vụ")
        expect(page.locator('tr[data-unit="T-DP"]').get_by_test_id("rank")).to_have_text("3")
        screenshot(page, "emulation-ranking")
        assert_fits(page, viewport)

        kp.locator('[data-count="tasks-late"]').click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Điểm thi đua của Xã Kiều Phú – Quý I/2026"
        )
        # The trend of the quarters begun, drawn by the vendored Chart.js.
        expect(page.get_by_test_id("trend")).to_have_text("Quý I/2026: 83,61 · Quý II/2026: 50,00")
        drawn = page.wait_for_function(
            "() => window.Chart && Chart.getChart(document.querySelector("
            "'canvas[data-chart=trend]'))?.data.datasets[0].data.join(' ')"
        )
        assert drawn.json_value() == "83.61 50"
        late = page.locator('[data-rows="tasks-late"]')
        expect(late).to_contain_text("KP phối hợp.")
        expect(late).to_contain_text("Hoàn thành muộn")
        expect(late).to_be_in_viewport()
        screenshot(page, "emulation-unit")
        assert_fits(page, viewport)
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_communes_leader_corrects_a_mistyped_weight(browser, live_server, world, viewport):
    build_contest(world)
    with time_machine.travel(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI), tick=True):
        context, page = log_in(browser, live_server, world.kp_leader, viewport)
        page.goto(f"{live_server.url}/emulation/{world.kp.pk}/?period=q1&year=2026")
        page.get_by_role("link", name="Sửa tiêu chí").click()
        tasks = page.locator('fieldset[data-criterion="tasks"]')
        tasks.get_by_label("Điểm tối đa", exact=True).fill("6o")
        page.get_by_role("button", name="Lưu tiêu chí").click()
        expect(tasks).to_contain_text("Nhập một số, ví dụ 0,3 hoặc 40.")
        expect(tasks.get_by_label("Điểm tối đa", exact=True)).to_have_value("6o")
        assert_fits(page, viewport)
        tasks.get_by_label("Điểm tối đa", exact=True).fill("60")
        page.get_by_role("button", name="Lưu tiêu chí").click()
        expect(page.get_by_role("alert").first).to_contain_text("Đã lưu tiêu chí thi đua.")
        expect(page.locator(".history")).to_contain_text("Điểm tối đa")
        screenshot(page, "emulation-criteria")
        assert_fits(page, viewport)

        page.get_by_role("link", name="Về bảng xếp hạng").click()
        page.get_by_label("Kỳ").select_option(label="Quý I")
        page.get_by_role("button", name="Xem").click()
        office = page.locator("#ranking tbody tr").first
        expect(office.get_by_test_id("total")).to_have_text("95,28")
        context.close()


@pytest.mark.parametrize("width", [1200, 1280, 1366])
def test_the_menu_with_thi_dua_stays_on_one_line_beside_a_long_name(
    browser, live_server, world, width
):
    from tests.factories import UserFactory
    from units.models import Role

    leader = UserFactory(
        username="hn.thao", full_name="Nguyễn Thị Phương Thảo", unit=world.hn, role=Role.LEADER
    )
    context, page = log_in(browser, live_server, leader, {"width": width, "height": 900})
    expect(page.locator("#main-nav").get_by_role("link", name="Thi đua")).to_be_visible()
    assert page.evaluate("document.querySelector('nav.navbar').offsetHeight") == 56
    assert_fits(page, {"width": width})
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_city_leader_recomputes_a_closed_quarter(browser, live_server, world, viewport):
    from activities.models import CompletionStatus, TaskCompletion

    contest = build_contest(world)
    # Q1/2026 ended on 14/3: closed 30 days later, its scores kept at the first reading.
    with time_machine.travel(datetime.datetime(2026, 5, 4, 9, 0, tzinfo=HANOI), tick=True):
        context, page = log_in(browser, live_server, world.hn_leader, viewport)
        page.goto(f"{live_server.url}/emulation/{world.hn.pk}/?period=q1&year=2026")
        pt = page.locator('tr[data-unit="T-PT"]')
        expect(pt.get_by_test_id("total")).to_have_text("44,03")
        expect(page.locator('[data-role="kept"]')).to_contain_text("Quý I/2026 đã kết thúc")

        # Phúc Thọ reports its lead task, late: the kept score does not move by itself.
        TaskCompletion.objects.create(
            assignment=contest.pt_lead, unit=world.pt, status=CompletionStatus.DONE, is_late=True
        )
        page.reload()
        expect(pt.get_by_test_id("total")).to_have_text("44,03")

        page.get_by_test_id("recompute").click()
        expect(page.get_by_role("alert").first).to_contain_text(
            "Đã tính lại điểm thi đua quý I/2026."
        )
        expect(pt.get_by_test_id("total")).to_have_text("54,89")
        history = page.get_by_test_id("kept-history")
        history.locator("summary").click()
        expect(history).to_contain_text("Tính lại theo yêu cầu của lãnh đạo cơ quan chấm điểm")
        expect(history).to_contain_text("Chốt điểm khi kỳ đã kết thúc · tự động")
        screenshot(page, "emulation-kept")
        assert_fits(page, viewport)
        context.close()
