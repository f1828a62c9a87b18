"""Tasks: the list of what a person has to do or follows, one task's page, reporting
progress or completion, reopening a completion. A task is read by whoever reads its plan;
who may report or reopen is activities/permissions.py."""

from functools import reduce
from operator import or_

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from plans.models import Assignment, Plan, PlanStatus
from units.access import get_scoped_or_404, require
from units.history import Source, record_history
from units.submissions import once_per_submission

from ..completion_forms import CompletionForm, ReopenForm, activity_choices
from ..models import REPORTED_STATUSES, Activity, TaskCompletion
from ..permissions import can_reopen_task, can_report_task
from ..selectors.tasks import task_detail, task_rows, tasks_for
from ..services.completion import task_reopen, task_report
from .entries import add_service_errors

PAGE_SIZE = 25
TABS = {
    "open": "Cần thực hiện",
    "overdue": "Quá hạn",
    "done": "Đã hoàn thành",
}


def _task(request, pk):
    """An assignment of an issued (or closed) plan the user may read."""
    plans = Plan.objects.visible_to(request.user).exclude(status=PlanStatus.DRAFT)
    return get_scoped_or_404(
        Assignment.objects.filter(plan__in=plans).select_related("plan__issuer", "unit"), pk=pk
    )


@login_required
@require_GET
def task_list(request):
    today = timezone.localdate()
    scope = tasks_for(request.user)
    tab = request.GET.get("show", "open")
    if tab not in TABS:
        tab = "open"
    listed = {
        "open": lambda: scope.open(),
        "overdue": lambda: scope.overdue(today=today),
        "done": lambda: scope.done(),
    }[tab]()
    order = (
        [F("due_date").desc(nulls_last=True), "-pk"]
        if tab == "done"
        else [F("due_date").asc(nulls_last=True), "pk"]
    )
    page = Paginator(
        listed.select_related("plan__issuer", "unit").order_by(*order), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/task_list.html",
        {
            "tabs": TABS,
            "tab": tab,
            "page_obj": page,
            "rows": task_rows(page.object_list, unit=scope.unit, today=today),
            "overdue_count": scope.overdue(today=today).count(),
            "querystring": f"show={tab}",
            "today": today,
        },
    )


def reportable_units(user, detail):
    """The parts of the task `user` may report now: not done, theirs to report."""
    assignment = detail.assignment
    if assignment.includes_subunits:
        return [
            part.unit
            for part in detail.parts
            if not part.standing.is_done and can_report_task(user, assignment, part.unit)
        ]
    if assignment.unit_id is None or detail.standing.is_done:
        return []
    return [assignment.unit] if can_report_task(user, assignment, assignment.unit) else []


def _activities_for(assignment, units):
    if not units:
        return []
    below = reduce(or_, (Q(unit__path__startswith=unit.path) for unit in units))
    return activity_choices(
        Activity.objects.filter(
            below, assignment=assignment, status__in=REPORTED_STATUSES
        ).order_by("-date", "-pk")
    )


def task_history(*, assignment):
    return record_history(
        [
            Source(
                TaskCompletion,
                {"assignment_id": assignment.pk},
                lambda record, names: (
                    f"Kết quả của {names.get('unit', {}).get(record.unit_id, 'đơn vị')}"
                ),
                # Who and when is the entry's own header.
                frozenset(
                    {
                        "assignment",
                        "unit",
                        "reported_by",
                        "reported_at",
                        "done_by",
                        "done_at",
                        "done_on",
                        "reopened_by",
                        "reopened_at",
                    }
                ),
            )
        ]
    )


def _render(request, assignment, *, form=None, reopen_form=None, status=200):
    today = timezone.localdate()
    detail = task_detail(assignment, today=today)
    units = reportable_units(request.user, detail)
    if form is None and units:
        current = detail.completion if len(units) == 1 and not detail.parts else None
        form = CompletionForm(
            units=units,
            activities=_activities_for(assignment, units),
            initial={
                "percent": current.percent if current else None,
                "result": current.result if current else "",
                "link": current.link if current else "",
            },
        )
    reopenable = []
    if can_reopen_task(request.user, assignment):
        rows = [part.completion for part in detail.parts] if detail.parts else [detail.completion]
        reopenable = [row for row in rows if row is not None and row.is_done]
    context = {
        "assignment": assignment,
        "plan": assignment.plan,
        "detail": detail,
        "form": form,
        "reopenable": reopenable,
        "reopen_form": reopen_form or ReopenForm(),
        "history": task_history(assignment=assignment),
        "today": today,
    }
    return render(request, "activities/task_detail.html", context, status=status)


@login_required
@require_GET
def task_detail_view(request, pk):
    return _render(request, _task(request, pk))


@login_required
@require_POST
@once_per_submission
def task_report_view(request, pk):
    assignment = _task(request, pk)
    detail = task_detail(assignment, today=timezone.localdate())
    units = reportable_units(request.user, detail)
    require(units, "Bạn không được báo cáo kết quả nhiệm vụ này, hoặc nhiệm vụ đã hoàn thành.")
    form = CompletionForm(request.POST, units=units, activities=_activities_for(assignment, units))
    if form.is_valid():
        data = form.completion_input()
        try:
            task_report(assignment=assignment, unit=form.chosen_unit(), by=request.user, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            unit = form.chosen_unit()
            if data.done:
                messages.success(request, f"Đã báo hoàn thành nhiệm vụ của {unit.name}.")
            else:
                messages.success(request, f"Đã cập nhật tiến độ của {unit.name}: {data.percent}%.")
            return redirect("activities:task", pk=assignment.pk)
    return _render(request, assignment, form=form, status=200)


@login_required
@require_POST
def task_reopen_view(request, pk):
    assignment = _task(request, pk)
    require(
        can_reopen_task(request.user, assignment),
        "Chỉ cơ quan giao nhiệm vụ được mở lại kết quả.",
    )
    form = ReopenForm(request.POST)
    if form.is_valid():
        completion = get_scoped_or_404(
            TaskCompletion.objects.filter(assignment=assignment),
            pk=form.cleaned_data["completion"],
        )
        try:
            task_reopen(
                completion=completion, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã mở lại nhiệm vụ của {completion.unit.name}.")
            return redirect("activities:task", pk=assignment.pk)
    return _render(request, assignment, reopen_form=form)
