import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from activities.selectors.remembered import Remembered, cache_seconds, remembered
from plans.text import lower_first
from reports.exports import XLSX
from reports.periods import period_containing, period_label
from reports.views.common import _download
from units.access import organisation_of, require
from units.models import Unit

from .access import can_edit_criteria, judge_and_unit_or_404, judge_or_404, reads
from .documents import ranking_pdf, write_ranking
from .forms import CriteriaForm, RankingFilter, period_code
from .history import criteria_history
from .kept import is_closed, kept_history, kept_or_computed, recompute
from .models import KeptScore
from .selectors import Subjects, ranking
from .selectors.inputs import activity_rows, scored_period
from .services import criteria_for, criteria_set_update

READ_ONLY = "Chỉ lãnh đạo, quản trị của cơ quan chấm điểm được sửa tiêu chí thi đua."
RECOMPUTE_ONLY = "Chỉ lãnh đạo, quản trị của cơ quan chấm điểm được tính lại điểm đã chốt."


@login_required
def index(request):
    """The ranking of the user's own organisation."""
    organisation = organisation_of(request.user)
    if organisation is None and request.user.is_superuser:
        # A platform administrator belongs nowhere: the first city.
        organisation = Unit.objects.organisations().filter(depth=1).first()
    if organisation is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    return redirect("emulation:ranking", judge=organisation.pk)


def _filters(request, judge, *, with_scope=True):
    today = timezone.localdate()
    year, index = period_containing("quarter", today, judge.period_scheme)
    has_organisations = (
        Unit.objects.organisations()
        .filter(path__startswith=judge.path, is_active=True)
        .exclude(pk=judge.pk)
        .exists()
    )
    initial = {
        "period": period_code("quarter", index),
        "year": year,
        "scope": Subjects.ORGANISATIONS if has_organisations else Subjects.UNITS,
    }
    form = RankingFilter(request.GET, initial=initial, today=today, with_scope=with_scope)
    return form, form.choice(), today


def _query(choice):
    return (
        f"?period={period_code(choice['kind'], choice['index'])}&year={choice['year']}"
        f"&scope={choice['scope']}"
    )


def _ranked(judge, choice, today):
    """The ranking: read from its kept rows once the period is closed (emulation/kept.py);
    live before, kept a few minutes when it is slow to compute (a city's year), as the
    dashboard's figures are; a change of the criteria computes either again."""
    criteria_set = criteria_for(judge=judge, year=choice["year"])
    period = scored_period(
        judge=judge, kind=choice["kind"], year=choice["year"], index=choice["index"]
    )
    if is_closed(period, today):
        result = kept_or_computed(judge=judge, today=today, criteria_set=criteria_set, **choice)
        return Remembered(value=result, computed_at=result.kept.computed_at, kept=False)
    key = ("emulation", judge.pk, *sorted(choice.items()), today, criteria_set.version())
    return remembered(
        key, lambda: ranking(judge=judge, today=today, criteria_set=criteria_set, **choice)
    )


def _kept(remembered_ranking):
    return {
        "figures_kept": remembered_ranking.kept,
        "computed_at": remembered_ranking.computed_at,
        "cache_minutes": cache_seconds() // 60,
    }


@login_required
@require_GET
def ranking_view(request, judge):
    judge = judge_or_404(request.user, judge)
    form, choice, today = _filters(request, judge)
    ranked = _ranked(judge, choice, today)
    result = ranked.value
    context = {
        **_kept(ranked),
        "judge": judge,
        "form": form,
        "result": result,
        "query": _query(choice),
        "can_edit": can_edit_criteria(request.user, judge),
        "superior": _superior(request.user, judge),
        "kept_history": kept_history(result.kept) if result.kept else [],
    }
    return render(request, "emulation/ranking.html", context)


@login_required
@require_POST
def recompute_view(request, judge):
    """A closed period counted again on today's data, at the request of the judge's leader
    or administrator; the computation is recorded in the kept ranking's history."""
    judge = judge_or_404(request.user, judge)
    require(can_edit_criteria(request.user, judge), RECOMPUTE_ONLY)
    _form, choice, today = _filters(request, judge)
    period = scored_period(
        judge=judge, kind=choice["kind"], year=choice["year"], index=choice["index"]
    )
    if not is_closed(period, today):
        messages.error(
            request, f"{period.label} chưa chốt: điểm luôn được tính theo số liệu hiện nay."
        )
    else:
        criteria_set = criteria_for(judge=judge, year=choice["year"])
        recompute(judge=judge, today=today, criteria_set=criteria_set, by=request.user, **choice)
        messages.success(request, f"Đã tính lại điểm thi đua {lower_first(period.label)}.")
    return redirect(reverse("emulation:ranking", args=[judge.pk]) + _query(choice))


@login_required
@require_GET
def ranking_pdf_view(request, judge):
    judge = judge_or_404(request.user, judge)
    _form, choice, today = _filters(request, judge)
    content, filename = ranking_pdf(_ranked(judge, choice, today).value)
    return _download(content, filename=f"{filename}.pdf", content_type="application/pdf")


