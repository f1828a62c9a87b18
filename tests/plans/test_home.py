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
        # Constant: the sections of the page, never one per row.
        with django_assert_max_num_queries(16):
            assert client.get("/").status_code == 200


def test_the_home_page_says_what_waits_for_each_person(world, client_for, attention, settings):
    # A cache of its own: the review badge is cached per user id, and ids repeat across tests.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "home-waiting",
        }
    }
    from activities.models import Activity, ActivityStatus
    from reports.models import Report, ReportStatus
    from reports.services.workflow import organisation_period, report_open

    kp_plan = attention["kp_plan"]
    kp_plan.assignments.filter(pk=attention["office_task"].pk).update(is_focal_point=True)
    from tests.factories import outreach_form
    from tests.plans.conftest import ensure_catalogue

    ensure_catalogue()
    common = {
        "plan": kp_plan,
        "unit": world.kp_office,
        "date": datetime.date(2026, 2, 2),
        "form": outreach_form("conference"),
    }
    Activity.objects.create(
        **common, title="Bị trả lại", status=ActivityStatus.RETURNED, created_by=world.kp_head
    )
    Activity.objects.create(
        **common, title="Chờ duyệt", status=ActivityStatus.SUBMITTED, created_by=world.kp_head
    )
    period, _ = organisation_period(organisation=world.kp, kind="quarter", year=2026, index=1)
    report, _ = report_open(organisation=world.kp, period=period, by=world.kp_officer)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED)
    pt_period, _ = organisation_period(organisation=world.pt, kind="quarter", year=2026, index=1)
    pt_report, _ = report_open(organisation=world.pt, period=pt_period, by=world.pt_officer)
    Report.objects.filter(pk=pt_report.pk).update(status=ReportStatus.SUBMITTED)
    city = attention["city"]
    city.lower_plans_due = datetime.date(2026, 2, 15)
    city.save()

    def waiting(user):
        page = client_for(user).get("/").content.decode()
        start = page.find('data-testid="home-waiting"')
        return " ".join(page[start : page.find("</section>", start)].split()) if start > 0 else ""

    head = waiting(world.kp_head)
    assert "Hoạt động của bạn bị trả lại, cần sửa" in head and "Chờ bạn duyệt" not in head
    officer = waiting(world.kp_officer)
    assert 'Hoạt động chờ bạn duyệt</a> <span class="badge text-bg-primary">1' in officer
    assert "bị cấp trên trả lại" in officer and "Hoạt động của bạn bị trả lại" not in officer
    assert (
        'Báo cáo cấp dưới gửi lên chờ tiếp nhận</a> <span class="badge text-bg-primary">1'
        in waiting(world.hn_leader)
    )
    assert waiting(world.gv_officer) == ""
    home = client_for(world.kp_officer).get("/").content.decode()
    assert "cấp dưới ban hành quá hạn 15/02/2026" in home


def test_a_leader_sees_the_plans_waiting_for_signature_and_every_overdue_report(
    world, client_for, attention
):
    from plans.models import PlanStatus

    attention["draft"].status = PlanStatus.AWAITING_SIGNATURE
    attention["draft"].save()
    PlanFactory(issuer=world.pt, title="Chờ ký ở Phúc Thọ", status=PlanStatus.AWAITING_SIGNATURE)
    world.kp.report_period_kinds = "month,quarter"
    world.kp.save()

    with time_machine.travel(datetime.datetime(2026, 4, 20, 9, 0), tick=True):
        page = " ".join(client_for(world.kp_leader).get("/").content.decode().split())
    signing = 'chờ bạn ban hành</a> <span class="badge text-bg-primary" data-testid="to-sign">1'
    assert "Kế hoạch trình ký " + signing in page
    # On 20/04/2026 January's report (due 15/01) is 95 days late and still listed.
    assert "quá hạn 15/01/2026" in page and "quá hạn 15/02/2026" in page
    # An officer sends plans for signature, the leader signs them.
    assert 'data-testid="to-sign"' not in client_for(world.kp_officer).get("/").content.decode()
    assert 'data-testid="to-sign"' not in client_for(world.pt_officer).get("/").content.decode()
