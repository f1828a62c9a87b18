"""Where a notification leads: the task page of an assignment's deadline, the reports of a
report deadline.

Resolved when the user opens it (not stored), so a notification created today follows the
page of its object wherever that page lives later.
"""

from django.urls import reverse

from .models import NotificationKind


def target_url(notification) -> str:
    if notification.kind == NotificationKind.ASSIGNMENT:
        if notification.assignment_id:
            return reverse("activities:task", args=[notification.assignment_id])
        if notification.plan_id:
            return reverse("plans:detail", args=[notification.plan_id])
    if notification.kind == NotificationKind.REPORT:
        return reverse("reports:list")
    return reverse("home")
