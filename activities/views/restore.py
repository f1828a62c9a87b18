"""Deleted activities of the organisation, and putting one back as it was."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from units.access import can_manage_plans, organisation_of, require

from ..history import activity_restore, deleted_activities

REFUSAL = "Chỉ cán bộ, lãnh đạo của cơ quan mới khôi phục được hoạt động đã xóa."


def _organisation(request):
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    require(can_manage_plans(request.user, organisation), REFUSAL)
    return organisation


@login_required
def deleted_list(request):
    organisation = _organisation(request)
    return render(
        request,
        "activities/activity_deleted.html",
        {"organisation": organisation, "records": deleted_activities(organisation=organisation)},
    )


@login_required
@require_POST
def restore(request, history_id):
    organisation = _organisation(request)
    record = next(
        (r for r in deleted_activities(organisation=organisation) if r.history_id == history_id),
        None,
    )
    if record is None:
        raise Http404("Không tìm thấy hoạt động đã xóa này.")
    activity = activity_restore(record=record, by=request.user)
    messages.success(request, f"Đã khôi phục hoạt động «{activity.title}».")
    return redirect("activities:detail", pk=activity.pk)
