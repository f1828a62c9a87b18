"""Pages of a plan imported from its document: upload, review (map or create the units the
importer could not match), then the plan editor, or «Hủy bản nhập».

Objects come through scoped querysets: a plan out of scope answers 404, a plan the user may
read but not manage (a superior's view of a commune's draft) answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from planreader import DocumentRefused, ScanNeedsOcr
from plans.models import Plan, PlanImport, PlanScanJob, ScanReadingStatus
from units.access import can_manage_plans, get_scoped_or_404, require

from .forms import PlanDocumentForm, UnitCreateForm, UnitMapForm, figure_formsets
from .review import (
    NOT_ALLOWED,
    pending_imports,
    plan_import_confirm_figures,
    plan_import_create_unit,
    plan_import_discard,
    plan_import_map_unit,
    plan_import_upload,
)
from .scans import plan_scan_start
from .selectors import assignable_units, group_kinds_text, import_review

READ_ONLY = "Bạn chỉ có quyền xem kế hoạch này, không được thay đổi."
KEPT = (
    "Bản nhập này đã được giữ lại sau khi lưu trong trình soạn thảo; mọi chỉnh sửa tiếp theo "
    "làm trong trình soạn thảo."
)


def _upload_organisation(request):
    organisation = request.user.organisation
    require(organisation is not None and can_manage_plans(request.user, organisation), NOT_ALLOWED)
    return organisation


def _review_objects(request, pk):
    plan = get_scoped_or_404(Plan.objects.visible_to(request.user).with_header(), pk=pk)
    require(can_manage_plans(request.user, plan.issuer), READ_ONLY)
    record = PlanImport.objects.filter(plan=plan).first()
    if record is None:
        raise Http404("Kế hoạch này không được nhập từ văn bản.")
    record.plan = plan
    return plan, record


def _review_url(plan, anchor=""):
    url = reverse("plans:import_review", kwargs={"pk": plan.pk})
    return f"{url}#{anchor}" if anchor else url


# ---------------------------------------------------------------- upload


@login_required
def plan_import_upload_view(request):
    organisation = _upload_organisation(request)
    bound = request.method == "POST"
    form = PlanDocumentForm(request.POST, request.FILES) if bound else PlanDocumentForm()
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            record = plan_import_upload(
                data=data, filename=upload.name, organisation=organisation, by=request.user
            )
        except ScanNeedsOcr:
            job = plan_scan_start(
                data=data, filename=upload.name, organisation=organisation, by=request.user
            )
            return redirect("plans:import_scan", pk=job.pk)
        except DocumentRefused as refusal:
            form.add_error("file", str(refusal))
        except ValidationError as error:
            form.add_error(
                "file", "Không tạo được dự thảo từ văn bản này: " + " ".join(error.messages)
            )
        else:
            messages.success(
                request,
                f"Đã đọc «{record.filename}» và tạo dự thảo kế hoạch. Hãy rà soát những gì Loa "
                "đọc được trước khi giữ lại.",
            )
            return redirect("plans:import_review", pk=record.plan_id)
    context = {
        "form": form,
        "organisation": organisation,
        "pending": pending_imports(organisation=organisation),
    }
    return render(request, "plans/plan_import_upload.html", context)


# ---------------------------------------------------------------- scanned PDF being read


def _scan_job(request, pk):
    """The user's own scan job: nobody else sees what someone uploaded before it is a draft."""
    jobs = PlanScanJob.objects.filter(created_by=request.user)
    return get_scoped_or_404(jobs.select_related("plan_import"), pk=pk)


def _read_message(request, job):
    messages.success(
        request,
        f"Đã nhận dạng chữ và đọc «{job.filename}», tạo dự thảo kế hoạch. Bản quét có thể "
        "đọc sai vài chữ: hãy rà soát kỹ những gì Loa đọc được trước khi giữ lại.",
    )


@login_required
def plan_import_scan_view(request, pk):
    """The progress of a scanned PDF's OCR; its draft's review once it is read."""
    job = _scan_job(request, pk)
    if job.status == ScanReadingStatus.DONE and job.plan_import_id:
        _read_message(request, job)
        return redirect("plans:import_review", pk=job.plan_import.plan_id)
    return render(request, "plans/plan_import_scan.html", {"job": job})


@login_required
def plan_import_scan_status_view(request, pk):
    """The progress bar alone, polled by htmx; sends the browser on to the review when done."""
    job = _scan_job(request, pk)
    if job.status == ScanReadingStatus.DONE and job.plan_import_id:
        _read_message(request, job)
        url = reverse("plans:import_review", kwargs={"pk": job.plan_import.plan_id})
        if not request.htmx:
            return redirect(url)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return render(request, "plans/_partials/scan_progress.html", {"job": job})


# ---------------------------------------------------------------- review


