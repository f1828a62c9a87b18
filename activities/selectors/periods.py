"""Periods for dashboards and filters: this month, quarter or year as the organisation cuts
its figures off (reports.periods), or a custom range."""

import datetime
from dataclasses import dataclass

from units.models import CutoffScheme

PERIOD_CHOICES = [
    ("month", "Tháng này"),
    ("quarter", "Quý này"),
    ("year", "Năm nay"),
    ("custom", "Tùy chọn"),
]


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def description(self):
        return f"{self.label} (từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y})"


def current_period(kind, *, today, scheme=CutoffScheme.DECREE_09):
    """This month, quarter or year as the organisation cuts its figures off (Decree 09 by
    default: the month runs to the 14th)."""
    # Imported here: reports build on activities.selectors, so activities must not import
    # reports at module level.
    from reports.models import PeriodKind
    from reports.periods import period_bounds, period_containing, period_label

    period_kind = {
        "month": PeriodKind.MONTH,
        "quarter": PeriodKind.QUARTER,
        "year": PeriodKind.YEAR,
    }[kind]
    year, index = period_containing(period_kind, today, scheme)
    start, end = period_bounds(period_kind, year, index, scheme)
    return Period(start=start, end=end, label=period_label(period_kind, year, index))


def custom_period(start, end):
    return Period(start=start, end=end, label="Khoảng thời gian tùy chọn")
