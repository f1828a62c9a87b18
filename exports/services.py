"""Export jobs: started (or handed again) for what a person asks, written by a task with its
progress, kept for `LOA_EXPORT_KEEP_HOURS` and then removed with their files.

- `export_job_start`: the job for (the asker's reach, kind, format, filters, data version):
  a job asked earlier that is not expired and did not fail is handed again (written or still
  being written); otherwise a new one, enqueued after commit. In the embedded default (eager
  Celery) it has run when this returns.
- `export_job_run`: the task's work. The job is claimed with a conditional UPDATE, so a task
  delivered twice writes once; progress is recorded after each batch of rows; the file goes
  through Django's storage API; the asker is told in the bell when a worker finishes it.
- `export_cleanup`: removes expired jobs and their files (beat, hourly; `manage.py
  export_cleanup`).
"""

import datetime
import hashlib
import json
import logging
import tempfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from units.access import organisation_of

from .kinds import KINDS, ExportRefused, reach_of
from .models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)

NOT_QUEUED = (
    "Không gửi được yêu cầu vào hàng đợi xử lý (máy chủ hàng đợi không trả lời). "
    "Hãy thử tải lại sau ít phút."
)
CRASHED = (
    "Gặp lỗi khi ghi tệp. Hãy thử tải lại; nếu vẫn lỗi, hãy báo quản trị viên (mã yêu cầu {pk})."
)
# A job still queued or running this long has lost its task (a broker emptied, a worker gone
# for good): the next request starts another.
STALE_AFTER = datetime.timedelta(hours=1)


def request_key(*, kind: str, fmt: str, reach: str, params: dict) -> str:
    text = json.dumps([kind, fmt, reach, params], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def export_job_start(*, user, kind: str, fmt: str, params: dict) -> ExportJob:
    """The job writing (or having written) `kind` as `fmt` with `params` for `user`."""
    spec = KINDS[kind]
    if fmt not in spec.formats:
        raise ValueError(f"{kind} cannot be exported as {fmt}")
    reach = reach_of(user)
    key = request_key(kind=kind, fmt=fmt, reach=reach, params=params)
    version, total, filename = spec.describe(user, params, fmt)
    now = timezone.now()
    job = (
        ExportJob.objects.filter(key=key, data_version=version, expires_at__gt=now)
        .exclude(status=ExportStatus.FAILED)
        .order_by("-pk")
        .first()
    )
    if job is not None and _reusable(job, now):
        return job
    job = ExportJob.objects.create(
        kind=kind,
        fmt=fmt,
        reach=reach,
        organisation=organisation_of(user),
        created_by=user,
        params=params,
        key=key,
        data_version=version,
        total=total,
        filename=filename,
        expires_at=now + datetime.timedelta(hours=settings.LOA_EXPORT_KEEP_HOURS),
    )
    from config.celery import app

    if app.conf.task_always_eager:
        # No worker: write it now, inside this request (the same code as the worker's).
        _enqueue(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _reusable(job, now) -> bool:
    if job.status == ExportStatus.DONE:
        return bool(job.file) and job.file.storage.exists(job.file.name)
    # Queued or running: unless its task was lost (the task's time limit is 31 minutes).
    return job.created_at > now - STALE_AFTER


def _enqueue(job_id: int) -> None:
    from notifications.tasks import enqueue

    from .tasks import write_export

    if not enqueue(write_export, job_id):
        _fail(job_id, NOT_QUEUED)


def _fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.FAILED, message=message, finished_at=timezone.now()
    )


def export_job_run(*, job_id: int, notify: bool, reclaim: bool = False) -> str:
    """Write a job's file; its final status. `notify`: tell the asker in the bell (when a
    worker did it: in the embedded default the asker gets the file in the same response).
    `reclaim`: take over a job left running by a worker that died (a redelivered task)."""
    claimable = [ExportStatus.QUEUED, ExportStatus.RUNNING] if reclaim else [ExportStatus.QUEUED]
    claimed = ExportJob.objects.filter(pk=job_id, status__in=claimable).update(
        status=ExportStatus.RUNNING, done=0
    )
    if not claimed:
        job = ExportJob.objects.filter(pk=job_id).only("status").first()
        return job.status if job else "missing"
    job = ExportJob.objects.select_related("created_by__unit__organisation", "organisation").get(
        pk=job_id
    )

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        with tempfile.TemporaryFile() as output:
            KINDS[job.kind].write(job, output, progress)
            output.seek(0)
            job.file.save(job.filename, File(output), save=False)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportStatus.DONE,
            file=job.file.name,
            done=F("total"),
            finished_at=timezone.now(),
        )
        status = ExportStatus.DONE
    except ExportRefused as refusal:
        _fail(job_id, str(refusal))
        status = ExportStatus.FAILED
    except Exception:
        logger.exception("Export job %s failed", job_id)
        _fail(job_id, CRASHED.format(pk=job_id))
        status = ExportStatus.FAILED
    if notify:
        from notifications.events import export_finished

        job.refresh_from_db(fields=["status", "message", "file", "done", "finished_at"])
        export_finished(job=job)
    return status


def export_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete the jobs kept past their time, with their files; how many were deleted."""
    expired = ExportJob.objects.filter(expires_at__lte=now or timezone.now())
    deleted = 0
    for job in expired.iterator():
        if job.file:
            try:
                job.file.storage.delete(job.file.name)
            except OSError:
                logger.warning("Export %s: could not delete %s; deleting the job", job.pk, job.file)
        job.delete()
        deleted += 1
    return deleted
