"""units/access.py, rule by rule: who writes, who reads downwards, which organisations are
below, and what an out-of-scope object answers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from plans.models import Plan
from tests.factories import PlanFactory, UserFactory, make_organisation
from units.access import (
    can_manage_plans,
    can_write,
    downward_q,
    get_scoped_or_404,
    organisation_of,
    require,
    sees_everything,
    subordinate_organisations,
)
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return UserFactory(username="platform", unit=None, is_superuser=True, is_staff=True)


def test_an_inactive_account_writes_nothing_even_in_its_own_commune(world):
    world.kp_officer.is_active = False
    assert can_write(world.kp_officer, world.kp) is False
    assert can_manage_plans(world.kp_officer, world.kp) is False


def test_an_anonymous_visitor_writes_nothing_and_has_no_organisation(world):
    anonymous = AnonymousUser()
    assert can_write(anonymous, world.kp) is False
    assert organisation_of(anonymous) is None
    assert sees_everything(anonymous) is False


def test_the_platform_administrator_writes_everywhere(world, admin):
    assert sees_everything(admin) is True
    assert can_write(admin, world.gv) is True
    assert can_manage_plans(admin, world.gv) is True


def test_nobody_writes_for_no_organisation(world):
    assert can_write(world.kp_officer, None) is False


@pytest.mark.parametrize(
    ("who", "manages"),
    [
        ("kp_officer", True),
        ("kp_leader", True),
        ("kp_head", False),  # a unit head logs activities, not plans
        ("kp_village_head", False),
        ("hn_leader", False),  # a superior reads
        ("gv_officer", False),
    ],
)
def test_officers_and_leaders_manage_their_own_organisations_plans(world, who, manages):
    assert can_manage_plans(getattr(world, who), world.kp) is manages


def test_an_administrator_of_the_commune_manages_its_plans(world):
    clerk = UserFactory(username="kp.admin", unit=world.kp, role=Role.ADMIN)
    assert can_manage_plans(clerk, world.kp) is True
    assert can_manage_plans(clerk, world.pt) is False


def test_the_organisations_below_are_active_organisations_only(world):
    closed = make_organisation(world.hn, code="T-XC", name="Xã Cũ")
    closed.is_active = False
    closed.save()
    below = set(subordinate_organisations(world.hn))
    assert below == {world.kp, world.pt}  # not Hà Nội itself, its offices, nor Xã Cũ
    assert set(subordinate_organisations(world.kp)) == set()


def test_only_the_users_own_organisations_plans_are_editable(world, admin):
    kp_plan = PlanFactory(issuer=world.kp)
    PlanFactory(issuer=world.hn)
    PlanFactory(issuer=world.pt)
    assert list(Plan.objects.editable_by(world.kp_officer)) == [kp_plan]
    assert list(Plan.objects.editable_by(world.hn_leader)) == list(
        Plan.objects.filter(issuer=world.hn)
    )
    assert Plan.objects.editable_by(admin).count() == 3
    assert Plan.objects.editable_by(AnonymousUser()).count() == 0


def test_an_object_out_of_scope_answers_404_in_vietnamese(world):
    plan = PlanFactory(issuer=world.gv)
    with pytest.raises(Http404) as refused:
        get_scoped_or_404(Plan.objects.visible_to(world.kp_officer), pk=plan.pk)
    assert str(refused.value) == "Không tìm thấy hoặc bạn không có quyền xem."
    assert get_scoped_or_404(Plan.objects.all(), pk=plan.pk) == plan


def test_require_refuses_with_the_read_only_message_by_default():
    require(True)
    with pytest.raises(PermissionDenied) as refused:
        require(False)
    assert str(refused.value) == "Bạn chỉ có quyền xem, không được thay đổi nội dung này."
    with pytest.raises(PermissionDenied) as refused:
        require(False, "Chỉ lãnh đạo")
    assert str(refused.value) == "Chỉ lãnh đạo"


def test_nothing_is_below_an_anonymous_visitor(world):
    PlanFactory(issuer=world.kp)
    assert Plan.objects.filter(downward_q(AnonymousUser(), "issuer")).count() == 0
    assert Plan.objects.filter(downward_q(world.hn_leader, "issuer")).count() == 1
