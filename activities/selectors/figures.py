"""Figures over a queryset of activities: totals and breakdowns, one SQL query each."""

import datetime

from django.db.models import BigIntegerField, Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from units.models import CutoffScheme

from ..models import ActivityStatus

METRICS = ("quantity", "participants", "views", "interactions", "cost")
FIGURES = ("count", *METRICS)


def aggregates(condition=None, prefix="total_"):
    """Count and sums as annotations named `<prefix><figure>` (an annotation may not take
    the name of a field), optionally restricted to rows matching `condition`."""
    sums = {
        f"{prefix}{name}": Coalesce(
            Sum(name, filter=condition), Value(0), output_field=BigIntegerField()
        )
        for name in METRICS
    }
    # COUNT(*) rather than COUNT(id): a covering index then answers without the table.
    count = Count("*") if condition is None else Count("pk", filter=condition)
    return {f"{prefix}count": count, **sums}


def figures_of(row, prefix="total_"):
    return {name: row[f"{prefix}{name}"] for name in FIGURES}


def empty_figures():
    return dict.fromkeys(FIGURES, 0)


def totals(activities):
    """{count, quantity, participants, views, interactions, cost} over all the activities.

    `quantity` adds numbers counted in different measures; show it per form (`by_form`).
    """
    return figures_of(activities.order_by().aggregate(**aggregates()))


def by_status(activities):
    """{status: count} for every ActivityStatus (0 when none)."""
    counts = dict.fromkeys(ActivityStatus.values, 0)
    rows = activities.order_by().values("status").annotate(count=Count("pk"))
    counts.update({row["status"]: row["count"] for row in rows})
    return counts


def grouped(activities, *keys, **described):
    """The figures grouped by the ids `keys` alone, with the columns that depend on it
    (`described`: name → lookup) read as MAX() aggregates. Grouping by their text too
    would make PostgreSQL sort every activity of a city's year on disk instead of hashing
    a few hundred groups (1.3 s → 0.3 s for a year of a million activities)."""
    labels = {name: Max(lookup) for name, lookup in described.items()}
    return activities.order_by().values(*keys).annotate(**labels, **aggregates())


def by_form(activities):
    """One row per outreach form used, in catalogue order: form_id, name, measure and the
    figures (quantity is in the form's own measure)."""
    rows = grouped(
        activities,
        "form_id",
        form_name="form__name",
        form_measure="form__measure",
        form_position="form__position",
    ).order_by("form_position", "form_name")
    return [
        _form_row(
            form_id=row["form_id"],
            name=row["form_name"],
            measure=row["form_measure"],
            figures=figures_of(row),
        )
        for row in rows
    ]


def _form_row(*, form_id, name, measure, figures):
    """A row of by_form(): the form and its figures."""
    return {"form_id": form_id, "name": name, "measure": measure, **figures}


def by_unit(activities):
    """One row per unit that carried out activities, in tree order: name, organisation_id,
    organisation_name, and the figures."""
    rows = grouped(
        activities,
        "unit_id",
        unit_name="unit__name",
        unit_path="unit__path",
        unit_organisation="unit__organisation_id",
        unit_organisation_name="unit__organisation__name",
    ).order_by("unit_path")
    return [
        {
            "name": row["unit_name"],
            "organisation_id": row["unit_organisation"],
            "organisation_name": row["unit_organisation_name"],
            **figures_of(row),
        }
        for row in rows
    ]


def by_organisation(activities):
    """One row per organisation whose units carried out activities (the roll-up a superior
    reads), in tree order: organisation_id, name, and the figures."""
    rows = grouped(
        activities,
        "unit__organisation_id",
        organisation_name="unit__organisation__name",
        organisation_path="unit__organisation__path",
    ).order_by("organisation_path")
    return [
        {
            "organisation_id": row["unit__organisation_id"],
            "name": row["organisation_name"],
            **figures_of(row),
        }
        for row in rows
    ]


