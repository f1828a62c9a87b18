"""The bell, the list, mark as read, open, preferences: each person sees only their own."""

import datetime

import pytest
from django.core import mail

from notifications.models import Notification, NotificationPreference
from notifications.services import reminders_run
from plans.models import Assignment

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 12)


@pytest.fixture
def reminded(world, kp_plan):
    """kp.officer has two unread notifications (the office's task, the annual report)."""
    reminders_run(day=DAY)
    return list(Notification.objects.filter(recipient=world.kp_officer).order_by("pk"))


def test_the_bell_shows_the_unread_count_on_every_page(world, reminded, client_for):
    page = client_for(world.kp_officer).get("/").content.decode()
    assert 'data-testid="unread-count">2</span>' in page
    assert 'aria-label="Thông báo: 2 chưa đọc"' in page


def test_the_list_shows_what_is_due_and_links_to_it(world, reminded, client_for):
    response = client_for(world.kp_officer).get("/notifications/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Còn 3 ngày đến hạn (15/12/2026)" in page
    assert "Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND" in page
    assert "Báo cáo Năm 2026 của Xã Kiều Phú" in page
    assert "nhắc ngày 12/12/2026" in page
    for notification in reminded:
        assert f'href="/notifications/{notification.pk}/open/"' in page


def test_the_unread_tab_hides_what_was_read(world, reminded, client_for):
    client = client_for(world.kp_officer)
    client.post(f"/notifications/{reminded[0].pk}/read/")
    page = client.get("/notifications/?filter=unread").content.decode()
    assert f'id="notification-{reminded[0].pk}"' not in page
    assert f'id="notification-{reminded[1].pk}"' in page


def test_marking_one_as_read_updates_it_and_the_bell(world, reminded, client_for):
    client = client_for(world.kp_officer)
    response = client.post(f"/notifications/{reminded[0].pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã đọc" in html and "Đánh dấu đã đọc" not in html
    assert 'hx-swap-oob="true"' in html and 'data-testid="unread-count">1</span>' in html
    reminded[0].refresh_from_db()
    assert reminded[0].read_at is not None
    assert 'data-testid="unread-count">1</span>' in client.get("/").content.decode()


def test_marking_all_as_read_empties_the_bell(world, reminded, client_for):
    client = client_for(world.kp_officer)
    response = client.post("/notifications/read-all/", {"next": "/notifications/"}, follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()
    assert not Notification.objects.filter(recipient=world.kp_officer, read_at=None).exists()
    # Nobody else's notifications changed.
    assert Notification.objects.filter(recipient=world.kp_head, read_at=None).count() == 1


def test_opening_a_notification_marks_it_read_and_goes_to_its_object(world, reminded, client_for):
    response = client_for(world.kp_officer).get(
        f"/notifications/{reminded[0].pk}/open/", follow=True
    )
    assert response.status_code == 200
    reminded[0].refresh_from_db()
    assert reminded[0].is_read


def test_a_task_reminder_links_to_its_task_page(world, kp_plan, reminded, client_for):
    task = next(n for n in reminded if n.kind == "assignment")
    client = client_for(world.kp_officer)
    response = client.get(f"/notifications/{task.pk}/open/")
    assert response["Location"] == f"/activities/tasks/{kp_plan.office_task.pk}/"
    assert client.get(response["Location"]).status_code == 200


def test_an_unsafe_next_address_is_ignored(world, reminded, client_for):
    response = client_for(world.kp_officer).post(
        "/notifications/read-all/", {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/notifications/"


def test_another_communes_officer_gets_404_on_someone_elses_notification(
    world, reminded, client_for
):
    client = client_for(world.gv_officer)
    target = reminded[0]
    assert client.get(f"/notifications/{target.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{target.pk}/read/").status_code == 404
    page = client.get("/notifications/").content.decode()
    assert "Kiều Phú" not in page
    target.refresh_from_db()
    assert target.read_at is None


def test_a_superior_cannot_read_or_change_a_subordinates_notifications(world, reminded, client_for):
    client = client_for(world.hn_leader)
    target = reminded[0]
    assert client.post(f"/notifications/{target.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{target.pk}/open/").status_code == 404
    client.post("/notifications/read-all/")
    client.post("/notifications/preferences/", {})
    target.refresh_from_db()
    assert target.read_at is None
    assert not NotificationPreference.objects.filter(user=world.kp_officer).exists()
    assert NotificationPreference.objects.get(user=world.hn_leader).email_enabled is False


def test_preferences_are_saved_and_shown_again(world, client_for):
    client = client_for(world.kp_officer)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Nhận thư tổng hợp hằng ngày" in page and "kp.officer@example.com" in page
    response = client.post(
        "/notifications/preferences/", {"email_enabled": "on", "email_reports": "on"}, follow=True
    )
    assert "Đã lưu cách nhận thông báo." in response.content.decode()
    preference = NotificationPreference.objects.get(user=world.kp_officer)
    assert (preference.email_enabled, preference.email_assignments, preference.email_reports) == (
        True,
        False,
        True,
    )


def test_email_on_without_any_kind_is_refused_and_keeps_the_choice(world, client_for):
    response = client_for(world.kp_officer).post(
        "/notifications/preferences/", {"email_enabled": "on"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chọn ít nhất một loại việc để nhận thư, hoặc tắt thư." in page
    assert 'name="email_enabled" class="form-check-input"' in page
    assert 'id="id_email_enabled" checked' in page
    assert not NotificationPreference.objects.exists()


def test_pages_need_a_login(client):
    for url in ["/notifications/", "/notifications/preferences/", "/notifications/1/open/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_takes_a_fixed_number_of_queries(
    world, kp_plan, client_for, django_assert_max_num_queries
):
    Assignment.objects.bulk_create(  # more tasks than a page holds
        Assignment(plan=kp_plan.plan, unit=world.kp_office, due_date=DAY + datetime.timedelta(3))
        for _ in range(40)
    )
    reminders_run(day=DAY)
    assert Notification.objects.filter(recipient=world.kp_officer).count() > 25
    client = client_for(world.kp_officer)
    with django_assert_max_num_queries(8):
        response = client.get("/notifications/")
    assert response.content.decode().count('data-testid="notification"') == 25
    assert mail.outbox == []
