"""The issue's «done when», on the demo data: the leader of xã Kiều Phú downloads the Q1
2026 report as PDF and Excel and submits it; Hà Nội sees who has reported and downloads the
aggregate."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity
from reports.models import Report
from tests.reports.conftest import pdf_text, total_row, vn, workbook
from units.models import Unit, User

pytestmark = pytest.mark.django_db


def test_kieu_phu_reports_the_first_quarter_and_hanoi_sees_it(client):
    call_command("load_demo", stdout=StringIO())
    kieuphu = Unit.objects.get(code="HN-KIEUPHU")
    approved = Activity.objects.approved().filter(
        unit__path__startswith=kieuphu.path,
        date__gte=datetime.date(2025, 12, 15),
        date__lte=datetime.date(2026, 3, 14),
    )
    count = approved.count()
    assert count > 10

    client.force_login(User.objects.get(username="kieuphu.lanhdao"))
    response = client.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 1})
    report = Report.objects.get(organisation=kieuphu)
    assert response.url == reverse("reports:detail", args=[report.pk])
    text = pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content)
    assert f"đã tổ chức {count} hoạt động" in text
    book = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)
    assert total_row(book["Tổng hợp"])[3] == count
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted"

    client.force_login(User.objects.get(username="hanoi.lanhdao"))
    matrix = client.get(reverse("reports:matrix"), {"year": 2026})
    rows = {row.organisation.code: row for row in matrix.context["rows"]}
    assert rows["HN-KIEUPHU"].cells[0].report == report
    assert rows["HN-KIEUPHU"].cells[0].state in {"submitted", "late"}
    sheet = workbook(client.get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"}).content)
    assert total_row(sheet["Tổng hợp"])[3] == count
    aggregate = pdf_text(client.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"}).content)
    assert f"đã tổ chức {vn(count)} hoạt động" in aggregate

    # Loading the demo again leaves the report alone.
    call_command("load_demo", stdout=StringIO())
    assert Report.objects.get().status == "submitted"
