"""An organisation keeps its own units: adds, renames, moves and stops using them, with
history, and sets what its documents print; a superior reads, others find nothing."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_unit
from units.models import Role, Unit

pytestmark = pytest.mark.django_db


def unit_form(world, **changes):
    data = {
        "parent": world.kp.pk,
        "name": "Thôn Đồng Tâm",
        "full_name": "",
        "short_name": "",
        "code": "T-KP-T2",
        "kind": "village",
        "email": "",
    }
    return {**data, **changes}


def edit_form(unit, **changes):
    data = {
        "parent": Unit.objects.get_parent(unit).pk,
        "name": unit.name,
        "full_name": unit.full_name,
        "short_name": unit.short_name,
        "code": unit.code,
        "kind": unit.kind,
        "email": unit.email,
    }
    return {**data, **changes}


def test_the_leader_adds_a_village_that_then_takes_tasks_and_people(client_for, world):
    leader = client_for(world.kp_leader)
    response = leader.post(reverse("units:create"), unit_form(world), follow=True)
    assert "Đã thêm đơn vị «Thôn Đồng Tâm»" in response.content.decode()
    village = Unit.objects.get(code="T-KP-T2")
    assert village.organisation == world.kp and Unit.objects.get_parent(village) == world.kp
    assert village in Unit.objects.assignable_by(world.kp)
    people_form = leader.get(reverse("units:person_create")).content.decode()
    assert "Thôn Đồng Tâm" in people_form
    history = leader.get(reverse("units:history", args=[village.pk])).content.decode()
    assert "Thêm đơn vị" in history and world.kp_leader.get_full_name() in history


def test_a_code_already_used_in_the_organisation_is_refused_and_the_form_kept(client_for, world):
    leader = client_for(world.kp_leader)
    response = leader.post(reverse("units:create"), unit_form(world, code="t-kp-t1"))
    page = response.content.decode()
    assert "Cơ quan đã có một đơn vị mang mã này." in page
    assert 'value="Thôn Đồng Tâm"' in page
    assert not Unit.objects.filter(name="Thôn Đồng Tâm").exists()
    # Another organisation's codes are its own business.
    assert (
        leader.post(reverse("units:create"), unit_form(world, code="T-PT-VHXH")).status_code == 302
    )


def test_a_unit_is_renamed_and_moved_with_history(client_for, world):
    leader = client_for(world.kp_leader)
    team = make_unit(world.kp, kind="digital_team", code="T-KP-CNS", name="Tổ công nghệ số")
    response = leader.post(
        reverse("units:edit", args=[team.pk]),
        edit_form(team, name="Tổ công nghệ số cộng đồng thôn Phú Hữu", parent=world.kp_village.pk),
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Tổ công nghệ số cộng đồng thôn Phú Hữu"
    assert Unit.objects.get_parent(team) == world.kp_village and team.organisation == world.kp
    history = leader.get(reverse("units:history", args=[team.pk])).content.decode()
    assert "Chuyển sang «Thôn Phú Hữu»" in history
    assert "Tổ công nghệ số cộng đồng thôn Phú Hữu" in history


def test_a_unit_cannot_move_below_itself_or_out_of_the_organisation(client_for, world):
    leader = client_for(world.kp_leader)
    hamlet = make_unit(world.kp_village, kind="village", code="T-KP-X1", name="Xóm 1")
    for parent in (hamlet, world.kp_village, world.pt_office, world.pt):
        response = leader.post(
            reverse("units:edit", args=[world.kp_village.pk]),
            edit_form(world.kp_village, parent=parent.pk),
        )
        assert response.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert Unit.objects.get_parent(Unit.objects.get(pk=world.kp_village.pk)) == world.kp


def test_a_unit_with_people_is_not_stopped_until_they_move(client_for, world):
    leader = client_for(world.kp_leader)
    url = reverse("units:active", args=[world.kp_village.pk])
    refused = leader.post(url, {"active": "0"}, follow=True)
    assert "Đơn vị còn 1 người dùng đang hoạt động" in refused.content.decode()
    world.kp_village.refresh_from_db()
    assert world.kp_village.is_active

    world.kp_village_head.unit = world.kp_office
    world.kp_village_head.save()
    stopped = leader.post(url, {"active": "0"}, follow=True)
    assert "đã ngừng hoạt động" in stopped.content.decode()
    world.kp_village.refresh_from_db()
    assert not world.kp_village.is_active
    assert world.kp_village not in Unit.objects.assignable_by(world.kp)
    assert "Ngừng hoạt động" in leader.get(reverse("units:tree")).content.decode()
    leader.post(url, {"active": "1"})
    world.kp_village.refresh_from_db()
    assert world.kp_village.is_active


def test_the_organisation_sets_what_its_documents_print_and_who_issues(client_for, world):
    leader = client_for(world.kp_leader)
    url = reverse("units:edit", args=[world.kp.pk])
    form = leader.get(url).content.decode()
    assert "Cán bộ được ban hành kế hoạch" in form or "cán bộ được ban hành kế hoạch" in form
    response = leader.post(
        url,
        {
            "full_name": "Ủy ban nhân dân xã Kiều Phú",
            "short_name": "UBND",
            "header_parent": "UBND THÀNH PHỐ HÀ NỘI",
            "header_name": "ỦY BAN NHÂN DÂN\nXÃ KIỀU PHÚ",
            "place_name": "Kiều Phú",
            "email": "ubnd@kieuphu.gov.vn",
            "plan_numbering": "own",
            "officers_may_issue": "on",
        },
    )
    assert response.status_code == 302
    world.kp.refresh_from_db()
    assert world.kp.officers_may_issue and world.kp.header_parent == "UBND THÀNH PHỐ HÀ NỘI"
    # Its place in the tree and its name are the superior's to set.
    assert world.kp.name == "Xã Kiều Phú" and world.kp.code == "T-KP"
    assert (
        leader.post(reverse("units:active", args=[world.kp.pk]), {"active": "0"}).status_code == 403
    )


def test_only_managers_of_the_organisation_change_units(client_for, world):
    url = reverse("units:edit", args=[world.kp_village.pk])
    for reader in (world.kp_officer, world.kp_head, world.hn_leader):
        client = client_for(reader)
        assert client.get(url).status_code == 403
        assert client.post(url, edit_form(world.kp_village, name="Đổi tên")).status_code == 403
    for officer in (world.kp_officer, world.kp_head):
        assert (
            client_for(officer).post(reverse("units:create"), unit_form(world)).status_code == 403
        )
    # The superior's leader adds units to the superior, never under Kiều Phú.
    under_kp = client_for(world.hn_leader).post(reverse("units:create"), unit_form(world))
    assert "Hãy chọn một lựa chọn hợp lệ" in under_kp.content.decode()
    for outsider in (world.gv_leader, world.pt_officer):
        client = client_for(outsider)
        assert client.get(url).status_code == 404
        assert client.post(reverse("units:active", args=[world.kp_village.pk])).status_code == 404
    world.kp_village.refresh_from_db()
    assert world.kp_village.name == "Thôn Phú Hữu" and world.kp_village.is_active
    assert not Unit.objects.filter(name="Thôn Đồng Tâm").exists()
    admin = UserFactory(username="kp.admin", unit=world.kp, role=Role.ADMIN)
    tree = client_for(admin).get(reverse("units:tree")).content.decode()
    assert reverse("units:edit", args=[world.kp_village.pk]) in tree
    superior_tree = (
        client_for(world.hn_leader)
        .get(reverse("units:tree"), {"org": world.kp.pk})
        .content.decode()
    )
    assert reverse("units:edit", args=[world.kp_village.pk]) not in superior_tree
