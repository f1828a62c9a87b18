"""Who reads which scores (the rule of units/access.py applied to emulation).

A judge's ranking and criteria are read by its own people and by its superiors; a unit's
score, with the rows behind it, also by the unit's own organisation (a commune reads how the
city scored it, never how it scored a neighbour). Only the judge's leaders and
administrators change its criteria.
"""

from django.db.models import Q

from units.access import can_manage_people, get_scoped_or_404, organisation_of, sees_everything
from units.models import Unit


def _reach(user):
    """Units at or below the user's organisation."""
    if sees_everything(user):
        return Q()
    organisation = organisation_of(user)
    if organisation is None:
        return Q(pk__in=[])
    return Q(path__startswith=organisation.path)


def judge_or_404(user, pk) -> Unit:
    """An organisation whose ranking and criteria the user reads: theirs or one below."""
    return get_scoped_or_404(Unit.objects.organisations().filter(_reach(user)), pk=pk)


def judge_and_unit_or_404(user, judge_pk, unit_pk) -> tuple[Unit, Unit]:
    """The judge and the judged unit of a score page: the unit must be in the user's reach;
    the judge may be above the user (the city that scored the user's commune)."""
    unit = get_scoped_or_404(Unit.objects.filter(_reach(user)), pk=unit_pk)
    judge = get_scoped_or_404(Unit.objects.organisations(), pk=judge_pk)
    if not unit.path.startswith(judge.path) or unit.pk == judge.pk:
        get_scoped_or_404(Unit.objects.none(), pk=unit_pk)
    return judge, unit


def reads(user, judge) -> bool:
    """Whether the user reads the judge's ranking (no query)."""
    if sees_everything(user):
        return True
    organisation = organisation_of(user)
    return organisation is not None and judge.path.startswith(organisation.path)


def can_edit_criteria(user, judge) -> bool:
    return can_manage_people(user, judge)
