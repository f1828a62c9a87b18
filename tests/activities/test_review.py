import pytest
from django.urls import reverse

from activities.models import ActivityStatus
from tests.activities.conftest import form_data
from tests.factories import AssignmentFactory, PlanFactory
from units.models import Role

pytestmark = pytest.mark.django_db

QUEUE = reverse("activities:review")


def approve(client, activity, comment=""):
    return client.post(reverse("activities:approve", args=[activity.pk]), {"comment": comment})


def give_back(client, activity, comment):
    return client.post(reverse("activities:return", args=[activity.pk]), {"comment": comment})


def test_the_focal_units_officer_sees_submitted_activities_oldest_first(
    world, client_for, add_activity
):
    later = add_activity(title="Sau", date="2026-03-20")
    earlier = add_activity(title="Trước", date="2026-03-01")
    add_activity(title="Đã duyệt", status=ActivityStatus.APPROVED)
    add_activity(title="Nháp", status=ActivityStatus.DRAFT)
    queue = client_for(world.kp_officer).get(QUEUE)
    assert list(queue.context["activities"]) == [earlier, later]
    assert "2 hoạt động chờ duyệt" in queue.content.decode()


def test_approving_records_who_and_when(world, client_for, add_activity):
    activity = add_activity()
    response = approve(client_for(world.kp_officer), activity, "Tốt")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED
    assert activity.reviewed_by == world.kp_officer and activity.reviewed_at
    assert activity.review_comment == "Tốt"
    assert activity.history.first().status == ActivityStatus.APPROVED


def test_returning_needs_a_comment(world, client_for, add_activity):
    activity = add_activity()
    client = client_for(world.kp_leader)
    give_back(client, activity, "  ")
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED
    page = client.get(reverse("activities:detail", args=[activity.pk]))
    assert "Hãy ghi lý do trả lại" in page.content.decode()


def test_the_author_sees_returned_activities_first_with_the_comment_then_resubmits(
    world, kp, client_for, add_activity
):
    returned = add_activity(title="Hội nghị thiếu ảnh", date="2026-01-05")
    for day in range(1, 8):
        add_activity(title=f"Hoạt động {day}", date=f"2026-03-{day:02d}")
    give_back(client_for(world.kp_leader), returned, "Bổ sung ảnh hội nghị.")

    author = client_for(world.kp_head)
    page = author.get(reverse("activities:list"))
    html = page.content.decode()
    assert page.context["activities"][0] == returned
    assert "Ý kiến: Bổ sung ảnh hội nghị." in html
    assert "1 hoạt động của đơn vị bạn bị trả lại" in html

    edit = reverse("activities:edit", args=[returned.pk])
    assert "Bổ sung ảnh hội nghị." in author.get(edit).content.decode()
    data = form_data(world, kp, title="Hội nghị quán triệt (đã bổ sung ảnh)")
    response = author.post(edit, data)
    assert response.status_code == 302
    returned.refresh_from_db()
    assert returned.status == ActivityStatus.SUBMITTED
    assert returned.title == "Hội nghị quán triệt (đã bổ sung ảnh)"
    queue = client_for(world.kp_officer).get(QUEUE)
    assert returned in queue.context["activities"]
    assert "Ý kiến lần trước: Bổ sung ảnh hội nghị." in queue.content.decode()


