"""The navigation bar's search: plans, activities, reports, units and people in the viewer's
reach, grouped by kind with counts and links, in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.activities.conftest import activity_adder, build_kp_plan
from tests.factories import PlanFactory, UserFactory, make_unit
from tests.perf.test_query_counts import assert_constant_queries
from units.models import Role

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:results")


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


@pytest.fixture
def found(client_for):
    """`found(user, query)`: {kind: [text of each row]} of the search page."""

    def search(user, query):
        response = client_for(user).get(SEARCH, {"q": query})
        assert response.status_code == 200
        return {
            group.kind: [str(row) for row in group.rows] for group in response.context["groups"]
        }

    return search


@pytest.fixture
def movement(world, kp):
    """The words «Bình dân học vụ số» in a plan, an activity, a report, a unit and a person
    of Kiều Phú, and in a plan of Gia Viên (another province)."""
    plan = PlanFactory(
        issuer=world.kp, issued=True, number=21, title="Kế hoạch «Bình dân học vụ số» năm 2026"
    )
    activity = activity_adder(world, kp)(
        title="Lớp Bình dân học vụ số tại thôn Phú Hữu", place="Nhà văn hóa thôn"
    )
    report = Report.objects.create(
        organisation=world.kp,
        period=reporting_period("quarter", 2026, 1),
        title="Báo cáo quý I",
        results="Đã mở 12 lớp Bình dân học vụ số cho người dân.",
    )
    club = make_unit(world.kp, kind="other", code="T-KP-CLB", name="Câu lạc bộ Bình dân học vụ số")
    person = UserFactory(
        username="kp.tuan",
        full_name="Trần Tuấn",
        position="Phụ trách Bình dân học vụ số",
        unit=world.kp_office,
    )
    gv_plan = PlanFactory(
        issuer=world.gv, issued=True, number=5, title="Bình dân học vụ số Gia Viên"
    )
    return {
        "plan": plan,
        "activity": activity,
        "report": report,
        "unit": club,
        "person": person,
        "gv_plan": gv_plan,
    }


def test_an_officer_finds_every_kind_typed_without_accents(world, found, movement):
    results = found(world.kp_officer, "binh dan hoc vu so")

    assert results == {
        "plans": [str(movement["plan"])],
        "activities": [str(movement["activity"])],
        "reports": [str(movement["report"])],
        "units": ["Câu lạc bộ Bình dân học vụ số"],
        "people": ["Trần Tuấn"],
    }


def test_the_page_groups_with_counts_and_links(world, client_for, movement):
    page = client_for(world.kp_officer).get(SEARCH, {"q": "BÌNH DÂN HỌC VỤ SỐ"}).content.decode()

    assert 'id="search-plans"' in page and 'id="search-people"' in page
    assert "kế hoạch (1)" in page and "hoạt động (1)" in page and "báo cáo (1)" in page
    assert reverse("plans:detail", args=[movement["plan"].pk]) in page
    assert reverse("activities:detail", args=[movement["activity"].pk]) in page
    assert reverse("reports:detail", args=[movement["report"].pk]) in page
    assert reverse("units:person", args=[movement["person"].pk]) in page
    assert f"?org={world.kp.pk}" in page  # the club opens in its organisation's tree


def test_another_communes_plan_is_never_found(world, found, movement):
    assert "plans" not in found(world.kp_officer, "gia vien")
    assert found(world.gv_officer, "binh dan hoc vu so") == {"plans": [str(movement["gv_plan"])]}
    assert found(world.pt_officer, "binh dan hoc vu so") == {}


def test_the_superior_finds_what_is_below_but_not_a_subordinates_draft_report(
    world, found, movement
):
    results = found(world.hn_leader, "binh dan hoc vu so")

    assert results["plans"] == [str(movement["plan"])]
    assert results["activities"] == [str(movement["activity"])]
    assert "reports" not in results  # Kiều Phú's report is a draft: private to Kiều Phú
    movement["report"].status = ReportStatus.SUBMITTED
    movement["report"].save(update_fields=["status"])
    assert found(world.hn_leader, "binh dan hoc vu so")["reports"] == [str(movement["report"])]


def test_a_group_shows_five_rows_the_count_and_a_link_to_the_rest(world, client_for, kp):
    add = activity_adder(world, kp)
    for day in range(1, 8):
        add(title=f"Họp thôn lần {day}", date=datetime.date(2026, 3, day))

    response = client_for(world.kp_leader).get(SEARCH, {"q": "hop thon"})

    (group,) = response.context["groups"]
    assert [row.title for row in group.rows] == [f"Họp thôn lần {day}" for day in (7, 6, 5, 4, 3)]
    assert group.total == 7
    assert group.more_url == f"{reverse('activities:list')}?q=hop+thon"
    assert "Xem tất cả hoạt động" in response.content.decode()


def test_nothing_found_says_so(world, client_for):
    page = client_for(world.kp_officer).get(SEARCH, {"q": "khong co gi ca"}).content.decode()

    assert "Không tìm thấy gì khớp với «khong co gi ca»" in page


def test_the_navigation_bar_carries_the_search_box(world, client_for):
    page = client_for(world.kp_officer).get(reverse("home")).content.decode()

    assert f'action="{SEARCH}"' in page and 'role="search"' in page


def test_the_search_makes_the_same_queries_with_many_rows(
    world, client_for, kp, django_assert_num_queries
):
    add = activity_adder(world, kp)

    def matching(count, start):
        for index in range(start, start + count):
            add(title=f"Phát thanh số {index}", place="Loa thôn Phú Hữu")
            PlanFactory(issuer=world.kp, title=f"Phát thanh chuyên đề {index}")
            Report.objects.create(
                organisation=world.kp,
                period=reporting_period("month", 2026, index),
                title=f"Báo cáo phát thanh tháng {index}",
            )
            make_unit(
                world.kp, kind="village", code=f"T-KP-PT{index}", name=f"Đài phát thanh {index}"
            )
            UserFactory(
                username=f"kp.pt{index}",
                full_name=f"Phát thanh viên {index}",
                unit=world.kp_office,
                role=Role.OFFICER,
            )

    matching(5, 1)
    url = f"{SEARCH}?q=PHAT+THANH"
    response = assert_constant_queries(
        client_for(world.kp_leader), url, lambda: matching(6, 6), django_assert_num_queries
    )
    assert [group.total for group in response.context["groups"]] == [11, 11, 11, 11, 11]
