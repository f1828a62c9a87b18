"""The plan's life: draft → issued → closed, with the issuer's numbering."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from notifications import events
from units.models import Unit

from ..models import Plan, PlanStatus
from ..text import nfc
from .editing import stamp
from .registry import legal_bases_freeze, legal_document_for_plan

ISSUE_REASON = "Ban hành"
CLOSE_REASON = "Kết thúc"
DUPLICATE_NUMBER = "Số kế hoạch này đã được cơ quan dùng trong năm."


def plan_next_number(*, issuer: Unit, year: int) -> int:
    """The number to suggest for the issuer's next plan in `year`.

    With its own counter ("own") plans number 01, 02 … by themselves. With a counter shared
    with the body's other documents ("shared") Loa only knows the plans and reports it holds,
    so it suggests the next number after them and the officer types the register's number.
    """
    highest = Plan.objects.filter(issuer=issuer, year=year).aggregate(top=Max("number"))["top"] or 0
    if issuer.plan_numbering == "shared":
        from reports.models import Report

        reports = Report.objects.filter(
            organisation=issuer, issued_on__year=year, number__isnull=False
        ).aggregate(top=Max("number"))["top"]
        highest = max(highest, reports or 0)
    return highest + 1


def _refuse_report_number(plan, number, year):
    if plan.issuer.plan_numbering != "shared":
        return
    from reports.models import Report

    clash = Report.objects.filter(
        organisation=plan.issuer, issued_on__year=year, number=number
    ).first()
    if clash:
        raise ValidationError(
            {
                "number": f"Số {number:02d} đã dùng cho báo cáo {clash.number_display} trong năm "
                f"{year} (cơ quan dùng chung dãy số cho các văn bản)."
            }
        )


@transaction.atomic
def plan_issue(
    *,
    plan: Plan,
    by,
    number: int,
    issued_on: datetime.date,
    signer_name: str,
    signer_authority: str = "",
    signer_on_behalf: str = "",
    signer_title: str = "",
    symbol: str | None = None,
    place: str | None = None,
    version: int | None = None,
    lower_plans_due: datetime.date | None = None,
) -> Plan:
    """Give the draft its number, date and signer and make it read-only.

    `version`, when given, is the `Plan.version` the officer saw: a plan changed since then
    is not issued. The issued plan enters the legal-document registry so lower levels can
    cite it.
    """
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Chỉ ban hành được kế hoạch đang là dự thảo.")
    if issued_on and issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "Ngày ban hành không được sau hôm nay."})
    if number is None or number < 1:
        raise ValidationError({"number": "Nhập số kế hoạch (từ 1 trở lên)."})
    if not (signer_name or "").strip():
        raise ValidationError({"signer_name": "Nhập họ tên người ký."})

    # Claim the draft: a concurrent save or issue of the same plan loses cleanly.
    claimed = Plan.objects.filter(
        pk=plan.pk,
        status=PlanStatus.DRAFT,
        version=plan.version if version is None else version,
    ).update(version=F("version") + 1)
    if not claimed:
        raise ValidationError(
            "Kế hoạch vừa được người khác thay đổi hoặc ban hành. Hãy tải lại trang.",
            code="conflict",
        )
    plan.version = (plan.version if version is None else version) + 1

    plan.number = number
    plan.issued_on = issued_on
    plan.signer_name = nfc(signer_name).strip()
    plan.signer_authority = nfc(signer_authority).strip()
    plan.signer_on_behalf = nfc(signer_on_behalf).strip()
    plan.signer_title = nfc(signer_title).strip()
    if symbol is not None:
        plan.symbol = nfc(symbol).strip()
    if place is not None:
        plan.place = nfc(place).strip()
    if lower_plans_due is not None:
        if lower_plans_due < issued_on:
            raise ValidationError(
                {"lower_plans_due": "Hạn của cấp dưới phải từ ngày ban hành trở đi."}
            )
        plan.lower_plans_due = lower_plans_due
    plan.status = PlanStatus.ISSUED
    _refuse_report_number(plan, number, issued_on.year)
    try:
        plan.full_clean(exclude=["issuer", "superior_plan", "created_by"])
    except ValidationError as error:
        raise _number_error(error) from error
    stamp(plan, by=by, reason=ISSUE_REASON)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:
        # Someone issued the same number between our check and our write.
        raise ValidationError({"number": DUPLICATE_NUMBER}) from error
    legal_bases_freeze(plan=plan)
    legal_document_for_plan(plan=plan)
    events.plan_issued(plan=plan, by=by)
    return plan


def _number_error(error):
    """Move the duplicate-number message (a model constraint) onto the number field."""
    messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    remapped = {}
    for field, field_messages in messages.items():
        for message in field_messages:
            target = "number" if message == DUPLICATE_NUMBER else field
            remapped.setdefault(target, []).append(message)
    return ValidationError(remapped)


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    """An issued plan is over: it stays readable and counts in reports, but takes no new work."""
    claimed = Plan.objects.filter(pk=plan.pk, status=PlanStatus.ISSUED).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError("Chỉ kết thúc được kế hoạch đã ban hành.")
    plan.refresh_from_db()
    plan.status = PlanStatus.CLOSED
    stamp(plan, by=by, reason=CLOSE_REASON)
    plan.save()
    return plan


@transaction.atomic
def plan_delete_draft(*, plan: Plan, by) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Chỉ xóa được kế hoạch đang là dự thảo.")
    if plan.implementing_plans.exists():
        raise ValidationError("Không xóa được: đã có kế hoạch cấp dưới thực hiện kế hoạch này.")
    stamp(plan, by=by, reason="Xóa dự thảo")
    for part in (
        plan.legal_bases.all(),
        plan.sections.filter(parent=None),
        plan.outreach_forms.all(),
        plan.assignments.all(),
        plan.budget_lines.all(),
        plan.targets.all(),
    ):
        for obj in part:
            stamp(obj, by=by, reason="Xóa dự thảo")
            obj.delete()
    plan.delete()
