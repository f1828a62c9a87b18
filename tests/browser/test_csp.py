"""Chromium enforces the Content-Security-Policy: the pages with the most script (the editor,
the dashboard's charts, confirmations, the auto-submitting filter) work and the browser
reports no violation."""

import pytest
from playwright.sync_api import expect

from tests.activities.conftest import activity_adder, build_kp_plan
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_pages_with_script_run_under_the_policy(login_as, live_server, world, width):
    ensure_catalogue()
    kp = build_kp_plan(world)
    activity_adder(world, kp)()
    page = login_as(world.kp_officer)
    page.set_viewport_size({"width": width, "height": 900})
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}/activities/dashboard/")
    expect(page.locator("canvas").first).to_be_visible()
    page.goto(f"{live_server.url}/plans/new/")
    assert page.evaluate("typeof TomSelect") == "function"
    page.goto(f"{live_server.url}/activities/plans/{kp.plan.pk}/progress/")
    page.get_by_label("Chỉ tính hoạt động đã duyệt").check()
    expect(page).to_have_url(
        f"{live_server.url}/activities/plans/{kp.plan.pk}/progress/?approved_only=on"
    )

    assert violations == []
