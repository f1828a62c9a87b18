"""Where a notification leads: the plan of an assignment, the reports of a report deadline.

Resolved when the user opens it (not stored), so a notification created today follows the
page of its object wherever that page lives later. Until the plan and report pages exist
(plan pages: issue 3; report pages: a later issue) the home page, which lists the tasks due,
stands in.
"""

from django.urls import NoReverseMatch, reverse

from .models import NotificationKind


def target_url(notification) -> str:
    if notification.kind == NotificationKind.ASSIGNMENT and notification.plan_id:
        plan = notification.plan
        if hasattr(plan, "get_absolute_url"):
            return plan.get_absolute_url()
        url = _reverse("plans:detail", kwargs={"pk": notification.plan_id})
    else:
        url = _reverse("reports:list")
    return url or reverse("home")


def _reverse(name, **kwargs):
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return None
