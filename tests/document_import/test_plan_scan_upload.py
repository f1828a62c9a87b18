"""PDFs uploaded in the interface: a text-layer PDF becomes a draft at once; a scanned one is
OCR'd by a background job whose page shows a progress bar (polled by htmx) and then sends the
officer to the review; a PDF that cannot be read is refused with the reason and writes nothing
but the job's own record, and nobody else sees someone's job."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.document_import.scans import NOT_QUEUED, plan_scan_run
from plans.models import Plan, PlanImport, PlanScanJob
from tests.factories import UserFactory
from tests.planreader.conftest import FIXTURES
from tests.planreader.pdfs import encrypted_pdf, scanned_pdf, text_pdf
from units.models import Role

from .test_plan_upload import counts

UPLOAD = reverse("plans:import_upload")
COMMUNE = (FIXTURES / "commune_clean.txt").read_text(encoding="utf-8")


def upload_pdf(client, content, name="ke-hoach-27.pdf"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, "application/pdf")})


def job_url(job):
    return reverse("plans:import_scan", args=[job.pk])


def status_url(job):
    return reverse("plans:import_scan_status", args=[job.pk])


@pytest.fixture(scope="module")
def commune_pdf():
    return text_pdf(COMMUNE)


@pytest.fixture
def running_job(world):
    job = PlanScanJob(
        organisation=world.kp,
        created_by=world.kp_officer,
        filename="ke-hoach-27.pdf",
        status="running",
        pages_done=1,
        pages_total=3,
    )
    job.file.save("ke-hoach-27.pdf", ContentFile(b"%PDF-1.7"))
    return job


def test_a_text_layer_pdf_becomes_a_draft_at_once(world, client_for, commune_pdf):
    response = upload_pdf(client_for(world.kp_officer), commune_pdf)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:import_review", args=[plan.pk])
    assert (plan.number, plan.symbol, plan.issuer) == (27, "KH-UBND", world.kp)
    assert PlanImport.objects.get().filename == "ke-hoach-27.pdf"
    assert not PlanScanJob.objects.exists()


@pytest.mark.ocr
def test_a_scanned_pdf_is_read_by_its_job_and_the_officer_lands_on_the_review(
    world, client_for, commune_pdf, django_capture_on_commit_callbacks
):
    client = client_for(world.kp_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_pdf(client, scanned_pdf(commune_pdf), name="ban-quet-27.pdf")
    job = PlanScanJob.objects.get()
    assert response["Location"] == job_url(job)
    # Eager Celery (the embedded default): the job ran before the upload's response.
    assert (job.status, job.pages_done, job.pages_total) == ("done", 2, 2)
    assert job.file.name == ""
    plan = Plan.objects.get()
    assert job.plan_import == PlanImport.objects.get(plan=plan)
    assert (plan.number, plan.issued_on.isoformat()) == (27, "2026-02-12")

    page = client.get(job_url(job), follow=True)
    assert page.redirect_chain == [(reverse("plans:import_review", args=[plan.pk]), 302)]
    assert "Đã nhận dạng chữ và đọc «ban-quet-27.pdf», tạo dự thảo kế hoạch." in (
        page.content.decode()
    )


def test_the_job_page_shows_the_pages_read_and_polls_for_more(
    world, client_for, running_job, django_assert_max_num_queries
):
    client = client_for(world.kp_officer)
    with django_assert_max_num_queries(8):
        page = client.get(job_url(running_job)).content.decode()
    assert "Đang đọc bản quét «ke-hoach-27.pdf»" in page
    assert "đã đọc <strong>1/3</strong> trang (33%)" in page
    assert 'max="3" value="1"' in page
    assert f'hx-get="{status_url(running_job)}" hx-trigger="every 1s"' in page

    PlanScanJob.objects.filter(pk=running_job.pk).update(pages_done=2)
    partial = client.get(status_url(running_job), headers={"HX-Request": "true"})
    assert "đã đọc <strong>2/3</strong> trang (67%)" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_when_the_job_is_done_the_poll_sends_the_browser_to_the_review(
    world, client_for, running_job
):
    plan = Plan.objects.create(issuer=world.kp, title="Kế hoạch tuyên truyền", symbol="KH-UBND")
    record = PlanImport.objects.create(plan=plan, filename="ke-hoach-27.pdf")
    PlanScanJob.objects.filter(pk=running_job.pk).update(status="done", plan_import=record)
    response = client_for(world.kp_officer).get(
        status_url(running_job), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("plans:import_review", args=[plan.pk])


def test_a_job_whose_pdf_cannot_be_read_ends_with_the_reason_and_no_draft(
    world, client_for, running_job, django_capture_on_commit_callbacks
):
    running_job.status = "queued"
    running_job.file.save("ke-hoach-27.pdf", ContentFile(encrypted_pdf(COMMUNE)))
    stored = running_job.file.name
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_scan_run(job_id=running_job.pk) == "refused"
    assert counts() == before
    running_job.refresh_from_db()
    # The uploaded PDF is deleted from the storage as the job ends.
    assert running_job.file.name == ""
    assert not default_storage.exists(stored)
    page = client_for(world.kp_officer).get(job_url(running_job)).content.decode()
    assert "Không tạo được dự thảo từ «ke-hoach-27.pdf»." in page
    assert "Tệp PDF được đặt mật khẩu: hãy gỡ mật khẩu" in page
    assert "hx-trigger" not in page
    # A redelivered task finds the job ended and does nothing.
    assert plan_scan_run(job_id=running_job.pk) == "refused"


def test_an_encrypted_pdf_is_refused_at_the_upload_with_the_reason(world, client_for):
    before = counts()
    response = upload_pdf(client_for(world.kp_officer), encrypted_pdf(COMMUNE))
    assert response.status_code == 200
    assert "Tệp PDF được đặt mật khẩu" in response.content.decode()
    assert counts() == before
    assert not PlanScanJob.objects.exists()


def test_when_the_queue_is_down_the_job_says_so(
    world, client_for, commune_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("notifications.tasks.enqueue", lambda task, *args: False)
    client = client_for(world.kp_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_pdf(client, scanned_pdf(commune_pdf, dpi=72))
    job = PlanScanJob.objects.get()
    assert (job.status, job.message) == ("failed", NOT_QUEUED)
    assert NOT_QUEUED in client.get(response["Location"]).content.decode()
    assert not Plan.objects.exists()


def test_another_officer_of_the_same_commune_does_not_see_the_job(world, client_for, running_job):
    colleague = UserFactory(username="kp.other", unit=world.kp_office, role=Role.OFFICER)
    client = client_for(colleague)
    assert client.get(job_url(running_job)).status_code == 404
    assert client.get(status_url(running_job)).status_code == 404
