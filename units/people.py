"""An organisation runs its own people and units: the rules and the writes.

Leaders and administrators of an organisation manage its accounts and its units (never the
organisation's place in the tree, nor anything of another organisation). Only an
administrator gives or changes an administrator's account. Nobody locks themselves out, and
an organisation always keeps someone who can manage it.
"""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from .access import can_manage_people
from .models import Role, Unit, User
from .passwords import invite
from .services import unit_create, unit_move

MANAGERS = {Role.LEADER, Role.ADMIN}
ADMIN_ONLY = "Chỉ quản trị của cơ quan mới thay đổi được tài khoản quản trị."
LAST_MANAGER = (
    "Cơ quan phải còn ít nhất một lãnh đạo hoặc quản trị đang hoạt động để quản lý người dùng."
)
NOT_YOURSELF = "Bạn không thể tự khóa hoặc tự đổi vai trò của chính mình."


def people_of(organisation):
    """The accounts of an organisation, whatever unit inside it they belong to."""
    return User.objects.filter(unit__organisation=organisation, is_superuser=False)


def may_give_admin(by) -> bool:
    return by.is_superuser or by.role == Role.ADMIN


def assignable_roles(by):
    """Roles `by` may give: an administrator's account is an administrator's business."""
    if may_give_admin(by):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN]


def may_change_person(by, person) -> bool:
    if person.is_superuser or not can_manage_people(by, person.organisation):
        return False
    return may_give_admin(by) or person.role != Role.ADMIN


def require_may_change(by, person):
    if not can_manage_people(by, person.organisation):
        raise PermissionDenied("Bạn chỉ có quyền xem người dùng của cơ quan này.")
    if not may_change_person(by, person):
        raise PermissionDenied(ADMIN_ONLY)


def _keeps_a_manager(person, *, role, is_active):
    """Whether the organisation still has an active leader or administrator after `person`
    gets `role` and `is_active`."""
    if is_active and role in MANAGERS:
        return True
    others = people_of(person.organisation).exclude(pk=person.pk)
    return others.filter(is_active=True, role__in=MANAGERS).exists()


def _saved(person, by, reason):
    person._history_user = by
    person._change_reason = reason
    person.save()
    return person


@transaction.atomic
def person_create(*, by, organisation, **fields) -> User:
    """A new account of `organisation`, without a password: the invitation sent once the
    transaction commits lets the person set it."""
    if not can_manage_people(by, organisation):
        raise PermissionDenied("Bạn không có quyền thêm người dùng cho cơ quan này.")
    if fields.get("role") == Role.ADMIN and not may_give_admin(by):
        raise PermissionDenied(ADMIN_ONLY)
    person = User(**fields)
    person.set_unusable_password()
    _saved(person, by, "Thêm người dùng")
    transaction.on_commit(partial(invite, person))
    return person


@transaction.atomic
def person_update(*, by, person, **fields) -> User:
    require_may_change(by, person)
    role = fields.get("role", person.role)
    if role == Role.ADMIN and person.role != Role.ADMIN and not may_give_admin(by):
        raise PermissionDenied(ADMIN_ONLY)
    if person.pk == by.pk and role != person.role:
        raise ValidationError({"role": NOT_YOURSELF})
    if not _keeps_a_manager(person, role=role, is_active=person.is_active):
        raise ValidationError({"role": LAST_MANAGER})
    for name, value in fields.items():
        setattr(person, name, value)
    return _saved(person, by, "Sửa thông tin")


@transaction.atomic
def person_set_active(*, by, person, active: bool) -> User:
    """Lock an account (the person can no longer log in; what they did stays) or open it."""
    require_may_change(by, person)
    if person.pk == by.pk:
        raise ValidationError(NOT_YOURSELF)
    if not active and not _keeps_a_manager(person, role=person.role, is_active=False):
        raise ValidationError(LAST_MANAGER)
    if active and not person.unit.is_active:
        raise ValidationError(
            f"Đơn vị «{person.unit.name}» đã ngừng hoạt động: hãy chuyển người này sang "
            "đơn vị khác trước khi mở lại tài khoản."
        )
    person.is_active = active
    return _saved(person, by, "Mở lại tài khoản" if active else "Khóa tài khoản")


