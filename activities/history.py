"""The audit trail of an activity (its fields and its evidence) and restoring a deleted one."""

from reports.locks import refuse_closed
from units.history import Source, deleted_records, record_history, record_restore

from .models import Activity, Evidence

HIDDEN = frozenset({"plan", "series", "reviewed_at"})


def activity_history(*, activity: Activity, limit: int = 200):
    return record_history(
        [
            Source(Activity, {"id": activity.pk}, lambda record, names: "Hoạt động", HIDDEN),
            Source(
                Evidence,
                {"activity_id": activity.pk},
                lambda record, names: (
                    f"Minh chứng: {record.caption or record.original_name or record.url}"[:120]
                ),
                frozenset({"activity", "file", "size", "content_type", "uploaded_by"}),
            ),
        ],
        limit=limit,
    )


def deleted_activities(*, organisation):
    """Activities of `organisation`'s units deleted and not yet restored, newest first."""
    return deleted_records(Activity, unit__organisation_id=organisation.pk)


def activity_restore(*, record, by) -> Activity:
    """Put a deleted activity back with its sections, target groups and evidence (not into a
    period whose report was sent)."""
    refuse_closed(unit=record.unit, plan_id=record.plan_id, dates=[record.date])
    return record_restore(record=record, by=by, dependents=[(Evidence, "activity")])
