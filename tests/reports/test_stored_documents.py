"""A sent report's PDF and Excel files are rendered once and served from the storage until
the report changes (returned, sent again); a draft is rendered on each download."""

import pytest
from django.urls import reverse

from plans.models import StoredDocument
from reports import document, exports
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    counted = {"pdf": 0, "xlsx": 0}
    for fmt, module, name in (("pdf", document, "report_pdf"), ("xlsx", exports, "write_report")):
        original = getattr(module, name)

        def counting(*args, _fmt=fmt, _original=original, **kwargs):
            counted[_fmt] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return counted


def test_a_sent_report_is_rendered_once_until_it_is_returned_and_sent_again(
    world, q1, client_for, renders, settings, django_capture_on_commit_callbacks
):
    settings.LOA_PRERENDER_DOCUMENTS = True
    client = client_for(world.kp_leader)
    report = open_report(client)
    pdf, xlsx = (reverse(f"reports:{fmt}", args=[report.pk]) for fmt in ("pdf", "xlsx"))
    client.get(pdf)
    client.get(pdf)
    assert renders["pdf"] == 2 and not StoredDocument.objects.exists()  # a draft

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[report.pk]))
    assert renders == {"pdf": 3, "xlsx": 1}  # rendered by the task when sent
    assert client.get(xlsx).content[:2] == b"PK"
    sent = client_for(world.hn_leader).get(pdf).content  # the city reads what was sent
    assert sent.startswith(b"%PDF-") and renders == {"pdf": 3, "xlsx": 1}

    city = client_for(world.hn_leader)
    city.post(reverse("reports:return", args=[report.pk]), {"comment": "Bổ sung số liệu."})
    client = client_for(world.kp_leader)
    client.get(pdf)
    client.get(pdf)
    assert renders["pdf"] == 5  # returned: a draft again, rendered on each download

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:submit", args=[report.pk]))
    assert renders == {"pdf": 6, "xlsx": 2}
    assert StoredDocument.objects.filter(object_id=report.pk).count() == 2
