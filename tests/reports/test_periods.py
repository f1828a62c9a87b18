import datetime

import pytest

from reports.models import ReportingPeriod
from reports.periods import (
    PeriodError,
    due_date,
    parse_period,
    period_bounds,
    period_containing,
    period_label,
    reporting_period,
)

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01", ("month", 2026, 1)),
        ("2026-Q1", ("quarter", 2026, 1)),
        ("2026-h2", ("half", 2026, 2)),
        ("2026", ("year", 2026, 1)),
    ],
)
def test_period_notation_reads_months_quarters_halves_and_years(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-Q1", "quý 1", ""])
def test_a_wrong_period_is_refused_with_a_vietnamese_message(text):
    with pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period(text)


def test_decree_09_cuts_figures_off_on_the_fourteenth():
    assert period_bounds("month", 2026, 1) == (D(2025, 12, 15), D(2026, 1, 14))
    assert period_bounds("quarter", 2026, 1) == (D(2025, 12, 15), D(2026, 3, 14))
    assert period_bounds("half", 2026, 1) == (D(2025, 12, 15), D(2026, 6, 14))
    assert period_bounds("half", 2026, 2) == (D(2026, 6, 15), D(2026, 12, 14))
    assert period_bounds("year", 2026, 1) == (D(2025, 12, 15), D(2026, 12, 14))


def test_calendar_periods_run_from_the_first_to_the_last_day():
    assert period_bounds("month", 2026, 2, "calendar") == (D(2026, 2, 1), D(2026, 2, 28))
    assert period_bounds("quarter", 2026, 4, "calendar") == (D(2026, 10, 1), D(2026, 12, 31))
    assert period_bounds("year", 2026, 1, "calendar") == (D(2026, 1, 1), D(2026, 12, 31))


def test_the_six_month_report_is_due_before_the_fifteenth_of_june():
    _, end = period_bounds("half", 2026, 1)
    assert due_date(end, 15) == D(2026, 6, 15)
    _, calendar_end = period_bounds("half", 2026, 1, "calendar")
    assert due_date(calendar_end, 15) == D(2026, 7, 15)


def test_a_day_after_the_cut_off_belongs_to_the_next_period():
    assert period_containing("quarter", D(2026, 3, 14)) == (2026, 1)
    assert period_containing("quarter", D(2026, 3, 15)) == (2026, 2)
    assert period_containing("year", D(2025, 12, 20)) == (2026, 1)
    assert period_containing("quarter", D(2026, 3, 15), "calendar") == (2026, 1)


def test_labels_read_as_in_official_reports():
    assert period_label("quarter", 2026, 1) == "Quý I/2026"
    assert period_label("half", 2026, 2) == "6 tháng cuối năm 2026"
    assert period_label("month", 2026, 3) == "Tháng 03/2026"


@pytest.mark.django_db
def test_a_standard_period_is_one_shared_row():
    first = reporting_period("quarter", 2026, 1)
    assert reporting_period("quarter", 2026, 1).pk == first.pk
    assert (first.start, first.end, first.due_date) == (
        D(2025, 12, 15),
        D(2026, 3, 14),
        D(2026, 3, 15),
    )
    assert first.label == "Quý I/2026"
    assert reporting_period("quarter", 2026, 1, "calendar").pk != first.pk
    assert ReportingPeriod.objects.count() == 2
