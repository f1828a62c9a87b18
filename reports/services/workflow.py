"""Writes on reports: open (create and prefill), save the narrative, submit, accept,
return, and remind the organisations whose report is missing.

`Report.version` guards against two people saving the same report: a save claims the
version the editor was opened with, so the later of two concurrent saves is refused.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notifications import cache as unread_cache
from notifications import events
from notifications.models import Notification, NotificationKind, ReminderRule
from plans.models import Plan, PlanStatus
from plans.text import lower_first
from units.access import subordinate_organisations
from units.models import Role, Unit, User

from ..models import Report, ReportingPeriod, ReportStatus
from ..periods import due_date, period_notation, reporting_period
from ..rules import EDITABLE, can_edit_report, can_review_report, can_submit_report
from .consolidation import with_subordinates
from .figures import compute_figures
from .narrative import draft_narrative
from .stored import report_files_prerender

NARRATIVE_FIELDS = (
    "results",
    "strengths",
    "shortcomings",
    "difficulties",
    "next_tasks",
    "proposals",
)
EDITABLE_FIELDS = (
    "title",
    "addressee",
    "number",
    "symbol",
    "issued_on",
    "place",
    *NARRATIVE_FIELDS,
    "signer_authority",
    "signer_on_behalf",
    "signer_title",
    "signer_name",
    "recipients",
)
CONFLICT = (
    "Báo cáo vừa được người khác lưu hoặc gửi. Nội dung bạn nhập vẫn còn bên dưới: hãy mở "
    "lại báo cáo ở thẻ khác, so sánh rồi lưu lại."
)


def organisation_period(*, organisation: Unit, kind: str, year: int, index: int):
    """The standard period of `kind` as `organisation` cuts its figures off (its scheme),
    its due date for the organisation's report."""
    period = reporting_period(kind, year, index, scheme=organisation.period_scheme)
    return period, due_date(period.end, organisation.report_due_day)


def report_figures(*, report: Report) -> dict:
    """What the report shows: the frozen figures once sent, live figures while editable
    (and for a report whose stored figures are not in this layout, e.g. imported)."""
    if report.status not in EDITABLE and "totals" in (report.figures or {}):
        return report.figures
    return live_figures(report)


def live_figures(report: Report) -> dict:
    return compute_figures(
        organisation=report.organisation,
        start=report.period.start,
        end=report.period.end,
        plan=report.plan,
    )


def report_open(
    *, organisation: Unit, period: ReportingPeriod, by: User, plan: Plan | None = None
) -> tuple[Report, bool]:
    """The organisation's general report for `period` (or its report on one of its issued
    plans), created and prefilled on first use."""
    existing = Report.objects.filter(organisation=organisation, period=period, plan=plan).first()
    if existing:
        return existing, False
    if not can_edit_report(by, organisation):
        raise PermissionDenied("Bạn không có quyền lập báo cáo của cơ quan này.")
    if plan is not None and (
        plan.issuer_id != organisation.pk
        or plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED)
    ):
        raise ValidationError("Chỉ báo cáo kết quả kế hoạch đã ban hành của cơ quan mình.")
    defaults = report_defaults(organisation, period, drafting_unit=drafting_unit_of(by))
    if plan is not None:
        defaults["title"] = plan_report_title(plan, period)
    report = Report(organisation=organisation, period=period, plan=plan, **defaults)
    report_prefill(report=report)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone opened the same report a moment ago: theirs is the report.
        return Report.objects.get(organisation=organisation, period=period, plan=plan), False
    return report, True


def plan_report_title(plan: Plan, period: ReportingPeriod) -> str:
    """«Kết quả thực hiện Kế hoạch số 12/KH-UBND ngày 05/02/2026 … (quý I/2026)»."""
    issued = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    return (
        f"Kết quả thực hiện Kế hoạch số {plan.number_display}{issued} về "
        f"{lower_first(plan.title)} ({lower_first(period.label)})"
    )


def drafting_unit_of(user) -> str:
    """How «Lưu» names the drafter's unit: its short name, else its name (not for the
    organisation itself)."""
    unit = getattr(user, "unit", None)
    if unit is None or unit.is_organisation:
        return ""
    return unit.short_name or unit.name