def person_invite_again(*, by, person):
    require_may_change(by, person)
    if not person.email:
        raise ValidationError("Người này chưa có thư điện tử: hãy thêm địa chỉ trước.")
    if not person.is_active:
        raise ValidationError("Tài khoản đang bị khóa: hãy mở lại trước khi gửi thư mời.")
    invite(person)


# ---------------------------------------------------------------- units


def unit_parents(organisation, *, moving=None):
    """Where a unit of `organisation` may hang: the organisation or one of its active units,
    never the moving unit itself or a unit below it."""
    units = Unit.objects.filter(
        Q(pk=organisation.pk) | Q(organisation=organisation, is_organisation=False),
        is_active=True,
    )
    if moving is not None:
        units = units.exclude(path__startswith=moving.path)
    return units.order_by("path")


def require_may_manage_units(by, organisation):
    if not can_manage_people(by, organisation):
        raise PermissionDenied("Bạn chỉ có quyền xem các đơn vị của cơ quan này.")


def _check_parent(organisation, parent, unit=None):
    if not unit_parents(organisation, moving=unit).filter(pk=parent.pk).exists():
        raise ValidationError(
            {
                "parent": "Đơn vị cha phải là cơ quan hoặc một đơn vị đang hoạt động của cơ quan, "
                "không phải chính đơn vị này hay đơn vị cấp dưới của nó."
            }
        )


@transaction.atomic
def unit_add(*, by, organisation, parent, **fields) -> Unit:
    require_may_manage_units(by, organisation)
    _check_parent(organisation, parent)
    unit = unit_create(parent=parent, **fields)
    # The tree wrote the row: tell the history who did it.
    record = unit.history.first()
    if record is not None:
        record.history_user = by
        record.history_change_reason = "Thêm đơn vị"
        record.save(update_fields=["history_user", "history_change_reason"])
    return unit


@transaction.atomic
def unit_update(*, by, unit, parent=None, **fields) -> Unit:
    organisation = unit.organisation
    require_may_manage_units(by, organisation)
    for name, value in fields.items():
        setattr(unit, name, value)
    _saved(unit, by, "Sửa đơn vị")
    if parent is not None and not unit.is_organisation:
        _check_parent(organisation, parent, unit)
        if unit.path[: -Unit.steplen] != parent.path:
            unit = unit_move(unit=unit, new_parent=parent)
            _saved(unit, by, f"Chuyển sang «{parent.name}»")
    return unit


@transaction.atomic
def unit_set_active(*, by, unit, active: bool) -> Unit:
    """Stop using a unit (it keeps its history, plans and activities) or use it again."""
    if unit.is_organisation:
        raise PermissionDenied("Việc ngừng hoạt động một cơ quan do cấp trên quyết định.")
    require_may_manage_units(by, unit.organisation)
    if not active:
        below = Unit.objects.subtree_of(unit, include_self=False).filter(is_active=True)
        if below.exists():
            raise ValidationError(
                "Đơn vị còn đơn vị cấp dưới đang hoạt động: hãy chuyển hoặc ngừng các đơn vị "
                "đó trước."
            )
        people = unit.users.filter(is_active=True).count()
        if people:
            raise ValidationError(
                f"Đơn vị còn {people} người dùng đang hoạt động: hãy chuyển họ sang đơn vị "
                "khác hoặc khóa tài khoản trước."
            )
    else:
        parent = Unit.objects.get_parent(unit)
        if parent is not None and not parent.is_active:
            raise ValidationError(
                f"Đơn vị cha «{parent.name}» đang ngừng hoạt động: hãy mở lại đơn vị cha trước."
            )
    unit.is_active = active
    return _saved(unit, by, "Hoạt động trở lại" if active else "Ngừng hoạt động")
