"""Celery tasks of the reports app: thin adapters over the services."""

from celery import shared_task

from .models import Report
from .services.stored import report_files_store


@shared_task(name="reports.store_report_documents")
def store_report_documents(report_id: int) -> None:
    """Render a sent report's PDF and Excel files once and store them."""
    report = Report.objects.filter(pk=report_id).select_related("organisation", "period").first()
    if report is not None:
        report_files_store(report)
