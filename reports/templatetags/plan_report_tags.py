"""The reports on one plan, on the plan's page: those written, and the periods one can be
opened for («Báo cáo kết quả thực hiện Kế hoạch số …»)."""

from django import template
from django.utils import timezone

from plans.models import PlanStatus

from ..models import Report
from ..rules import can_edit_report
from ..selectors import period_slots
from ..services.figures import plan_window

register = template.Library()

OFFERED = 4


@register.inclusion_tag("reports/_partials/plan_reports.html", takes_context=True)
def plan_reports(context, plan):
    user = context["request"].user
    reports = list(
        Report.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("period")
        .order_by("-period__end", "-pk")
    )
    can_open = plan.status in (PlanStatus.ISSUED, PlanStatus.CLOSED) and can_edit_report(
        user, plan.issuer
    )
    slots = []
    if can_open:
        begin, finish = plan_window(plan)
        today = timezone.localdate()
        written = {(r.period.kind, r.period.year, r.period.index) for r in reports}
        for year in range(begin.year, min(finish.year, today.year) + 1):
            slots += [
                slot
                for slot in period_slots(plan.issuer, year)
                if slot.start <= min(today, finish)
                and slot.end >= begin
                and (slot.kind, slot.year, slot.index) not in written
            ]
        slots = sorted(slots, key=lambda slot: (slot.end, -slot.start.toordinal()))[-OFFERED:]
        slots.reverse()
    return {"plan": plan, "reports": reports, "slots": slots, "can_open": can_open}
