"""Periods closed by a sent report.

Once an organisation has sent its report for a period (waiting for the superior or accepted),
the activities of that organisation dated in the period are closed: nobody logs, corrects,
submits, approves or restores one, so the figures the report froze stay the figures of the
period everywhere (pages, exports, roll-ups). To add something, the period is opened again:
by the organisation's leader withdrawing the report while the superior has not accepted it
(«Rút báo cáo để bổ sung», with a reason), or by the superior returning it.

A report about one plan closes that plan's activities; a general report closes them all.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q

from .models import Report, ReportStatus

CLOSING = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]


def closing_reports(*, organisation_id, plan_id, first: datetime.date, last: datetime.date):
    """The organisation's sent reports whose period overlaps `first`..`last`, earliest first."""
    return (
        Report.objects.filter(
            organisation_id=organisation_id,
            status__in=CLOSING,
            period__start__lte=last,
            period__end__gte=first,
        )
        .filter(Q(plan__isnull=True) | Q(plan_id=plan_id))
        .select_related("period")
        .order_by("period__start", "pk")
    )


def closed_message(report: Report) -> str:
    period = report.period
    if report.status == ReportStatus.ACCEPTED:
        reopen = "cấp trên đã tiếp nhận, cần cấp trên trả lại báo cáo để bổ sung"
    else:
        reopen = "lãnh đạo cơ quan có thể «Rút báo cáo để bổ sung» khi cấp trên chưa tiếp nhận"
    return (
        f"Kỳ {period.label} ({period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}) đã gửi báo cáo "
        f"lên cấp trên: hoạt động trong kỳ không thêm, sửa hay duyệt được nữa để số liệu đã "
        f"báo cáo không thay đổi ({reopen})."
    )


def refuse_closed(*, unit, plan_id, dates, field="date"):
    """Raise a ValidationError (on `field`) when one of `dates` is in a closed period of the
    unit's organisation. One query, whatever the number of dates."""
    if not dates:
        return
    reports = closing_reports(
        organisation_id=unit.organisation_id, plan_id=plan_id, first=min(dates), last=max(dates)
    )
    for report in reports:
        if any(report.period.start <= day <= report.period.end for day in dates):
            raise ValidationError({field: closed_message(report)}, code="period_closed")
