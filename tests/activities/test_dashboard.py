import datetime

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity, ActivityStatus
from activities.services.completion import CompletionInput, task_report
from tests.activities.conftest import make_targets
from tests.factories import AssignmentFactory, PlanFactory, outreach_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

DASHBOARD = reverse("activities:dashboard")
APPROVED = ActivityStatus.APPROVED


def test_the_leader_sees_this_years_figures_including_pending_ones(
    world, kp, client_for, add_activity
):
    add_activity(date=datetime.date(2026, 2, 3), participants=120, cost=8_500_000, status=APPROVED)
    add_activity(date=datetime.date(2026, 4, 18), participants=30)  # submitted just now
    add_activity(date=datetime.date(2026, 4, 18), participants=500, status="returned")
    add_activity(date=datetime.date(2025, 11, 1), participants=999, status=APPROVED)
    page = client_for(world.kp_leader).get(DASHBOARD)
    html = page.content.decode()
    assert page.context["totals"]["count"] == 2
    assert page.context["totals"]["participants"] == 150
    assert "Năm 2026 (từ 15/12/2025 đến 14/12/2026)" in html
    assert 'data-figure="cost">8.500.000<' in html
    assert "1 đã duyệt · 1 chờ duyệt · 1 trả lại" in html
    months = page.context["chart_data"]["months"]
    assert months["labels"][:5] == ["01/2026", "02/2026", "03/2026", "04/2026", "05/2026"]
    # Decree 09 months: 03/02 counts in 02/2026, 18/04 in 05/2026 (15/04 – 14/05).
    assert months["count"][:5] == [0, 1, 0, 0, 1]
    assert page.context["chart_data"]["places"]["labels"] == ["Phòng Văn hóa - Xã hội"]
    assert 'id="chart-data"' in html and "vendor/chartjs/chart.umd.min.js" in html


def test_approved_only_leaves_out_pending_activities(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 2, 3), status=APPROVED)
    add_activity(date=datetime.date(2026, 4, 18))
    page = client_for(world.kp_leader).get(DASHBOARD, {"approved_only": "on"})
    assert page.context["totals"]["count"] == 1
    assert "chỉ tính hoạt động đã duyệt" in page.content.decode()


def test_period_filters_this_month_and_a_custom_range(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 4, 16))
    add_activity(date=datetime.date(2026, 4, 10))
    add_activity(date=datetime.date(2026, 1, 5))
    client = client_for(world.kp_leader)
    month = client.get(DASHBOARD, {"period": "month"})
    assert month.context["totals"]["count"] == 1  # Decree 09: 15/04 – 14/05
    assert "Tháng 05/2026 (từ 15/04/2026 đến 14/05/2026)" in month.content.decode()
    custom = client.get(DASHBOARD, {"period": "custom", "start": "01/01/2026", "end": "10/04/2026"})
    assert custom.context["totals"]["count"] == 2
    assert "từ 01/01/2026 đến 10/04/2026" in custom.content.decode()


def test_a_wrong_custom_range_says_why_and_falls_back_to_the_year(
    world, kp, client_for, add_activity
):
    page = client_for(world.kp_leader).get(
        DASHBOARD, {"period": "custom", "start": "10/04/2026", "end": "01/01/2026"}
    )
    html = page.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in html
    assert "Năm 2026 (từ 15/12/2025" in html


def test_a_city_leader_sees_its_communes_rolled_up_read_only(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 2, 3), participants=120)
    pt_plan = PlanFactory(issuer=world.pt, issued=True)
    Activity.objects.create(
        plan=pt_plan,
        unit=world.pt_office,
        assignment=AssignmentFactory(plan=pt_plan, unit=world.pt_office),
        form=outreach_form("banner"),
        date=datetime.date(2026, 3, 3),
        title="Băng rôn Phúc Thọ",
        quantity=5,
        status=APPROVED,
    )
    page = client_for(world.hn_leader).get(DASHBOARD)
    assert page.context["roll_up"]
    assert page.context["chart_data"]["places"]["labels"] == ["Xã Kiều Phú", "Xã Phúc Thọ"]
    assert "Theo cơ quan" in page.content.decode()
    one = client_for(world.hn_leader).get(DASHBOARD, {"organisation": world.kp.pk})
    assert one.context["totals"]["count"] == 1
    assert one.context["chart_data"]["places"]["labels"] == ["Phòng Văn hóa - Xã hội"]


def test_another_province_sees_none_of_kieu_phus_figures(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 2, 3))
    page = client_for(world.gv_officer).get(DASHBOARD)
    assert page.context["totals"]["count"] == 0
    assert "Kiều Phú" not in page.content.decode()
    # Naming Kiều Phú or its plan in the filter changes nothing.
    tampered = client_for(world.gv_officer).get(
        DASHBOARD, {"organisation": world.kp.pk, "plan": kp.plan.pk}
    )
    assert tampered.context["totals"]["count"] == 0


def test_late_and_due_soon_tasks_are_listed(world, kp, client_for, add_activity):
    AssignmentFactory(
        plan=kp.plan,
        unit=world.kp_village,
        label="Thôn Phú Hữu",
        due_date=datetime.date(2026, 4, 1),
    )
    AssignmentFactory(
        plan=kp.plan, unit=world.kp_office, label="Tổng kết", due_date=datetime.date(2026, 4, 25)
    )
    html = client_for(world.kp_leader).get(DASHBOARD).content.decode()
    assert "Quá hạn 01/04/2026" in html
    assert "Hạn 25/04/2026" in html


