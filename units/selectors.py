"""Reads for the home page: what needs the user's attention, by role."""

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from .access import organisation_of, subordinate_organisations, superior_organisations
from .models import Role

SOON = datetime.timedelta(days=30)


def home_context(*, user):
    """Officers and leaders: drafts, superior plans to implement, the organisation's tasks
    due; leaders also how far the organisations below have implemented their plans. Unit
    heads: the tasks of their unit (including tasks given to a group of units it belongs to)."""
    from plans.models import Plan, PlanStatus

    organisation = organisation_of(user)
    if organisation is None:
        return {"organisation": None}

    today = timezone.localdate()
    is_unit_head = user.role == Role.UNIT_HEAD
    context = {
        "organisation": organisation,
        "today": today,
        "is_unit_head": is_unit_head,
        "is_leader": user.role == Role.LEADER,
        "can_create": not is_unit_head,
    }

    from activities.selectors.tasks import task_rows, tasks_for

    due = tasks_for(user).due(today=today, within_days=SOON.days)
    context["tasks_due"] = task_rows(
        due.select_related("plan__issuer", "unit").order_by("due_date", "pk")[:10],
        unit=user.unit if is_unit_head else organisation,
        today=today,
    )
    context["tasks_more"] = max(due.count() - len(context["tasks_due"]), 0)

    context.update(waiting_for(user=user, organisation=organisation))
    if is_unit_head:
        return context

    context["drafts"] = (
        Plan.objects.filter(
            issuer=organisation, status__in=[PlanStatus.DRAFT, PlanStatus.AWAITING_SIGNATURE]
        )
        .select_related("superior_plan__issuer")
        .order_by("-updated_at")[:8]
    )
    implemented = Plan.objects.filter(issuer=organisation, superior_plan__isnull=False).values(
        "superior_plan_id"
    )
    context["to_implement"] = (
        Plan.objects.filter(
            issuer__in=superior_organisations(organisation), status=PlanStatus.ISSUED
        )
        .exclude(pk__in=implemented)
        .select_related("issuer")
        .order_by(F("lower_plans_due").asc(nulls_last=True), "-issued_on")[:5]
    )

    from reports.selectors import reports_due

    context["reports_due"] = reports_due(organisation, today=today)

    below = subordinate_organisations(organisation)
    below_count = below.count()
    context["below_count"] = below_count
    if below_count:
        context["rollout"] = (
            Plan.objects.filter(issuer=organisation, status=PlanStatus.ISSUED)
            .annotate(
                implementing=Count(
                    "implementing_plans__issuer",
                    distinct=True,
                    filter=Q(implementing_plans__issuer__in=below),
                )
            )
            .order_by("-issued_on")[:5]
        )
    return context


def waiting_for(*, user, organisation):
    """What waits for the user: plans awaiting their signature, activities to review, their
    own activities returned to them,
    the organisation's reports returned by the superior and, for a superior's officers and
    leaders, the reports sent up for review. A few counts, whatever the number of rows."""
    from activities.models import Activity, ActivityStatus
    from activities.selectors.review import review_count
    from plans.models import Plan, PlanStatus
    from plans.services.workflow import can_issue
    from reports.models import Report, ReportStatus
    from reports.rules import REVIEWERS

    waiting = {
        "to_sign": 0,
        "to_review": review_count(user),
        "returned_activities": Activity.objects.filter(
            created_by=user, status=ActivityStatus.RETURNED
        ).count(),
        "returned_reports": [],
        "reports_to_review": 0,
    }
    if user.role != Role.UNIT_HEAD:
        waiting["returned_reports"] = list(
            Report.objects.filter(organisation=organisation, status=ReportStatus.RETURNED)
            .select_related("period")
            .order_by("-updated_at")[:5]
        )
    if can_issue(user, organisation):
        waiting["to_sign"] = Plan.objects.filter(
            issuer=organisation, status=PlanStatus.AWAITING_SIGNATURE
        ).count()
    if user.role in REVIEWERS:
        waiting["reports_to_review"] = Report.objects.filter(
            organisation__in=subordinate_organisations(organisation),
            status=ReportStatus.SUBMITTED,
        ).count()
    return {"waiting": waiting}
