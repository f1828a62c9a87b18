"""Reads for the home page: what needs the user's attention."""

import datetime

from django.utils import timezone

from .access import organisation_of, superior_organisations
from .models import Role, Unit


def home_context(*, user):
    from plans.models import Assignment, Plan, PlanStatus

    organisation = organisation_of(user)
    if organisation is None:
        return {"organisation": None}

    today = timezone.localdate()
    soon = today + datetime.timedelta(days=30)

    drafts = Plan.objects.filter(issuer=organisation, status=PlanStatus.DRAFT).order_by(
        "-updated_at"
    )[:5]

    implemented = Plan.objects.filter(issuer=organisation, superior_plan__isnull=False).values(
        "superior_plan_id"
    )
    to_implement = (
        Plan.objects.filter(
            issuer__in=superior_organisations(organisation), status=PlanStatus.ISSUED
        )
        .exclude(pk__in=implemented)
        .select_related("issuer")
        .order_by("-issued_on")[:5]
    )

    if user.role == Role.UNIT_HEAD:
        task_units = Unit.objects.subtree_of(user.unit)
    else:
        task_units = Unit.objects.filter(organisation=organisation)
    tasks_due = (
        Assignment.objects.filter(
            unit__in=task_units,
            plan__status=PlanStatus.ISSUED,
            due_date__isnull=False,
            due_date__lte=soon,
        )
        .select_related("plan__issuer", "unit")
        .order_by("due_date")[:10]
    )
    return {
        "organisation": organisation,
        "today": today,
        "drafts": drafts,
        "to_implement": to_implement,
        "tasks_due": tasks_due,
    }
