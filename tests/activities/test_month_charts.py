"""The months of the dashboard's and a plan's chart: which months a period spans under
Decree 09 (a start or end from the 15th on falls in the next month) or the calendar, and a
plan that has not started showing only months with activities."""

import datetime

import pytest
from django.urls import reverse

from activities.models import ActivityStatus
from tests.factories import PlanFactory
from units.models import CutoffScheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

DASHBOARD = reverse("activities:dashboard")


def chart(client, start, end):
    page = client.get(DASHBOARD, {"period": "custom", "start": start, "end": end})
    months = page.context["chart_data"]["months"]
    return list(zip(months["labels"], months["count"], strict=True))


def test_decree_09_months_of_a_range_from_the_1st_to_the_15th(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 2, 3))
    assert chart(client_for(world.kp_leader), "01/01/2026", "15/04/2026") == [
        ("01/2026", 0),
        ("02/2026", 1),
        ("03/2026", 0),
        ("04/2026", 0),
        ("05/2026", 0),  # the range's last day, 15/04, opens May's cut-off month
    ]


def test_decree_09_months_of_a_range_from_the_20th_to_the_14th(world, kp, client_for, add_activity):
    add_activity(date=datetime.date(2026, 3, 14))
    client = client_for(world.kp_leader)
    assert chart(client, "20/01/2026", "14/04/2026") == [
        ("02/2026", 0),
        ("03/2026", 1),
        ("04/2026", 0),
    ]
    assert chart(client, "20/01/2026", "20/04/2026") == [
        ("02/2026", 0),
        ("03/2026", 1),
        ("04/2026", 0),
        ("05/2026", 0),
    ]


def test_calendar_months_of_a_range_from_the_20th(world, kp, client_for, add_activity):
    world.kp.period_scheme = CutoffScheme.CALENDAR
    world.kp.save()
    add_activity(date=datetime.date(2026, 1, 25))
    assert chart(client_for(world.kp_leader), "20/01/2026", "20/04/2026") == [
        ("01/2026", 1),
        ("02/2026", 0),
        ("03/2026", 0),
        ("04/2026", 0),
    ]


def test_a_plan_not_started_yet_charts_only_its_months_with_activities(
    world, kp, client_for, add_activity
):
    later = PlanFactory(
        issuer=world.kp,
        issued=True,
        period_start=datetime.date(2026, 6, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    add_activity(plan=later, assignment=None, date=datetime.date(2026, 3, 5))
    add_activity(plan=later, assignment=None, date=datetime.date(2026, 3, 9))
    add_activity(plan=later, assignment=None, status=ActivityStatus.RETURNED)
    page = client_for(world.kp_leader).get(reverse("activities:progress", args=[later.pk]))
    assert page.context["chart_data"]["months"] == {"labels": ["03/2026"], "count": [2]}