def by_organisation_and_form(activities):
    """(by_organisation(), by_form()) of the same activities from one scan: one GROUP BY
    organisation and form over the activities alone (a city's roll-up reads each activity
    once and no text), then the names of the few organisations and forms found."""
    from plans.models import OutreachForm
    from units.models import Unit

    rows = list(grouped(activities, "unit__organisation_id", "form_id"))
    units = Unit.objects.filter(pk__in={row["unit__organisation_id"] for row in rows})
    names = {unit["pk"]: unit for unit in units.values("pk", "name", "path")}
    catalogue = OutreachForm.objects.filter(pk__in={row["form_id"] for row in rows})
    organisations, forms = {}, {}
    for row in rows:
        # Every unit under an organisation has one (units.models): no fallback needed.
        unit = names[row["unit__organisation_id"]]
        organisation = organisations.setdefault(
            row["unit__organisation_id"],
            {
                "organisation_id": row["unit__organisation_id"],
                "name": unit["name"],
                "path": unit["path"],
                **empty_figures(),
            },
        )
        form = forms.setdefault(row["form_id"], empty_figures())
        for name, value in figures_of(row).items():
            organisation[name] += value
            form[name] += value
    by_org = sorted(organisations.values(), key=lambda row: row.pop("path"))
    by_form = [
        _form_row(
            form_id=form.pk,
            name=form.name,
            measure=form.measure,
            figures=forms[form.pk],
        )
        for form in catalogue.order_by("position", "name")
    ]
    return by_org, by_form


def by_month(activities, *, scheme=CutoffScheme.CALENDAR, start=None, end=None):
    """One row per month, in order: label «mm/yyyy» and the figures.

    Under Decree 09 (`scheme=CutoffScheme.DECREE_09`) month M runs from the 15th of M-1 to the
    14th of M, as periodic reports count it. With `start` and `end`, months without
    activities in between are included with zeros (for charts).
    """
    decree = scheme == CutoffScheme.DECREE_09
    months = activities.order_by().annotate(month=TruncMonth("date")).values("month")
    merged = {}
    if decree:
        # One row per calendar month, split in SQL into days 1–14 and 15–end; the later
        # part belongs to the next cut-off month.
        late = aggregates(Q(date__day__gte=15), prefix="late_")
        for row in months.annotate(**aggregates(), **late):
            month = row["month"]
            whole, after = figures_of(row), figures_of(row, prefix="late_")
            _add(merged, month, {name: whole[name] - after[name] for name in FIGURES})
            _add(merged, _next_month(month), after)
    else:
        for row in months.annotate(**aggregates()):
            _add(merged, row["month"], figures_of(row))
    if start and end:
        first = start if not decree or start.day < 15 else _next_month(start)
        last = end if not decree or end.day < 15 else _next_month(end)
        month = first.replace(day=1)
        while month <= last.replace(day=1):
            merged.setdefault(month, empty_figures())
            month = _next_month(month)
    return [
        {"label": f"{month:%m/%Y}", **merged[month]}
        for month in sorted(merged)
        if any(merged[month].values()) or (start and end)
    ]


def _add(merged, month, figures):
    current = merged.setdefault(month, empty_figures())
    for name in FIGURES:
        current[name] += figures[name]


def _next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def by_target_group(activities):
    """One row per target group reached: its name («Chưa ghi đối tượng»: not stated) and the
    figures. An activity reaching two groups counts in both, so rows do not add up to the
    totals."""
    rows = (
        activities.order_by()
        .values("target_groups__id", "target_groups__name", "target_groups__position")
        .annotate(**aggregates())
        .order_by(F("target_groups__position").asc(nulls_last=True), "target_groups__name")
    )
    return [
        {
            "name": row["target_groups__name"] or "Chưa ghi đối tượng",
            **figures_of(row),
        }
        for row in rows
    ]


def by_plan(activities):
    """{plan_id: {approved, pending}} for the plans in `activities`: what the dashboard's
    plan list shows."""
    rows = (
        activities.order_by()
        .values("plan_id")
        .annotate(
            approved=Count("pk", filter=Q(status=ActivityStatus.APPROVED)),
            pending=Count("pk", filter=Q(status=ActivityStatus.SUBMITTED)),
        )
    )
    return {row.pop("plan_id"): row for row in rows}


def plans_with_progress(plans, activities):
    """`plans` (a queryset) with per-plan counts from `activities` attached as `.figures`."""
    plans = list(plans)
    counts = by_plan(activities.filter(plan__in=[p.pk for p in plans]))
    blank = {"approved": 0, "pending": 0}
    for plan in plans:
        plan.figures = counts.get(plan.pk, blank)
    return plans
