"""The audit trail shared by plans, activities and units: who changed what, field by field,
with the models' Vietnamese field names; and restoring a deleted record from its history.

Every audited model keeps django-simple-history records. `record_history` reads them for one
object (and the parts stored with it) and groups the changes made by one save; `record_restore`
puts a deleted row back as it was just before deletion, with its many-to-many links and the
dependent rows that were deleted together with it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

ACTIONS = {"+": "Thêm", "~": "Sửa", "-": "Xóa"}
HIDDEN_FIELDS = {"id", "version", "updated_at", "created_at", "created_by", "year"}
PER_SOURCE_LIMIT = 500


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object
    reason: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class HistoryGroup:
    when: datetime.datetime
    user: object
    reason: str
    entries: list[HistoryEntry] = field(default_factory=list)


@dataclass
class Source:
    """One kind of record in an object's history: `model` rows matching `lookup` (on the
    historical model), described by `subject(record, names)` (`names`: the display names of
    the referenced objects); `hidden` fields are not compared."""

    model: type
    lookup: dict
    subject: Callable
    hidden: frozenset = frozenset()


def display(model_field, value, names):
    if value is None or value == "":
        return "(trống)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names.get(model_field.name, {}).get(value, f"#{value}")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        # Stored in UTC: shown as the clock in Hà Nội read it.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def group_entries(entries, window=datetime.timedelta(seconds=10)):
    """Consecutive entries of one person with one reason within seconds: one save."""
    groups = []
    for entry in entries:
        last = groups[-1] if groups else None
        if (
            last
            and last.user == entry.user
            and last.reason == entry.reason
            and last.when - entry.when <= window
        ):
            last.entries.append(entry)
        else:
            groups.append(
                HistoryGroup(when=entry.when, user=entry.user, reason=entry.reason, entries=[entry])
            )
    return groups


def _tracked_fields(model):
    history_model = model.history.model
    tracked = {f.attname for f in history_model._meta.concrete_fields}
    return [f for f in model._meta.concrete_fields if f.attname in tracked]


def _reference_names(sources, raw):
    """{field name: {pk: str(object)}} for the foreign keys the shown fields point at: one
    query per referenced field, whatever the length of the history."""
    wanted = {}
    for source, (model, records) in zip(sources, raw, strict=True):
        for model_field in _tracked_fields(model):
            if not model_field.is_relation or model_field.name in wanted:
                continue
            if model_field.name in HIDDEN_FIELDS or model_field.name in source.hidden:
                continue
            ids = {getattr(r, model_field.attname) for r in records} - {None}
            if ids:
                wanted[model_field.name] = (model_field.related_model, ids)
    return {
        name: {obj.pk: str(obj) for obj in related.objects.filter(pk__in=ids)}
        for name, (related, ids) in wanted.items()
    }


def _entry(source, record, before, names):
    action = record.history_type
    changes = []
    if action == "~":
        if before is None:
            return None
        for model_field in _tracked_fields(source.model):
            if model_field.name in HIDDEN_FIELDS or model_field.name in source.hidden:
                continue
            old = getattr(before, model_field.attname)
            new = getattr(record, model_field.attname)
            if old != new:
                changes.append(
                    Change(
                        label=str(model_field.verbose_name).capitalize(),
                        old=display(model_field, old, names),
                        new=display(model_field, new, names),
                    )
                )
        # A save that changed no shown field is noise, unless it says why it was made (a
        # unit moved in the tree, say).
        if not changes and not record.history_change_reason:
            return None
    return HistoryEntry(
        when=record.history_date,
        user=record.history_user,
        reason=record.history_change_reason or "",
        action=ACTIONS.get(action, action),
        subject=source.subject(record, names),
        changes=changes,
    )


def record_history(
    sources: list[Source], *, limit: int = 300, reference_names=None
) -> list[HistoryGroup]:
    """Newest first, grouped by save; one query per source plus one per referenced kind.

    `reference_names(raw)` may replace the default {field name: {pk: str(object)}} of the
    referenced objects, `raw` being [(model, its records, oldest first)] in source order."""
    raw = []
    for source in sources:
        records = list(
            source.model.history.filter(**source.lookup)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:PER_SOURCE_LIMIT]
        )
        records.reverse()
        raw.append((source.model, records))
    names = reference_names(raw) if reference_names else _reference_names(sources, raw)
    entries = []
    for source, (_model, records) in zip(sources, raw, strict=True):
        previous = {}
        for record in records:
            entry = _entry(source, record, previous.get(record.id), names)
            previous[record.id] = record
            if entry:
                entries.append(entry)
    entries.sort(key=lambda e: e.when, reverse=True)
    return group_entries(entries[:limit])


# ---------------------------------------------------------------- restoring


def deleted_records(model, **lookup):
    """The last record of each deleted `model` row matching `lookup` that is still gone,
    newest deletion first."""
    records = model.history.filter(history_type="-", **lookup).order_by("-history_date")
    alive = set(model.objects.filter(pk__in=records.values("id")).values_list("pk", flat=True))
    seen, result = set(), []
    for record in records.select_related("history_user"):
        if record.id in alive or record.id in seen:
            continue
        seen.add(record.id)
        result.append(record)
    return result


def _restore_row(record, by, reason):
    instance = record.instance
    instance._history_user = by
    instance._change_reason = reason
    # The row is gone: an INSERT with its old primary key.
    instance.save(force_insert=True)
    # auto_now_add fields were stamped anew by the insert: keep the original moments.
    stamped = {
        f.attname: getattr(record, f.attname)
        for f in type(instance)._meta.concrete_fields
        if getattr(f, "auto_now_add", False)
    }
    if stamped:
        type(instance)._base_manager.filter(pk=instance.pk).update(**stamped)
        for name, value in stamped.items():
            setattr(instance, name, value)
    # Django clears many-to-many links before the row is deleted: take them from the last
    # record written while the row existed.
    last_alive = (
        type(record)
        .objects.filter(id=record.id, history_date__lte=record.history_date)
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    for m2m_field in getattr(record, "_history_m2m_fields", []) or []:
        if last_alive is None:
            break
        through = getattr(last_alive, m2m_field.name)
        target = m2m_field.m2m_reverse_field_name()
        getattr(instance, m2m_field.name).set(
            [getattr(row, f"{target}_id") for row in through.all()]
        )
    return instance


@transaction.atomic
def record_restore(*, record, by, dependents=(), reason="Khôi phục"):
    """Put back the row deleted in `record` (its last historical record) and the rows of
    `dependents` ((model, foreign key name) pairs) deleted with it, as they were.

    Returns the restored object. Raises ValueError when the row exists again."""
    model = record.instance_type
    if model.objects.filter(pk=record.id).exists():
        raise ValueError("Bản ghi này đang tồn tại, không cần khôi phục.")
    window = datetime.timedelta(seconds=10)
    restored = _restore_row(record, by, reason)
    for dependent, key in dependents:
        for child in deleted_records(
            dependent,
            **{
                f"{key}_id": record.id,
                "history_date__gte": record.history_date - window,
                "history_date__lte": record.history_date + window,
            },
        ):
            _restore_row(child, by, reason)
    return restored
