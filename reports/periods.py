"""Reporting periods: their bounds under Decree 09/2019/NĐ-CP or the calendar, their due
dates, and the `2026-01` / `2026-Q1` / `2026-H1` / `2026` notation used on the command line.

Decree 09 cuts figures off on the 14th: a month runs from the 15th of the previous month to
the 14th; a quarter, half-year and year run from the 15th of the month before their first
month to the 14th of their last month.
"""

import datetime
import re

from units.models import CutoffScheme

from .models import PeriodKind, ReportingPeriod

MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_NOTATION = re.compile(r"^(\d{4})(?:-(?:(\d{1,2})|Q([1-4])|H([12])))?$", re.IGNORECASE)


class PeriodError(ValueError):
    pass


def parse_period(text):
    """`2026-01` → (month, 2026, 1); `2026-Q1` → quarter; `2026-H1` → half; `2026` → year."""
    match = _NOTATION.match((text or "").strip())
    if not match:
        raise PeriodError(
            f"Kỳ báo cáo «{text}» không hợp lệ: viết 2026-01, 2026-Q1, 2026-H1 hoặc 2026."
        )
    year, month, quarter, half = match.groups()
    if month:
        if not 1 <= int(month) <= 12:
            raise PeriodError(f"Tháng {month} không hợp lệ.")
        return PeriodKind.MONTH, int(year), int(month)
    if quarter:
        return PeriodKind.QUARTER, int(year), int(quarter)
    if half:
        return PeriodKind.HALF, int(year), int(half)
    return PeriodKind.YEAR, int(year), 1


def period_bounds(kind, year, index, scheme=CutoffScheme.DECREE_09):
    """First and last day whose figures count for the period."""
    months = MONTHS_IN[kind]
    last_month = index * months
    first_month = last_month - months + 1
    if scheme == CutoffScheme.CALENDAR:
        start = datetime.date(year, first_month, 1)
        end = _add_months(datetime.date(year, last_month, 1), 1) - datetime.timedelta(days=1)
    else:
        start = _add_months(datetime.date(year, first_month, 15), -1)
        end = datetime.date(year, last_month, 14)
    return start, end


def period_label(kind, year, index):
    if kind == PeriodKind.MONTH:
        return f"Tháng {index:02d}/{year}"
    if kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN[index]}/{year}"
    if kind == PeriodKind.HALF:
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    return f"Năm {year}"


def period_notation(kind, year, index):
    return {
        PeriodKind.MONTH: f"{year}-{index:02d}",
        PeriodKind.QUARTER: f"{year}-Q{index}",
        PeriodKind.HALF: f"{year}-H{index}",
        PeriodKind.YEAR: f"{year}",
    }[kind]


class PeriodNames:
    """`label` and `notation` of an object with a period's `kind`, `year` and `index`."""

    @property
    def label(self):
        return period_label(self.kind, self.year, self.index)

    @property
    def notation(self):
        return period_notation(self.kind, self.year, self.index)


def due_date(period_end, due_day):
    """The first `due_day` of a month that falls after the period's last day."""
    candidate = period_end.replace(day=due_day)
    if candidate <= period_end:
        candidate = _add_months(candidate, 1)
    return candidate


def period_containing(kind, day, scheme=CutoffScheme.DECREE_09):
    """(year, index) of the period of `kind` that `day` falls in."""
    if scheme == CutoffScheme.DECREE_09 and day.day >= 15:
        day = _add_months(day.replace(day=1), 1)
    index = (day.month - 1) // MONTHS_IN[kind] + 1
    return day.year, index


def reporting_period(kind, year, index, scheme=CutoffScheme.DECREE_09, default_due_day=15):
    """The shared ReportingPeriod row for a standard period, created on first use.

    Its `due_date` uses the default due day; an organisation's own deadline is
    `due_date(period.end, organisation.report_due_day)`.
    """
    start, end = period_bounds(kind, year, index, scheme)
    period, _ = ReportingPeriod.objects.get_or_create(
        kind=kind,
        year=year,
        index=index,
        scheme=scheme,
        organisation=None,
        defaults={
            "start": start,
            "end": end,
            "label": period_label(kind, year, index),
            "due_date": due_date(end, default_due_day),
        },
    )
    return period


def _add_months(day, months):
    month_index = day.year * 12 + day.month - 1 + months
    return day.replace(year=month_index // 12, month=month_index % 12 + 1)