def report_defaults(organisation, period, *, drafting_unit=""):
    """Title, addressee, symbol, recipients and signer a new report starts with;
    `drafting_unit`: the short name of the unit that drafts it, for «Lưu: VT, …»."""
    superior = Unit.objects.ancestors_of(organisation).organisations().order_by("-depth").first()
    latest_plan = (
        Plan.objects.filter(issuer=organisation, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
        .order_by("-issued_on", "-pk")
        .first()
    )
    leader = (
        User.objects.filter(unit=organisation, role=Role.LEADER, is_active=True)
        .order_by("pk")
        .first()
    )
    # «Như trên» stands for the addressee of «Kính gửi»: it is not named again below it.
    # «Lưu» names the archive (VT) and the unit that drafted the report.
    archive = f"Lưu: VT, {drafting_unit}." if drafting_unit else "Lưu: VT."
    if superior is not None:
        recipients = ["Như trên;", archive]
    else:
        recipients = ["Các cơ quan, đơn vị trực thuộc;", archive]
    defaults = {
        "title": f"Kết quả công tác tuyên truyền {lower_first(period.label)}",
        "addressee": f"Kính gửi: {superior.display_name}" if superior else "",
        "symbol": f"BC-{organisation.short_name or 'UBND'}",
        "place": organisation.place_name or organisation.name,
        "recipients": "\n".join(recipients),
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_on_behalf": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": leader.get_full_name() if leader else "",
    }
    if latest_plan is not None:
        for field in ("signer_authority", "signer_on_behalf", "signer_title", "signer_name"):
            defaults[field] = getattr(latest_plan, field) or defaults[field]
    return defaults


def report_prefill(*, report: Report, overwrite: bool = False) -> list[str]:
    """Write the first draft of the narrative from the live figures into the empty parts.
    With `overwrite`, also into every part nobody has edited since Loa last wrote it; the
    parts people wrote themselves are kept. Returns the names of the parts kept. Does not
    save."""
    figures = live_figures(report)
    draft = draft_narrative(
        organisation=report.organisation, period_label=report.period.label, figures=figures
    )
    if subordinate_organisations(report.organisation).exists():
        draft = with_subordinates(report, draft)
    kept = []
    for name, text in draft.items():
        current = getattr(report, name)
        untouched = report.drafted.get(name, current) == current
        if not current.strip() or (overwrite and untouched):
            setattr(report, name, text)
            report.drafted[name] = text
        elif overwrite:
            kept.append(name)
    return kept


@transaction.atomic
def report_save(*, report: Report, by: User, version: int | None, **fields) -> Report:
    """Save the editable parts of a draft or returned report."""
    if not can_edit_report(by, report.organisation):
        raise PermissionDenied("Bạn chỉ có quyền xem báo cáo này.")
    if report.status not in EDITABLE:
        raise ValidationError("Báo cáo đã gửi nên không sửa được nữa.", code="not_editable")
    for name in EDITABLE_FIELDS:
        if name in fields:
            setattr(report, name, fields[name])
    report.full_clean(exclude=["organisation", "period", "plan"])
    claimed = Report.objects.filter(
        pk=report.pk, version=version, status__in=list(EDITABLE)
    ).update(version=F("version") + 1)
    if not claimed:
        raise ValidationError(CONFLICT, code="conflict")
    report.version = version + 1
    report._change_reason = "Sửa báo cáo"
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: Report, by: User, version: int | None = None) -> Report:
    """Send the report to the superior: only a leader; the figures are frozen as sent."""
    if not can_submit_report(by, report.organisation):
        raise PermissionDenied("Chỉ lãnh đạo cơ quan được gửi báo cáo lên cấp trên.")
    claimed = Report.objects.filter(
        pk=report.pk,
        version=report.version if version is None else version,
        status__in=list(EDITABLE),
    ).update(version=F("version") + 1)
    if not claimed:
        raise ValidationError(
            "Báo cáo đã được gửi hoặc vừa được người khác sửa; hãy tải lại trang.",
            code="conflict",
        )
    report.refresh_from_db()
    report.figures = live_figures(report)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by = by
    report.submitted_at = timezone.now()
    report.first_submitted_at = report.first_submitted_at or report.submitted_at
    report.issued_on = report.issued_on or timezone.localdate()
    report.reviewed_by, report.reviewed_at, report.review_comment = None, None, ""
    report._change_reason = "Gửi báo cáo"
    report.save()
    events.report_submitted(report=report, by=by)
    report_files_prerender(report)
    return report


