"""Writes to the unit tree. The tree manager keeps each unit's `organisation` in step on
add and move; flipping `is_organisation` re-derives it for the branch here."""

from django.db import transaction

from .models import Unit, sync_organisations


@transaction.atomic
def unit_create(*, parent: Unit | None, **fields) -> Unit:
    if parent is None:
        return Unit.objects.add_root(create_kwargs=fields)
    return Unit.objects.add_child(parent, create_kwargs=fields)


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit) -> Unit:
    """Move a unit (and its subtree) under `new_parent`, as its last child."""
    Unit.objects.move(unit, new_parent, "last-child")
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def unit_set_organisation_flag(*, unit: Unit, is_organisation: bool) -> Unit:
    unit.is_organisation = is_organisation
    unit.save(update_fields=["is_organisation"])
    sync_organisations(unit)
    return Unit.objects.get(pk=unit.pk)
