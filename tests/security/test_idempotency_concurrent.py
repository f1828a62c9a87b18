"""The same creating POST at the same moment, on PostgreSQL: each thread has its own
database connection, as two gunicorn workers would, and all reach the claim together."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from plans.models import LegalDocument
from tests.activities.conftest import build_kp_plan, form_data
from tests.imports.excel import xlsx
from tests.imports.test_excel import DOCUMENT_HEADERS, confirm_url, upload
from tests.plans.conftest import ensure_catalogue
from tests.security.test_idempotency import key_of
from units import submissions

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite lets one writer in at a time",
    ),
    pytest.mark.django_db(transaction=True),
]


def together(monkeypatch, count, send):
    """send() in `count` threads that reach the claim at the same moment."""
    barrier = threading.Barrier(count, timeout=30)
    claim = submissions._claim

    def claim_together(key, user):
        barrier.wait()
        return claim(key, user)

    monkeypatch.setattr(submissions, "_claim", claim_together)
    results, errors = [None] * count, []

    def work(index):
        try:
            results[index] = send()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def same_session(client):
    def send_with(method, *args, **kwargs):
        own = Client()
        own.cookies = client.cookies
        return getattr(own, method)(*args, **kwargs)

    return send_with


def test_a_double_click_on_the_activity_form_creates_one_activity(world, monkeypatch):
    ensure_catalogue()
    kp = build_kp_plan(world)
    client = Client()
    client.force_login(world.kp_head)
    key = key_of(client.get(reverse("activities:create")).content.decode())
    data = {**form_data(world, kp), "submission_key": key}
    send = same_session(client)

    codes = together(monkeypatch, 2, lambda: send("post", reverse("activities:create"), data))

    assert [c.status_code for c in codes] == [302, 302]
    assert codes[0]["Location"] == codes[1]["Location"]
    assert Activity.objects.count() == 1


def test_confirming_one_import_three_times_at_once_writes_it_once(world, monkeypatch):
    client = Client()
    client.force_login(world.kp_officer)
    data = xlsx(DOCUMENT_HEADERS, [["Quyết định", "1169/QĐ-TTg", "16/06/2025", "Thủ tướng"]])
    url = confirm_url(upload(client, "legal-documents", data))
    send = same_session(client)

    codes = together(monkeypatch, 3, lambda: send("post", url))

    assert [c.status_code for c in codes] == [302, 302, 302]
    assert LegalDocument.objects.filter(number="1169/QĐ-TTg").count() == 1
