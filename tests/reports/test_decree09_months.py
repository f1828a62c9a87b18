"""Decree 09/2019 months end on the 14th: the 14th belongs to its month, the 15th to the
next one, in every place that splits months (the dashboard's «Tháng này» and its monthly
chart, a monthly report's figures and its due date; the reminders in
tests/notifications/test_plan_reports.py) — and a calendar
organisation's months run from the 1st."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reports.models import Report
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db

D = datetime.date
DASHBOARD = reverse("activities:dashboard")


@pytest.fixture
def boundary(world, kp, add_activity):
    """One approved activity of Kiều Phú's office on each side of three cut-offs, each with
    its day of the month as its participants (so sums show which days were counted)."""
    for day in (
        D(2025, 12, 14),
        D(2025, 12, 15),
        D(2026, 2, 14),
        D(2026, 2, 15),
        D(2026, 3, 14),
        D(2026, 3, 15),
        D(2026, 4, 14),
        D(2026, 4, 15),
    ):
        add_activity(date=day, participants=day.month * 100 + day.day)


def at(time_machine, day):
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(9), ZoneInfo("Asia/Ho_Chi_Minh")),
        tick=False,
    )


def test_this_month_on_the_14th_and_on_the_15th(world, boundary, client_for, time_machine):
    at(time_machine, D(2026, 4, 14))
    page = client_for(world.kp_leader).get(DASHBOARD, {"period": "month"})
    assert page.context["period"].description == "Tháng 04/2026 (từ 15/03/2026 đến 14/04/2026)"
    assert page.context["totals"]["participants"] == 315 + 414

    at(time_machine, D(2026, 4, 15))
    page = client_for(world.kp_leader).get(DASHBOARD, {"period": "month"})
    assert page.context["period"].description == "Tháng 05/2026 (từ 15/04/2026 đến 14/05/2026)"
    assert page.context["totals"]["participants"] == 415


def test_the_monthly_chart_puts_the_15th_in_the_next_month(
    world, boundary, client_for, time_machine
):
    at(time_machine, D(2026, 4, 20))
    page = client_for(world.kp_leader).get(
        DASHBOARD, {"period": "custom", "start": "01/12/2025", "end": "30/04/2026"}
    )
    months = page.context["months"]
    by_label = {row["label"]: row["participants"] for row in months}
    assert by_label == {
        "12/2025": 1214,  # 14/12/2025
        "01/2026": 1215,  # 15/12/2025: the first day of January's figures
        "02/2026": 214,
        "03/2026": 215 + 314,
        "04/2026": 315 + 414,
        "05/2026": 415,
    }


def test_a_calendar_organisation_splits_months_on_the_first(
    world, boundary, client_for, time_machine
):
    world.kp.period_scheme = "calendar"
    world.kp.save()
    at(time_machine, D(2026, 4, 20))
    page = client_for(world.kp_leader).get(
        DASHBOARD, {"period": "custom", "start": "01/12/2025", "end": "30/04/2026"}
    )
    by_label = {row["label"]: row["participants"] for row in page.context["months"]}
    assert by_label == {
        "12/2025": 1214 + 1215,
        "01/2026": 0,
        "02/2026": 214 + 215,
        "03/2026": 314 + 315,
        "04/2026": 414 + 415,
    }
    month = client_for(world.kp_leader).get(DASHBOARD, {"period": "month"})
    assert month.context["period"].description == "Tháng 04/2026 (từ 01/04/2026 đến 30/04/2026)"


def test_a_monthly_report_counts_from_the_15th_to_the_14th(world, boundary, client_for):
    world.kp.report_period_kinds = "month,quarter"
    world.kp.save()
    report = open_report(client_for(world.kp_officer), kind="month", index=3)
    assert (report.period.start, report.period.end) == (D(2026, 2, 15), D(2026, 3, 14))
    page = client_for(world.kp_officer).get(reverse("reports:detail", args=[report.pk]))
    assert page.context["figures"]["totals"]["participants"] == 215 + 314
    assert Report.objects.get().period.label == "Tháng 03/2026"


def test_a_monthly_report_is_due_the_day_after_its_14th(world, client_for, time_machine):
    world.kp.report_period_kinds = "month"
    world.kp.save()
    at(time_machine, D(2026, 3, 20))
    page = client_for(world.kp_leader).get(reverse("reports:list"), {"year": 2026})
    rows = {row["slot"].label: row for row in page.context["rows"]}
    march = rows["Tháng 03/2026"]["slot"]
    assert (march.start, march.end, march.due) == (D(2026, 2, 15), D(2026, 3, 14), D(2026, 3, 15))
    assert rows["Tháng 03/2026"]["label"] == "Chưa gửi (quá hạn)"
    assert rows["Tháng 04/2026"]["label"] == "Chưa hết kỳ"  # 15/03 – 14/04


def test_this_quarter_and_this_year_turn_on_the_15th(world, boundary, client_for, time_machine):
    at(time_machine, D(2026, 3, 14))
    quarter = client_for(world.kp_leader).get(DASHBOARD, {"period": "quarter"})
    assert quarter.context["period"].description == "Quý I/2026 (từ 15/12/2025 đến 14/03/2026)"
    at(time_machine, D(2026, 3, 15))
    quarter = client_for(world.kp_leader).get(DASHBOARD, {"period": "quarter"})
    assert quarter.context["period"].description == "Quý II/2026 (từ 15/03/2026 đến 14/06/2026)"
    at(time_machine, D(2026, 12, 15))
    year = client_for(world.kp_leader).get(DASHBOARD, {"period": "year"})
    assert year.context["period"].description == "Năm 2027 (từ 15/12/2026 đến 14/12/2027)"


def test_a_custom_range_is_described_as_typed(world, boundary, client_for, time_machine):
    at(time_machine, D(2026, 4, 20))
    page = client_for(world.kp_leader).get(
        DASHBOARD, {"period": "custom", "start": "14/02/2026", "end": "15/03/2026"}
    )
    assert page.context["period"].description == (
        "Khoảng thời gian tùy chọn (từ 14/02/2026 đến 15/03/2026)"
    )
    assert page.context["totals"]["participants"] == 214 + 215 + 314 + 315
