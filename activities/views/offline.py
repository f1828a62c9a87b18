"""Logging without a network (docs/offline.md): the offline form's page, the choice lists a
phone keeps for it, and the endpoint its queue is sent to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from units.access import get_scoped_or_404
from units.models import Submission
from units.submissions import once_per_submission

from ..choices import LoggingChoices, logging_choices
from ..forms import ActivityForm
from ..models import Activity
from ..offline import form_refusal, offline_choices
from .entries import create_from_form

NO_UNIT = "Tài khoản của bạn chưa gắn với đơn vị nào nên chưa ghi nhận được hoạt động."


@login_required
@require_GET
def offline_shell(request):
    """The activity form without anyone's choices: the service worker keeps it and shows it
    when a page cannot load; offline.js fills it from the kept choice lists."""
    form = ActivityForm(choices=LoggingChoices(user=None))
    return render(request, "activities/activity_offline.html", {"form": form})


@login_required
@require_GET
def offline_choices_view(request):
    return JsonResponse(
        offline_choices(logging_choices(request.user)), json_dumps_params={"ensure_ascii": False}
    )


@login_required
@require_POST
@once_per_submission
def offline_send(request):
    """One queued activity, through the form and service the page uses. Created: a redirect
    (which `once_per_submission` keeps for a repeat of the same key). Refused: 422 with the
    reasons in Vietnamese, and nothing written."""
    choices = logging_choices(request.user)
    if not choices.units:
        return JsonResponse({"reasons": [NO_UNIT]}, status=422)
    form = ActivityForm(request.POST, request.FILES, choices=choices)
    created = create_from_form(request, form)
    if not created:
        return JsonResponse({"reasons": form_refusal(form)}, status=422)
    return redirect("activities:offline_sent", pk=created[0].pk)


@login_required
@require_GET
def offline_sent(request, pk):
    """Where a sent (or repeated) activity's redirect ends: its id and page, as JSON."""
    activity = get_scoped_or_404(Activity.objects.visible_to(request.user), pk=pk)
    # A repeat's «already recorded» notice is answered here, not on the person's next page.
    list(messages.get_messages(request))
    return JsonResponse(
        {
            "id": activity.pk,
            "title": activity.title,
            "url": reverse("activities:detail", args=[activity.pk]),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@login_required
@require_GET
def offline_recorded(request, key):
    """Whether the person's own submission under this key created something: a copy the
    phone kept while the page sent the form is dropped when it did (docs/offline.md)."""
    submission = (
        Submission.objects.filter(key=key, user=request.user).exclude(result_url="").first()
    )
    if submission is None:
        return JsonResponse({"recorded": False}, status=404)
    return JsonResponse({"recorded": True, "url": submission.result_url})