@transaction.atomic
def report_withdraw(*, report: Report, by: User, reason: str) -> Report:
    """The leader takes a sent report back before the superior has accepted it, to add what
    was missing: the period opens again (reports/locks.py). The reason stays in the history;
    the first submission time stays for timeliness."""
    if not can_submit_report(by, report.organisation):
        raise PermissionDenied("Chỉ lãnh đạo cơ quan được rút báo cáo đã gửi.")
    if not (reason or "").strip():
        raise ValidationError("Hãy ghi lý do rút báo cáo (cần bổ sung gì).", code="reason")
    claimed = Report.objects.filter(pk=report.pk, status=ReportStatus.SUBMITTED).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError(
            "Chỉ rút được báo cáo đang chờ cấp trên tiếp nhận; báo cáo đã tiếp nhận cần cấp "
            "trên trả lại.",
            code="conflict",
        )
    report.refresh_from_db()
    report.status = ReportStatus.DRAFT
    report._change_reason = f"Rút báo cáo để bổ sung: {reason.strip()}"[:100]
    report.save()
    return report


def report_accept(*, report: Report, by: User, comment: str = "") -> Report:
    return _review(report, by, ReportStatus.ACCEPTED, comment, "Tiếp nhận báo cáo")


def report_return(*, report: Report, by: User, comment: str) -> Report:
    if not (comment or "").strip():
        raise ValidationError(
            "Hãy ghi lý do trả lại để cơ quan báo cáo biết cần sửa gì.", code="comment"
        )
    return _review(report, by, ReportStatus.RETURNED, comment, "Trả lại báo cáo")


@transaction.atomic
def _review(report, by, status, comment, reason):
    if not can_review_report(by, report.organisation):
        raise PermissionDenied("Chỉ cấp trên của cơ quan báo cáo được tiếp nhận hoặc trả lại.")
    # An accepted report can still be returned: that is how its period opens again.
    reviewable = [ReportStatus.SUBMITTED]
    if status == ReportStatus.RETURNED:
        reviewable.append(ReportStatus.ACCEPTED)
    claimed = Report.objects.filter(pk=report.pk, status__in=reviewable).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError("Báo cáo không còn ở trạng thái chờ tiếp nhận.", code="conflict")
    report.refresh_from_db()
    report.status = status
    if status == ReportStatus.RETURNED:
        report.times_returned += 1
    report.reviewed_by = by
    report.reviewed_at = timezone.now()
    report.review_comment = (comment or "").strip()
    report._change_reason = reason
    report.save()
    events.report_reviewed(report=report, by=by)
    return report


def report_remind_missing(
    *, organisations: list[Unit], kind: str, year: int, index: int, day: datetime.date
) -> int:
    """Notify the leaders and officers of `organisations` (those whose report is missing)
    that their report for the period is awaited. One notification per person and day: a
    second click the same day adds nothing. Returns the number of notifications created."""
    run_id = uuid.uuid4()
    people = User.objects.filter(
        is_active=True,
        unit__organisation__in=organisations,
        role__in=[Role.LEADER, Role.OFFICER],
    ).select_related("unit")
    by_org = {org.pk: org for org in organisations}
    rows = []
    for user in people:
        organisation = by_org[user.unit.organisation_id]
        period, due = organisation_period(
            organisation=organisation, kind=kind, year=year, index=index
        )
        days_left = (due - day).days
        rule = (
            ReminderRule.OVERDUE
            if days_left < 0
            else ReminderRule.TODAY
            if days_left == 0
            else ReminderRule.BEFORE
        )
        rows.append(
            Notification(
                recipient=user,
                kind=NotificationKind.REPORT,
                rule=rule,
                item_key=f"report:{organisation.pk}:{kind}:{year}:{index}",
                remind_on=day,
                due_date=due,
                days_left=days_left,
                escalated=rule == ReminderRule.OVERDUE and user.role == Role.LEADER,
                subject=f"Báo cáo {period.label} của {organisation.name}",
                detail=f"Cấp trên đề nghị gửi báo cáo {period.label} "
                f"({period_notation(kind, year, index)}).",
                organisation=organisation,
                period_kind=kind,
                period_year=year,
                period_index=index,
                run_id=run_id,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    created = list(
        Notification.objects.filter(run_id=run_id).values_list("recipient_id", flat=True)
    )
    unread_cache.forget(created)
    return len(created)
