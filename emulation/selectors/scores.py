"""Scores of the units a judge ranks, for one period, from the inputs of inputs.py.

Each criterion gives up to its `weight` in points: `weight × min(rate / full_at, 1)`, where
the rate is the unit's credited share (an on-time task or report counts 1, a late one
`late_credit`, a missing one 0; tasks weighted by role). A criterion with nothing to judge
(no report due, no target) is left out, and the total is the points over the weights of the
criteria that apply, on 100: so a unit is never marked down for what it was not asked to do.
Ranks follow the total (ties share a rank: 1, 1, 3) and the classification its thresholds.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..models import Classification, CriteriaSet, Criterion, CriterionKind
from ..services import criteria_for
from . import inputs
from .inputs import ScoredPeriod, Subjects

HUNDRED = Decimal(100)
SHORT_NAMES = {
    CriterionKind.TASKS: "Nhiệm vụ",
    CriterionKind.REPORTS: "Báo cáo",
    CriterionKind.TARGETS: "Chỉ tiêu",
    CriterionKind.EVIDENCE: "Minh chứng",
    CriterionKind.RETURNED: "Không bị trả lại",
}
# What `on_time`, `late` and `missing` count for each kind (no `late`: the kind has none).
OUTCOMES = {
    CriterionKind.TASKS: {"on_time": "đúng hạn", "late": "muộn", "missing": "quá hạn chưa xong"},
    CriterionKind.REPORTS: {"on_time": "đúng hạn", "late": "muộn", "missing": "chưa gửi"},
    CriterionKind.TARGETS: {"on_time": "đạt tiến độ", "missing": "chưa đạt tiến độ"},
    CriterionKind.EVIDENCE: {"on_time": "có minh chứng", "missing": "không có minh chứng"},
    CriterionKind.RETURNED: {"on_time": "không bị trả lại", "missing": "bị trả lại"},
}
# Kinds only organisations have: units inside one neither report nor set targets.
ORGANISATION_KINDS = (CriterionKind.REPORTS, CriterionKind.TARGETS)
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class CriterionScore:
    criterion: Criterion
    on_time: int = 0
    late: int = 0
    missing: int = 0
    credited: Decimal = Decimal(0)
    expected: Decimal = Decimal(0)
    items: list = field(default_factory=list)

    @property
    def applies(self):
        return self.criterion.weight > 0 and self.expected > 0

    @property
    def rate(self) -> Decimal | None:
        """The credited share in percent (two decimals), None when nothing was expected."""
        return _round(HUNDRED * self.credited / self.expected) if self.expected else None

    @property
    def points(self) -> Decimal | None:
        if not self.applies:
            return None
        share = min(self.credited * HUNDRED / (self.expected * self.criterion.full_at), 1)
        return _round(self.criterion.weight * share)

    @property
    def kind(self):
        return self.criterion.kind

    @property
    def parts(self):
        """[(outcome, count, label)] as the pages print them: «2 đúng hạn · 1 muộn»."""
        return [
            (outcome, getattr(self, outcome), label)
            for outcome, label in OUTCOMES[self.kind].items()
        ]

    def items_of(self, outcome):
        return [item for item in self.items if _outcome(self.kind, item) == outcome]


def _outcome(kind, item):
    if kind == CriterionKind.REPORTS:
        return inputs.report_outcome(item)
    if kind == CriterionKind.TARGETS:
        return "on_time" if item.on_pace else "missing"
    return item.outcome


@dataclass
class UnitScore:
    unit: object
    criteria: list
    rank: int | None = None
    classification: str | None = None
    classification_label: str = ""

    @property
    def total(self) -> Decimal | None:
        scored = [c for c in self.criteria if c.applies]
        if not scored:
            return None
        weights = sum(c.criterion.weight for c in scored)
        return _round(HUNDRED * sum(c.points for c in scored) / weights)

    def criterion(self, kind) -> CriterionScore | None:
        return next((c for c in self.criteria if c.kind == kind), None)


@dataclass
class Ranking:
    judge: object
    period: ScoredPeriod
    scope: str
    criteria_set: CriteriaSet
    rows: list
    # The KeptRanking these rows were read from (a closed period), None when computed live.
    kept: object = None

    @property
    def criteria(self):
        """The criteria scored in this scope, as columns."""
        return [
            c
            for c in self.criteria_set.criteria.all()
            if c.weight > 0
            and (self.scope == Subjects.ORGANISATIONS or c.kind not in ORGANISATION_KINDS)
        ]

    @property
    def columns(self):
        return [(c, SHORT_NAMES[c.kind]) for c in self.criteria]

    def row_of(self, unit_pk) -> UnitScore | None:
        return next((row for row in self.rows if row.unit.pk == unit_pk), None)


def _tasks(criterion, items):
    score = CriterionScore(criterion)
    for item in items:
        outcome = item.outcome
        setattr(score, outcome, getattr(score, outcome) + 1)
        score.expected += item.weight
        if outcome == "on_time":
            score.credited += item.weight
        elif outcome == "late":
            score.credited += item.weight * criterion.late_credit
    score.items = items
    return score


def _reports(criterion, cells):
    score = CriterionScore(criterion, items=cells)
    for cell in cells:
        outcome = inputs.report_outcome(cell)
        setattr(score, outcome, getattr(score, outcome) + 1)
        score.expected += 1
        if outcome == "on_time":
            score.credited += 1
        elif outcome == "late":
            score.credited += criterion.late_credit
    return score


def _targets(criterion, items):
    score = CriterionScore(criterion, items=items)
    for item in items:
        score.expected += 1
        if item.on_pace:
            score.on_time += 1
            score.credited += 1
        else:
            score.missing += 1
    return score


def _evidence(criterion, counts):
    # on_time: with evidence; missing: reported without.
    score = CriterionScore(criterion)
    if counts is not None:
        score.on_time = counts.with_evidence
        score.missing = counts.reported - counts.with_evidence
        score.expected = Decimal(counts.reported)
        score.credited = Decimal(counts.with_evidence)
    return score


def _returned(criterion, counts):
    # on_time: reported and kept; missing: returned for correction.
    score = CriterionScore(criterion)
    if counts is not None:
        score.on_time = counts.reported
        score.missing = counts.returned
        score.expected = Decimal(counts.reported + counts.returned)
        score.credited = Decimal(counts.reported)
    return score


def ranking(
    *,
    judge,
    kind: str,
    year: int,
    index: int,
    scope: str,
    today: datetime.date,
    criteria_set: CriteriaSet | None = None,
    only=None,
) -> Ranking:
    """Every unit the judge scores in `scope` for the period, with its criteria, total, rank
    and classification, best first. A fixed number of queries, whatever the number of units.
    `criteria_set`: the judge's set for `year` when the caller has it already; `only`: score
    this one unit alone (its rank is then among itself)."""
    criteria_set = criteria_set or criteria_for(judge=judge, year=year)
    period = inputs.scored_period(judge=judge, kind=kind, year=year, index=index)
    subjects = inputs.subjects_of(judge, scope)
    if only is not None:
        subjects = [unit for unit in subjects if unit.pk == only.pk]
    wanted = {c.kind for c in criteria_set.criteria.all() if c.weight > 0}
    tasks = reports = targets = activities = {}
    if CriterionKind.TASKS in wanted:
        tasks = inputs.task_items(
            subjects, period, today=today, role_weight=criteria_set.role_weight
        )
    if scope == Subjects.ORGANISATIONS and CriterionKind.REPORTS in wanted:
        reports = inputs.report_items(judge, subjects, period, today=today)
    if scope == Subjects.ORGANISATIONS and CriterionKind.TARGETS in wanted:
        targets = inputs.target_items(subjects, period, today=today)
    if wanted & {CriterionKind.EVIDENCE, CriterionKind.RETURNED}:
        activities = inputs.activity_counts(subjects, period, today=today, scope=scope)
    build = {
        CriterionKind.TASKS: lambda c, u: _tasks(c, tasks.get(u.pk, [])),
        CriterionKind.REPORTS: lambda c, u: _reports(c, reports.get(u.pk, [])),
        CriterionKind.TARGETS: lambda c, u: _targets(c, targets.get(u.pk, [])),
        CriterionKind.EVIDENCE: lambda c, u: _evidence(c, activities.get(u.pk)),
        CriterionKind.RETURNED: lambda c, u: _returned(c, activities.get(u.pk)),
    }
    result = Ranking(judge, period, scope, criteria_set, [])
    result.rows = [
        UnitScore(unit, [build[c.kind](c, unit) for c in result.criteria]) for unit in subjects
    ]
    _rank(result.rows, criteria_set)
    return result


def _rank(rows, criteria_set):
    """Best total first (unscored units last, in tree order); equal totals share a rank."""
    rows.sort(key=lambda row: (row.total is None, -(row.total or 0), row.unit.path))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.total is None:
            continue
        if row.total != previous:
            rank, previous = position, row.total
        row.rank = rank
        row.classification = criteria_set.classify(row.total)
        row.classification_label = Classification(row.classification).label
