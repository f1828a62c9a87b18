"""Writes and computed figures of periodic reports."""

from .figures import compute_figures, period_activities
from .narrative import draft_narrative, number
from .workflow import (
    EDITABLE_FIELDS,
    NARRATIVE_FIELDS,
    organisation_period,
    report_accept,
    report_figures,
    report_open,
    report_prefill,
    report_remind_missing,
    report_return,
    report_save,
    report_submit,
    report_withdraw,
)

__all__ = [
    "EDITABLE_FIELDS",
    "NARRATIVE_FIELDS",
    "compute_figures",
    "draft_narrative",
    "number",
    "organisation_period",
    "period_activities",
    "report_accept",
    "report_figures",
    "report_open",
    "report_prefill",
    "report_remind_missing",
    "report_return",
    "report_save",
    "report_submit",
    "report_withdraw",
]
