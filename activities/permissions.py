"""Who may log, change and review activities.

What a user may *see* is decided by `Activity.objects.visible_to` (units.access); these rules
only narrow what a reader may *do*. A unit head logs for their own unit (and any unit below
it); officers, leaders and administrators log for every unit of their organisation.

An organisation's activities are reviewed inside that organisation, whoever issued the plan
they implement: its leaders and administrators review all of them, and the focal unit of a
plan the organisation issued (its officers and unit heads) reviews that plan's. A superior
sees its communes' activities read-only, even those logged against its own plan; nobody
reviews an activity they entered themselves.
"""

from django.db.models import Q

from plans.models import Assignment, PlanStatus
from units.access import can_manage_plans, can_write
from units.models import Role, Unit

from .models import REVIEWABLE_STATUSES, Activity

REVIEW_ALL_ROLES = {Role.LEADER, Role.ADMIN}


def _active(user):
    return user.is_authenticated and user.is_active


def loggable_units(user):
    """The units `user` may log activities for, as a queryset ordered by the tree."""
    if not _active(user) or not user.unit_id:
        return Unit.objects.none()
    organisation = user.organisation
    units = Unit.objects.filter(organisation=organisation, is_active=True)
    if user.role == Role.UNIT_HEAD and not user.is_superuser:
        units = units.filter(path__startswith=user.unit.path)
    return units.order_by("path")


def can_log_for(user, unit):
    # Without a home unit (a platform administrator) there is no one to log on behalf of:
    # such accounts correct data in the Django admin.
    if not can_write(user, unit.organisation) or not user.unit_id:
        return False
    if user.role == Role.UNIT_HEAD and not user.is_superuser:
        return unit.path.startswith(user.unit.path)
    return True


def can_change(user, activity):
    """Whether `user` may edit, resubmit or add evidence to `activity` (not once approved)."""
    return activity.is_editable and can_log_for(user, activity.unit)


def _focal_plans(user):
    """Plans of the user's organisation whose focal unit is the user's unit."""
    return Assignment.objects.filter(
        is_focal_point=True, unit=user.unit_id, plan__issuer=user.organisation
    ).values("plan_id")


def reviewable_activities_q(user):
    """The activities `user` reviews, as a filter on Activity."""
    if not _active(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    organisation = user.organisation
    if organisation is None:
        return Q(pk__in=[])
    own = Q(unit__organisation=organisation)
    if user.role in REVIEW_ALL_ROLES:
        return own
    return own & Q(plan__in=_focal_plans(user))


def review_queue(user):
    """Submitted activities waiting for `user`'s review, oldest first."""
    return (
        Activity.objects.visible_to(user)
        .filter(reviewable_activities_q(user), status__in=REVIEWABLE_STATUSES)
        .exclude(created_by=user)
        .order_by("date", "pk")
    )


def review_refusal(user, activity):
    """Why `user` may not review `activity` (a sentence), or None when they may."""
    if not Activity.objects.filter(reviewable_activities_q(user), pk=activity.pk).exists():
        return (
            "Chỉ lãnh đạo cơ quan của đơn vị đã thực hiện, hoặc đơn vị đầu mối của kế hoạch "
            "trong cơ quan đó, được duyệt hoạt động; cấp trên chỉ xem."
        )
    if activity.created_by_id == user.pk:
        return "Bạn không thể tự duyệt hoạt động do chính mình nhập."
    return None


def can_review(user, activity):
    return review_refusal(user, activity) is None


# ---------------------------------------------------------------- task completion

TASK_REPORTERS = {Role.OFFICER, Role.LEADER}


def can_report_task(user, assignment, unit):
    """Whether `user` may report `unit`'s part of `assignment` (progress or done).

    The part is the assigned unit's, or a covered unit's for a group assignment (the whole of
    a group is done when every part is). A unit reports through its head (a unit head of the
    unit or above it) or an officer or leader of its organisation; an organisation given a
    task by its superior reports through its own officers and leaders."""
    if not _active(user) or assignment.plan.status != PlanStatus.ISSUED:
        return False
    if assignment.includes_subunits:
        if not assignment.has_part(unit):
            return False
    elif unit.pk != assignment.unit_id:
        return False
    if user.is_superuser:
        return True  # everyone else has a home unit (a database constraint)
    if unit.is_organisation:
        return user.organisation.pk == unit.pk and user.role in TASK_REPORTERS
    if user.organisation.pk != unit.organisation_id:
        return False
    if user.role == Role.UNIT_HEAD:
        return unit.path.startswith(user.unit.path)
    return user.role in TASK_REPORTERS


def can_reopen_task(user, assignment):
    """The issuing organisation (its officers and leaders) reopens a completion."""
    return _active(user) and can_manage_plans(user, assignment.plan.issuer)