def test_the_dashboard_makes_a_bounded_number_of_queries(
    world, kp, client_for, add_activity, django_assert_max_num_queries
):
    client = client_for(world.hn_leader)
    client.get(DASHBOARD)
    for day in range(1, 29):
        add_activity(date=datetime.date(2026, 2, day), form=kp.loudspeaker, status=APPROVED)
        AssignmentFactory(plan=kp.plan, unit=world.kp_village, due_date=datetime.date(2026, 4, 1))
        PlanFactory(issuer=world.pt, issued=True)
    with django_assert_max_num_queries(14):
        page = client.get(DASHBOARD)
    assert page.context["totals"]["count"] == 28


def test_plan_progress_shows_targets_against_actuals(world, kp, client_for, add_activity):
    make_targets(kp)
    add_activity(form=kp.loudspeaker, quantity=13, status=APPROVED)
    add_activity(form=kp.loudspeaker, quantity=13)  # pending
    client = client_for(world.kp_leader)
    url = reverse("activities:progress", args=[kp.plan.pk])
    html = client.get(url).content.decode()
    assert "Lượt phát thanh" in html and "26 lượt phát" in html and "50%" in html
    assert "63 %" in html and "78%" in html
    approved_only = client.get(url, {"approved_only": "on"}).content.decode()
    assert "13 lượt phát" in approved_only and "25%" in approved_only


def test_plan_progress_tracks_each_assignment(world, kp, client_for, add_activity):
    add_activity(status=APPROVED)
    url = reverse("activities:progress", args=[kp.plan.pk])
    client = client_for(world.kp_leader)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0), tick=False):
        page = client.get(url)
        rows = {row.assignment: row for row in page.context["assignments"]}
        # An approved activity is a result, not the end of the task.
        assert rows[kp.office_task].state == "waiting"
        assert rows[kp.village_task].state == "waiting"
        assert "chưa có hoạt động: Thôn Phú Hữu" in page.content.decode()
        assert "0/1 đơn vị đã hoàn thành" in page.content.decode()

        task_report(
            assignment=kp.office_task,
            unit=world.kp_office,
            by=world.kp_head,
            data=CompletionInput(done=True, result="Đã tổ chức hội nghị."),
        )
        page = client.get(url)
    rows = {row.assignment: row for row in page.context["assignments"]}
    assert rows[kp.office_task].state == "done"
    assert "Đã hoàn thành" in page.content.decode()


def test_plan_progress_query_count_does_not_grow_with_the_plan(
    world, kp, client_for, add_activity, django_assert_max_num_queries
):
    client = client_for(world.kp_leader)
    url = reverse("activities:progress", args=[kp.plan.pk])
    make_targets(kp)
    for day in range(1, 25):
        add_activity(date=datetime.date(2026, 3, day), status=APPROVED)
        AssignmentFactory(plan=kp.plan, unit=world.kp_village)
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200


def test_another_commune_gets_404_on_a_plans_progress(world, kp, client_for):
    url = reverse("activities:progress", args=[kp.plan.pk])
    assert client_for(world.gv_officer).get(url).status_code == 404
    assert client_for(world.pt_officer).get(url).status_code == 404
    assert client_for(world.hn_leader).get(url).status_code == 200


def test_a_commune_follows_the_city_plan_with_only_its_own_figures(
    world, kp, client_for, add_activity
):
    city_plan = PlanFactory(issuer=world.hn, issued=True)
    group = AssignmentFactory(plan=city_plan, unit=world.hn, includes_subunits=True)
    add_activity(plan=city_plan, assignment=group, status=APPROVED)
    pt_plan_activity = Activity.objects.create(
        plan=city_plan,
        unit=world.pt_office,
        assignment=group,
        form=outreach_form("banner"),
        date=datetime.date(2026, 3, 3),
        title="Băng rôn Phúc Thọ",
        status=APPROVED,
    )
    page = client_for(world.kp_leader).get(reverse("activities:progress", args=[city_plan.pk]))
    assert page.context["totals"]["count"] == 1
    assert pt_plan_activity.title not in page.content.decode()


def test_slow_figures_are_kept_a_few_minutes_and_the_page_says_when_they_were_computed(
    world, kp, client_for, add_activity, settings, time_machine, django_assert_max_num_queries
):
    settings.LOA_FIGURES_CACHE_AFTER = 0  # every computation is as slow as a city's
    add_activity(date=datetime.date(2026, 2, 3), status=APPROVED)
    client = client_for(world.kp_leader)
    first = client.get(DASHBOARD)
    assert "Số liệu tính lúc 09:00" in first.content.decode()

    add_activity(date=datetime.date(2026, 2, 4), status=APPROVED)
    time_machine.shift(datetime.timedelta(minutes=4))
    with django_assert_max_num_queries(8):
        kept = client.get(DASHBOARD)
    assert kept.context["totals"]["count"] == 1
    assert "Số liệu tính lúc 09:00" in kept.content.decode()

    time_machine.shift(datetime.timedelta(minutes=2))
    fresh = client.get(DASHBOARD)
    assert fresh.context["totals"]["count"] == 2
    assert "Số liệu tính lúc 09:06" in fresh.content.decode()


def test_fast_figures_are_always_live(world, kp, client_for, add_activity, settings):
    settings.LOA_FIGURES_CACHE_AFTER = 30  # a commune's figures come far faster, however busy
    client = client_for(world.kp_leader)
    client.get(DASHBOARD)
    add_activity(date=datetime.date(2026, 2, 3), status=APPROVED)
    page = client.get(DASHBOARD)
    assert page.context["totals"]["count"] == 1
    assert "Số liệu tính lúc" not in page.content.decode()
