import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.models import Report
from tests.browser.pages import LoginPage
from tests.browser.pages_reports import MatrixPage, ReportListPage


@pytest.fixture
def q1_data(world):
    from tests.reports.conftest import build_q1

    return build_q1(world)


@pytest.fixture
def city_page(browser):
    """A second browser window for the city's leader, closed after the test (an open window
    keeps its connections to the live server past the server's end)."""
    page = browser.new_page()
    yield page
    page.close()


def pdf_text(path):
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_a_commune_writes_downloads_and_submits_its_report_and_the_city_accepts_it(
    login_as, live_server, world, q1_data, tmp_path, city_page
):
    page = login_as(world.kp_leader)
    report = ReportListPage(page, live_server.url).open().open_period("2026-Q1")
    report.expect_status("Dự thảo")
    expect(page.locator("table[data-table='I']")).to_contain_text("1.354")

    editor = report.edit()
    editor.fill("Trích yếu", "").fill("Đề xuất, kiến nghị", "Đề nghị cấp thêm loa cho thôn.")
    editor.save().expect_error("Hãy nhập trích yếu của báo cáo.")
    expect(page.get_by_label("Đề xuất, kiến nghị", exact=True)).to_have_value(
        "Đề nghị cấp thêm loa cho thôn."
    )
    editor.fill("Trích yếu", "Kết quả tuyên truyền chuyển đổi số quý I/2026")
    report = editor.save_and_view()
    content = page.locator("[data-role=report-content]")
    expect(content.get_by_text("Đề nghị cấp thêm loa cho thôn.")).to_be_visible()
    # The change is in the report's history too, under the officer who made it.
    history = page.locator("section[aria-labelledby=history-title]")
    expect(history.get_by_text("Đề nghị cấp thêm loa cho thôn.")).to_be_visible()

    pdf = report.download("download-pdf", tmp_path / "bc.pdf")
    text = pdf_text(pdf)
    assert "Kết quả tuyên truyền chuyển đổi số quý I/2026" in text
    assert "1.354 lượt người tham dự" in text
    xlsx = report.download("download-xlsx", tmp_path / "bc.xlsx")
    book = load_workbook(xlsx)
    assert [row[1].value for row in book["Tổng hợp"].iter_rows() if row[1].value == "Tổng cộng"]

    report.submit().expect_status("Đã gửi")
    assert Report.objects.get().status == "submitted"

    city = city_page
    LoginPage(city, live_server.url).open().log_in(world.hn_leader.username)
    city.wait_for_url(f"{live_server.url}/")
    matrix = MatrixPage(city, live_server.url).open()
    expect(matrix.cell("T-PT")).to_have_attribute(
        "data-state", re.compile("missing|pending|upcoming")
    )
    seen = matrix.open_report("T-KP")
    seen.accept("Báo cáo đầy đủ.").expect_status("Đã tiếp nhận")
    assert Report.objects.get().status == "accepted"
