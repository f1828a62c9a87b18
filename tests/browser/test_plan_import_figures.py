"""Chromium, at desktop and phone width: an officer uploads a plan whose text sets targets and
a budget, corrects and confirms them on the review page."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans.models import Plan, PlanImport
from tests.browser.pages_plan_import import PlanImportUploadPage
from tests.document_import.test_figures_review import PLAN

# Set LOA_SCREENSHOTS=/some/folder to keep the pages as PNG files for a look.
SCREENSHOTS = os.environ.get("LOA_SCREENSHOTS")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_officer_confirms_the_targets_and_budget_read_from_the_text(
    login_as, live_server, world, tmp_path, width
):
    page = login_as(world.kp_officer)
    page.set_viewport_size({"width": width, "height": 900})
    document = tmp_path / "ke-hoach-31.txt"
    document.write_text(PLAN, encoding="utf-8")
    review = PlanImportUploadPage.from_plan_list(page, live_server.url).upload(document)

    figures = review.part("figures")
    expect(figures).to_contain_text("Chờ xác nhận")
    expect(review.target(1).get_by_label("Chỉ tiêu")).to_have_value(
        "Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản"
    )
    expect(review.budget_line(1).get_by_label("Số tiền (đồng)")).to_have_value("30.000.000")
    if SCREENSHOTS:
        figures.screenshot(path=str(Path(SCREENSHOTS) / f"figures-{width}.png"))

    review.target(2).get_by_label("Giá trị").fill("72")
    review.target(3).get_by_label("Giữ").uncheck()
    review.budget_line(2).get_by_label("Số tiền (đồng)").fill("ba triệu")
    review.part("figures").get_by_role("button", name="Xác nhận chỉ tiêu và kinh phí").click()
    expect(review.budget_line(2)).to_contain_text("Nhập số tiền bằng chữ số")
    expect(review.target(2).get_by_label("Giá trị")).to_have_value("72")

    review.budget_line(2).get_by_label("Số tiền (đồng)").fill("20.000.000")
    review.confirm_figures("Đã xác nhận 2 chỉ tiêu và 2 dòng kinh phí")
    expect(review.part("figures")).to_contain_text("Đã xác nhận")
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"review-{width}.png"), full_page=True)

    plan = Plan.objects.get(issuer=world.kp)
    assert [(str(t.target_value), t.measure) for t in plan.targets.order_by("position")] == [
        ("80.00", "%"),
        ("72.00", "tin, bài"),
    ]
    assert [line.amount for line in plan.budget_lines.order_by("position")] == [
        30_000_000,
        20_000_000,
    ]
    assert PlanImport.objects.get(plan=plan).figures_confirmed_at is not None
