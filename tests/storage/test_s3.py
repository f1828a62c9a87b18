"""Evidence, stored documents and scans on an S3-compatible store (a real server on
127.0.0.1, see conftest.py), through the real views: what is uploaded or rendered lands in
the private bucket, comes back with the same bytes only to those Loa lets read it, and
objects are deleted when what they belong to is replaced or done with."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from activities.models import Activity, Evidence
from exports.models import ExportJob
from plans.document_import import scans
from plans.models import Plan, PlanScanJob, StoredDocument
from plans.services import plan_close
from tests.activities.conftest import form_data, photo
from tests.imports.excel import xlsx
from tests.imports.test_excel import UNIT_HEADERS, confirm_url, upload
from tests.planreader.conftest import FIXTURES
from tests.planreader.pdfs import scanned_pdf, text_pdf
from tests.plans.test_workflow import issue_data
from tests.reports.test_documents import open_report
from units.models import Unit

pytestmark = pytest.mark.django_db

PUBLIC = "http://acs.amazonaws.com/groups/global/AllUsers"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def private(s3, key):
    return all(grant["Grantee"].get("URI") != PUBLIC for grant in s3.acl(key))


def test_evidence_goes_to_the_bucket_and_back_to_its_commune_only(world, kp, client_for, s3):
    data = {**form_data(world, kp), "files": [photo("hội nghị.jpg", size=(320, 200))]}
    response = client_for(world.kp_head).post(reverse("activities:create"), data)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert s3.objects() == [evidence.file.name]
    assert evidence.file.name.startswith("evidence/") and private(s3, evidence.file.name)

    url = reverse("activities:evidence", args=[evidence.pk])
    download = client_for(world.kp_leader).get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    content = body(download)
    assert content == s3.read(evidence.file.name)
    assert Image.open(io.BytesIO(content)).size == (320, 200)
    # Hà Nội (the superior) reads it; another province's people get nothing.
    assert body(client_for(world.hn_leader).get(url)) == s3.read(evidence.file.name)
    assert client_for(world.gv_leader).get(url).status_code == 404
    assert client_for(world.gv_officer).get(url).status_code == 404


def test_a_lost_object_is_a_clear_404(world, kp, client_for, s3):
    data = {**form_data(world, kp), "files": [photo()]}
    client_for(world.kp_head).post(reverse("activities:create"), data)
    evidence = Evidence.objects.get()
    evidence.file.storage.delete(evidence.file.name)
    response = client_for(world.kp_leader).get(reverse("activities:evidence", args=[evidence.pk]))
    assert response.status_code == 404


def test_a_deleted_activity_keeps_its_objects_and_comes_back_with_them(world, kp, client_for, s3):
    """Deleting an activity (or removing evidence from it) keeps the object: the audit trail
    points at it and «Khôi phục» brings the activity back with its evidence
    (docs/operations.md, "Audit trail and restoring deleted records")."""
    data = {**form_data(world, kp), "files": [photo()]}
    client_for(world.kp_head).post(reverse("activities:create"), data)
    activity = Activity.objects.get()
    key = activity.evidence.get().file.name
    stored = s3.read(key)
    activity.delete()
    assert s3.objects() == [key]

    officer = client_for(world.kp_officer)
    record = officer.get(reverse("activities:deleted")).context["records"][0]
    officer.post(reverse("activities:restore", args=[record.history_id]))
    evidence = Activity.objects.get().evidence.get()
    download = officer.get(reverse("activities:evidence", args=[evidence.pk]))
    assert body(download) == stored


@pytest.fixture
def in_march():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=True):
        yield


def test_an_issued_plan_s_files_are_stored_in_the_bucket_and_served_from_it(
    world, client_for, kp_draft, s3, settings, in_march, django_capture_on_commit_callbacks
):
    settings.LOA_PRERENDER_DOCUMENTS = True
    client = client_for(world.kp_leader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft))
    stored = {row.kind: row.file.name for row in StoredDocument.objects.all()}
    assert s3.objects() == sorted(stored.values())
    assert stored["plan.pdf"].startswith("documents/2026/03/plan-pdf-")
    assert all(private(s3, key) for key in s3.objects())

    pdf = client_for(world.hn_leader).get(reverse("plans:pdf", args=[kp_draft.pk]))
    assert pdf.status_code == 200
    assert pdf.content == s3.read(stored["plan.pdf"]) and pdf.content.startswith(b"%PDF-")
    assert client.get(reverse("plans:docx", args=[kp_draft.pk])).content == s3.read(
        stored["plan.docx"]
    )
    assert (
        client_for(world.gv_leader).get(reverse("plans:pdf", args=[kp_draft.pk])).status_code == 404
    )

    # Closing the plan changes it: the new file replaces the old object in the bucket.
    kp_draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        plan_close(plan=kp_draft, by=world.kp_leader)
    response = client_for(world.kp_leader).get(reverse("plans:pdf", args=[kp_draft.pk]))
    assert response.content == s3.read(StoredDocument.objects.get(kind="plan.pdf").file.name)
    renewed = StoredDocument.objects.get(kind="plan.pdf").file.name
    assert renewed != stored["plan.pdf"]
    assert renewed in s3.objects() and stored["plan.pdf"] not in s3.objects()


def test_a_sent_report_s_files_are_stored_in_the_bucket(
    world, q1, client_for, s3, settings, django_capture_on_commit_callbacks
):
    settings.LOA_PRERENDER_DOCUMENTS = True
    client = client_for(world.kp_leader)
    report = open_report(client)
    assert s3.objects() == []  # a draft is rendered on each download, never stored
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[report.pk]))
    stored = {row.kind: row.file.name for row in StoredDocument.objects.all()}
    assert set(stored) == {"report.pdf", "report.xlsx"}
    assert s3.objects() == sorted(stored.values())
    city = client_for(world.hn_leader)
    assert city.get(reverse("reports:pdf", args=[report.pk])).content == s3.read(
        stored["report.pdf"]
    )
    assert city.get(reverse("reports:xlsx", args=[report.pk])).content == s3.read(
        stored["report.xlsx"]
    )


@pytest.mark.ocr
def test_a_scan_job_reads_its_pdf_from_the_bucket_and_deletes_it_when_done(
    world, client_for, s3, monkeypatch, django_capture_on_commit_callbacks
):
    commune = (FIXTURES / "commune_clean.txt").read_text(encoding="utf-8")
    scanned = scanned_pdf(text_pdf(commune))
    queued = []
    monkeypatch.setattr("notifications.tasks.enqueue", lambda task, *args: not queued.append(args))
    read = []
    real_pages = scans.pdf_pages
    monkeypatch.setattr(scans, "pdf_pages", lambda data: read.append(data) or real_pages(data))

    client = client_for(world.kp_officer)
    upload = SimpleUploadedFile("ban-quet-27.pdf", scanned, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:import_upload"), {"file": upload})
    job = PlanScanJob.objects.get()
    assert response["Location"] == reverse("plans:import_scan", args=[job.pk])
    # Waiting for a worker (on any machine): the PDF is in the bucket, not in the database.
    assert queued == [(job.pk,)]
    assert s3.objects() == [job.file.name] and job.file.name.startswith("scans/")
    assert s3.read(job.file.name) == scanned

    with django_capture_on_commit_callbacks(execute=True):
        assert scans.plan_scan_run(job_id=job.pk) == "done"
    assert read == [scanned]
    job.refresh_from_db()
    assert job.file.name == "" and s3.objects() == []
    assert Plan.objects.get().number == 27


def test_an_excel_import_waits_in_the_bucket_until_confirmed(world, client_for, s3):
    client = client_for(world.kp_leader)
    data = xlsx(UNIT_HEADERS, [["T-KP-KT", "Phòng Kinh tế", "Phòng, văn phòng", ""]])
    preview = upload(client, "units", data)
    token = confirm_url(preview).rstrip("/").rsplit("/", 1)[-1]
    # The confirming request may reach another web node: the workbook is in the bucket.
    assert s3.objects() == [f"imports/{token}.xlsx"]
    assert s3.read(f"imports/{token}.xlsx") == data

    done = client.post(confirm_url(preview), follow=True)
    assert "Đã nhập 1 dòng đơn vị: 1 dòng mới" in done.content.decode()
    assert Unit.objects.get(code="T-KP-KT").organisation == world.kp
    assert s3.objects() == []


def test_a_workbook_previewed_and_left_is_deleted_from_the_bucket(world, client_for, s3):
    from imports.uploads import pending_cleanup

    client = client_for(world.kp_leader)
    for code in ("T-KP-KT", "T-KP-TP"):
        upload(client, "units", xlsx(UNIT_HEADERS, [[code, "Phòng", "Phòng, văn phòng", ""]]))
    assert len(s3.objects()) == 2

    assert pending_cleanup(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert pending_cleanup(now=timezone.now() + datetime.timedelta(hours=25)) == 2
    assert s3.objects() == []


def test_an_export_job_s_file_is_kept_in_the_bucket_and_cleaned_up(
    world, kp, add_activity, client_for, s3
):
    add_activity(date=datetime.date(2026, 3, 2), title="Phát thanh tuần 1", participants=10)
    client = client_for(world.kp_leader)
    response = client.get(reverse("activities:export"), {"format": "csv"})
    job = ExportJob.objects.get()
    assert s3.objects() == [job.file.name] and job.file.name.startswith("exports/")
    content = body(response)
    assert content == s3.read(job.file.name)
    assert "Phát thanh tuần 1" in content.decode("utf-8-sig")
    url = reverse("exports:file", args=[job.pk])
    assert body(client_for(world.kp_leader).get(url)) == s3.read(job.file.name)
    assert client_for(world.gv_leader).get(url).status_code == 404

    ExportJob.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    call_command("export_cleanup", stdout=io.StringIO())
    assert s3.objects() == []
