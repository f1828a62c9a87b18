"""Nhập/xuất Excel: choose what, download the blank template, upload, preview with the row
errors, confirm; and exports. Everything is scoped to the user's organisation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from units.access import can_manage_plans, organisation_of, require
from units.submissions import once_per_submission

from .base import WorkbookRefused, export_bytes, read_workbook, run_import, workbook_bytes
from .forms import WorkbookUploadForm
from .registry import KINDS, Kind, guide_rows
from .uploads import keep_pending, pending_path

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SESSION_KEY = "imports_pending"


def _context(request, slug: str | None = None):
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    kind = None
    if slug is not None:
        kind = KINDS.get(slug)
        if kind is None:
            raise Http404("Không có loại dữ liệu này.")
    return organisation, kind


def _resource(kind: Kind, organisation, user):
    return kind.resource(organisation=organisation, user=user)


def _download(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def index(request):
    organisation, _ = _context(request)
    kinds = [
        {
            "kind": kind,
            "may_import": kind.may_import(request.user, organisation),
            "may_export": kind.may_export(request.user, organisation),
        }
        for kind in KINDS.values()
    ]
    context = {
        "organisation": organisation,
        "kinds": kinds,
        "may_import_plan": can_manage_plans(request.user, organisation),
    }
    return render(request, "imports/import_index.html", context)


@login_required
def template(request, kind):
    organisation, kind = _context(request, kind)
    require(kind.may_import(request.user, organisation), "Bạn không có quyền nhập dữ liệu này.")
    resource = _resource(kind, organisation, request.user)
    headers = [c for c in resource.column_names() if c != "Trạng thái"]
    data = workbook_bytes(kind.label, headers, [], notes=guide_rows(kind, resource))
    return _download(data, f"mau-{kind.slug}.xlsx")


@login_required
def export(request, kind):
    organisation, kind = _context(request, kind)
    require(kind.may_export(request.user, organisation), "Bạn không có quyền xuất dữ liệu này.")
    data = export_bytes(_resource(kind, organisation, request.user))
    stamp = timezone.localdate().strftime("%Y%m%d")
    return _download(data, f"{kind.slug}-{organisation.code}-{stamp}.xlsx")


def _preview(request, kind, organisation, *, form, outcome=None, token=None, name=""):
    resource = _resource(kind, organisation, request.user)
    problem_lines = {p.line for p in (outcome.problems if outcome else [])}
    return render(
        request,
        "imports/import_upload.html",
        {
            "organisation": organisation,
            "kind": kind,
            "form": form,
            "outcome": outcome,
            "token": token,
            "filename": name,
            "headers": resource.column_names(),
            "problem_lines": problem_lines,
            "shown_rows": outcome.rows[:200] if outcome else [],
        },
        status=200,
    )


@login_required
def upload(request, kind):
    organisation, kind = _context(request, kind)
    require(kind.may_import(request.user, organisation), "Bạn không có quyền nhập dữ liệu này.")
    if request.method != "POST":
        return _preview(request, kind, organisation, form=WorkbookUploadForm())
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _preview(request, kind, organisation, form=form)
    upload_file = form.cleaned_data["file"]
    data = upload_file.read()
    try:
        dataset = read_workbook(data)
    except WorkbookRefused as refusal:
        form.add_error("file", str(refusal))
        return _preview(request, kind, organisation, form=form)
    outcome = run_import(_resource(kind, organisation, request.user), dataset, dry_run=True)
    token = None
    if outcome.ok:
        token = keep_pending(data)
        pending = request.session.get(_SESSION_KEY, {})
        pending[token] = {"kind": kind.slug, "organisation": organisation.pk}
        request.session[_SESSION_KEY] = pending
    return _preview(
        request,
        kind,
        organisation,
        form=WorkbookUploadForm(),
        outcome=outcome,
        token=token,
        name=upload_file.name,
    )


@login_required
@require_POST
@once_per_submission(key=lambda request, kind, token: token)
def confirm(request, kind, token):
    organisation, kind = _context(request, kind)
    require(kind.may_import(request.user, organisation), "Bạn không có quyền nhập dữ liệu này.")
    pending = request.session.get(_SESSION_KEY, {})
    entry = pending.get(token)
    path = pending_path(token)
    if entry is None or entry["kind"] != kind.slug or entry["organisation"] != organisation.pk:
        raise Http404("Không tìm thấy tệp đang chờ nhập; hãy tải tệp lên lại.")
    if not default_storage.exists(path):
        # Previewed too long ago: the hourly cleanup deleted it (imports.uploads).
        pending.pop(token, None)
        request.session[_SESSION_KEY] = pending
        messages.error(
            request,
            f"Tệp đã xem trước quá {settings.LOA_IMPORT_PENDING_HOURS} giờ mà chưa được xác "
            "nhận nên đã được xóa; chưa có dòng nào được nhập. Hãy tải tệp lên lại.",
        )
        return redirect("imports:upload", kind.slug)
    with default_storage.open(path, "rb") as stored:
        data = stored.read()
    outcome = run_import(
        _resource(kind, organisation, request.user), read_workbook(data), dry_run=False
    )
    default_storage.delete(path)
    pending.pop(token, None)
    request.session[_SESSION_KEY] = pending
    if not outcome.ok:
        # The data changed since the preview; nothing was written.
        return _preview(request, kind, organisation, form=WorkbookUploadForm(), outcome=outcome)
    messages.success(
        request,
        f"Đã nhập {outcome.total} dòng {kind.label.lower()}: "
        f"{outcome.new} dòng mới, {outcome.updated} dòng cập nhật.",
    )
    return redirect("imports:index")
