"""What the superior does with its subordinates' reports: the matrix, reminders, the
roll-up, accepting and returning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from config.routers import reads_from_replica
from exports.kinds import rollup_params
from exports.models import ExportKind
from exports.views import start_or_serve
from units.access import require

from ..forms import PeriodForm, ReviewForm
from ..models import PeriodKind
from ..periods import MONTHS_IN, PeriodError, parse_period
from ..rules import can_edit_report, can_review_report
from ..selectors import (
    Standing,
    matrix_timeliness,
    missing_organisations,
    report_matrix,
    rollup,
)
from ..services import (
    report_accept,
    report_remind_missing,
    report_return,
)
from ..tables import rollup_tables
from .common import KIND_CHOICES, READ_ONLY, _organisation, _visible, _year

# ---------------------------------------------------------------- the superior


@login_required
@require_GET
@reads_from_replica
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
    per_period, timeliness = matrix_timeliness(rows, len(headers))
    context = {
        "superior": superior,
        "year": year,
        "years": [year - 1, year, year + 1],
        "kind": kind,
        "kinds": KIND_CHOICES,
        "headers": headers,
        "rows": rows,
        "counts": [(Standing.LABELS[s], Standing.CSS[s], n) for s, n in counts.items() if n],
        "timeliness": timeliness,
        "today": today,
        "timeliness_columns": per_period,
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


def _rollup_asked(request):
    """The roll-up's period and choice of organisations from the query string (404 if bad)."""
    text = request.GET.get("period") or request.GET.get("year") or str(timezone.localdate().year)
    try:
        kind, year, index = parse_period(text)
    except PeriodError as error:
        raise Http404(str(error)) from error
    return {
        "kind": kind,
        "year": year,
        "index": index,
        "include_unreported": request.GET.get("unreported") != "0",
    }


def _rollup(request):
    superior = _organisation(request)
    return rollup(superior=superior, today=timezone.localdate(), **_rollup_asked(request))


@login_required
@require_GET
@reads_from_replica
def rollup_view(request):
    result = _rollup(request)
    context = {
        "rollup": result,
        "tables": rollup_tables(result),
        # The superior's own report for the period, drafted from its subordinates' reports.
        "can_open_own": can_edit_report(request.user, result.superior),
    }
    return render(request, "reports/rollup_detail.html", context)


def _rollup_download(request, fmt):
    """A roll-up document is written as a job (exports app): the file when ready at once,
    otherwise the job's page with its progress."""
    _organisation(request)
    params = rollup_params(request.user, **_rollup_asked(request))
    return start_or_serve(request, kind=ExportKind.ROLLUP, fmt=fmt, params=params)


@login_required
@require_GET
def rollup_pdf_view(request):
    return _rollup_download(request, "pdf")


@login_required
@require_GET
def rollup_xlsx_view(request):
    return _rollup_download(request, "xlsx")


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
