"""The audit trail on the object (activities, units; plans have their own tests) and
restoring a deleted activity with its data."""

import pytest
from django.urls import reverse

from activities.models import Activity
from plans.models import ContentSection
from tests.activities.conftest import form_data, jpeg_bytes
from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def kp(world):
    from tests.activities.conftest import build_kp_plan
    from tests.plans.conftest import ensure_catalogue

    ensure_catalogue()
    return build_kp_plan(world)


@pytest.fixture
def target_groups(db):
    from activities.models import TargetGroup

    return {group.code: group for group in TargetGroup.objects.all()}


def logged(world, kp, client_for, **fields):
    """An activity logged through the form by Kiều Phú's office head (with a photo)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    head = client_for(world.kp_head)
    photo = SimpleUploadedFile("hoi-nghi.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = {**form_data(world, kp, **fields), "files": [photo]}
    response = head.post(reverse("activities:create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Activity.objects.latest("pk")


def test_activity_page_shows_who_changed_what_field_by_field(world, kp, client_for):
    activity = logged(world, kp, client_for)
    head = client_for(world.kp_head)
    head.post(
        reverse("activities:edit", args=[activity.pk]),
        {
            **form_data(world, kp, participants="95", title="Hội nghị (đã sửa)", submit=None),
            "save": "",
        },
    )

    page = client_for(world.kp_leader).get(reverse("activities:detail", args=[activity.pk]))
    html = page.content.decode()

    assert "Lịch sử thay đổi" in html
    newest = page.context["history"][0]
    assert newest.user == world.kp_head
    changes = {c.label: (c.old, c.new) for e in newest.entries for c in e.changes}
    assert changes["Tên hoạt động"] == (
        "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã",
        "Hội nghị (đã sửa)",
    )
    assert changes["Số người tham dự"] == ("120", "95")
    assert "Hội nghị (đã sửa)" in html and world.kp_head.get_full_name() in html
    # The first save: the activity and its photo added.
    first = page.context["history"][-1]
    added = {e.subject for e in first.entries if e.action == "Thêm"}
    assert "Hoạt động" in added
    assert any(subject.startswith("Minh chứng") for subject in added)


def test_unit_history_page_names_the_changed_fields(world, client_for):
    office = world.kp_office
    office.name = "Phòng Văn hóa và Thông tin"
    office.save()

    page = client_for(world.kp_officer).get(reverse("units:history", args=[office.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Phòng Văn hóa - Xã hội" in html and "Phòng Văn hóa và Thông tin" in html
    change = page.context["history"][0].entries[0].changes[0]
    assert (change.label, change.old, change.new) == (
        "Tên đơn vị",
        "Phòng Văn hóa - Xã hội",
        "Phòng Văn hóa và Thông tin",
    )
    assert (
        reverse("units:history", args=[office.pk])
        in client_for(world.kp_officer).get(reverse("units:tree")).content.decode()
    )


def test_a_deleted_activity_is_restored_with_its_data(world, kp, client_for, target_groups):
    activity = logged(world, kp, client_for, target_groups=[str(target_groups["nguoi-dan"].pk)])
    activity.target_groups.set([target_groups["nguoi-dan"]])
    pk = activity.pk
    before = Activity.objects.filter(pk=pk).values().get()
    photo = activity.evidence.get()
    photo_bytes = client_for(world.kp_head).get(reverse("activities:evidence", args=[photo.pk]))
    photo_bytes = b"".join(photo_bytes.streaming_content)
    activity.delete()
    assert not Activity.objects.filter(pk=pk).exists()

    officer = client_for(world.kp_officer)
    listing = officer.get(reverse("activities:deleted"))
    assert "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã" in listing.content.decode()
    record = listing.context["records"][0]
    response = officer.post(reverse("activities:restore", args=[record.history_id]))

    assert response.status_code == 302
    assert response["Location"] == reverse("activities:detail", args=[pk])
    restored = Activity.objects.get(pk=pk)
    after = Activity.objects.filter(pk=pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    assert list(restored.sections.all()) == [kp.digital]
    assert list(restored.target_groups.all()) == [target_groups["nguoi-dan"]]
    evidence = restored.evidence.get()
    assert evidence.pk == photo.pk
    served = officer.get(reverse("activities:evidence", args=[evidence.pk]))
    assert b"".join(served.streaming_content) == photo_bytes
    # Restored once: the list is empty and the trail says who put it back.
    assert officer.get(reverse("activities:deleted")).context["records"] == []
    assert restored.history.first().history_user == world.kp_officer
    assert restored.history.first().history_change_reason == "Khôi phục"


def test_only_the_organisation_s_officers_and_leaders_restore(world, kp, client_for):
    activity = logged(world, kp, client_for)
    activity.delete()
    record = Activity.history.filter(history_type="-").get()
    url = reverse("activities:restore", args=[record.history_id])

    assert client_for(world.kp_head).post(url).status_code == 403
    assert client_for(world.pt_officer).post(url).status_code == 404
    assert client_for(world.kp_leader).post(url).status_code == 302
    assert client_for(world.kp_leader).post(url).status_code == 404


def test_admin_restores_a_deleted_plan_part(world, kp, client):
    """Plan parts and units are restored by an administrator from the admin's history."""
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True, role=Role.ADMIN)
    section = kp.movement
    pk, title = section.pk, section.title
    section.delete()
    record = ContentSection.history.get(id=pk, history_type="-")
    client.force_login(admin)

    revert = reverse("admin:plans_contentsection_simple_history", args=[pk, record.history_id])
    form = client.get(revert)
    assert form.status_code == 200
    initial = form.context["adminform"].form.initial
    data = {k: ("" if v is None else v) for k, v in initial.items() if not isinstance(v, list)}
    data.update({"plan": kp.plan.pk, "parent": section.parent_id or ""})
    response = client.post(revert, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert ContentSection.objects.get(pk=pk).title == title
