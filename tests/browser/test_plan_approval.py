"""Plan approval in Chromium, at desktop and phone width: the officer sends a draft for
signature («Trình ký») and can no longer edit it; the leader returns it with a comment
(«Trả lại», an empty comment refused); the officer sees the comment and edits again."""

import pytest
from playwright.sync_api import expect

from plans.models import PlanStatus
from tests.browser.pages import LoginPage
from tests.browser.pages_plans import PlanPage
from tests.factories import PlanFactory

COMMENT = "Bổ sung kinh phí cho hoạt động phát thanh ở các thôn."


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_officer_sends_a_draft_the_leader_returns_it_with_a_comment(
    page, live_server, world, width
):
    page.set_viewport_size({"width": width, "height": 900})
    plan = PlanFactory(issuer=world.kp, title="Tuyên truyền chuyển đổi số năm 2026")
    url = f"{live_server.url}/plans/{plan.pk}/"

    def as_user(user):
        page.context.clear_cookies()
        LoginPage(page, live_server.url).open().log_in(user.username)
        page.wait_for_url(f"{live_server.url}/")
        page.goto(url)
        return PlanPage(page)

    officer_view = as_user(world.kp_officer)
    expect(page.get_by_role("link", name="Ban hành")).to_have_count(0)
    officer_view.submit_for_signature()
    expect(page.locator("#signature-status")).to_contain_text("Chờ ký")
    expect(page.get_by_role("link", name="Soạn thảo")).to_have_count(0)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AWAITING_SIGNATURE

    leader_view = as_user(world.kp_leader)
    expect(page.get_by_role("link", name="Ban hành")).to_be_visible()
    leader_view.return_with(COMMENT)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    as_user(world.kp_officer)
    expect(page.locator("#return-comment")).to_contain_text(COMMENT)
    expect(page.get_by_role("link", name="Soạn thảo")).to_be_visible()
    expect(page.get_by_role("button", name="Trình ký")).to_be_visible()
