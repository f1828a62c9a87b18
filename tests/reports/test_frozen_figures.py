"""Figures frozen when a report is sent stay as sent after the superior accepts it, in the
page, the PDF and the workbook, whatever is approved later."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportStatus
from tests.reports.conftest import pdf_text, total_row, workbook
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db


def test_figures_frozen_at_submission_stay_frozen_after_acceptance(
    world, q1, add_activity, client_for
):
    report = open_report(client_for(world.kp_officer))
    client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    # Approved after the report was sent, dated inside its quarter.
    add_activity(
        date=datetime.date(2026, 3, 1),
        participants=5_000,
        cost=1_000_000,
        reviewed_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    hn = client_for(world.hn_leader)
    assert hn.post(reverse("reports:accept", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED

    page = hn.get(reverse("reports:detail", args=[report.pk]))
    totals = page.context["figures"]["totals"]
    assert (totals["count"], totals["participants"], totals["cost"]) == (3, 1_354, 8_500_000)
    text = pdf_text(hn.get(reverse("reports:pdf", args=[report.pk])).content)
    assert "đã tổ chức 3 hoạt động" in text and "1.354 lượt người tham dự" in text
    book = workbook(hn.get(reverse("reports:xlsx", args=[report.pk])).content)
    total = total_row(book["Tổng hợp"])
    assert (total[3], total[5], total[8]) == (3, 1_354, 8_500_000)
    # The sheet of activities lists what was counted, not the one approved afterwards.
    rows = list(book["Hoạt động"].iter_rows(values_only=True))
    column = rows[0].index("Người tham dự")
    assert sorted(row[column] for row in rows[1:]) == [0, 120, 1_234]
    # The commune reads the same figures.
    kp_page = client_for(world.kp_leader).get(reverse("reports:detail", args=[report.pk]))
    assert kp_page.context["figures"]["totals"]["count"] == 3
