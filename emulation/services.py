"""Writes of emulation criteria: the set of a judge's year, created on first use, and its
edits, each recorded in the models' history with who made it."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from units.models import Unit

from .models import CriteriaSet, Criterion, CriterionKind

# (kind, most points, credit of a late item, rate that earns full points). Tasks weigh most:
# they are what the judge assigned; a late task or report earns half (the Government
# Office counts late work apart from work not done); 80% of activities with evidence and
# 95% not returned earn full points, leaving room for an activity without a photo.
DEFAULT_CRITERIA = [
    (CriterionKind.TASKS, Decimal(40), Decimal("0.5"), Decimal(100)),
    (CriterionKind.REPORTS, Decimal(20), Decimal("0.5"), Decimal(100)),
    (CriterionKind.TARGETS, Decimal(20), Decimal("0.5"), Decimal(100)),
    (CriterionKind.EVIDENCE, Decimal(10), Decimal("0.5"), Decimal(80)),
    (CriterionKind.RETURNED, Decimal(10), Decimal("0.5"), Decimal(95)),
]
SET_FIELDS = (
    "lead_weight",
    "coordinate_weight",
    "requested_weight",
    "excellent_from",
    "good_from",
    "done_from",
)
CRITERION_FIELDS = ("weight", "late_credit", "full_at")


def criteria_for(*, judge: Unit, year: int) -> CriteriaSet:
    """The judge's criteria for `year` with its criteria prefetched (`criteria.all()`), created
    on first use as a copy of the latest earlier year's set, else from the defaults."""
    found = _fetch(judge, year)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            _create(judge, year)
    except IntegrityError:
        pass  # another request created it first: read theirs
    return _fetch(judge, year)


def _fetch(judge, year):
    return (
        CriteriaSet.objects.filter(judge=judge, year=year)
        .prefetch_related("criteria")
        .select_related("judge")
        .first()
    )


def _create(judge, year):
    earlier = (
        CriteriaSet.objects.filter(judge=judge, year__lt=year)
        .order_by("-year")
        .prefetch_related("criteria")
        .first()
    )
    values = {name: getattr(earlier, name) for name in SET_FIELDS} if earlier else {}
    criteria_set = CriteriaSet(judge=judge, year=year, **values)
    criteria_set._change_reason = (
        f"Tạo theo bộ tiêu chí năm {earlier.year}" if earlier else "Tạo theo tiêu chí mặc định"
    )
    criteria_set.full_clean()
    criteria_set.save()
    rows = (
        [
            (c.kind, c.weight, c.late_credit, c.full_at)
            for c in earlier.criteria.all()
            if c.kind in CriterionKind.values
        ]
        if earlier
        else DEFAULT_CRITERIA
    )
    for position, (kind, weight, late_credit, full_at) in enumerate(rows, start=1):
        criterion = Criterion(
            criteria_set=criteria_set,
            kind=kind,
            weight=weight,
            late_credit=late_credit,
            full_at=full_at,
            position=position,
        )
        criterion._change_reason = criteria_set._change_reason
        criterion.save()
    return criteria_set


@transaction.atomic
def criteria_set_update(*, criteria_set: CriteriaSet, values: dict, criteria: dict, by):
    """Save the set's own `values` and each criterion's (`criteria`: {kind: {field: value}}),
    only the rows that changed, so the history shows one entry per real change."""
    changed = [name for name in SET_FIELDS if getattr(criteria_set, name) != values[name]]
    if changed:
        for name in changed:
            setattr(criteria_set, name, values[name])
        criteria_set.updated_by = by
        criteria_set._history_user = by
        criteria_set.full_clean()
        criteria_set.save()
    for criterion in criteria_set.criteria.all():
        wanted = criteria.get(criterion.kind)
        if not wanted:
            continue
        fields = [n for n in CRITERION_FIELDS if n in wanted and getattr(criterion, n) != wanted[n]]
        if not fields:
            continue
        for name in fields:
            setattr(criterion, name, wanted[name])
        criterion._history_user = by
        criterion.full_clean()
        criterion.save(update_fields=fields)
        changed.append(criterion.kind)
    if changed and not set(changed) & set(SET_FIELDS):
        # Only criteria changed: stamp the set without a history row of its own.
        CriteriaSet.objects.filter(pk=criteria_set.pk).update(
            updated_by=by, updated_at=timezone.now()
        )
    return changed
