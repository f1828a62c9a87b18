"""An issued plan's PDF and Word files are rendered once (by a worker when it is issued) and
then served from the storage; a draft is rendered on each download."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from plans import printing
from plans.models import StoredDocument
from plans.services import plan_close
from tests.plans.test_workflow import issue_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=True):
        yield


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF and Word renderings (each still runs)."""
    counted = {"pdf": 0, "docx": 0}
    for fmt, name in (("pdf", "render_pdf"), ("docx", "render_docx")):
        original = getattr(printing, name)

        def counting(*args, _fmt=fmt, _original=original, **kwargs):
            counted[_fmt] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(printing, name, counting)
    return counted


def test_issuing_renders_the_files_once_and_downloads_serve_them(
    world, client_for, kp_draft, renders, settings, django_capture_on_commit_callbacks
):
    settings.LOA_PRERENDER_DOCUMENTS = True
    client = client_for(world.kp_leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft))
    assert response.status_code == 302
    assert renders == {"pdf": 1, "docx": 1}
    stored = {row.kind: row for row in StoredDocument.objects.filter(object_id=kp_draft.pk)}
    assert set(stored) == {"plan.pdf", "plan.docx"}

    first = client.get(reverse("plans:pdf", args=[kp_draft.pk]))
    second = client_for(world.hn_leader).get(reverse("plans:pdf", args=[kp_draft.pk]))
    word = client.get(reverse("plans:docx", args=[kp_draft.pk]))
    assert renders == {"pdf": 1, "docx": 1}  # nothing rendered again
    assert first.content == second.content == stored["plan.pdf"].file.open("rb").read()
    assert first.content.startswith(b"%PDF-") and word.content.startswith(b"PK")
    assert first["Content-Disposition"] == ('attachment; filename="ke-hoach-05-KH-UBND-2026.pdf"')


def test_a_draft_is_rendered_on_each_download_and_never_stored(
    world, client_for, kp_draft, renders
):
    client = client_for(world.kp_officer)
    for _ in range(2):
        assert client.get(reverse("plans:pdf", args=[kp_draft.pk])).status_code == 200
    assert renders["pdf"] == 2
    assert not StoredDocument.objects.exists()


def test_without_a_worker_the_first_download_stores_and_a_change_renders_again(
    world, client_for, kp_draft, renders
):
    client = client_for(world.kp_leader)
    client.post(reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft))
    assert renders["pdf"] == 0  # LOA_PRERENDER_DOCUMENTS is off, as with eager tasks
    url = reverse("plans:pdf", args=[kp_draft.pk])
    client.get(url)
    client.get(url)
    assert renders["pdf"] == 1
    old_name = StoredDocument.objects.get(kind="plan.pdf").file.name

    kp_draft.refresh_from_db()
    plan_close(plan=kp_draft, by=world.kp_leader)
    client.get(url)
    client.get(url)
    assert renders["pdf"] == 2
    stored = StoredDocument.objects.get(kind="plan.pdf")
    assert stored.source.startswith("closed:")
    assert stored.file.name != old_name and not stored.file.storage.exists(old_name)

    stored.file.storage.delete(stored.file.name)  # a lost file is rendered again
    assert client.get(url).content.startswith(b"%PDF-")
    assert renders["pdf"] == 3