def test_saving_a_returned_activity_without_sending_keeps_it_returned(
    world, kp, client_for, add_activity
):
    activity = add_activity()
    give_back(client_for(world.kp_leader), activity, "Sửa số người")
    client_for(world.kp_head).post(
        reverse("activities:edit", args=[activity.pk]),
        {**form_data(world, kp, participants="95", submit=None), "save": ""},
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.RETURNED and activity.participants == 95


def test_nobody_approves_what_they_entered_themselves(world, client_for, add_activity):
    activity = add_activity(created_by=world.kp_head)
    client = client_for(world.kp_head)
    assert activity not in client.get(QUEUE).context["activities"]
    assert approve(client, activity).status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_a_unit_outside_the_focal_unit_cannot_review(world, client_for, add_activity):
    activity = add_activity()
    client = client_for(world.kp_village_head)
    assert not client.get(QUEUE).context["activities"]
    assert approve(client, activity).status_code == 403
    assert give_back(client, activity, "Không đạt").status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_a_superior_reads_but_does_not_review_a_communes_activities(
    world, client_for, add_activity
):
    activity = add_activity()
    client = client_for(world.hn_leader)
    page = client.get(reverse("activities:detail", args=[activity.pk]))
    assert page.status_code == 200
    assert "Duyệt hoạt động" not in page.content.decode()
    assert not client.get(QUEUE).context["activities"]
    assert approve(client, activity).status_code == 403
    assert give_back(client, activity, "x").status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_another_commune_gets_404_on_review_actions(world, client_for, add_activity):
    activity = add_activity()
    client = client_for(world.gv_officer)
    assert approve(client, activity).status_code == 404
    assert give_back(client, activity, "x").status_code == 404
    assert activity not in client.get(QUEUE).context["activities"]


def test_the_issuers_leader_reviews_every_plan_of_the_organisation(world, client_for, add_activity):
    other_plan = PlanFactory(issuer=world.kp, issued=True)
    task = AssignmentFactory(plan=other_plan, unit=world.kp_village)
    activity = add_activity(
        plan=other_plan, assignment=task, unit=world.kp_village, created_by=world.kp_village_head
    )
    assert activity in client_for(world.kp_leader).get(QUEUE).context["activities"]
    # That plan has no focal unit: the office does not review it.
    assert activity not in client_for(world.kp_officer).get(QUEUE).context["activities"]


def test_an_approved_activity_can_no_longer_be_changed(world, kp, client_for, add_activity):
    activity = add_activity()
    approve(client_for(world.kp_officer), activity)
    author = client_for(world.kp_head)
    edit = reverse("activities:edit", args=[activity.pk])
    response = author.get(edit)
    assert response.status_code == 403
    assert author.post(edit, form_data(world, kp, title="Đổi")).status_code == 403
    activity.refresh_from_db()
    assert activity.title != "Đổi"


def test_an_activity_approved_while_its_author_edits_is_not_overwritten(
    world, kp, client_for, add_activity
):
    activity = add_activity()
    author = client_for(world.kp_head)
    author.get(reverse("activities:edit", args=[activity.pk]))
    activity.status = ActivityStatus.APPROVED
    activity.save()
    response = author.post(
        reverse("activities:edit", args=[activity.pk]), form_data(world, kp, title="Đổi")
    )
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.title != "Đổi"


def test_reviewing_twice_says_it_is_no_longer_waiting(world, client_for, add_activity):
    activity = add_activity()
    approve(client_for(world.kp_officer), activity)
    client = client_for(world.kp_leader)
    response = give_back(client, activity, "Muộn")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "không còn chờ duyệt" in page
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED


def test_htmx_review_swaps_the_item_in_place(world, client_for, add_activity):
    activity = add_activity()
    response = client_for(world.kp_officer).post(
        reverse("activities:return", args=[activity.pk]),
        {"comment": "Thiếu minh chứng"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="review-{activity.pk}"' in html
    assert "Đã trả lại kèm ý kiến: Thiếu minh chứng" in html
    assert "<html" not in html


def test_bulk_approval_approves_only_the_chosen_reviewable_activities(
    world, client_for, add_activity
):
    first, second, untouched = add_activity(), add_activity(), add_activity()
    own = add_activity(created_by=world.kp_officer)
    client = client_for(world.kp_officer)
    response = client.post(QUEUE, {"selected": [first.pk, second.pk, own.pk]})
    assert response.status_code == 302
    statuses = {a.pk: a.status for a in (first, second, untouched, own) if a.refresh_from_db() or a}
    assert statuses == {
        first.pk: ActivityStatus.APPROVED,
        second.pk: ActivityStatus.APPROVED,
        untouched.pk: ActivityStatus.SUBMITTED,
        own.pk: ActivityStatus.SUBMITTED,
    }
    assert "Đã duyệt 2 hoạt động." in client.get(QUEUE).content.decode()


def test_a_unit_head_of_the_focal_unit_reviews_too(world, client_for, add_activity):
    activity = add_activity(created_by=world.kp_officer)
    assert world.kp_head.role == Role.UNIT_HEAD
    approve(client_for(world.kp_head), activity)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.APPROVED


def test_the_queue_shows_photos_and_each_decision_refreshes_the_counts(
    world, client_for, add_activity, settings
):
    from django.core.files.base import ContentFile

    from activities.models import Evidence
    from tests.activities.conftest import jpeg_bytes

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "review-counts",
        }
    }
    first, second = add_activity(), add_activity()
    photo = Evidence.objects.create(
        activity=first,
        kind="photo",
        file=ContentFile(jpeg_bytes(exif=False), name="anh.jpg"),
        original_name="anh.jpg",
        content_type="image/jpeg",
        size=100,
    )
    client = client_for(world.kp_officer)
    page = client.get(QUEUE).content.decode()
    assert f'<img src="{reverse("activities:evidence", args=[photo.pk])}"' in page
    assert '<span id="review-waiting">2</span>' in page

    response = client.post(
        reverse("activities:approve", args=[first.pk]), {"comment": ""}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert "Đã duyệt" in fragment
    assert '<span id="review-waiting" hx-swap-oob="true">1</span>' in fragment
    assert 'id="review-badge" hx-swap-oob="true"' in fragment and ">1</span>" in fragment
    assert second.pk
