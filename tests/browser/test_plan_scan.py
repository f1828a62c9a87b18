"""Chromium, at a desktop's and a phone's width: an officer uploads a scanned PDF; the page
shows the OCR's progress bar, which htmx updates as pages are read, and opens the review of
the draft once the job is done."""

import pytest
from playwright.sync_api import expect

from plans.document_import import scans
from plans.models import PlanScanJob
from tests.browser.pages_plan_import import PlanImportReviewPage, PlanImportUploadPage
from tests.planreader.conftest import FIXTURES
from tests.planreader.pdfs import scanned_pdf, text_pdf


@pytest.fixture(scope="module")
def scan():
    return scanned_pdf(text_pdf((FIXTURES / "commune_clean.txt").read_text(encoding="utf-8")))


@pytest.mark.ocr
@pytest.mark.parametrize("width", [1366, 390])
def test_an_officer_uploads_a_scan_watches_its_progress_and_reviews_the_draft(
    login_as, live_server, world, scan, monkeypatch, width
):
    # The job is left queued, as when a worker has not taken it yet; the test then plays the
    # worker while the page polls.
    monkeypatch.setattr(scans, "_enqueue", lambda job_id: None)
    page = login_as(world.kp_officer)
    page.set_viewport_size({"width": width, "height": 900})
    upload = PlanImportUploadPage.from_plan_list(page, live_server.url)
    upload.page.get_by_label("Văn bản kế hoạch (.txt, .docx hoặc .pdf)").set_input_files(
        {"name": "ban-quet-27.pdf", "mimeType": "application/pdf", "buffer": scan}
    )
    upload.page.get_by_role("button", name="Đọc văn bản và tạo dự thảo").click()

    expect(page.get_by_role("heading", name="Đang đọc bản quét «ban-quet-27.pdf»")).to_be_visible()
    status = page.locator("[data-role=scan-status]")
    expect(status).to_have_text("Đang chờ máy chủ bắt đầu đọc bản quét…")
    job = PlanScanJob.objects.get()

    # A page read: the poll shows it.
    PlanScanJob.objects.filter(pk=job.pk).update(status="running", pages_done=1, pages_total=2)
    expect(status).to_have_text("Đang nhận dạng chữ: đã đọc 1/2 trang (50%).")
    bar = page.locator("progress.scan-progress")
    expect(bar).to_have_attribute("value", "1")
    expect(bar).to_have_attribute("max", "2")
    bar_box = bar.bounding_box()
    assert bar_box["width"] > width * 0.6  # spans the card, at both widths
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    PlanScanJob.objects.filter(pk=job.pk).update(status="queued", pages_done=0)
    assert scans.plan_scan_run(job_id=job.pk) == "done"

    review = PlanImportReviewPage(page)
    expect(page.get_by_role("alert").first).to_contain_text(
        "Đã nhận dạng chữ và đọc «ban-quet-27.pdf», tạo dự thảo kế hoạch."
    )
    expect(review.part("read-header")).to_contain_text("27/KH-UBND")
    expect(review.part("read-header")).to_contain_text("Lê Thị Hồng Nhung")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_locked_pdf_is_refused_in_the_browser_with_the_reason(login_as, live_server, world):
    from tests.planreader.pdfs import encrypted_pdf

    locked = encrypted_pdf((FIXTURES / "commune_clean.txt").read_text(encoding="utf-8"))
    page = login_as(world.kp_officer)
    upload = PlanImportUploadPage.from_plan_list(page, live_server.url)
    upload.page.get_by_label("Văn bản kế hoạch (.txt, .docx hoặc .pdf)").set_input_files(
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": locked}
    )
    upload.page.get_by_role("button", name="Đọc văn bản và tạo dự thảo").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Tệp PDF được đặt mật khẩu")
    assert not PlanScanJob.objects.exists()
