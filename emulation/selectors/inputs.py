"""What each judged unit did in a period, gathered with a fixed number of aggregate queries
(never one per unit), each item kept so that a score can show the rows behind it.

The rules are the project's, reused: a task's state is activities/deadlines.py's
(`task_standing`: done, done late, overdue, local dates), a report's is the superior's matrix
(reports/selectors/status.py: on time, late, missing once its due day has passed), a
target's pace is the periodic report's (reports/services/figures.py).
"""

import datetime
import os
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from activities.deadlines import Standing, completions_of, task_standing
from activities.models import REPORTED_STATUSES, Activity, ActivityStatus, Evidence
from plans.models import Assignment, PlanStatus, Target, TargetMetric
from reports.models import PeriodKind
from reports.periods import MONTHS_IN, period_bounds, period_label
from reports.selectors.status import Cell, report_matrix
from reports.selectors.status import Standing as ReportStanding
from reports.services.figures import expected_percent, pace, plan_window
from units.access import subordinate_organisations
from units.models import Unit

SCORED_KINDS = (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)
ON_PACE = ("đã đạt", "vượt tiến độ", "đạt tiến độ")


@dataclass(frozen=True)
class ScoredPeriod:
    kind: str
    year: int
    index: int
    start: datetime.date
    end: datetime.date

    @property
    def label(self):
        return period_label(self.kind, self.year, self.index)

    @property
    def months(self):
        """The first and last month of the year the period covers."""
        last = self.index * MONTHS_IN[self.kind]
        return last - MONTHS_IN[self.kind] + 1, last

    def holds(self, kind, index):
        """Whether the reporting period (kind, index) of the same year ends in this one."""
        first, last = self.months
        return MONTHS_IN[kind] <= MONTHS_IN[self.kind] and first <= index * MONTHS_IN[kind] <= last


def scored_period(*, judge: Unit, kind: str, year: int, index: int) -> ScoredPeriod:
    """The period as the judge cuts its figures off (Decree 09 or the calendar)."""
    start, end = period_bounds(kind, year, index, judge.period_scheme)
    return ScoredPeriod(kind, year, index, start, end)


class Subjects:
    ORGANISATIONS = "organisations"
    UNITS = "units"
    LABELS = {ORGANISATIONS: "Các cơ quan cấp dưới", UNITS: "Các đơn vị trực thuộc"}


def subjects_of(judge: Unit, scope: str) -> list[Unit]:
    """Whom the judge scores: the organisations below it (a city's communes and agencies, as
    in its report matrix) or its own units (a commune's offices, villages …)."""
    if scope == Subjects.ORGANISATIONS:
        units = subordinate_organisations(judge)
    else:
        units = Unit.objects.filter(organisation=judge, is_active=True).exclude(pk=judge.pk)
    return list(
        units.only(
            "pk",
            "code",
            "name",
            "full_name",
            "kind",
            "path",
            "depth",
            "organisation_id",
            "is_organisation",
            "is_active",
            "period_scheme",
            "report_due_day",
            "report_period_kinds",
        ).order_by("path")
    )


# ---------------------------------------------------------------- tasks


@dataclass
class TaskItem:
    assignment: Assignment
    standing: Standing
    weight: Decimal

    @property
    def outcome(self):
        if self.standing.is_done:
            return "late" if self.standing.state == "done_late" else "on_time"
        return "missing"


def task_items(subjects, period: ScoredPeriod, *, today, role_weight) -> dict:
    """{unit id: [TaskItem]}: the tasks of issued plans due in the period that a unit
    finished, or left unfinished past their due date (tasks not yet due are left out).
    A unit's tasks are those given to it by another organisation's plan (or its own
    organisation's, for a unit) and its part of group tasks covering it. Two queries."""
    by_pk = {unit.pk: unit for unit in subjects}
    prefixes = {
        unit.path[:end]
        for unit in subjects
        for end in range(Unit.steplen, len(unit.path), Unit.steplen)
    }
    assignments = list(
        Assignment.objects.filter(
            Q(unit_id__in=list(by_pk)) | Q(includes_subunits=True, unit__path__in=prefixes),
            plan__status=PlanStatus.ISSUED,
            due_date__gte=period.start,
            due_date__lte=period.end,
        )
        .select_related("plan__issuer", "unit")
        .order_by("due_date", "pk")
    )
    completions = completions_of(a.pk for a in assignments)
    items = defaultdict(list)
    for assignment in assignments:
        if assignment.unit_id in by_pk:
            owners = [by_pk[assignment.unit_id]]
        else:
            owners = [unit for unit in subjects if assignment.has_part(unit)]
        # What an organisation gives to its own units («Các thôn») is theirs, not its own.
        owners = [unit for unit in owners if unit.pk != assignment.plan.issuer_id]
        whole = completions.get((assignment.pk, assignment.unit_id))
        for unit in owners:
            part = completions.get((assignment.pk, unit.pk))
            # The unit's own row first: a part finished on time is not late because the
            # last village finished late.
            completion = next(
                (row for row in (part, whole) if row is not None and row.is_done), part or whole
            )
            standing = task_standing(
                due_date=assignment.due_date, completion=completion, today=today
            )
            if standing.is_done or standing.is_overdue:
                items[unit.pk].append(TaskItem(assignment, standing, role_weight(assignment.role)))
    return items


