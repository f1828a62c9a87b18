"""The history of a judge's criteria: the set and each criterion, on the criteria page."""

from units.history import Source, record_history

from .models import CriteriaSet, Criterion, CriterionKind


def criteria_history(*, criteria_set):
    kinds = dict(CriterionKind.choices)
    return record_history(
        [
            Source(
                CriteriaSet,
                {"id": criteria_set.pk},
                lambda record, names: f"Bộ tiêu chí năm {record.year}",
                frozenset({"judge", "updated_by", "updated_at"}),
            ),
            Source(
                Criterion,
                {"criteria_set_id": criteria_set.pk},
                lambda record, names: f"Tiêu chí: {kinds.get(record.kind, record.kind)}",
                frozenset({"criteria_set", "kind", "position"}),
            ),
        ]
    )
