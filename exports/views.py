"""A job's page (the progress bar, then the download link), its status polled by htmx, and its
file. A job is read by the people of the reach it was written for (ExportJob.readable_by):
the asker and the colleagues of the same organisation, to whom the same request hands the
same job; anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from units.access import get_scoped_or_404

from .kinds import KINDS
from .models import ExportJob, ExportStatus
from .services import export_job_start

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
# Row exports (up to hundreds of MB) are streamed; documents (a few MB) are read whole.
STREAMED = {"activities"}


def _job(request, pk):
    jobs = ExportJob.objects.readable_by(request.user).filter(expires_at__gt=timezone.now())
    return get_scoped_or_404(jobs, pk=pk)


def start_or_serve(request, *, kind, fmt, params):
    """What an export link answers: the file when it is ready (written just now in the
    embedded default, or earlier for the same request), otherwise the job's page."""
    job = export_job_start(user=request.user, kind=kind, fmt=fmt, params=params)
    if job.status == ExportStatus.DONE:
        return _file_response(job)
    return redirect("exports:job", pk=job.pk)


def _file_response(job):
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp này không còn trên máy chủ: hãy tải lại từ trang gốc.") from exc
    content_type = CONTENT_TYPES[job.fmt]
    if job.kind not in STREAMED:
        with handle:
            response = HttpResponse(handle.read(), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    else:
        response = FileResponse(
            handle, as_attachment=True, filename=job.filename, content_type=content_type
        )
    response["Cache-Control"] = "private, no-store"
    return response


def _context(job):
    return {"job": job, "unit": KINDS[job.kind].progress_unit}


@login_required
@require_GET
def export_job_view(request, pk):
    job = _job(request, pk)
    context = {**_context(job), "back_url": KINDS[job.kind].back_url(job.params)}
    return render(request, "exports/export_job.html", context)


@login_required
@require_GET
def export_status_view(request, pk):
    """The progress partial alone, polled by htmx every second until the job ends."""
    return render(request, "exports/_partials/export_progress.html", _context(_job(request, pk)))


@login_required
@require_GET
def export_file_view(request, pk):
    job = _job(request, pk)
    if job.status != ExportStatus.DONE:
        raise Http404("Tệp này chưa ghi xong.")
    return _file_response(job)
