"""Who hears of what: the people an event or a deadline concerns, as querysets of active
users. The daily reminder scan reads the same rules in batch (selectors/assignments.py)."""

from django.db.models import Q

from units.models import Role, Unit, User

FOLLOWERS = (Role.LEADER, Role.OFFICER)


def active_users():
    return User.objects.filter(is_active=True, unit__isnull=False)


def leaders_and_officers(*organisations: Unit):
    """An organisation's leaders and officers: who follows its plans, reports and tasks."""
    return active_users().filter(
        unit__organisation__in=[o.pk for o in organisations if o is not None],
        role__in=FOLLOWERS,
    )


def leaders(*organisations: Unit):
    return active_users().filter(
        unit__organisation__in=[o.pk for o in organisations if o is not None], role=Role.LEADER
    )


def responsible_for(unit: Unit):
    """Who answers for a unit's task: for an organisation (a commune given a task by the
    city) its leaders and officers; for a unit its heads and officers."""
    if unit.is_organisation:
        return leaders_and_officers(unit)
    return active_users().filter(unit=unit, role__in=(Role.UNIT_HEAD, Role.OFFICER))


def heads_of_parts(assignment):
    """For a group assignment («Các thôn»): the head of each covered unit (a unit head, or
    the leader of a covered organisation), with the unit whose part is theirs."""
    units = {unit.pk: unit for unit in assignment.covered_units()}
    if not units:
        return []
    people = active_users().filter(
        Q(unit_id__in=list(units), role=Role.UNIT_HEAD)
        | Q(unit_id__in=[pk for pk, u in units.items() if u.is_organisation], role=Role.LEADER)
    )
    return [(user, units[user.unit_id]) for user in people.order_by("pk")]


def reviewers_of(activity):
    """Who is told an activity waits for review: inside the organisation of the unit that
    carried it out (activities/permissions.py), the people of the plan's focal unit when the
    organisation issued the plan, otherwise (or when nobody is there) its leaders and
    administrators."""
    from activities.permissions import REVIEW_ALL_ROLES, can_review

    organisation_id = activity.unit.organisation_id
    plan = activity.plan
    candidates = []
    if plan.issuer_id == organisation_id:
        focal = plan.assignments.filter(is_focal_point=True).values_list("unit_id", flat=True)
        candidates = list(
            active_users().filter(unit__organisation=organisation_id, unit_id__in=list(focal))
        )
    if not candidates:
        candidates = list(
            active_users().filter(unit__organisation=organisation_id, role__in=REVIEW_ALL_ROLES)
        )
    return [user for user in candidates if can_review(user, activity)]
