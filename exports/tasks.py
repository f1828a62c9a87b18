"""Celery tasks of the export jobs: thin adapters over the services."""

from celery import shared_task

from .services import export_cleanup, export_job_run


@shared_task(bind=True, name="exports.write_export", soft_time_limit=30 * 60, time_limit=31 * 60)
def write_export(self, job_id: int) -> str:
    """Write an export job's file (see exports.services)."""
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    return export_job_run(job_id=job_id, notify=not self.request.is_eager, reclaim=redelivered)


@shared_task(name="exports.cleanup")
def cleanup_exports() -> int:
    """Remove the export jobs kept past their time, with their files."""
    return export_cleanup()
