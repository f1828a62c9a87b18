"""Periods as the pages use them: December in the roll-up's notation, the names of the two
half-years, a deadline on the day a period ends, and the shared period a report is opened
on (its own index, the organisation's cut-off, never an organisation's custom period)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.reports.conftest import custom_first_quarter
from tests.reports.test_documents import open_report
from units.models import CutoffScheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def list_rows(client, year=2026):
    """(period, bounds, due date) of each row of the organisation's report list."""
    page = client.get(reverse("reports:list"), {"year": year}).content.decode()
    return re.findall(
        r'<td class="fw-semibold">([^<]+)</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>', page
    )


def test_the_roll_up_of_december_opens(world, client_for):
    response = client_for(world.hn_leader).get(reverse("reports:rollup"), {"period": "2026-12"})
    assert response.status_code == 200
    assert "Tổng hợp kết quả Tháng 12/2026" in response.content.decode()


def test_the_list_names_both_half_years(world, client_for):
    labels = [label for label, _, _ in list_rows(client_for(world.kp_leader))]
    assert labels == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
        "6 tháng đầu năm 2026",
        "6 tháng cuối năm 2026",
        "Năm 2026",
    ]


def test_a_deadline_on_the_14th_falls_in_the_month_after_the_period(world, client_for):
    # Decree 09's quarter ends on 14/03: a report due on the 14th is due on 14/04.
    world.kp.report_due_day = 14
    world.kp.save()
    first_quarter = list_rows(client_for(world.kp_leader))[0]
    assert first_quarter == ("Quý I/2026", "15/12/2025 – 14/03/2026", "14/04/2026")


def test_each_quarter_is_opened_on_its_own_period(world, client_for):
    client = client_for(world.kp_officer)
    first = open_report(client, index=1)
    second = open_report(client, index=2)
    assert (first.period.label, first.period.start, first.period.end) == (
        "Quý I/2026",
        D(2025, 12, 15),
        D(2026, 3, 14),
    )
    assert (second.period.label, second.period.start, second.period.end) == (
        "Quý II/2026",
        D(2026, 3, 15),
        D(2026, 6, 14),
    )


def test_a_calendar_commune_opens_its_report_on_calendar_bounds(world, client_for):
    world.kp.period_scheme = CutoffScheme.CALENDAR
    world.kp.save()
    report = open_report(client_for(world.kp_officer))
    assert (report.period.start, report.period.end) == (D(2026, 1, 1), D(2026, 3, 31))
    page = client_for(world.kp_officer).get(reverse("reports:detail", args=[report.pk]))
    assert "01/01/2026" in page.content.decode()


def test_an_organisations_custom_period_is_not_the_shared_one(world, client_for):
    custom_first_quarter(world.kp)
    report = open_report(client_for(world.pt_officer))
    assert report.period.organisation_id is None
    assert (report.period.label, report.period.start) == ("Quý I/2026", D(2025, 12, 15))
