"""The organisation's own reports: list, open, edit, submit, download; a superior reads the
reports sent to it here too (read-only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from plans.models import Plan, PlanStatus
from units.access import (
    get_scoped_or_404,
    require,
    subordinate_organisations,
    superior_organisations,
)
from units.submissions import once_per_submission

from ..exports import XLSX
from ..forms import PeriodForm, ReportForm, ReviewForm
from ..history import report_history
from ..models import Report
from ..rules import EDITABLE, can_edit_report, can_review_report, can_submit_report
from ..selectors import (
    Standing,
    period_slots,
    reports_of,
    standing,
    standing_label,
)
from ..services import (
    NARRATIVE_FIELDS,
    organisation_period,
    report_figures,
    report_open,
    report_prefill,
    report_save,
    report_submit,
    report_withdraw,
)
from ..services.stored import report_file
from ..tables import report_tables
from .common import READ_ONLY, _download, _organisation, _visible, _year

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
                "label": standing_label(state, report, slot.due),
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
@once_per_submission
def report_create(request):
    organisation = _organisation(request)
    require(can_edit_report(request.user, organisation), READ_ONLY)
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kỳ báo cáo không hợp lệ.")
        return redirect("reports:list")
    plan = None
    if request.POST.get("plan"):
        # A report on one of the organisation's own issued plans («Báo cáo kết quả thực hiện
        # Kế hoạch số …»); another organisation's plan is not found.
        plan = get_scoped_or_404(
            Plan.objects.filter(
                issuer=organisation, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED]
            ),
            pk=request.POST["plan"] if request.POST["plan"].isdigit() else 0,
        )
    period, _ = organisation_period(organisation=organisation, **form.cleaned_data)
    report, created = report_open(
        organisation=organisation, period=period, by=request.user, plan=plan
    )
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
        "can_review": report.status in ("submitted", "accepted")
        and can_review_report(request.user, organisation),
        "can_withdraw": report.status == "submitted"
        and can_submit_report(request.user, organisation),
        # No organisation above in Loa (a province): its report is issued, not sent.
        "is_final_level": not superior_organisations(organisation).exists(),
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
    kept = report_prefill(report=report, overwrite=True)
    fields = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
    try:
        report_save(report=report, by=request.user, version=version, **fields)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = "Đã viết lại phần nội dung từ số liệu trong kỳ."
        if kept:
            labels = ", ".join(
                str(Report._meta.get_field(name).verbose_name).capitalize() for name in kept
            )
            message += f" Giữ nguyên phần bạn đã sửa: {labels}."
        messages.success(request, message)
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
        if superior_organisations(report.organisation).exists():
            messages.success(request, "Đã gửi báo cáo lên cấp trên; số liệu đã được chốt.")
        else:
            messages.success(request, "Đã ban hành báo cáo; số liệu đã được chốt.")
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_withdraw_view(request, pk):
    """The leader takes a sent report back to add what was missing (reports/locks.py)."""
    report = _visible(request, pk)
    require(
        can_submit_report(request.user, report.organisation),
        "Chỉ lãnh đạo cơ quan được rút báo cáo đã gửi.",
    )
    try:
        report_withdraw(report=report, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Đã rút báo cáo về dự thảo: kỳ {report.period.label} mở lại để bổ sung hoạt động. "
            "Gửi lại báo cáo khi đã bổ sung xong.",
        )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_GET
def report_pdf_view(request, pk):
    content, filename = report_file(_visible(request, pk), "pdf")
    return _download(content, filename=filename, content_type="application/pdf")


@login_required
@require_GET
def report_xlsx_view(request, pk):
    content, filename = report_file(_visible(request, pk), "xlsx")
    return _download(content, filename=filename, content_type=XLSX)
