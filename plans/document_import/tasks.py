"""Celery tasks of the document import: thin adapters over the services."""

from celery import shared_task
from django.conf import settings

from .scans import plan_scan_run


@shared_task(
    name="plans.read_scanned_plan",
    soft_time_limit=settings.LOA_OCR_TIME_LIMIT + 60,
    time_limit=settings.LOA_OCR_TIME_LIMIT + 120,
)
def read_scanned_plan(job_id: int) -> str:
    """OCR an uploaded scanned PDF and create its draft (see document_import.scans)."""
    return plan_scan_run(job_id=job_id)
