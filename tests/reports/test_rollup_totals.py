"""The superior's roll-up counts every approved activity in its scope: its own units', its
subordinates', and those of organisations made inactive during the year; nothing else."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityStatus
from tests.factories import PlanFactory, make_organisation, make_unit, outreach_form
from tests.reports.conftest import pdf_text, total_row, workbook

pytestmark = pytest.mark.django_db


def approved(unit, day, participants, cost=0, plan=None, status=ActivityStatus.APPROVED):
    return Activity.objects.create(
        plan=plan or PlanFactory(issuer=unit.organisation, issued=True),
        unit=unit,
        form=outreach_form("conference"),
        date=day,
        title=f"Hội nghị của {unit.name}",
        quantity=1,
        participants=participants,
        cost=cost,
        status=status,
    )


@pytest.fixture
def city(world, q1):
    """Besides Kiều Phú's quarter (3 approved: 120 + 0 + 1.234 people) and Phúc Thọ's (1: 300
    people, 1.000.000 đồng): the city's own office, a commune merged away in the year, a
    Hải Phòng ward and activities outside the quarter or not approved."""
    office = make_unit(world.hn, code="T-HN-VP", name="Văn phòng UBND Thành phố")
    approved(office, datetime.date(2026, 1, 8), 50, cost=2_000_000)
    merged = make_organisation(world.hn, code="T-XC", name="Xã Cũ")
    merged_office = make_unit(merged, code="T-XC-VH", name="Phòng Văn hóa - Xã hội")
    approved(merged_office, datetime.date(2026, 2, 20), 70, cost=500_000)
    merged.is_active = False
    merged.save()
    approved(world.gv_office, datetime.date(2026, 2, 2), 5_000)  # another province
    approved(office, datetime.date(2026, 3, 15), 4_000)  # Q2: after the cut-off
    approved(office, datetime.date(2026, 1, 9), 900, status=ActivityStatus.SUBMITTED)
    approved(office, datetime.date(2026, 1, 10), 800, status=ActivityStatus.RETURNED)
    return world


def test_the_rollup_rows_and_totals(city, client_for):
    response = client_for(city.hn_leader).get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"})
    sheet = workbook(response.content)["Tổng hợp"]
    rows = {row[1]: row[3:5] for row in sheet.iter_rows(values_only=True) if row[1]}
    # (activities, participants) per row, as the workbook shows them.
    assert rows["Các đơn vị thuộc Thành phố Hà Nội"] == (1, 50)
    assert rows["Xã Kiều Phú"] == (3, 1_354)
    assert rows["Xã Phúc Thọ"] == (1, 300)
    assert rows["Xã Cũ"] == (1, 70)
    assert "Phường Gia Viên" not in rows
    total = total_row(sheet)
    assert (total[3], total[4], total[7]) == (6, 1_774, 3_500_000 + 8_500_000)


def test_the_rollup_total_is_every_approved_activity_in_scope(city, client_for):
    response = client_for(city.hn_leader).get(reverse("reports:rollup"), {"period": "2026-Q1"})
    rollup = response.context["rollup"]
    everything = Activity.objects.approved().filter(
        unit__path__startswith=city.hn.path,
        date__gte=datetime.date(2025, 12, 15),
        date__lte=datetime.date(2026, 3, 14),
    )
    assert rollup.totals["count"] == everything.count() == 6
    assert rollup.totals["participants"] == 1_774
    assert sum(row.figures["count"] for row in rollup.rows) == 6
    # The inactive commune is not expected to report, but its figures count.
    assert rollup.expected == 2
    text = pdf_text(
        client_for(city.hn_leader).get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"}).content
    )
    assert "1.774 lượt người tham dự" in text


def test_the_year_rollup_counts_the_inactive_commune_too(city, client_for):
    response = client_for(city.hn_leader).get(reverse("reports:rollup"), {"year": 2026})
    names = [row.name for row in response.context["rollup"].rows]
    assert "Xã Cũ" in names
    assert response.context["rollup"].totals["participants"] == 1_774 + 4_000 + 9  # Q2 too
