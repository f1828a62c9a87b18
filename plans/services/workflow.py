"""The plan's life: draft → (awaiting signature →) issued → closed, with the issuer's numbering.

An officer sends a draft to the organisation's leader («Trình ký»); while it waits nobody edits
it. The leader issues it or returns it to draft with a comment («Trả lại»). An organisation
whose `officers_may_issue` is set lets its officers issue directly.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from notifications import events
from units.access import can_manage_plans
from units.fields import NOTE
from units.models import Role, Unit

from ..models import Plan, PlanStatus
from ..text import nfc
from .editing import stamp
from .registry import legal_bases_freeze, legal_document_for_plan
from .stored import prerender_on_commit, store_plan_documents

ISSUE_REASON = "Ban hành"
SUBMIT_REASON = "Trình ký"
RETURN_REASON = "Trả lại"
WITHDRAW_REASON = "Rút lại để sửa"
CLOSE_REASON = "Kết thúc"
ISSUABLE = (PlanStatus.DRAFT, PlanStatus.AWAITING_SIGNATURE)
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
    if plan.status not in ISSUABLE:
        raise ValidationError("Chỉ ban hành được kế hoạch đang là dự thảo hoặc chờ ký.")
    if issued_on and issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "Ngày ban hành không được sau hôm nay."})
    if number is None or number < 1:
        raise ValidationError({"number": "Nhập số kế hoạch (từ 1 trở lên)."})
    if not (signer_name or "").strip():
        raise ValidationError({"signer_name": "Nhập họ tên người ký."})

    # Claim the draft: a concurrent save or issue of the same plan loses cleanly.
    claimed = Plan.objects.filter(
        pk=plan.pk,
        status__in=ISSUABLE,
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
    signed = plan.status == PlanStatus.AWAITING_SIGNATURE
    plan.status = PlanStatus.ISSUED
    plan.return_comment = ""
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
    if signed:
        events.plan_signed(plan=plan, by=by)
    prerender_on_commit(store_plan_documents, plan.pk)
    return plan


def can_issue(user, organisation) -> bool:
    """Leaders and administrators issue their organisation's plans; officers too when the
    organisation lets them (`officers_may_issue`)."""
    if not can_manage_plans(user, organisation):
        return False
    return bool(
        user.is_superuser
        or user.role in {Role.LEADER, Role.ADMIN}
        or (user.role == Role.OFFICER and organisation.officers_may_issue)
    )


def _claim(plan, *, status, version, message):
    """Move the plan on only if it is still in `status` at the version the user saw."""
    version = plan.version if version is None else version
    claimed = Plan.objects.filter(pk=plan.pk, status=status, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ValidationError(message, code="conflict")
    plan.refresh_from_db()


@transaction.atomic
def plan_submit(*, plan: Plan, by, version: int | None = None) -> Plan:
    """«Trình ký»: the draft goes to the organisation's leaders and is locked while it waits."""
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError("Chỉ trình ký được kế hoạch đang là dự thảo.")
    _claim(
        plan,
        status=PlanStatus.DRAFT,
        version=version,
        message="Dự thảo vừa được người khác thay đổi hoặc trình ký. Hãy tải lại trang.",
    )
    plan.status = PlanStatus.AWAITING_SIGNATURE
    plan.submitted_by = by
    plan.submitted_at = timezone.now()
    plan.return_comment = ""
    stamp(plan, by=by, reason=SUBMIT_REASON)
    plan.save()
    events.plan_submitted(plan=plan, by=by)
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, by, comment: str, version: int | None = None) -> Plan:
    """«Trả lại»: back to draft with the leader's comment, which the plan page shows until
    the next submission; whoever sent it is told."""
    comment = nfc(comment or "").replace("\r\n", "\n").strip()
    if not comment:
        raise ValidationError({"comment": "Ghi rõ lý do trả lại để người trình biết cần sửa gì."})
    if len(comment) > NOTE:
        raise ValidationError({"comment": f"Ý kiến tối đa {NOTE:,} ký tự.".replace(",", ".")})
    if plan.status != PlanStatus.AWAITING_SIGNATURE:
        raise ValidationError("Chỉ trả lại được kế hoạch đang chờ ký.")
    _claim(
        plan,
        status=PlanStatus.AWAITING_SIGNATURE,
        version=version,
        message="Kế hoạch vừa được người khác ban hành hoặc trả lại. Hãy tải lại trang.",
    )
    plan.status = PlanStatus.DRAFT
    plan.return_comment = comment
    plan.returned_by = by
    plan.returned_at = timezone.now()
    stamp(plan, by=by, reason=f"{RETURN_REASON}: {comment}"[:100])
    plan.save()
    events.plan_returned(plan=plan, by=by)
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


@transaction.atomic
def plan_withdraw(*, plan: Plan, by, version: int | None = None) -> Plan:
    """«Rút lại»: the organisation takes a plan awaiting signature back to draft to fix it
    (no comment, nobody told); it is sent again with «Trình ký»."""
    if plan.status != PlanStatus.AWAITING_SIGNATURE:
        raise ValidationError("Chỉ rút lại được kế hoạch đang chờ ký.")
    _claim(
        plan,
        status=PlanStatus.AWAITING_SIGNATURE,
        version=version,
        message="Kế hoạch vừa được lãnh đạo ban hành hoặc trả lại. Hãy tải lại trang.",
    )
    plan.status = PlanStatus.DRAFT
    stamp(plan, by=by, reason=WITHDRAW_REASON)
    plan.save()
    return plan