@login_required
@require_GET
def ranking_xlsx_view(request, judge):
    judge = judge_or_404(request.user, judge)
    _form, choice, today = _filters(request, judge)
    buffer = io.BytesIO()
    filename = write_ranking(_ranked(judge, choice, today).value, buffer)
    return _download(buffer.getvalue(), filename=f"{filename}.xlsx", content_type=XLSX)


def _trend(judge, unit, choice, today, criteria_set):
    """The unit's total in each quarter of the year begun by `today`: the kept total of a
    closed quarter, else computed for the unit alone (a few small queries a quarter, not the
    whole ranking)."""
    kept = dict(
        KeptScore.objects.filter(
            ranking__judge=judge,
            ranking__scope=choice["scope"],
            ranking__kind="quarter",
            ranking__year=choice["year"],
            ranking__criteria_version=criteria_set.version(),
            unit=unit,
        ).values_list("ranking__index", "total")
    )
    points = []
    for index in range(1, 5):
        if (
            scored_period(judge=judge, kind="quarter", year=choice["year"], index=index).start
            > today
        ):
            break
        if index in kept:  # a closed quarter: its kept total
            points.append(
                {"label": period_label("quarter", choice["year"], index), "total": kept[index]}
            )
            continue
        alone = ranking(
            judge=judge,
            kind="quarter",
            year=choice["year"],
            index=index,
            scope=choice["scope"],
            today=today,
            criteria_set=criteria_set,
            only=unit,
        )
        row = alone.row_of(unit.pk)
        points.append(
            {
                "label": period_label("quarter", choice["year"], index),
                "total": row.total if row else None,
            }
        )
    return points


def _superior(user, judge):
    """The organisation that scores the user's own (to link «how we were scored»)."""
    if judge != organisation_of(user):
        return None
    return (
        Unit.objects.ancestors_of(judge)
        .organisations()
        .order_by("-depth")
        .only("pk", "name")
        .first()
    )


@login_required
@require_GET
def unit_view(request, judge, unit):
    judge, unit = judge_and_unit_or_404(request.user, judge, unit)
    scope = Subjects.ORGANISATIONS if unit.is_organisation else Subjects.UNITS
    form, choice, today = _filters(request, judge, with_scope=False)
    choice["scope"] = scope
    ranked = _ranked(judge, choice, today)
    result = ranked.value
    row = result.row_of(unit.pk)
    if row is None:
        raise Http404("Đơn vị này không thuộc diện chấm điểm của cơ quan.")
    changed_since = None
    if result.kept is not None:
        changed_since = _live_rows(judge, unit, choice, today, result, row)
    without_evidence, returned = activity_rows(unit, result.period, today=today, scope=scope)
    trend = _trend(judge, unit, choice, today, result.criteria_set)
    context = {
        **_kept(ranked),
        "judge": judge,
        "unit": unit,
        "form": form,
        "result": result,
        "row": row,
        "query": _query(choice),
        "ranked": sum(1 for r in result.rows if r.rank is not None),
        "trend": trend,
        "trend_data": {
            "labels": [point["label"] for point in trend],
            "totals": [
                float(point["total"]) if point["total"] is not None else None for point in trend
            ],
        },
        "without_evidence": without_evidence,
        "returned": returned,
        "reads_judge": reads(request.user, judge),
        "changed_since": changed_since,
    }
    return render(request, "emulation/unit.html", context)


def _live_rows(judge, unit, choice, today, result, row):
    """A kept score shows the rows behind it as they are today (counted for the unit
    alone); returns the unit's total today when the data moved since the score was kept,
    so the page can say so (the kept score stands until the judge's leader recomputes)."""
    alone = ranking(
        judge=judge, today=today, criteria_set=result.criteria_set, only=unit, **choice
    ).row_of(unit.pk)
    if alone is None:
        return None
    moved = False
    for kept_score, live in zip(row.criteria, alone.criteria, strict=True):
        kept_score.items = live.items
        moved = moved or [kept_score.on_time, kept_score.late, kept_score.missing] != [
            live.on_time,
            live.late,
            live.missing,
        ]
    if moved or alone.total != row.total:
        return {"total": alone.total}
    return None


@login_required
@require_http_methods(["GET", "POST"])
def criteria_view(request, judge):
    judge = judge_or_404(request.user, judge)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    can_edit = can_edit_criteria(request.user, judge)
    if request.method == "POST":
        require(can_edit, READ_ONLY)
    criteria_set = criteria_for(judge=judge, year=year)
    form = CriteriaForm(request.POST or None, criteria_set=criteria_set)
    if request.method == "POST" and form.is_valid():
        changed = criteria_set_update(
            criteria_set=criteria_set,
            values=form.values(),
            criteria=form.criteria(),
            by=request.user,
        )
        messages.success(
            request,
            "Đã lưu tiêu chí thi đua." if changed else "Không có thay đổi nào để lưu.",
        )
        return redirect(f"{reverse('emulation:criteria', args=[judge.pk])}?year={year}")
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {
        "judge": judge,
        "year": year,
        "years": [year - 1, year, year + 1],
        "form": form,
        "criteria_set": criteria_set,
        "can_edit": can_edit,
        "history": criteria_history(criteria_set=criteria_set),
    }
    return render(request, "emulation/criteria.html", context)
