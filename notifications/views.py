"""A person's own notifications: the list, mark as read, open, preferences.

Everything is fetched through `Notification.objects.for_recipient(request.user)`: someone
else's notification answers 404, whoever asks (superiors included)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from units.access import get_scoped_or_404

from .forms import PreferenceForm
from .links import target_url
from .models import Notification
from .selectors import notifications_for, unread_count
from .services import (
    notification_mark_read,
    notifications_mark_all_read,
    preference_get,
    preference_update,
)

PAGE_SIZE = 25


@login_required
def notification_list(request):
    unread_only = request.GET.get("filter") == "unread"
    page = Paginator(
        notifications_for(user=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page_obj": page,
            "unread_only": unread_only,
            "unread_total": unread_count(user=request.user),
            "querystring": "filter=unread" if unread_only else "",
        },
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_scoped_or_404(
        Notification.objects.for_recipient(request.user).select_related("plan"), pk=pk
    )
    notification_mark_read(notification=notification)
    if request.htmx:
        return render(
            request,
            "notifications/_partials/notification_item.html",
            {"notification": notification, "oob_bell": True},
        )
    return _back(request)


@login_required
@require_POST
def mark_all_read(request):
    changed = notifications_mark_all_read(user=request.user)
    messages.success(request, f"Đã đánh dấu {changed} thông báo là đã đọc.")
    return _back(request)


@login_required
def open_notification(request, pk):
    """Mark as read and go to what the notification is about (links in e-mails land here)."""
    notification = get_scoped_or_404(
        Notification.objects.for_recipient(request.user).select_related("plan"), pk=pk
    )
    notification_mark_read(notification=notification)
    return redirect(target_url(notification))


@login_required
def preferences(request):
    preference = preference_get(user=request.user)
    # An empty POST (every box unticked) is still a submission.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, instance=preference)
    if request.method == "POST" and form.is_valid():
        preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Đã lưu cách nhận thông báo.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preference_form.html", {"form": form})


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")
