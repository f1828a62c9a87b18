import datetime

import pytest
from django.urls import reverse

from plans.models import Plan
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

LIST = reverse("plans:list")


def listed(response):
    return {plan.pk for plan in response.context["plans"]}


@pytest.fixture
def plans(world):
    return {
        "kp_draft": PlanFactory(issuer=world.kp, title="Dự thảo kế hoạch chuyển đổi số"),
        "kp_issued": PlanFactory(
            issuer=world.kp, issued=True, number=12, title="Kế hoạch Bình dân học vụ số"
        ),
        "hn_issued": PlanFactory(
            issuer=world.hn,
            issued=True,
            number=179,
            issued_on=datetime.date(2025, 7, 8),
            title="Tuyên truyền Nghị quyết 57",
        ),
        "hn_draft": PlanFactory(issuer=world.hn, title="Dự thảo của Thành phố"),
        "pt": PlanFactory(issuer=world.pt, issued=True, number=3),
        "gv": PlanFactory(issuer=world.gv, issued=True, number=36),
    }


def test_an_officer_lists_own_plans_and_what_superiors_issued(world, client_for, plans):
    response = client_for(world.kp_officer).get(LIST)
    assert listed(response) == {
        plans["kp_draft"].pk,
        plans["kp_issued"].pk,
        plans["hn_issued"].pk,
    }
    content = response.content.decode()
    assert "chỉ xem" in content and "Lập kế hoạch mới" in content


def test_a_city_leader_lists_the_plans_below_but_not_another_province(world, client_for, plans):
    shown = listed(client_for(world.hn_leader).get(LIST))
    assert plans["kp_draft"].pk in shown and plans["pt"].pk in shown
    assert plans["gv"].pk not in shown


def test_the_list_filters_by_status_year_and_issuer(world, client_for, plans):
    client = client_for(world.kp_officer)
    assert listed(client.get(LIST, {"status": "draft"})) == {plans["kp_draft"].pk}
    assert listed(client.get(LIST, {"year": "2025"})) == {plans["hn_issued"].pk}
    assert listed(client.get(LIST, {"issuer": world.hn.pk})) == {plans["hn_issued"].pk}
    # An issuer outside the scope is not a choice: the filter is ignored, nothing leaks.
    assert plans["gv"].pk not in listed(client.get(LIST, {"issuer": world.gv.pk}))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("179/KH-UBND", "hn_issued"),
        ("179", "hn_issued"),
        ("số 12/KH-UBND", "kp_issued"),
        ("bình dân học vụ", "kp_issued"),
        ("Nghị quyết 57", "hn_issued"),
    ],
)
def test_the_list_finds_a_plan_by_number_or_title(world, client_for, plans, query, expected):
    response = client_for(world.kp_officer).get(LIST, {"q": query})
    assert listed(response) == {plans[expected].pk}


def test_searching_never_reaches_another_commune(world, client_for, plans):
    assert listed(client_for(world.kp_officer).get(LIST, {"q": "36"})) == set()


def test_the_list_pages_and_its_queries_do_not_grow_with_the_rows(
    world, client_for, many_plans, django_assert_max_num_queries
):
    client = client_for(world.kp_officer)
    with django_assert_max_num_queries(8):
        first = client.get(LIST)
    assert len(first.context["plans"]) == 20
    assert (
        first.context["page_obj"].paginator.count
        == Plan.objects.visible_to(world.kp_officer).count()
    )
    second = client.get(LIST, {"page": 2})
    assert len(second.context["plans"]) == 8
    assert "Trang 2/2" in second.content.decode()


def test_filtering_with_htmx_returns_only_the_table(world, client_for, plans):
    response = client_for(world.kp_officer).get(LIST, {"status": "issued"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<table" in content and "<html" not in content


def test_the_plan_page_does_not_query_per_row(
    world, client_for, city_plan, django_assert_max_num_queries
):
    from plans.models import Assignment, ContentSection

    for index in range(20):
        Assignment.objects.create(plan=city_plan, label=f"Đơn vị {index}", position=index + 5)
        ContentSection.objects.create(plan=city_plan, label=f"{index}.", title="Mục", position=9)
    client = client_for(world.hn_leader)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("plans:detail", args=[city_plan.pk]))
    assert response.status_code == 200
