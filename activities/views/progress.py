"""Follow-up: the leadership dashboard, a plan's progress, the Excel/CSV export and evidence
files. All read-only, all scoped to what the viewer may read."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from exports.kinds import activity_params
from exports.models import ExportKind
from exports.views import start_or_serve
from plans.models import Assignment, Plan, PlanStatus
from units.access import get_scoped_or_404, organisation_of, sees_everything

from .. import selectors
from ..filters import DashboardFilterForm
from ..models import Activity, Evidence
from ..selectors.remembered import cache_seconds, remembered


def _chart(rows, label_key="name"):
    return {
        "labels": [row[label_key] for row in rows],
        "count": [row["count"] for row in rows],
    }


@login_required
def dashboard(request):
    user = request.user
    filters = DashboardFilterForm(request.GET or None, user=user)
    period, organisation, plan_id, approved_only = filters.resolve()
    scope = organisation or organisation_of(user)

    visible = Activity.objects.visible_to(user)
    if organisation:
        visible = visible.filter(unit__path__startswith=organisation.path)
    if plan_id:
        visible = visible.filter(plan_id=plan_id)
    in_period = visible.between(period.start, period.end)

    roll_up = filters.has_subordinates and not organisation
    today = timezone.localdate()

    def compute():
        counted = in_period.approved() if approved_only else in_period.reported()
        assignments = Assignment.objects.all()
        plans = Plan.objects.filter(status=PlanStatus.ISSUED)
        if scope is not None:
            assignments = assignments.filter(plan__issuer__path__startswith=scope.path)
            plans = plans.filter(issuer__path__startswith=scope.path)
        if plan_id:
            assignments = assignments.filter(plan_id=plan_id)
        return {
            "totals": selectors.totals(counted),
            "statuses": selectors.by_status(in_period),
            "months": selectors.by_month(
                counted, scheme=filters.scheme, start=period.start, end=period.end
            ),
            "forms": selectors.by_form(counted),
            "by_place": (
                selectors.by_organisation(counted) if roll_up else selectors.by_unit(counted)
            ),
            "late": selectors.late_assignments(assignments, today=today, limit=20),
            "plans": selectors.plans_with_progress(
                plans.order_by("-issued_on", "-pk")[:10], visible
            ),
        }

    # What the figures depend on: the viewer's reach, the filters, the day.
    reach = None if sees_everything(user) else getattr(organisation_of(user), "pk", None)
    key = ("dashboard", reach, getattr(scope, "pk", None), plan_id, period.start, period.end,
           approved_only, roll_up, filters.scheme, today)  # fmt: skip
    figures = remembered(key, compute)
    months, forms, by_place = (figures.value[k] for k in ("months", "forms", "by_place"))

    return render(
        request,
        "activities/dashboard.html",
        {
            "filters": filters,
            "period": period,
            "scope": scope,
            "approved_only": approved_only,
            **figures.value,
            "figures_kept": figures.kept,
            "computed_at": figures.computed_at,
            "cache_minutes": cache_seconds() // 60,
            "roll_up": roll_up,
            "today": today,
            "chart_data": {
                "months": _chart(months, "label"),
                "forms": _chart(forms),
                "places": _chart(by_place),
            },
        },
    )


@login_required
def plan_progress(request, pk):
    user = request.user
    plan = get_scoped_or_404(Plan.objects.visible_to(user).select_related("issuer"), pk=pk)
    approved_only = request.GET.get("approved_only") == "on"
    activities = Activity.objects.visible_to(user).filter(plan=plan)
    counted = activities.approved() if approved_only else activities.reported()
    today = timezone.localdate()
    end = min(plan.period_end, today) if plan.period_end else None
    months = selectors.by_month(
        counted,
        scheme=plan.issuer.period_scheme,
        start=plan.period_start if end else None,
        end=end if plan.period_start and end and plan.period_start <= end else None,
    )
    return render(
        request,
        "activities/plan_progress.html",
        {
            "plan": plan,
            "approved_only": approved_only,
            "totals": selectors.totals(counted),
            "statuses": selectors.by_status(activities),
            "targets": selectors.target_progress(plan, counted),
            "assignments": selectors.assignment_progress(plan, counted, today=today),
            "forms": selectors.by_form(counted),
            "units": selectors.by_unit(counted),
            "months": months,
            "today": today,
            "chart_data": {"months": _chart(months, "label")},
        },
    )


@login_required
@require_GET
def export(request):
    """The list (with its filters) as Excel, or CSV with `?format=csv`: written as a job
    (exports app). The file when it is ready at once (the embedded default, or the same
    request over unchanged rows); otherwise the job's page with its progress bar."""
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    params = activity_params(request.user, request.GET)
    return start_or_serve(request, kind=ExportKind.ACTIVITIES, fmt=fmt, params=params)


@login_required
def evidence_file(request, pk):
    """An evidence file, only for those who may read its activity; never from MEDIA_URL."""
    visible = Activity.objects.visible_to(request.user)
    evidence = get_scoped_or_404(Evidence.objects.filter(activity__in=visible), pk=pk)
    if not evidence.file:
        raise Http404("Minh chứng này là đường dẫn, không có tệp.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp minh chứng không còn trên máy chủ.") from exc
    is_image = evidence.content_type.startswith("image/")
    response = FileResponse(
        handle,
        as_attachment=not is_image,
        filename=evidence.download_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response