# ---------------------------------------------------------------- reports


def report_items(judge, subjects, period: ScoredPeriod, *, today) -> dict:
    """{organisation id: [Cell]}: the periodic reports of the organisations below the judge
    that end in the period and were due by `today` (sent on time, late, or missing), as the
    judge's report matrix states them. Two queries per kind of report."""
    kinds = {
        kind
        for unit in subjects
        for kind in unit.report_period_kind_list
        if kind in MONTHS_IN and MONTHS_IN[kind] <= MONTHS_IN[period.kind]
    }
    wanted = {unit.pk for unit in subjects}
    items = defaultdict(list)
    for kind in sorted(kinds, key=MONTHS_IN.get):
        _headers, rows = report_matrix(superior=judge, year=period.year, kind=kind, today=today)
        for row in rows:
            if row.organisation.pk not in wanted:
                continue
            for cell in row.cells:
                if period.holds(kind, cell.slot.index) and counts(cell):
                    items[row.organisation.pk].append(cell)
    return items


def counts(cell: Cell) -> bool:
    return cell.on_time is not None or cell.state == ReportStanding.MISSING


def report_outcome(cell: Cell) -> str:
    if cell.on_time is True:
        return "on_time"
    return "late" if cell.on_time is False else "missing"


# ---------------------------------------------------------------- targets


@dataclass
class TargetItem:
    target: Target
    actual: Decimal | None
    percent: int | None
    expected: int

    @property
    def pace(self):
        return pace(self.percent, self.expected) if self.percent is not None else ""

    @property
    def on_pace(self):
        return self.pace in ON_PACE


MEASURES = {
    TargetMetric.ACTIVITIES: "count",
    TargetMetric.QUANTITY: "quantity",
    TargetMetric.PARTICIPANTS: "participants",
    TargetMetric.VIEWS: "views",
}


def common_ancestor_path(units) -> str:
    """The path of the deepest node that is the ancestor of (or one of) `units`; "" when
    they have none in common."""
    prefix = os.path.commonprefix([unit.path for unit in units])
    return prefix[: len(prefix) - len(prefix) % Unit.steplen]


def target_items(subjects, period: ScoredPeriod, *, today) -> dict:
    """{organisation id: [TargetItem]}: the targets of the plans each organisation issued
    that are in force in the period, with the value reached by the period's end (or today)
    and the pace expected by then, as its periodic report computes them. Two queries (a
    third when an activity of a plan was logged under an organisation the judge does not
    score)."""
    on = min(period.end, today)
    targets = list(
        Target.objects.filter(
            plan__issuer__in=[unit.pk for unit in subjects if unit.is_organisation],
            plan__status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
        )
        .exclude(plan__period_end__lt=period.start)
        .exclude(plan__period_start__gt=period.end)
        .select_related("plan")
        .order_by("plan__issuer_id", "plan_id", "position", "pk")
    )
    computed = [t for t in targets if t.metric in MEASURES]
    sums = defaultdict(lambda: defaultdict(int))
    if computed:
        # Per plan, form and organisation of the acting unit, so that the database groups
        # by hash without a join on paths (whose estimate made it sort half a million rows
        # on disk); whether the unit is the issuer's or below it is the organisation's path.
        # The acting units are below their issuers, hence below the subjects' common
        # ancestor: the database then reads the approved activities of those units only,
        # not of every unit in the country.
        rows = list(
            Activity.objects.approved()
            .filter(
                plan_id__in={t.plan_id for t in computed},
                date__lte=on,
                unit__path__startswith=common_ancestor_path(subjects),
            )
            .order_by()
            .values("plan_id", "form_id", "unit__organisation_id")
            .annotate(
                count=Count("pk"),
                **{
                    name: Coalesce(Sum(name), Value(0), output_field=BigIntegerField())
                    for name in ("quantity", "participants", "views")
                },
            )
        )
        paths = {unit.pk: unit.path for unit in subjects}
        unknown = {row["unit__organisation_id"] for row in rows} - set(paths) - {None}
        if unknown:
            paths.update(Unit.objects.filter(pk__in=unknown).values_list("pk", "path"))
        issuers = {t.plan_id: paths[t.plan.issuer_id] for t in computed}
        for row in rows:
            if not paths.get(row["unit__organisation_id"], "").startswith(issuers[row["plan_id"]]):
                continue
            for name in ("count", "quantity", "participants", "views"):
                sums[(row["plan_id"], row["form_id"])][name] += row[name]
                sums[(row["plan_id"], None)][name] += row[name]
    items = defaultdict(list)
    for target in targets:
        if target.metric == TargetMetric.MANUAL:
            actual = target.actual_value
        else:
            actual = Decimal(sums[(target.plan_id, target.form_id)][MEASURES[target.metric]])
        percent = None
        if actual is not None and target.target_value:
            percent = int(actual * 100 / target.target_value)
        begin, finish = plan_window(target.plan)
        expected = expected_percent(begin=begin, finish=target.due_date or finish, on=on)
        items[target.plan.issuer_id].append(TargetItem(target, actual, percent, expected))
    return items


