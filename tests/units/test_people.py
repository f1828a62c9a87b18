"""An organisation runs its own people: its leader or administrator adds a person (who is
invited by e-mail and sets a password), edits and locks accounts, with history; nobody locks
themselves out or leaves the organisation without a manager; a superior reads, others find
nothing."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from units.models import Role, User

pytestmark = pytest.mark.django_db

PASSWORD = "Thon-Phu-Huu-2026!"


def new_person(world, **changes):
    data = {
        "username": "kp.thonmoi",
        "full_name": "Lê Thị Hoa",
        "unit": world.kp_village.pk,
        "role": Role.UNIT_HEAD,
        "position": "Trưởng thôn",
        "email": "hoa.le@kieuphu.gov.vn",
        "phone": "0912 345 678",
    }
    return {**data, **changes}


def person_form(person, **changes):
    data = {
        "full_name": person.full_name,
        "unit": person.unit_id,
        "role": person.role,
        "position": person.position,
        "email": person.email or "x@kieuphu.gov.vn",
        "phone": person.phone,
    }
    return {**data, **changes}


def test_a_person_added_by_the_leader_is_invited_sets_a_password_and_logs_in(
    client, client_for, world, django_capture_on_commit_callbacks
):
    leader = client_for(world.kp_leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = leader.post(reverse("units:person_create"), new_person(world), follow=True)
    page = response.content.decode()
    assert "Đã thêm Lê Thị Hoa" in page and "Chưa đặt mật khẩu" in page
    person = User.objects.get(username="kp.thonmoi")
    assert person.unit == world.kp_village and person.role == Role.UNIT_HEAD
    assert not person.has_usable_password()

    (invitation,) = mail.outbox
    assert invitation.to == ["hoa.le@kieuphu.gov.vn"]
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", invitation.body).group(1)
    client.logout()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    login = client.post(reverse("login"), {"username": "kp.thonmoi", "password": PASSWORD})
    assert login.status_code == 302

    # The leader sees who added the account, and when.
    history = client_for(world.kp_leader).get(reverse("units:person", args=[person.pk]))
    assert "Thêm người dùng" in history.content.decode()


def test_a_refused_form_keeps_what_was_typed_and_says_why(client_for, world):
    leader = client_for(world.kp_leader)
    response = leader.post(
        reverse("units:person_create"),
        new_person(world, username="KP.Officer", email="không phải thư"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập này đã có người dùng" in page
    assert "Địa chỉ thư điện tử không hợp lệ." in page
    assert 'value="Lê Thị Hoa"' in page and 'value="0912 345 678"' in page
    assert not User.objects.filter(full_name="Lê Thị Hoa").exists()


def test_only_an_administrator_gives_or_changes_an_administrators_account(client_for, world):
    admin = UserFactory(username="kp.admin", unit=world.kp, role=Role.ADMIN)
    leader = client_for(world.kp_leader)

    refused = leader.post(reverse("units:person_create"), new_person(world, role=Role.ADMIN))
    assert "không phải là một trong các lựa chọn" in refused.content.decode() or (
        "Hãy chọn" in refused.content.decode()
    )
    assert not User.objects.filter(username="kp.thonmoi").exists()
    assert leader.get(reverse("units:person_edit", args=[admin.pk])).status_code == 403
    assert (
        leader.post(reverse("units:person_active", args=[admin.pk]), {"active": "0"}).status_code
        == 403
    )
    admin.refresh_from_db()
    assert admin.is_active

    by_admin = client_for(admin).post(
        reverse("units:person_create"), new_person(world, role=Role.ADMIN)
    )
    assert by_admin.status_code == 302
    assert User.objects.get(username="kp.thonmoi").role == Role.ADMIN


def test_an_edit_is_saved_and_recorded_field_by_field(client_for, world):
    leader = client_for(world.kp_leader)
    officer = world.kp_officer
    response = leader.post(
        reverse("units:person_edit", args=[officer.pk]),
        person_form(officer, unit=world.kp_village.pk, position="Công chức văn hóa"),
        follow=True,
    )
    officer.refresh_from_db()
    assert officer.unit == world.kp_village and officer.position == "Công chức văn hóa"
    page = response.content.decode()
    assert "Sửa thông tin" in page and "Công chức văn hóa" in page and "Thôn Phú Hữu" in page


def test_a_locked_account_cannot_log_in_and_can_be_opened_again(client, client_for, world):
    officer = world.kp_officer
    officer.set_password(PASSWORD)
    officer.save()
    leader = client_for(world.kp_leader)
    locked = leader.post(
        reverse("units:person_active", args=[officer.pk]), {"active": "0"}, follow=True
    )
    assert "Đã khóa tài khoản" in locked.content.decode()
    client.logout()
    assert (
        client.post(reverse("login"), {"username": "kp.officer", "password": PASSWORD}).status_code
        == 200
    )

    client_for(world.kp_leader).post(
        reverse("units:person_active", args=[officer.pk]), {"active": "1"}
    )
    client.logout()
    assert (
        client.post(reverse("login"), {"username": "kp.officer", "password": PASSWORD}).status_code
        == 302
    )


def test_nobody_locks_themselves_out_or_leaves_the_organisation_without_a_manager(
    client_for, world
):
    leader = client_for(world.kp_leader)
    own = leader.post(
        reverse("units:person_active", args=[world.kp_leader.pk]), {"active": "0"}, follow=True
    )
    assert "không thể tự khóa" in own.content.decode()
    demoted = leader.post(
        reverse("units:person_edit", args=[world.kp_leader.pk]),
        person_form(world.kp_leader, role=Role.OFFICER),
    )
    assert "không thể tự khóa hoặc tự đổi vai trò" in demoted.content.decode()

    # A second leader may step down; the last one may not be locked by the administrator.
    deputy = UserFactory(username="kp.deputy", unit=world.kp, role=Role.LEADER)
    admin = UserFactory(username="kp.admin", unit=world.kp, role=Role.ADMIN)
    client_for(deputy).post(
        reverse("units:person_active", args=[world.kp_leader.pk]), {"active": "0"}
    )
    client_for(admin).post(reverse("units:person_active", args=[deputy.pk]), {"active": "0"})
    admin.is_active = False
    admin.save()
    world.kp_leader.refresh_from_db()
    deputy.refresh_from_db()
    assert not world.kp_leader.is_active and not deputy.is_active
    # Now the administrator alone manages; a superuser cannot take them out either.
    admin.is_active = True
    admin.save()
    superuser = UserFactory(username="root", unit=None, is_superuser=True, is_staff=True)
    last = client_for(superuser).post(
        reverse("units:person_active", args=[admin.pk]), {"active": "0"}, follow=True
    )
    assert "phải còn ít nhất một lãnh đạo hoặc quản trị" in last.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_the_superior_reads_the_people_and_another_province_finds_nothing(client_for, world):
    world.kp_officer.email = "canbo@kieuphu.gov.vn"
    world.kp_officer.save()
    list_url = f"{reverse('units:people')}?org={world.kp.pk}"

    superior = client_for(world.hn_leader)
    page = superior.get(list_url).content.decode()
    assert "canbo@kieuphu.gov.vn" in page and "chỉ xem" in page
    assert reverse("units:person_create") not in page
    detail = superior.get(reverse("units:person", args=[world.kp_officer.pk]))
    assert detail.status_code == 200
    assert reverse("units:person_edit", args=[world.kp_officer.pk]) not in detail.content.decode()
    assert superior.get(reverse("units:person_edit", args=[world.kp_officer.pk])).status_code == 403

    for outsider in (world.gv_leader, world.pt_officer):
        client = client_for(outsider)
        assert client.get(list_url).status_code == 404
        assert client.get(reverse("units:person", args=[world.kp_officer.pk])).status_code == 404
        assert (
            client.post(
                reverse("units:person_edit", args=[world.kp_officer.pk]),
                person_form(world.kp_officer, full_name="Đã bị sửa"),
            ).status_code
            == 404
        )
    # Gia Viên's own list shows only Gia Viên.
    own = client_for(world.gv_leader).get(reverse("units:people")).content.decode()
    assert "gv.officer" in own and "kp.officer" not in own and "hn.leader" not in own


def test_officers_and_unit_heads_read_but_do_not_manage(client_for, world):
    for person in (world.kp_officer, world.kp_head):
        client = client_for(person)
        page = client.get(reverse("units:people")).content.decode()
        assert "kp.leader" in page
        assert reverse("units:person_create") not in page
        assert client.get(reverse("units:person_create")).status_code == 403
        assert client.post(reverse("units:person_create"), new_person(world)).status_code == 403
    assert not User.objects.filter(username="kp.thonmoi").exists()


def test_the_list_finds_people_and_costs_the_same_for_many(client_for, world):
    for n in range(30):
        UserFactory(
            username=f"kp.thon{n}",
            full_name=f"Trưởng thôn số {n}",
            unit=world.kp_village,
            role=Role.UNIT_HEAD,
        )
    leader = client_for(world.kp_leader)
    found = leader.get(reverse("units:people"), {"q": "thon2"}).content.decode()
    assert "kp.thon2" in found and "kp.thon3" not in found and "kp.officer" not in found

    url = reverse("units:people")
    with CaptureQueriesContext(connection) as few:
        leader.get(url, {"page": 2})
    with CaptureQueriesContext(connection) as many:
        leader.get(url)
    assert len(many) <= len(few) + 1
    assert len(many) < 20

    locked = User.objects.get(username="kp.thon5")
    locked.is_active = False
    locked.save()
    assert "kp.thon5" not in leader.get(url, {"q": "thon5"}).content.decode()
    assert "kp.thon5" in leader.get(url, {"q": "thon5", "status": "inactive"}).content.decode()


def test_the_invitation_can_be_sent_again(client_for, world):
    leader = client_for(world.kp_leader)
    leader.post(reverse("units:person_create"), new_person(world))
    person = User.objects.get(username="kp.thonmoi")
    mail.outbox.clear()
    response = leader.post(reverse("units:person_invite", args=[person.pk]), follow=True)
    assert "Đã gửi lại thư mời tới hoa.le@kieuphu.gov.vn" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["hoa.le@kieuphu.gov.vn"]]
