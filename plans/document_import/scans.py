"""Scanned PDFs: OCR in the background (Celery), with the pages read so far for a progress bar.

- `plan_scan_start`: keep the uploaded PDF in the storage (local files or the shared S3
  bucket, which a worker on another machine reads) for a `PlanScanJob`, and enqueue
  `read_scanned_plan` once the upload's transaction commits (eager in the embedded default,
  so the job has run when the upload's response is sent).
- `plan_scan_run`: the task's work: OCR page by page (recording each page done), then the
  same draft as any upload (`plan_import_from_text`), or the reason it was refused. The file
  is deleted from the storage when the job ends, and a job that already ended is never run again (a
  redelivered task does nothing).
"""

import logging
import uuid
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from planreader import DocumentRefused, OcrUnavailable, checked_text, ocr_pages, pdf_pages
from plans.models import PlanScanJob, ScanReadingStatus
from units.models import Unit

from .review import _allowed, _clean_filename, plan_import_from_text

logger = logging.getLogger(__name__)

OCR_MISSING = (
    "Máy chủ chưa cài bộ nhận dạng chữ (Tesseract) nên chưa đọc được bản quét. Hãy báo quản "
    "trị viên, hoặc tải lên bản PDF in từ Word hay bản .docx."
)
NOT_QUEUED = (
    "Không gửi được bản quét vào hàng đợi xử lý (Redis không trả lời). Hãy tải lên lại sau ít phút."
)
CRASHED = "Gặp lỗi khi đọc bản quét. Hãy tải lên lại, hoặc tải lên bản .docx."


def plan_scan_start(*, data: bytes, filename: str, organisation: Unit, by) -> PlanScanJob:
    """Keep a scanned PDF for OCR in the background and enqueue its job after commit."""
    _allowed(by, organisation)
    job = PlanScanJob(organisation=organisation, created_by=by, filename=_clean_filename(filename))
    job.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from notifications.tasks import enqueue

    from .tasks import read_scanned_plan

    if not enqueue(read_scanned_plan, job_id):
        _finish(job_id, ScanReadingStatus.FAILED, NOT_QUEUED)


def _finish(job_id: int, status: str, message: str = "", plan_import=None) -> None:
    jobs = PlanScanJob.objects.filter(pk=job_id)
    name = jobs.values_list("file", flat=True).first()
    jobs.update(
        status=status,
        message=message,
        plan_import=plan_import,
        file="",
        finished_at=timezone.now(),
    )
    if name:
        storage = PlanScanJob._meta.get_field("file").storage
        transaction.on_commit(partial(storage.delete, name), robust=True)


def plan_scan_run(*, job_id: int) -> str:
    """OCR a job's PDF and create its draft; the job's final status."""
    job = PlanScanJob.objects.select_related("organisation", "created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job.status if job else "missing"
    PlanScanJob.objects.filter(pk=job.pk).update(status=ScanReadingStatus.RUNNING, pages_done=0)

    def progress(done: int, total: int) -> None:
        PlanScanJob.objects.filter(pk=job.pk).update(pages_done=done, pages_total=total)

    try:
        if not job.file:
            raise DocumentRefused("Không còn tệp bản quét: hãy tải lên lại.")
        with job.file.open("rb") as handle:
            data = handle.read()
        pages = pdf_pages(data)
        texts = ocr_pages(data, pages, progress=progress, time_limit=settings.LOA_OCR_TIME_LIMIT)
        with transaction.atomic():
            record = plan_import_from_text(
                text=checked_text("\n".join(texts)),
                filename=job.filename,
                organisation=job.organisation,
                by=job.created_by,
            )
            _finish(job.pk, ScanReadingStatus.DONE, plan_import=record)
        return ScanReadingStatus.DONE
    except DocumentRefused as refusal:
        _finish(job.pk, ScanReadingStatus.REFUSED, str(refusal))
        return ScanReadingStatus.REFUSED
    except OcrUnavailable as missing:
        logger.error("Scan job %s: OCR unavailable: %s", job.pk, missing)
        _finish(job.pk, ScanReadingStatus.FAILED, OCR_MISSING)
        return ScanReadingStatus.FAILED
    except Exception:
        logger.exception("Scan job %s failed", job.pk)
        _finish(job.pk, ScanReadingStatus.FAILED, CRASHED)
        return ScanReadingStatus.FAILED
