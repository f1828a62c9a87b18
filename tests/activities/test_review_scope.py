"""Who reviews an activity: the plan's focal unit (its officers and unit heads) and the
leaders of the organisation; an assigned unit that is not the focal point does not, and
nobody approves what they entered themselves."""

import pytest
from django.urls import reverse

from activities.models import ActivityStatus
from tests.factories import AssignmentFactory, PlanFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

QUEUE = reverse("activities:review")


def approve(client, activity):
    return client.post(reverse("activities:approve", args=[activity.pk]), {"comment": ""})


@pytest.fixture
def village_task(world, kp):
    """The village is given a task of the plan by name, as a coordinating unit."""
    return AssignmentFactory(
        plan=kp.plan, unit=world.kp_village, role="coordinate", is_focal_point=False, position=3
    )


@pytest.fixture
def village_activity(world, kp, add_activity, village_task):
    return add_activity(
        unit=world.kp_village,
        assignment=village_task,
        form=kp.loudspeaker,
        title="Phát thanh ở thôn Phú Hữu",
        created_by=world.kp_village_head,
    )


def status(activity):
    activity.refresh_from_db()
    return activity.status


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.OFFICER])
def test_an_assigned_unit_that_is_not_the_focal_point_does_not_review(
    world, client_for, add_activity, village_task, role
):
    reviewer = UserFactory(username=f"kp.village.{role}", unit=world.kp_village, role=role)
    office_activity = add_activity(title="Hội nghị của phòng")
    client = client_for(reviewer)

    assert list(client.get(QUEUE).context["activities"]) == []
    assert approve(client, office_activity).status_code == 403
    assert status(office_activity) == ActivityStatus.SUBMITTED


def test_not_even_its_own_units_activities(world, client_for, village_activity):
    other_head = UserFactory(username="kp.village.2", unit=world.kp_village, role=Role.UNIT_HEAD)
    client = client_for(other_head)
    assert list(client.get(QUEUE).context["activities"]) == []
    assert approve(client, village_activity).status_code == 403
    assert status(village_activity) == ActivityStatus.SUBMITTED


@pytest.mark.parametrize("who", ["kp_officer", "kp_head", "kp_leader"])
def test_the_focal_unit_and_the_organisations_leader_review_every_units_activity(
    world, client_for, village_activity, who
):
    client = client_for(getattr(world, who))
    assert list(client.get(QUEUE).context["activities"]) == [village_activity]
    assert approve(client, village_activity).status_code == 302
    assert status(village_activity) == ActivityStatus.APPROVED


def test_moving_the_focal_point_moves_the_review(world, kp, client_for, village_activity):
    kp.office_task.is_focal_point = False
    kp.office_task.save()
    village = kp.plan.assignments.get(unit=world.kp_village)
    village.is_focal_point = True
    village.save()
    reviewer = UserFactory(username="kp.village.officer", unit=world.kp_village, role=Role.OFFICER)

    assert approve(client_for(world.kp_officer), village_activity).status_code == 403
    assert status(village_activity) == ActivityStatus.SUBMITTED
    assert list(client_for(reviewer).get(QUEUE).context["activities"]) == [village_activity]
    assert approve(client_for(reviewer), village_activity).status_code == 302
    assert status(village_activity) == ActivityStatus.APPROVED


def test_the_focal_unit_of_one_plan_does_not_review_another_plan(world, client_for, add_activity):
    from tests.factories import PlanFactory

    other = PlanFactory(issuer=world.kp, issued=True)
    AssignmentFactory(plan=other, unit=world.kp_village, is_focal_point=True)
    task = AssignmentFactory(plan=other, unit=world.kp_office, is_focal_point=False)
    activity = add_activity(plan=other, assignment=task, created_by=world.kp_leader)
    assert approve(client_for(world.kp_officer), activity).status_code == 403
    assert status(activity) == ActivityStatus.SUBMITTED


@pytest.fixture
def city_plan_activity(world, kp, add_activity):
    """Kiều Phú's office logs an activity against Hà Nội's plan, which assigns the commune."""
    city_plan = PlanFactory(issuer=world.hn, issued=True)
    task = AssignmentFactory(plan=city_plan, unit=world.kp, is_focal_point=False)
    return add_activity(plan=city_plan, assignment=task, title="Tuyên truyền theo KH thành phố")


def test_the_superior_reads_its_communes_activities_but_never_reviews_them(
    world, client_for, city_plan_activity
):
    client = client_for(world.hn_leader)

    assert list(client.get(QUEUE).context["activities"]) == []
    page = client.get(reverse("activities:detail", args=[city_plan_activity.pk]))
    assert page.status_code == 200 and page.context["can_review"] is False
    assert approve(client, city_plan_activity).status_code == 403
    assert status(city_plan_activity) == ActivityStatus.SUBMITTED


def test_the_communes_leader_reviews_what_it_did_for_the_superiors_plan(
    world, client_for, city_plan_activity
):
    client = client_for(world.kp_leader)

    assert list(client.get(QUEUE).context["activities"]) == [city_plan_activity]
    assert approve(client, city_plan_activity).status_code == 302
    assert status(city_plan_activity) == ActivityStatus.APPROVED


def test_a_focal_unit_with_its_own_plans_queue_still_cannot_approve_another_plans_activity(
    world, kp, client_for, add_activity
):
    own = add_activity(title="Hội nghị của phòng", created_by=world.kp_head)
    other = PlanFactory(issuer=world.kp, issued=True)
    AssignmentFactory(plan=other, unit=world.kp_village, is_focal_point=True)
    task = AssignmentFactory(plan=other, unit=world.kp_office, is_focal_point=False)
    foreign = add_activity(plan=other, assignment=task, created_by=world.kp_leader)
    client = client_for(world.kp_officer)

    assert list(client.get(QUEUE).context["activities"]) == [own]
    assert approve(client, foreign).status_code == 403
    assert status(foreign) == ActivityStatus.SUBMITTED


def test_a_refused_review_says_why(world, client_for, add_activity, village_task):
    office_activity = add_activity(title="Hội nghị của phòng")  # entered by the office's head

    village = client_for(world.kp_village_head).post(
        reverse("activities:approve", args=[office_activity.pk]), {"comment": ""}
    )
    assert village.status_code == 403
    assert village.context["exception"] == (
        "Chỉ lãnh đạo cơ quan của đơn vị đã thực hiện, hoặc đơn vị đầu mối của kế hoạch trong "
        "cơ quan đó, được duyệt hoạt động; cấp trên chỉ xem."
    )
    assert village.context["exception"] in village.content.decode()

    own = approve(client_for(world.kp_head), office_activity)
    assert own.status_code == 403
    assert own.context["exception"] == "Bạn không thể tự duyệt hoạt động do chính mình nhập."
    assert own.context["exception"] in own.content.decode()
    assert status(office_activity) == ActivityStatus.SUBMITTED


def test_a_unit_made_focal_point_of_the_superiors_plan_does_not_review_for_it(
    world, client_for, add_activity
):
    city_plan = PlanFactory(issuer=world.hn, issued=True)
    AssignmentFactory(plan=city_plan, unit=world.kp_office, is_focal_point=True)
    task = AssignmentFactory(
        plan=city_plan, unit=world.kp_village, is_focal_point=False, position=2
    )
    activity = add_activity(
        plan=city_plan, unit=world.kp_village, assignment=task, created_by=world.kp_village_head
    )

    assert approve(client_for(world.kp_officer), activity).status_code == 403
    assert status(activity) == ActivityStatus.SUBMITTED
    assert approve(client_for(world.kp_leader), activity).status_code == 302
