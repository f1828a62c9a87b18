"""Where a notification leads: the task page of an assignment's deadline, the reports of a
report deadline, and for an event the object it is about (an activity, a report, a plan, a
task).

Resolved when the user opens it (not stored), so a notification created today follows the
page of its object wherever that page lives later.
"""

from django.urls import reverse

from .models import NotificationKind


def target_url(notification) -> str:
    if notification.kind == NotificationKind.EVENT:
        return _event_url(notification)
    if notification.kind == NotificationKind.ASSIGNMENT:
        if notification.assignment_id:
            return reverse("activities:task", args=[notification.assignment_id])
        if notification.plan_id:
            return reverse("plans:detail", args=[notification.plan_id])
    if notification.kind == NotificationKind.REPORT:
        return reverse("reports:list")
    return reverse("home")


def _event_url(notification):
    if notification.event in ("export_ready", "export_failed"):
        # The key is «export_ready:<job id>» (events.export_finished).
        return reverse("exports:job", args=[int(notification.item_key.rsplit(":", 1)[1])])
    if notification.event == "activity_submitted" and not notification.activity_id:
        return reverse("activities:review")
    if notification.activity_id:
        return reverse("activities:detail", args=[notification.activity_id])
    if notification.report_id:
        return reverse("reports:detail", args=[notification.report_id])
    if notification.assignment_id:
        return reverse("activities:task", args=[notification.assignment_id])
    if notification.plan_id:
        return reverse("plans:detail", args=[notification.plan_id])
    return reverse("notifications:list")
