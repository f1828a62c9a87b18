"""«Quên mật khẩu» and «Đổi mật khẩu»: a link by e-mail that sets a new password once,
including for people who have none yet, and a change that needs the current one."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db

NEW = "Kieu-Phu-2026-moi!"


def reset_link(client, email):
    response = client.post(reverse("password_reset"), {"email": email}, follow=True)
    assert "Hãy kiểm tra hộp thư" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Loa: đặt lại mật khẩu"
    assert [to.lower() for to in message.to] == [email.lower()]
    return re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)


def test_a_forgotten_password_is_reset_through_the_mailed_link(client, world):
    world.kp_officer.email = "canbo@kieuphu.gov.vn"
    world.kp_officer.save()

    link = reset_link(client, "CanBo@KieuPhu.gov.vn")
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )

    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert (
        client.post(reverse("login"), {"username": "kp.officer", "password": NEW}).status_code
        == 302
    )
    # The link works once.
    client.logout()
    assert "không còn dùng được" in client.get(link, follow=True).content.decode()


def test_a_person_without_a_password_yet_sets_a_first_one(client, world):
    invited = UserFactory(
        username="kp.moi", unit=world.kp_village, role=Role.UNIT_HEAD, email="moi@kieuphu.gov.vn"
    )
    invited.set_unusable_password()
    invited.save()

    link = reset_link(client, "moi@kieuphu.gov.vn")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})

    assert client.post(reverse("login"), {"username": "kp.moi", "password": NEW}).status_code == 302


def test_an_unknown_or_inactive_address_gets_the_same_answer_and_no_mail(client, world):
    world.gv_officer.email = "nghi@giavien.gov.vn"
    world.gv_officer.is_active = False
    world.gv_officer.save()

    for email in ("khong-co@example.vn", "nghi@giavien.gov.vn"):
        response = client.post(reverse("password_reset"), {"email": email}, follow=True)
        assert "Hãy kiểm tra hộp thư" in response.content.decode()
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_in_vietnamese(client, world):
    world.kp_officer.email = "canbo@kieuphu.gov.vn"
    world.kp_officer.save()
    form = client.get(reset_link(client, "canbo@kieuphu.gov.vn"), follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200
    assert (
        "Mật khẩu này quá phổ biến" in response.content.decode()
        or "quá" in response.content.decode()
    )


def test_a_signed_in_person_changes_their_password_with_the_current_one(client_for, world):
    client = client_for(world.kp_officer)
    page = client.get("/").content.decode()
    assert reverse("password_change") in page

    wrong = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200
    assert "is-invalid" in wrong.content.decode()

    done = client.post(
        reverse("password_change"),
        {"old_password": "mat-khau-kiem-thu", "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Đã đổi mật khẩu" in done.content.decode()
    world.kp_officer.refresh_from_db()
    assert world.kp_officer.check_password(NEW)


def test_the_login_page_offers_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_person_imported_by_the_commune_is_invited_sets_a_password_and_logs_in(
    client_for, world, client, django_capture_on_commit_callbacks
):
    from tests.imports.excel import xlsx
    from tests.imports.test_excel import USER_HEADERS, confirm_url, upload

    leader = client_for(world.kp_leader)
    data = xlsx(
        USER_HEADERS + ["Thư điện tử"],
        [["kp.moi", "Trần Thị Mới", "T-KP-T1", "Trưởng đơn vị", "moi@kieuphu.gov.vn"]],
    )
    preview = upload(leader, "users", data)
    assert mail.outbox == []  # the preview invites nobody
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(confirm_url(preview))

    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["moi@kieuphu.gov.vn"]
    assert "xã Kiều Phú" in invitation.subject and "Tên đăng nhập: kp.moi" in invitation.body
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", invitation.body).group(1)
    leader.logout()
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert client.post(reverse("login"), {"username": "kp.moi", "password": NEW}).status_code == 302
