import pytest

from plans.models import Plan
from tests.factories import PlanFactory
from units.access import can_write

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(world):
    return {
        "hn_issued": PlanFactory(issuer=world.hn, issued=True),
        "hn_draft": PlanFactory(issuer=world.hn),
        "kp": PlanFactory(issuer=world.kp),
        "pt": PlanFactory(issuer=world.pt),
        "gv": PlanFactory(issuer=world.gv, issued=True),
    }


def visible(user):
    return set(Plan.objects.visible_to(user).values_list("pk", flat=True))


def test_commune_officer_sees_own_plans_and_what_the_city_has_issued(world, plans):
    assert visible(world.kp_officer) == {plans["kp"].pk, plans["hn_issued"].pk}


def test_nothing_is_visible_sideways(world, plans):
    kp_view = visible(world.kp_officer)
    assert plans["pt"].pk not in kp_view  # neighbouring commune
    assert plans["gv"].pk not in kp_view  # another province
    assert plans["hn_draft"].pk not in kp_view  # a superior's draft


def test_city_leader_reads_every_plan_below_but_not_another_province(world, plans):
    assert visible(world.hn_leader) == {
        plans["hn_issued"].pk,
        plans["hn_draft"].pk,
        plans["kp"].pk,
        plans["pt"].pk,
    }


def test_superiors_and_neighbours_cannot_write_a_communes_data(world):
    assert can_write(world.kp_officer, world.kp)
    assert not can_write(world.hn_leader, world.kp)
    assert not can_write(world.gv_officer, world.kp)
    assert not can_write(world.kp_officer, world.hn)


def test_unit_tree_page_shows_only_the_users_organisation(world, client_for):
    page = client_for(world.kp_officer).get("/units/").content.decode()
    assert "Phòng Văn hóa - Xã hội" in page and "Thôn Phú Hữu" in page
    assert "Gia Viên" not in page and "Phúc Thọ" not in page


def test_city_leader_sees_its_communes_in_the_unit_tree(world, client_for):
    page = client_for(world.hn_leader).get("/units/").content.decode()
    assert "Xã Kiều Phú" in page and "Xã Phúc Thọ" in page
    assert "Gia Viên" not in page


def test_pages_need_a_login(client):
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
