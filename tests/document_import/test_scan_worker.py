"""End to end with a real Celery worker on Redis (REDIS_URL): a scanned PDF uploaded in the
interface travels through the broker, the worker OCRs it page by page and makes the draft, and
the job's page then opens the review."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from config.celery import app as celery_app
from plans.models import Plan, PlanScanJob
from tests.planreader.conftest import FIXTURES
from tests.planreader.pdfs import scanned_pdf, text_pdf
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.ocr,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs Redis: set REDIS_URL (CI does) to run a real Celery worker",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def private_queue(private_queue_for):
    return private_queue_for("plans.*")


def test_a_real_worker_reads_an_uploaded_scan_and_the_job_page_opens_the_review(
    world, client_for, private_queue
):
    scan = scanned_pdf(text_pdf((FIXTURES / "commune_clean.txt").read_text(encoding="utf-8")))
    client = client_for(world.kp_officer)
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        queues=[private_queue],
        shutdown_timeout=60,
    ):
        response = client.post(
            reverse("plans:import_upload"),
            {"file": SimpleUploadedFile("ban-quet-27.pdf", scan, "application/pdf")},
        )
        job = PlanScanJob.objects.get()
        assert response["Location"] == reverse("plans:import_scan", args=[job.pk])
        done = wait_for(
            lambda: PlanScanJob.objects.filter(pk=job.pk, status="done").exists(), timeout=120
        )

    job.refresh_from_db()
    assert done, (job.status, job.message)
    # Read, the scan is deleted from the storage: the job keeps its counts, not the file.
    assert (job.pages_done, job.pages_total, job.file.name) == (2, 2, "")
    plan = Plan.objects.get()
    assert (plan.number, plan.issuer) == (27, world.kp)
    page = client.get(reverse("plans:import_scan", args=[job.pk]))
    assert page["Location"] == reverse("plans:import_review", args=[plan.pk])
