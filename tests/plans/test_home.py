import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Assignment
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0), tick=True):
        yield


@pytest.fixture
def attention(world):
    draft = PlanFactory(issuer=world.kp, title="Dự thảo năm 2026")
    city = PlanFactory(issuer=world.hn, issued=True, number=179, title="Kế hoạch của Thành phố")
    kp_plan = PlanFactory(issuer=world.kp, issued=True, number=12)
    office_task = Assignment.objects.create(
        plan=kp_plan,
        unit=world.kp_office,
        tasks="Phát thanh tin, bài",
        due_date=datetime.date(2026, 3, 20),
    )
    villages = Assignment.objects.create(
        plan=kp_plan,
        unit=world.kp,
        label="Các thôn",
        includes_subunits=True,
        subunit_kinds="village",
        tasks="Họp thôn",
        due_date=datetime.date(2026, 2, 20),
    )
    later = Assignment.objects.create(
        plan=kp_plan,
        unit=world.kp_office,
        tasks="Việc cuối năm",
        due_date=datetime.date(2026, 12, 1),
    )
    city_task = Assignment.objects.create(
        plan=city,
        unit=world.hn,
        label="Chính quyền cấp cơ sở",
        includes_subunits=True,
        subunit_kinds="commune",
        tasks="Tuyên truyền trên cổng",
        due_date=datetime.date(2026, 3, 25),
    )
    return locals()


def test_an_officer_sees_drafts_superior_plans_to_implement_and_tasks_due(
    world, client_for, attention
):
    response = client_for(world.kp_officer).get("/")
    context = response.context
    assert list(context["drafts"]) == [attention["draft"]]
    assert list(context["to_implement"]) == [attention["city"]]
    assert {row.assignment for row in context["tasks_due"]} == {
        attention["office_task"],
        attention["villages"],
        attention["city_task"],
    }
    content = response.content.decode()
    assert reverse("plans:edit", args=[attention["draft"].pk]) in content
    assert reverse("plans:detail", args=[attention["city"].pk]) in content
    assert "Quá hạn 9 ngày" in content  # the villages' task was due on 20/02


def test_a_village_head_sees_the_tasks_of_the_village_only(world, client_for, attention):
    response = client_for(world.kp_village_head).get("/")
    assert [row.assignment for row in response.context["tasks_due"]] == [attention["villages"]]
    assert "drafts" not in response.context
    assert "Lập kế hoạch mới" not in response.content.decode()


def test_a_city_leader_sees_how_far_the_communes_have_implemented(world, client_for, attention):
    PlanFactory(issuer=world.kp, superior_plan=attention["city"])
    response = client_for(world.hn_leader).get("/")
    rollout = list(response.context["rollout"])
    assert rollout == [attention["city"]] and rollout[0].implementing == 1
    assert response.context["below_count"] == 2
    assert "1/2 cơ quan đã có" in response.content.decode()


def test_another_commune_sees_nothing_of_kieu_phu_at_home(world, client_for, attention):
    response = client_for(world.gv_officer).get("/")
    assert not response.context["drafts"] and not response.context["tasks_due"]
    assert not response.context["to_implement"]
    assert "Dự thảo năm 2026" not in response.content.decode()


def test_the_home_page_queries_do_not_grow_with_the_rows(
    world, client_for, many_plans, django_assert_max_num_queries
):
    for user in (world.hn_leader, world.kp_officer, world.kp_village_head):
        client = client_for(user)
        with django_assert_max_num_queries(12):
            assert client.get("/").status_code == 200
