"""Report pages. Reports come through `visible_reports` (own organisation, and what the
organisations below have sent): out of scope answers 404, readable but not writable 403."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from units.access import get_scoped_or_404, organisation_of, require, subordinate_organisations

from .document import report_filename, report_pdf, rollup_pdf
from .exports import XLSX, write_report, write_rollup
from .forms import PeriodForm, ReportForm, ReviewForm
from .history import report_history
from .models import PeriodKind
from .periods import MONTHS_IN, PeriodError, parse_period
from .rules import EDITABLE, can_edit_report, can_review_report, can_submit_report
from .selectors import (
    Standing,
    missing_organisations,
    period_slots,
    report_matrix,
    reports_of,
    rollup,
    standing,
    visible_reports,
)
from .services import (
    organisation_period,
    report_accept,
    report_figures,
    report_open,
    report_prefill,
    report_remind_missing,
    report_return,
    report_save,
    report_submit,
)
from .tables import report_tables, rollup_tables

READ_ONLY = "Bạn chỉ có quyền xem báo cáo này, không được thay đổi."
KIND_CHOICES = [
    (PeriodKind.MONTH, "Tháng"),
    (PeriodKind.QUARTER, "Quý"),
    (PeriodKind.HALF, "6 tháng"),
    (PeriodKind.YEAR, "Năm"),
]


def _organisation(request):
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    return organisation


def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _visible(request, pk):
    return get_scoped_or_404(visible_reports(request.user), pk=pk)


def _download(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- my organisation


@login_required
@require_GET
def report_list(request):
    """The periods of a year my organisation reports on, each with its report."""
    organisation = _organisation(request)
    year = _year(request)
    today = timezone.localdate()
    reports = reports_of(organisation, year)
    rows = []
    for slot in period_slots(organisation, year):
        report = reports.get((slot.kind, slot.index))
        state = standing(report, end=slot.end, due=slot.due, today=today)
        rows.append(
            {
                "slot": slot,
                "report": report,
                "label": Standing.LABELS[state],
                "css": Standing.CSS[state],
            }
        )
    context = {
        "organisation": organisation,
        "year": year,
        "years": [year - 1, year, year + 1],
        "rows": rows,
        "can_edit": can_edit_report(request.user, organisation),
        "has_subordinates": subordinate_organisations(organisation).exists(),
    }
    return render(request, "reports/report_list.html", context)


@login_required
@require_POST
def report_create(request):
    organisation = _organisation(request)
    require(can_edit_report(request.user, organisation), READ_ONLY)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kỳ báo cáo không hợp lệ.")
        return redirect("reports:list")
    period, _ = organisation_period(organisation=organisation, **form.cleaned_data)
    report, created = report_open(organisation=organisation, period=period, by=request.user)
    if created:
        messages.success(request, f"Đã lập dự thảo báo cáo {period.label} từ số liệu đã duyệt.")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_GET
def report_detail(request, pk):
    report = _visible(request, pk)
    figures = report_figures(report=report)
    organisation = report.organisation
    editable = report.status in EDITABLE
    context = {
        "report": report,
        "figures": figures,
        "tables": report_tables(figures),
        "can_edit": editable and can_edit_report(request.user, organisation),
        "can_submit": editable and can_submit_report(request.user, organisation),
        "can_review": report.status == "submitted"
        and can_review_report(request.user, organisation),
        "review_form": ReviewForm(),
        "is_own": request.user.is_superuser or request.user.organisation == organisation,
        "history": report_history(report=report),
    }
    return render(request, "reports/report_detail.html", context)


@login_required
def report_edit(request, pk):
    report = _visible(request, pk)
    require(can_edit_report(request.user, report.organisation), READ_ONLY)
    require(report.status in EDITABLE, "Báo cáo đã gửi nên không sửa được nữa.")
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, instance=report)
        if form.is_valid():
            try:
                report_save(
                    report=report,
                    by=request.user,
                    version=form.cleaned_data["version"],
                    **form.payload(),
                )
            except ValidationError as error:
                status = 409 if getattr(error, "code", None) == "conflict" else 200
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Đã lưu báo cáo.")
                return redirect("reports:detail", pk=report.pk)
        else:
            form.add_error(
                None,
                "Chưa lưu được. Hãy sửa những chỗ được đánh dấu đỏ; nội dung bạn đã nhập vẫn "
                "còn nguyên.",
            )
    else:
        form = ReportForm(instance=report)
    return render(
        request, "reports/report_form.html", {"report": report, "form": form}, status=status
    )


@login_required
@require_POST
def report_redraft(request, pk):
    """Rewrite the narrative from the current figures (the officer asked for it)."""
    report = _visible(request, pk)
    require(can_edit_report(request.user, report.organisation), READ_ONLY)
    require(report.status in EDITABLE, "Báo cáo đã gửi nên không sửa được nữa.")
    version = report.version
    report_prefill(report=report, overwrite=True)
    fields = {
        name: getattr(report, name)
        for name in (
            "results",
            "strengths",
            "shortcomings",
            "difficulties",
            "next_tasks",
            "proposals",
        )
    }
    try:
        report_save(report=report, by=request.user, version=version, **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã viết lại phần nội dung từ số liệu trong kỳ.")
    return redirect("reports:edit", pk=report.pk)


@login_required
@require_POST
def report_submit_view(request, pk):
    report = _visible(request, pk)
    require(
        can_submit_report(request.user, report.organisation),
        "Chỉ lãnh đạo cơ quan được gửi báo cáo lên cấp trên.",
    )
    try:
        report_submit(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã gửi báo cáo lên cấp trên; số liệu đã được chốt.")
    return redirect("reports:detail", pk=report.pk)


def _review(request, pk, service, done):
    report = _visible(request, pk)
    require(
        can_review_report(request.user, report.organisation),
        "Chỉ cấp trên của cơ quan báo cáo được tiếp nhận hoặc trả lại báo cáo.",
    )
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        service(report=report, by=request.user, comment=form.cleaned_data.get("comment", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_accept_view(request, pk):
    return _review(request, pk, report_accept, "Đã tiếp nhận báo cáo.")


@login_required
@require_POST
def report_return_view(request, pk):
    return _review(request, pk, report_return, "Đã trả lại báo cáo để cơ quan sửa và gửi lại.")


@login_required
@require_GET
def report_pdf_view(request, pk):
    report = _visible(request, pk)
    figures = report_figures(report=report)
    filename = report_filename(report.organisation, report.period.label)
    return _download(
        report_pdf(report, figures), filename=f"{filename}.pdf", content_type="application/pdf"
    )


@login_required
@require_GET
def report_xlsx_view(request, pk):
    report = _visible(request, pk)
    figures = report_figures(report=report)
    buffer = io.BytesIO()
    write_report(report, figures, buffer)
    filename = report_filename(report.organisation, report.period.label)
    return _download(buffer.getvalue(), filename=f"{filename}.xlsx", content_type=XLSX)


# ---------------------------------------------------------------- the superior


@login_required
@require_GET
def report_matrix_view(request):
    superior = _organisation(request)
    year = _year(request)
    kind = request.GET.get("kind") or PeriodKind.QUARTER
    if kind not in MONTHS_IN:
        kind = PeriodKind.QUARTER
    today = timezone.localdate()
    headers, rows = report_matrix(superior=superior, year=year, kind=kind, today=today)
    counts = dict.fromkeys(Standing.LABELS, 0)
    for row in rows:
        for cell in row.cells:
            counts[cell.state] += 1
    context = {
        "superior": superior,
        "year": year,
        "years": [year - 1, year, year + 1],
        "kind": kind,
        "kinds": KIND_CHOICES,
        "headers": headers,
        "rows": rows,
        "counts": [(Standing.LABELS[s], Standing.CSS[s], n) for s, n in counts.items() if n],
        "can_remind": can_edit_report(request.user, superior),
    }
    return render(request, "reports/report_matrix.html", context)


@login_required
@require_POST
def report_remind_view(request):
    superior = _organisation(request)
    require(can_edit_report(request.user, superior), READ_ONLY)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kỳ báo cáo không hợp lệ.")
        return redirect("reports:matrix")
    data = form.cleaned_data
    today = timezone.localdate()
    missing = missing_organisations(superior=superior, today=today, **data)
    created = report_remind_missing(organisations=missing, day=today, **data)
    messages.success(
        request,
        f"Đã nhắc {len(missing)} cơ quan chưa gửi báo cáo ({created} thông báo mới).",
    )
    return redirect(f"{reverse('reports:matrix')}?year={data['year']}&kind={data['kind']}")


def _rollup(request):
    superior = _organisation(request)
    text = request.GET.get("period") or request.GET.get("year") or str(timezone.localdate().year)
    try:
        kind, year, index = parse_period(text)
    except PeriodError as error:
        raise Http404(str(error)) from error
    return rollup(superior=superior, kind=kind, year=year, index=index, today=timezone.localdate())


@login_required
@require_GET
def rollup_view(request):
    result = _rollup(request)
    context = {"rollup": result, "tables": rollup_tables(result)}
    return render(request, "reports/rollup_detail.html", context)


@login_required
@require_GET
def rollup_pdf_view(request):
    result = _rollup(request)
    filename = report_filename(result.superior, result.label, prefix="tong-hop-bao-cao")
    return _download(rollup_pdf(result), filename=f"{filename}.pdf", content_type="application/pdf")


@login_required
@require_GET
def rollup_xlsx_view(request):
    result = _rollup(request)
    buffer = io.BytesIO()
    write_rollup(result, buffer)
    filename = report_filename(result.superior, result.label, prefix="tong-hop-bao-cao")
    return _download(buffer.getvalue(), filename=f"{filename}.xlsx", content_type=XLSX)
