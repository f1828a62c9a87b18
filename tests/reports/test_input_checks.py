"""The report's dates are typed dd/mm/yyyy like every other date in Loa."""

import datetime

import pytest
from django.urls import reverse

from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db


def test_the_reports_issue_date_is_typed_dd_mm_yyyy(world, kp, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    form = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'type="date"' not in form and 'placeholder="dd/mm/yyyy"' in form
    data = {
        name: getattr(report, name) or ""
        for name in (
            "title", "addressee", "results", "strengths", "shortcomings", "difficulties",
            "next_tasks", "proposals", "signer_authority", "signer_on_behalf", "signer_title",
            "signer_name", "recipients", "place", "symbol",
        )
    }  # fmt: skip
    data.update(issued_on="05/04/2026", number="3", version=report.version)
    assert client.post(reverse("reports:edit", args=[report.pk]), data).status_code == 302
    report.refresh_from_db()
    assert report.issued_on == datetime.date(2026, 4, 5)
    edit = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'value="05/04/2026"' in edit


def test_downloads_are_named_with_their_letters(world, kp, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-t-kp-quy-i-2026.pdf"'
