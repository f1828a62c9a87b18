"""The dashboard's «Kế hoạch đang thực hiện» list (each plan's approved and pending counts,
zeros for a plan without activities) and its late tasks' badges."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import ActivityStatus
from tests.factories import AssignmentFactory, PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

DASHBOARD = reverse("activities:dashboard")


def plan_counts(html):
    """{progress url: "N đã duyệt · M chờ"} of the plan list."""
    return dict(re.findall(r'<a href="([^"]+)">[^<]*</a>\s*<span[^>]*>([^<]*chờ)</span>', html))


def test_each_plan_shows_its_own_approved_and_pending_counts(world, kp, client_for, add_activity):
    for status in ["approved", "submitted", "submitted", "returned", "draft"]:
        add_activity(status=status)
    other = PlanFactory(issuer=world.kp, issued=True, title="Kế hoạch không có hoạt động")
    page = client_for(world.kp_leader).get(DASHBOARD)
    counts = plan_counts(page.content.decode())
    assert counts == {
        reverse("activities:progress", args=[other.pk]): "0 đã duyệt · 0 chờ",
        reverse("activities:progress", args=[kp.plan.pk]): "1 đã duyệt · 2 chờ",
    }


def test_a_plan_with_only_returned_activities_shows_zeros(world, kp, client_for, add_activity):
    add_activity(status=ActivityStatus.RETURNED)
    add_activity(status=ActivityStatus.RETURNED)
    counts = plan_counts(client_for(world.kp_leader).get(DASHBOARD).content.decode())
    assert counts == {reverse("activities:progress", args=[kp.plan.pk]): "0 đã duyệt · 0 chờ"}


def test_the_plan_list_takes_the_same_queries_for_one_plan_or_ten(
    world, kp, client_for, add_activity, django_assert_num_queries
):
    client = client_for(world.kp_leader)
    client.get(DASHBOARD)  # the session, once
    with CaptureQueriesContext(connection) as one:
        client.get(DASHBOARD, {"approved_only": "on"})
    for _ in range(9):
        plan = PlanFactory(issuer=world.kp, issued=True)
        add_activity(plan=plan, assignment=None, status=ActivityStatus.APPROVED)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(DASHBOARD)
    assert len(plan_counts(page.content.decode())) == 10


def test_a_task_due_today_is_due_not_overdue_and_yesterdays_is_overdue(world, kp, client_for):
    AssignmentFactory(
        plan=kp.plan, unit=world.kp_village, due_date=datetime.date(2026, 4, 20), position=3
    )
    AssignmentFactory(
        plan=kp.plan, unit=world.kp_office, due_date=datetime.date(2026, 4, 19), position=4
    )
    html = client_for(world.kp_leader).get(DASHBOARD).content.decode()
    assert "Hạn 20/04/2026" in html
    assert "Quá hạn 20/04/2026" not in html
    assert "Quá hạn 19/04/2026" in html
