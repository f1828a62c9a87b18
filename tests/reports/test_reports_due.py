"""The reports an organisation has to send soon or is late with (the home page's list):
due within 30 days or overdue (this year's, and last year's for 45 days), not yet sent,
earliest first, in one query."""

import datetime

import pytest

from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from reports.selectors import reports_due

pytestmark = pytest.mark.django_db

D = datetime.date


def due(organisation, today, **window):
    return [
        (item["slot"].notation, item["slot"].due, item["overdue"])
        for item in reports_due(organisation, today=today, **window)
    ]


def send(organisation, kind, year, index, status=ReportStatus.SUBMITTED):
    Report.objects.create(
        organisation=organisation,
        period=reporting_period(kind, year, index),
        title="Báo cáo",
        status=status,
    )


@pytest.fixture
def monthly(world):
    world.kp.report_period_kinds = "month,quarter"
    world.kp.save()
    return world.kp


def test_earliest_first_with_what_is_overdue(monthly, django_assert_num_queries):
    with django_assert_num_queries(1):
        items = due(monthly, D(2026, 4, 20))
    assert items == [
        ("2026-01", D(2026, 1, 15), True),
        ("2026-02", D(2026, 2, 15), True),
        ("2026-03", D(2026, 3, 15), True),
        ("2026-Q1", D(2026, 3, 15), True),
        ("2026-04", D(2026, 4, 15), True),
        ("2026-05", D(2026, 5, 15), False),
    ]


def test_due_today_is_not_overdue(monthly):
    assert ("2026-04", D(2026, 4, 15), False) in due(monthly, D(2026, 4, 15))


def test_a_sent_report_leaves_the_list_and_the_others_stay(monthly):
    send(monthly, "month", 2026, 3)
    send(monthly, "month", 2026, 4, status=ReportStatus.ACCEPTED)
    assert due(monthly, D(2026, 4, 20)) == [
        ("2026-01", D(2026, 1, 15), True),
        ("2026-02", D(2026, 2, 15), True),
        ("2026-Q1", D(2026, 3, 15), True),
        ("2026-05", D(2026, 5, 15), False),
    ]


def test_a_returned_report_stays_on_the_list(monthly):
    send(monthly, "month", 2026, 3, status=ReportStatus.RETURNED)
    (march,) = [
        item
        for item in reports_due(monthly, today=D(2026, 4, 20))
        if item["slot"].notation == "2026-03"
    ]
    assert march["report"].status == "returned"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 4, 29), ["2026-Q1"]),  # 15/03 is 45 days ago
        # Still overdue in November, with the year-end reports due in December.
        (
            D(2026, 11, 30),
            ["2026-Q1", "2026-Q2", "2026-H1", "2026-Q3", "2026-Q4", "2026-H2", "2026"],
        ),
        (D(2026, 5, 15), ["2026-Q1"]),  # 15/06 is 31 days ahead
        (D(2026, 5, 16), ["2026-Q1", "2026-Q2", "2026-H1"]),  # 30 days ahead
        (D(2026, 1, 29), ["2025-Q4", "2025-H2", "2025"]),  # 15/12/2025 is 45 days ago
        (D(2026, 1, 30), []),  # last year's, 46 days ago
    ],
)
def test_every_report_of_this_year_not_sent_and_those_due_within_30_days(world, today, expected):
    assert [notation for notation, _, _ in due(world.kp, today)] == expected


def test_early_in_the_year_last_years_reports_are_there(world):
    assert due(world.kp, D(2026, 1, 10)) == [
        ("2025-Q4", D(2025, 12, 15), True),
        ("2025-H2", D(2025, 12, 15), True),
        ("2025", D(2025, 12, 15), True),
    ]


def test_a_wider_window_on_request(world):
    assert [n for n, _, _ in due(world.kp, D(2026, 4, 30), before=60, ahead=0)] == ["2026-Q1"]
