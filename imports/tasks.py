"""Celery tasks of the Excel imports: thin adapters over imports.uploads."""

from celery import shared_task

from .uploads import pending_cleanup


@shared_task(name="imports.cleanup")
def cleanup_pending_imports() -> int:
    """Remove the previewed workbooks nobody confirmed."""
    return pending_cleanup()
