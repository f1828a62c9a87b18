"""The audit trail of a report: who drafted, edited, sent, accepted or returned it."""

from units.history import Source, record_history

from .models import Report

HIDDEN = frozenset({"figures", "organisation", "period", "plan"})


def report_history(*, report: Report, limit: int = 200):
    return record_history(
        [Source(Report, {"id": report.pk}, lambda record, names: "Báo cáo", HIDDEN)], limit=limit
    )
