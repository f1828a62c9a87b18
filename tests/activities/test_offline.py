"""The server side of offline logging: the kept choice lists, the offline form, sending a
queued activity once, and the installable app's manifest and service worker."""

import json
import uuid

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from activities.models import Activity
from tests.activities.conftest import build_kp_plan, form_data, photo
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db
SEND = "/activities/offline/send/"


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


def test_the_choice_lists_hold_only_the_village_heads_own_scope(
    world, kp, client_for, django_assert_max_num_queries
):
    client = client_for(world.kp_village_head)
    with django_assert_max_num_queries(12):
        data = client.get("/activities/offline/choices/").json()
    assert data["user"] == world.kp_village_head.pk
    assert data["units"] == [{"id": world.kp_village.pk, "name": "Thôn Phú Hữu"}]
    assert [a["id"] for a in data["assignments"]] == [kp.village_task.pk]
    assert data["assignments"][0]["units"] == [world.kp_village.pk]
    assert data["assignments"][0]["forms"] == [kp.loudspeaker.pk, kp.conference.pk]
    assert [p["id"] for p in data["plans"]] == [kp.plan.pk]
    assert [s["label"] for s in data["sections"]] == ["1. Chuyển đổi số", "2. Bình dân học vụ số"]
    assert "Người dân" in [g["name"] for g in data["target_groups"]]


def test_another_province_gets_its_own_lists_not_kieu_phus(world, kp, client_for):
    data = client_for(world.gv_officer).get("/activities/offline/choices/").json()
    assert data["assignments"] == [] and data["plans"] == []
    assert [u["name"] for u in data["units"]] == [
        "Phường Gia Viên",
        "Phòng Văn hóa - Xã hội phường",
    ]


def test_the_offline_form_carries_no_csrf_token_and_no_ones_choices(world, kp, client_for):
    page = client_for(world.kp_head).get("/activities/offline/").content.decode()
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page
    assert "Thôn Phú Hữu" not in page and "Phát thanh trên loa thôn" not in page
    assert "data-offline-shell-form" in page


def test_a_queued_activity_is_created_once_however_often_it_is_sent(world, kp, client_for):
    client = client_for(world.kp_head)
    data = {**form_data(world, kp), "submission_key": str(uuid.uuid4()), "files": [photo()]}
    first = client.post(SEND, data, follow=True)
    data["files"] = [photo()]
    again = client.post(SEND, data, follow=True)
    activity = Activity.objects.get()
    expected = {
        "id": activity.pk,
        "title": "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã",
        "url": f"/activities/{activity.pk}/",
    }
    assert first.json() == expected and again.json() == expected
    assert activity.evidence.get().kind == "photo"


def test_a_refused_activity_comes_back_with_its_reasons_and_can_be_sent_again(
    world, kp, client_for
):
    client = client_for(world.kp_head)
    key = str(uuid.uuid4())
    refused = client.post(SEND, {**form_data(world, kp, title=""), "submission_key": key})
    assert refused.status_code == 422
    assert refused.json() == {"reasons": ["Tên hoạt động: Trường này là bắt buộc."]}
    assert not Activity.objects.exists()
    fixed = client.post(SEND, {**form_data(world, kp), "submission_key": key}, follow=True)
    assert fixed.status_code == 200 and Activity.objects.count() == 1


def test_an_activity_of_a_closed_plan_is_refused_with_the_reason(world, kp, client_for):
    kp.plan.status = "closed"
    kp.plan.save(update_fields=["status"])
    client = client_for(world.kp_head)
    refused = client.post(SEND, {**form_data(world, kp), "submission_key": str(uuid.uuid4())})
    assert refused.status_code == 422
    assert refused.json()["reasons"][0].startswith(
        "Nhiệm vụ được giao: Nhiệm vụ này không nhận hoạt động của bạn"
    )


def test_the_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    config = json.loads(response.content.decode().split("\n", 1)[0][len("const LOA = ") : -1])
    assert config["shell"] == "/activities/offline/"
    assert "/static/js/offline.js" in config["assets"]


def test_the_manifest_names_the_app_loa_with_its_icons(client):
    data = json.loads(client.get("/manifest.webmanifest").content)
    assert (data["short_name"], data["lang"], data["theme_color"]) == ("Loa", "vi", "#a31d1d")
    assert data["start_url"] == reverse("activities:create")
    assert [i["sizes"] for i in data["icons"]] == ["192x192", "512x512", "512x512"]
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


def test_whether_a_submission_was_recorded_is_told_only_to_its_author(world, kp, client_for):
    key = str(uuid.uuid4())
    client = client_for(world.kp_head)
    unknown = client.get(f"/activities/offline/recorded/{key}/")
    assert unknown.status_code == 404 and unknown.json() == {"recorded": False}

    client.post("/activities/new/", {**form_data(world, kp), "submission_key": key})
    activity = Activity.objects.get()
    recorded = client.get(f"/activities/offline/recorded/{key}/")
    assert recorded.json() == {"recorded": True, "url": f"/activities/{activity.pk}/"}

    # A key seen by someone else, in the same commune or another, tells them nothing.
    for other in (world.kp_village_head, world.gv_officer):
        assert client_for(other).get(f"/activities/offline/recorded/{key}/").status_code == 404
