"""Review by the plan's focal unit: the queue of submitted activities, approve, return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from units.access import require

from .. import services
from ..forms import ReviewForm
from ..models import Activity, Evidence, EvidenceKind
from ..permissions import review_queue as queue_for
from ..permissions import review_refusal
from .entries import _scoped_activity

PAGE_SIZE = 30


@login_required
def review_queue(request):
    user = request.user
    queue = queue_for(user)
    if request.method == "POST":
        chosen = [pk for pk in request.POST.getlist("selected") if pk.isdigit()]
        if not chosen:
            messages.warning(request, "Chưa chọn hoạt động nào để duyệt.")
        else:
            approved = services.activity_approve_many(
                activities=list(queue.filter(pk__in=chosen)), by=user
            )
            messages.success(request, f"Đã duyệt {approved} hoạt động.")
        return redirect("activities:review")
    photos = Prefetch(
        "evidence",
        queryset=Evidence.objects.filter(kind=EvidenceKind.PHOTO).only("pk", "activity_id"),
        to_attr="photos",
    )
    page = Paginator(queue.for_listing().prefetch_related(photos), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "activities/activity_review.html",
        {"page_obj": page, "activities": page.object_list, "review_form": ReviewForm()},
    )


def _back(request, activity):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("activities:detail", pk=activity.pk)


def _review(request, pk, action):
    user = request.user
    activity = _scoped_activity(request, pk)
    refusal = review_refusal(user, activity)
    require(refusal is None, refusal or "")
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    error = None
    try:
        if action == "approve":
            activity = services.activity_approve(activity=activity, by=user, comment=comment)
        else:
            activity = services.activity_return(activity=activity, by=user, comment=comment)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        activity = Activity.objects.for_listing().get(pk=activity.pk)
        context = {
            "activity": activity,
            "review_form": form,
            "error": error,
            "reviewed": not error,
            "refresh_counts": not error,
            # Counted now: the cached badge is forgotten only once the decision commits.
            "waiting": queue_for(user).count(),
        }
        return render(request, "activities/_partials/review_item.html", context)
    if error:
        messages.error(request, error)
    elif action == "approve":
        messages.success(request, f"Đã duyệt hoạt động «{activity.title}».")
    else:
        messages.success(request, f"Đã trả lại hoạt động «{activity.title}» kèm ý kiến.")
    return _back(request, activity)


@login_required
@require_POST
def activity_approve(request, pk):
    return _review(request, pk, "approve")


@login_required
@require_POST
def activity_return(request, pk):
    return _review(request, pk, "return")
