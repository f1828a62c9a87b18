"""Report pages. Reports come through `visible_reports` (own organisation, and what the
organisations below have sent): out of scope answers 404, readable but not writable 403."""

from .own import (
    report_create,
    report_detail,
    report_edit,
    report_list,
    report_pdf_view,
    report_redraft,
    report_submit_view,
    report_withdraw_view,
    report_xlsx_view,
)
from .superior import (
    report_accept_view,
    report_matrix_view,
    report_remind_view,
    report_return_view,
    rollup_pdf_view,
    rollup_view,
    rollup_xlsx_view,
)

__all__ = [
    "report_accept_view",
    "report_create",
    "report_detail",
    "report_edit",
    "report_list",
    "report_matrix_view",
    "report_pdf_view",
    "report_redraft",
    "report_remind_view",
    "report_return_view",
    "report_submit_view",
    "report_withdraw_view",
    "report_xlsx_view",
    "rollup_pdf_view",
    "rollup_view",
    "rollup_xlsx_view",
]