# ---------------------------------------------------------------- activities


@dataclass
class ActivityCounts:
    reported: int = 0
    with_evidence: int = 0
    returned: int = 0


ACTIVITY_COUNTS = """
    SELECT {key}, a.status, COUNT(*), COUNT(e.activity_id)
    FROM {activity} a
    JOIN {unit} u ON u.id = a.unit_id
    LEFT JOIN (SELECT DISTINCT activity_id FROM {evidence}) e ON e.activity_id = a.id
    WHERE {key} IN ({subjects}) AND a.date >= %s AND a.date <= %s AND a.status IN ({statuses})
    GROUP BY {key}, a.status
"""


def activity_counts(subjects, period: ScoredPeriod, *, today, scope) -> dict:
    """{unit id: ActivityCounts} of the activities dated in the period (to today): reported
    (sent or approved), those of them with evidence, and those returned for correction.
    An organisation counts its units' activities. One query.

    Written by hand: one pass over the judged units' activities of the period, read from
    the index `activity_unit_date` alone (unit, date, status, id), joined to the activities
    that have evidence as a set. Django's `Exists` would probe the evidence once per activity
    (half a million probes for a city's year: 1.3 s against 0.35 s, EXPLAIN ANALYZE on the
    benchmark's data)."""
    if not subjects:
        return {}
    key = "u.organisation_id" if scope == Subjects.ORGANISATIONS else "u.id"
    sql = ACTIVITY_COUNTS.format(
        key=key,
        activity=Activity._meta.db_table,
        unit=Unit._meta.db_table,
        evidence=Evidence._meta.db_table,
        subjects=", ".join(["%s"] * len(subjects)),
        statuses=", ".join(["%s"] * (len(REPORTED_STATUSES) + 1)),
    )
    params = [
        *(unit.pk for unit in subjects),
        period.start,
        min(period.end, today),
        *REPORTED_STATUSES,
        ActivityStatus.RETURNED,
    ]
    found = defaultdict(ActivityCounts)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for unit_id, status, number, with_evidence in cursor.fetchall():
            counts = found[unit_id]
            if status == ActivityStatus.RETURNED:
                counts.returned += number
            else:
                counts.reported += number
                counts.with_evidence += with_evidence
    return dict(found)


def activity_rows(unit: Unit, period: ScoredPeriod, *, today, scope, limit=200):
    """The activities behind a unit's counts: (reported without evidence, returned)."""
    key = "unit__organisation" if scope == Subjects.ORGANISATIONS else "unit"
    base = (
        Activity.objects.filter(
            **{key: unit}, date__gte=period.start, date__lte=min(period.end, today)
        )
        .select_related("unit")
        .only("pk", "title", "date", "status", "unit__name")
        .order_by("date", "pk")
    )
    without = base.reported().filter(~Exists(Evidence.objects.filter(activity=OuterRef("pk"))))
    returned = base.filter(status=ActivityStatus.RETURNED)
    return list(without[:limit]), list(returned[:limit])


@dataclass
class Inputs:
    tasks: dict = field(default_factory=dict)
    reports: dict = field(default_factory=dict)
    targets: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
