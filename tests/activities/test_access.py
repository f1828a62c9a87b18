"""Scope on every activities page: another commune gets 404 (never learns that Kiều Phú's data
exists), a superior reads but cannot change anything."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from activities.models import Activity, ActivityStatus, Evidence
from tests.activities.conftest import PDF, form_data, jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(add_activity, world):
    activity = add_activity()
    Evidence.objects.create(
        activity=activity,
        kind="photo",
        file=ContentFile(jpeg_bytes(exif=False), name="a1b2c3.jpg"),
        original_name="hội nghị.jpg",
        content_type="image/jpeg",
        size=100,
    )
    return activity


def object_urls(activity, kp):
    evidence = activity.evidence.get()
    return [
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:evidence", args=[evidence.pk]),
        reverse("activities:progress", args=[kp.plan.pk]),
        f"{reverse('activities:create')}?copy={activity.pk}",
    ]


POSTS = ["activities:edit", "activities:submit", "activities:approve", "activities:return"]


def test_another_commune_gets_404_on_every_page_and_action(world, kp, client_for, activity):
    client = client_for(world.gv_officer)
    for url in object_urls(activity, kp):
        assert client.get(url).status_code == 404, url
    for name in POSTS:
        url = reverse(name, args=[activity.pk])
        assert client.post(url, {"comment": "x"}).status_code == 404, url
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED


def test_a_neighbouring_commune_of_the_same_city_gets_404_too(world, kp, client_for, activity):
    client = client_for(world.pt_officer)
    for url in object_urls(activity, kp):
        assert client.get(url).status_code == 404, url


def test_lists_dashboard_review_and_export_of_another_commune_show_nothing_of_kieu_phu(
    world, kp, client_for, activity
):
    client = client_for(world.gv_officer)
    for name in ["activities:list", "activities:dashboard", "activities:review"]:
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert activity.title not in page.content.decode(), name
    export = b"".join(client.get(reverse("activities:export")).streaming_content)
    assert "Hội nghị quán triệt".encode() not in export


def test_the_city_leader_reads_everything_and_changes_nothing(world, kp, client_for, activity):
    client = client_for(world.hn_leader)
    detail, edit, evidence, progress, _copy = object_urls(activity, kp)
    for url in (detail, evidence, progress):
        assert client.get(url).status_code == 200, url
    assert activity.title in client.get(reverse("activities:list")).content.decode()
    assert client.get(edit).status_code == 403
    assert client.post(edit, form_data(world, kp, title="Đổi")).status_code == 403
    for name in ("activities:submit", "activities:approve", "activities:return"):
        assert client.post(reverse(name, args=[activity.pk]), {"comment": "x"}).status_code == 403
    page = client.get(detail).content.decode()
    assert reverse("activities:edit", args=[activity.pk]) not in page
    assert "Duyệt hoạt động" not in page
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.SUBMITTED and activity.title != "Đổi"
    assert Activity.objects.count() == 1


def test_a_village_head_reads_the_offices_activity_but_cannot_change_it(
    world, kp, client_for, activity
):
    client = client_for(world.kp_village_head)
    assert client.get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    assert client.get(reverse("activities:edit", args=[activity.pk])).status_code == 403


def test_every_page_needs_a_login(client, kp, activity):
    urls = [reverse(n) for n in ("activities:list", "activities:create", "activities:review")]
    urls += [reverse(n) for n in ("activities:dashboard", "activities:export")]
    urls += object_urls(activity, kp)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_evidence_is_served_only_through_the_checked_view(world, kp, client_for, activity):
    evidence = activity.evidence.get()
    client = client_for(world.kp_leader)
    response = client.get(reverse("activities:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    # Nothing is published under MEDIA_URL.
    assert client.get(f"/media/{evidence.file.name}").status_code == 404


def test_a_pdf_is_downloaded_not_rendered_inline(world, kp, client_for, add_activity):
    activity = add_activity()
    evidence = Evidence.objects.create(
        activity=activity,
        kind="document",
        file=ContentFile(PDF, name="d4e5.pdf"),
        original_name="báo cáo.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    response = client_for(world.kp_leader).get(reverse("activities:evidence", args=[evidence.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "b%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]


def test_a_link_or_a_missing_file_answers_404(world, client_for, add_activity):
    activity = add_activity()
    link = Evidence.objects.create(activity=activity, kind="link", url="https://x.vn/a")
    lost = Evidence.objects.create(
        activity=activity,
        kind="photo",
        file="evidence/2026/01/missing.jpg",
        content_type="image/jpeg",
    )
    client = client_for(world.kp_leader)
    for evidence in (link, lost):
        assert client.get(reverse("activities:evidence", args=[evidence.pk])).status_code == 404
