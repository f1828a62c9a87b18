import pytest
from treebeard.mp_tree import MP_Node

from tests.factories import make_unit
from units.models import Unit
from units.services import unit_move, unit_set_organisation_flag

pytestmark = pytest.mark.django_db


def tree_problems():
    problems = Unit.objects.find_problems()
    return [list(group) for group in problems if group]


def test_every_unit_belongs_to_the_nearest_organisation_above_it(world):
    assert world.kp_office.organisation == world.kp
    assert world.kp_village.organisation == world.kp
    assert world.kp.organisation == world.kp
    assert world.hn.organisation == world.hn


def test_subtree_query_returns_the_commune_and_its_units_only(world):
    codes = set(Unit.objects.subtree_of(world.kp).values_list("code", flat=True))
    assert codes == {"T-KP", "T-KP-VHXH", "T-KP-T1"}


def test_moving_an_office_to_another_province_moves_its_branch_and_its_organisation(world):
    team = make_unit(world.kp_office, kind="digital_team", code="T-KP-CNS", name="Tổ CNS")

    unit_move(unit=world.kp_office, new_parent=world.gv)

    office = Unit.objects.get(pk=world.kp_office.pk)
    team = Unit.objects.get(pk=team.pk)
    gv = Unit.objects.get(pk=world.gv.pk)
    assert Unit.objects.get_parent(office) == gv
    assert Unit.objects.get_parent(team) == office
    assert office.path.startswith(gv.path) and team.path.startswith(office.path)
    assert office.organisation == gv and team.organisation == gv
    assert Unit.objects.get(pk=world.kp.pk).numchild == 1
    assert tree_problems() == []


def test_the_moved_officer_now_works_inside_the_new_organisation(world):
    unit_move(unit=world.kp_office, new_parent=world.gv)
    world.kp_officer.refresh_from_db()
    assert world.kp_officer.organisation == world.gv


def test_turning_a_unit_into_an_organisation_claims_its_branch(world):
    village = world.kp_village
    group = make_unit(village, kind="office", code="T-KP-T1-A", name="Tổ 1")

    unit_set_organisation_flag(unit=village, is_organisation=True)
    assert Unit.objects.get(pk=group.pk).organisation_id == village.pk

    unit_set_organisation_flag(unit=village, is_organisation=False)
    assert Unit.objects.get(pk=group.pk).organisation == world.kp
    assert Unit.objects.get(pk=village.pk).organisation == world.kp


def test_a_move_through_the_admin_keeps_organisations_in_step(world, admin_client):
    response = admin_client.post(
        "/admin/units/unit/move/",
        {"node": world.kp_village.pk, "target": world.pt.pk, "relation": "child"},
    )
    assert response.status_code == 200
    village = Unit.objects.get(pk=world.kp_village.pk)
    assert village.organisation == world.pt
    assert tree_problems() == []


def test_units_are_a_materialised_path_tree():
    assert issubclass(Unit, MP_Node)
