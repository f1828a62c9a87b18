"""Logging activities: the list, a new activity (or a copy, or a recurring series), its page,
corrections and submission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from units.access import can_manage_plans, get_scoped_or_404, organisation_of, require
from units.forms import add_service_errors
from units.submissions import once_per_submission

from .. import services
from ..choices import initial_for_edit, initial_for_new, logging_choices
from ..filters import ActivityFilterForm
from ..forms import ActivityForm, ReviewForm
from ..history import activity_history
from ..listing import COUNT_CAP, CappedPaginator, CorrectionsFirst
from ..models import Activity, ActivityStatus
from ..permissions import can_change, can_log_for, loggable_units, review_refusal

PAGE_SIZE = 25


@login_required
def activity_list(request):
    user = request.user
    visible = Activity.objects.visible_to(user)
    filters = ActivityFilterForm(request.GET or None, user=user)
    # A list of ids (a few dozen units), not a subquery: the planner then reads the returned
    # activities through the (unit, status, date) index instead of every returned one.
    mine = list(loggable_units(user).values_list("pk", flat=True))
    # Returned activities of the user's own units come first: they wait for a correction.
    listed = filters.filter(visible).for_list_page()
    waiting = Q(status=ActivityStatus.RETURNED, unit__in=mine)
    returned = visible.filter(waiting).count()
    # Unfiltered, the list's returned rows are those just counted.
    first_count = listed.filter(waiting).count() if filters.is_bound else returned
    activities = CorrectionsFirst(
        listed.filter(waiting), listed.exclude(waiting), first_count=first_count
    )
    page = CappedPaginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    for activity in page:
        activity.can_change = can_change(user, activity)
    querystring = filters.querystring()
    return render(
        request,
        "activities/activity_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "activities": page.object_list,
            "returned_count": returned,
            "querystring": querystring,
            "can_log": bool(mine),
            "can_restore": can_manage_plans(user, organisation_of(user)),
            "count_cap": COUNT_CAP,
        },
    )


def _copy_source(request):
    pk = request.GET.get("copy")
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404("Không tìm thấy hoạt động để sao chép.")
    return get_scoped_or_404(Activity.objects.visible_to(request.user), pk=pk)


def create_from_form(request, form):
    """The activities a bound ActivityForm creates (a series gives several), or None with the
    refusal on the form. The page and the offline queue's sending both go through here."""
    if not form.is_valid():
        return None
    try:
        return services.activity_create(
            by=request.user,
            data=form.activity_input(),
            evidence=form.evidence_input(),
            repeat=form.cleaned_data.get("repeat") or "",
            repeat_until=form.cleaned_data.get("repeat_until"),
            submit="save_draft" not in request.POST,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
@once_per_submission
def activity_create(request):
    user = request.user
    choices = logging_choices(user)
    require(
        bool(choices.units),
        "Tài khoản của bạn chưa gắn với đơn vị nào nên chưa ghi nhận được hoạt động.",
    )
    copy_of = _copy_source(request)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, choices=choices)
        created = create_from_form(request, form)
        if created:
            first = created[0]
            if len(created) > 1:
                messages.success(
                    request,
                    f"Đã ghi nhận chuỗi {len(created)} hoạt động «{first.title}» từ "
                    f"{created[0].date:%d/%m/%Y} đến {created[-1].date:%d/%m/%Y}.",
                )
            else:
                state = "lưu nháp" if first.status == ActivityStatus.DRAFT else "gửi duyệt"
                messages.success(request, f"Đã {state} hoạt động «{first.title}».")
            if "save_and_new" in request.POST:
                return redirect("activities:create")
            return redirect("activities:detail", pk=first.pk)
    else:
        form = ActivityForm(initial=initial_for_new(choices, copy_of=copy_of), choices=choices)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "copy_of": copy_of, "activity": None},
    )


def _scoped_activity(request, pk):
    return get_scoped_or_404(
        Activity.objects.visible_to(request.user).select_related(
            "unit__organisation",
            "plan__issuer",
            "form",
            "assignment__unit",
            "created_by",
            "reviewed_by",
        ),
        pk=pk,
    )


def _require_change(user, activity):
    if activity.status == ActivityStatus.APPROVED and can_log_for(user, activity.unit):
        raise PermissionDenied(
            "Hoạt động đã được duyệt nên không sửa được nữa. Nếu cần điều chỉnh, hãy liên hệ "
            "đơn vị đầu mối của kế hoạch."
        )
    require(can_change(user, activity))


@login_required
def activity_detail(request, pk):
    user = request.user
    activity = _scoped_activity(request, pk)
    evidence = list(activity.evidence.all())
    series_count = (
        Activity.objects.visible_to(user).filter(series=activity.series).count()
        if activity.series
        else 0
    )
    can_review = activity.is_reviewable and review_refusal(user, activity) is None
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "sections": activity.sections.all(),
            "target_groups": activity.target_groups.all(),
            "photos": [e for e in evidence if e.kind == "photo"],
            "documents": [e for e in evidence if e.kind == "document"],
            "links": [e for e in evidence if e.kind == "link"],
            "series_count": series_count,
            "can_change": can_change(user, activity),
            "can_copy": loggable_units(user).exists(),
            "can_review": can_review,
            "review_form": ReviewForm(),
            "history": activity_history(activity=activity),
        },
    )


@login_required
@once_per_submission
def activity_edit(request, pk):
    user = request.user
    activity = _scoped_activity(request, pk)
    _require_change(user, activity)
    choices = logging_choices(user)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, choices=choices, activity=activity)
        if form.is_valid():
            try:
                services.activity_update(
                    activity=activity,
                    by=user,
                    data=form.activity_input(),
                    evidence=form.evidence_input(),
                    submit="submit" in request.POST,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if "submit" in request.POST:
                    messages.success(request, "Đã lưu và gửi duyệt hoạt động.")
                else:
                    messages.success(request, "Đã lưu thay đổi.")
                return redirect("activities:detail", pk=activity.pk)
    else:
        form = ActivityForm(initial=initial_for_edit(activity), choices=choices, activity=activity)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity, "evidence": list(activity.evidence.all())},
    )


@login_required
@require_POST
def activity_submit(request, pk):
    activity = _scoped_activity(request, pk)
    _require_change(request.user, activity)
    try:
        services.activity_submit(activity=activity, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã gửi duyệt hoạt động.")
    return redirect("activities:detail", pk=activity.pk)