def _render_review(request, plan, record, *, bound=None, figures=None, status=200):
    review = import_review(record=record)
    target_forms, budget_forms = figures or figure_formsets(plan)
    units = assignable_units(organisation=plan.issuer)
    bound = bound or {}

    def row(assignment, *, create=True):
        forms = bound.get(assignment.pk, {})
        map_form = forms.get("map") or UnitMapForm(
            units=units, organisation=plan.issuer, prefix=f"map-{assignment.pk}"
        )
        create_form = None
        if create:
            create_form = forms.get("create") or UnitCreateForm.for_label(
                assignment.label, prefix=f"new-{assignment.pk}"
            )
        return {
            "assignment": assignment,
            "covers": group_kinds_text(assignment) if assignment.includes_subunits else "",
            "map_form": map_form,
            "create_form": create_form,
        }

    context = {
        "plan": plan,
        "record": record,
        "review": review,
        "unmatched_rows": [row(a) for a in review.unmatched],
        "group_rows": [row(a, create=False) for a in review.groups],
        "target_forms": target_forms,
        "budget_forms": budget_forms,
    }
    return render(request, "plans/plan_import_review.html", context, status=status)


@login_required
def plan_import_review_view(request, pk):
    plan, record = _review_objects(request, pk)
    if not record.is_pending:
        messages.info(request, KEPT)
        return redirect("plans:detail", pk=plan.pk)
    return _render_review(request, plan, record)


def _refuse_kept(request, plan, record):
    if record.is_pending:
        return None
    messages.error(request, KEPT)
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_import_map_view(request, pk, assignment_pk):
    plan, record = _review_objects(request, pk)
    assignment = get_scoped_or_404(plan.assignments.all(), pk=assignment_pk)
    if refused := _refuse_kept(request, plan, record):
        return refused
    form = UnitMapForm(
        request.POST,
        units=assignable_units(organisation=plan.issuer),
        organisation=plan.issuer,
        prefix=f"map-{assignment.pk}",
    )
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            plan_import_map_unit(
                plan_import=record, assignment=assignment, unit=unit, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, f"Đã giao phần «{assignment.label}» cho {unit.name}.")
            return redirect(_review_url(plan, "unmatched"))
    return _render_review(request, plan, record, bound={assignment.pk: {"map": form}})


@login_required
@require_POST
def plan_import_create_unit_view(request, pk, assignment_pk):
    plan, record = _review_objects(request, pk)
    assignment = get_scoped_or_404(plan.assignments.all(), pk=assignment_pk)
    if refused := _refuse_kept(request, plan, record):
        return refused
    form = UnitCreateForm(request.POST, prefix=f"new-{assignment.pk}")
    if form.is_valid():
        try:
            assignment = plan_import_create_unit(
                plan_import=record,
                assignment=assignment,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_messages in error.message_dict.items():
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Đã tạo đơn vị «{assignment.unit.name}» thuộc {plan.issuer.name} và giao phần "
                f"«{assignment.label}» cho đơn vị này.",
            )
            return redirect(_review_url(plan, "unmatched"))
    return _render_review(request, plan, record, bound={assignment.pk: {"create": form}})


@login_required
@require_POST
def plan_import_figures_view(request, pk):
    """Confirm the targets and budget lines read from the text: kept as corrected, or
    dropped. A form with errors comes back with what was typed."""
    plan, record = _review_objects(request, pk)
    if refused := _refuse_kept(request, plan, record):
        return refused
    targets, budget = figure_formsets(plan, data=request.POST)
    if targets.is_valid() and budget.is_valid():
        try:
            plan_import_confirm_figures(
                plan_import=record,
                targets=[form.cleaned_data for form in targets],
                budget_lines=[form.cleaned_data for form in budget],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            kept = sum(1 for form in targets if form.cleaned_data.get("keep"))
            lines = sum(1 for form in budget if form.cleaned_data.get("keep"))
            messages.success(
                request, f"Đã xác nhận {kept} chỉ tiêu và {lines} dòng kinh phí đọc từ văn bản."
            )
            return redirect(_review_url(plan, "figures"))
    return _render_review(request, plan, record, figures=(targets, budget), status=200)


@login_required
@require_POST
def plan_import_discard_view(request, pk):
    plan, record = _review_objects(request, pk)
    if refused := _refuse_kept(request, plan, record):
        return refused
    try:
        outcome = plan_import_discard(plan_import=record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:import_review", pk=plan.pk)
    parts = [f"Đã hủy bản nhập «{record.filename}»: đã xóa dự thảo"]
    if outcome.units:
        parts.append("các đơn vị vừa tạo (" + ", ".join(outcome.units) + ")")
    if outcome.documents:
        parts.append("các văn bản mới thêm vào sổ (" + ", ".join(outcome.documents) + ")")
    message = ", ".join(parts) + "."
    if outcome.kept_units:
        message += (
            " Giữ lại đơn vị " + ", ".join(outcome.kept_units) + " vì đã được dùng ở nơi khác."
        )
    messages.success(request, message)
    return redirect("plans:import_upload")
