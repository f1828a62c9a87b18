"""Reads shared by the report pages, documents and the command: which reports a user sees,
the periods an organisation reports on, the superior's matrix and the roll-up.

The matrix and the roll-up take a fixed number of queries whatever the number of
subordinate organisations: one for the organisations, one for their reports, one GROUP BY
organisation and form over the activities.
"""

from ..models import ReportingPeriod
from .rollup import Rollup, RollupRow, rollup
from .status import (
    Cell,
    MatrixRow,
    PeriodSlot,
    Standing,
    Timeliness,
    days_late,
    matrix_timeliness,
    missing_organisations,
    period_slots,
    report_matrix,
    reports_due,
    reports_of,
    standing,
    standing_label,
    visible_reports,
)

__all__ = [
    "Cell",
    "MatrixRow",
    "PeriodSlot",
    "ReportingPeriod",
    "Rollup",
    "RollupRow",
    "Standing",
    "Timeliness",
    "days_late",
    "matrix_timeliness",
    "missing_organisations",
    "period_slots",
    "report_matrix",
    "reports_due",
    "reports_of",
    "rollup",
    "standing",
    "standing_label",
    "visible_reports",
]
