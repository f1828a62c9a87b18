"""Access scoping in one place.

Everyone works inside their organisation. Downwards a superior reads (never writes) the data
of the organisations below it; upwards an organisation reads only what its superiors have
issued; nothing is visible sideways. Views obtain objects through these helpers, and an
object outside the reader's scope answers 404 so that its existence is not revealed; an
object that is readable but not writable answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import Role, Unit


def organisation_of(user):
    if not user.is_authenticated:
        return None
    return user.organisation


def sees_everything(user):
    return user.is_authenticated and user.is_superuser


def downward_q(user, org_field):
    """Rows owned (through `org_field`, a path to a Unit) by the user's organisation or below."""
    if sees_everything(user):
        return Q()
    organisation = organisation_of(user)
    if organisation is None:
        return Q(pk__in=[])
    return Q(**{f"{org_field}__path__startswith": organisation.path})


def own_q(user, org_field):
    """Rows owned by the user's own organisation: the only ones the user may change."""
    organisation = organisation_of(user)
    if organisation is None:
        return Q(pk__in=[])
    return Q(**{org_field: organisation})


def superior_organisations(organisation):
    return Unit.objects.ancestors_of(organisation).organisations()


def subordinate_organisations(organisation):
    return (
        Unit.objects.subtree_of(organisation, include_self=False)
        .organisations()
        .filter(is_active=True)
    )


def can_write(user, organisation):
    """Whether `user` may change data owned by `organisation` (never a superior's or a
    subordinate's)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if sees_everything(user):
        return True
    return organisation is not None and user.organisation == organisation


def can_manage_plans(user, organisation):
    return can_write(user, organisation) and (
        user.is_superuser or user.role in {Role.OFFICER, Role.LEADER, Role.ADMIN}
    )


def can_manage_people(user, organisation):
    """Units and people are the organisation's leaders' and administrators' business."""
    return can_write(user, organisation) and (
        user.is_superuser or user.role in {Role.LEADER, Role.ADMIN}
    )


def get_scoped_or_404(queryset, **lookup):
    """Fetch one object from an already scoped queryset, 404 when it is out of reach."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.") from exc


def require(condition, message="Bạn chỉ có quyền xem, không được thay đổi nội dung này."):
    if not condition:
        raise PermissionDenied(message)
