"""A sent report's PDF and Excel files, rendered once and stored (see plans/services/stored.py);
a draft is rendered on each download."""

import io

from celery import shared_task

from plans.services.stored import prerender_on_commit, stored_or_rendered

from ..models import Report, ReportStatus


def report_source(report) -> str | None:
    """What a sent report's files are rendered from; None while it can still change."""
    if report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return None
    return f"{report.status}:{report.version}:{report.updated_at.timestamp():.6f}"


def report_file(report, fmt: str) -> tuple[bytes, str]:
    """A report as PDF or Excel («pdf», «xlsx») and its file name."""
    from ..document import report_filename, report_pdf
    from ..exports import write_report
    from .workflow import report_figures

    def render():
        figures = report_figures(report=report)
        if fmt == "pdf":
            return report_pdf(report, figures)
        buffer = io.BytesIO()
        write_report(report, figures, buffer)
        return buffer.getvalue()

    content = stored_or_rendered(
        kind=f"report.{fmt}", object_id=report.pk, source=report_source(report), render=render
    )
    return content, f"{report_filename(report.organisation, report.period.label)}.{fmt}"


def report_files_store(report) -> None:
    for fmt in ("pdf", "xlsx"):
        report_file(report, fmt)


def report_files_prerender(report) -> None:
    prerender_on_commit(store_report_documents, report.pk)


@shared_task(name="reports.store_report_documents")
def store_report_documents(report_id: int) -> None:
    """Render a sent report's PDF and Excel files once and store them."""
    report = Report.objects.filter(pk=report_id).select_related("organisation", "period").first()
    if report is not None:
        report_files_store(report)
