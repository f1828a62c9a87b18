"""Every main page at 390 px, as a village head's or an officer's phone shows it: nothing is
wider than the window (wide tables scroll inside their own box or become cards)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from activities.models import Activity
from plans.models import PlanScanJob
from reports.models import Report
from reports.services import organisation_period, report_open, report_submit
from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import PHONE, screenshot
from tests.factories import PlanFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def data(world):
    from tests.reports.conftest import build_q1

    build_q1(world)
    period, _ = organisation_period(organisation=world.kp, kind="quarter", year=2026, index=1)
    report, _ = report_open(organisation=world.kp, period=period, by=world.kp_officer)
    report_submit(report=report, by=world.kp_leader)
    draft = PlanFactory(issuer=world.kp, title="Dự thảo kế hoạch tuyên truyền bầu cử năm 2026")
    scan = PlanScanJob.objects.create(
        organisation=world.kp,
        created_by=world.kp_officer,
        filename="ke-hoach-tuyen-truyen-bau-cu-dai-bieu-quoc-hoi-nam-2026-ban-quet.pdf",
        status="running",
        pages_done=2,
        pages_total=5,
    )
    return {"report": report, "draft": draft, "scan": scan}


def pages(world, data):
    activity = Activity.objects.filter(unit__organisation=world.kp).order_by("pk").first()
    plan = activity.plan
    task = plan.assignments.order_by("pk").first()
    report = data["report"]
    officer = [
        "/",
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/plans/{data['draft'].pk}/edit/",
        "/plans/new/",
        "/plans/import/",
        f"/plans/import/scans/{data['scan'].pk}/",
        "/activities/",
        "/activities/new/",
        f"/activities/{activity.pk}/",
        "/activities/review/",
        "/activities/tasks/",
        f"/activities/tasks/{task.pk}/",
        "/activities/dashboard/",
        f"/activities/plans/{plan.pk}/progress/",
        "/activities/deleted/",
        "/reports/",
        f"/reports/{report.pk}/",
        "/units/",
        "/units/people/",
        f"/units/people/{world.kp_head.pk}/",
        "/imports/",
        "/imports/activities/import/",
        "/notifications/",
        "/notifications/preferences/",
        "/password/change/",
        "/search/?q=hoi+nghi",
    ]
    leader = [
        "/reports/matrix/?year=2026",
        "/reports/rollup/?period=2026-Q1",
        "/units/new/",
        "/units/people/new/",
        f"/units/{world.kp_office.pk}/edit/",
    ]
    return (
        [(world.kp_officer, url) for url in officer]
        + [(world.hn_leader, url) for url in leader[:2]]
        + [(world.kp_leader, url) for url in leader[2:]]
    )


def test_no_main_page_is_wider_than_a_phone(browser, live_server, world, data):
    too_wide = []
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=HANOI), tick=True):
        contexts = {}
        for user, url in pages(world, data):
            if user.pk not in contexts:
                context = browser.new_context(viewport=PHONE, locale="vi-VN")
                page = context.new_page()
                LoginPage(page, live_server.url).open().log_in(user.username)
                page.wait_for_url(f"{live_server.url}/")
                contexts[user.pk] = (context, page)
            page = contexts[user.pk][1]
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, url
            width = page.evaluate("document.documentElement.scrollWidth")
            screenshot(page, "phone" + url.replace("/", "_").replace("?", "_"))
            if width > PHONE["width"]:
                culprits = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' '
                        + Math.round(e.getBoundingClientRect().right))"""
                )
                too_wide.append(f"{url}: {width} px ({'; '.join(culprits)})")
        for context, _page in contexts.values():
            context.close()
    assert not too_wide, "Wider than a 390 px phone:\n" + "\n".join(too_wide)
    assert Report.objects.exists()
