"""One click, one row: a creating form sent twice (a double click, a retry on a slow network,
parallel requests) creates once, and the repeat is answered with the first result."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from plans.models import Plan
from tests.activities.conftest import build_kp_plan, form_data
from tests.plans.conftest import ensure_catalogue, field_values


def key_of(page):
    """The hidden submission key a creating form carries."""
    return re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page).group(1)


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


@pytest.mark.django_db
def test_the_activity_form_sent_twice_creates_one_activity(world, kp, client_for):
    client = client_for(world.kp_head)
    key = key_of(client.get(reverse("activities:create")).content.decode())
    data = {**form_data(world, kp), "submission_key": key}

    first = client.post(reverse("activities:create"), data)
    again = client.post(reverse("activities:create"), data, follow=True)

    assert Activity.objects.count() == 1
    assert first.status_code == 302
    assert again.redirect_chain[-1][0] == first["Location"]
    assert "đã được gửi trước đó và đã được ghi nhận một lần" in again.content.decode()


@pytest.mark.django_db
def test_a_form_that_came_back_with_errors_keeps_its_key_and_saves_once_corrected(
    world, kp, client_for
):
    client = client_for(world.kp_head)
    key = key_of(client.get(reverse("activities:create")).content.decode())
    failed = client.post(
        reverse("activities:create"), {**form_data(world, kp, title=""), "submission_key": key}
    )
    assert failed.status_code == 200 and key_of(failed.content.decode()) == key

    saved = client.post(
        reverse("activities:create"), {**form_data(world, kp), "submission_key": key}
    )

    assert saved.status_code == 302 and Activity.objects.count() == 1


@pytest.mark.django_db
def test_another_persons_key_is_refused(world, kp, client_for, client):
    officer = client_for(world.kp_head)
    key = key_of(officer.get(reverse("activities:create")).content.decode())
    officer.post(reverse("activities:create"), {**form_data(world, kp), "submission_key": key})

    other = Client()
    other.force_login(world.kp_officer)
    response = other.post(
        reverse("activities:create"), {**form_data(world, kp), "submission_key": key}
    )

    assert response.status_code == 400 and Activity.objects.count() == 1


@pytest.mark.django_db
def test_a_new_plan_sent_twice_is_one_draft(world, client_for):
    client = client_for(world.kp_officer)
    page = client.get(reverse("plans:create"))
    key = key_of(page.content.decode())
    data = field_values(page.context["editor"].header)
    for formset in page.context["editor"].formsets.values():
        data.update(field_values(formset.management_form))
    data.update({"plan-title": "Tuyên truyền an toàn giao thông", "submission_key": key})

    responses = [client.post(reverse("plans:create"), data) for _ in range(2)]

    assert [r.status_code for r in responses] == [302, 302]
    assert Plan.objects.filter(title="Tuyên truyền an toàn giao thông").count() == 1


@pytest.mark.django_db
def test_evidence_added_on_an_edit_sent_twice_is_stored_once(world, kp, client_for):
    from activities.models import Evidence
    from tests.activities.conftest import photo

    client = client_for(world.kp_head)
    client.post(reverse("activities:create"), {**form_data(world, kp), "save_draft": "1"})
    activity = Activity.objects.get()
    url = reverse("activities:edit", args=[activity.pk])
    key = key_of(client.get(url).content.decode())

    for _ in range(2):
        data = {**form_data(world, kp), "save_draft": "1", "submission_key": key}
        client.post(url, {**data, "files": [photo()]})

    assert Evidence.objects.filter(activity=activity).count() == 1
