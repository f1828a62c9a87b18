"""Redis down: pages still work, the failure is logged, the work waits in the database.

The cache and the broker are pointed at a port where nothing listens."""

import datetime
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from config.celery import app as celery_app
from notifications.models import Digest, DigestStatus, Notification
from notifications.services import reminders_run
from notifications.tasks import enqueue, send_digest, send_reminders

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: connection refused
DAY = datetime.date(2026, 12, 12)


def _reset_broker_pools():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def dead_broker():
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = DEAD_REDIS, False
    _reset_broker_pools()
    yield
    conf.broker_url, conf.task_always_eager = previous
    _reset_broker_pools()


def test_pages_work_and_the_bell_counts_from_the_database_when_the_cache_is_down(
    world, kp_plan, dead_cache, client_for, caplog
):
    reminders_run(day=DAY)
    client = client_for(world.kp_officer)

    home = client.get("/")
    listing = client.get("/notifications/")
    first = Notification.objects.filter(recipient=world.kp_officer).first()
    marked = client.post(f"/notifications/{first.pk}/read/")

    assert home.status_code == listing.status_code == 200
    assert 'data-testid="unread-count">2</span>' in home.content.decode()
    assert marked.status_code == 302
    assert 'data-testid="unread-count">1</span>' in client.get("/").content.decode()
    assert "Cache unavailable" in caplog.text


def test_enqueueing_with_the_broker_down_is_logged_not_raised(dead_broker, caplog):
    started = time.monotonic()
    assert enqueue(send_digest, 123) is False
    assert time.monotonic() - started < 10
    assert "Could not enqueue notifications.send_digest(123,)" in caplog.text


def test_the_daily_task_records_notifications_and_leaves_the_mail_for_the_next_run(
    world, kp_plan, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders.apply(kwargs={"day": "2026-12-12"})
    assert Notification.objects.filter(remind_on=DAY).count() == 4
    assert {d.status for d in Digest.objects.all()} == {DigestStatus.PENDING}
    assert "Could not enqueue notifications.send_digest" in caplog.text
    assert mail.outbox == []

    # Cron's `send_reminders` (no broker involved) delivers what is waiting, once.
    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-12", stdout=out)
    assert "Đã gửi 3 thư tổng hợp:" in out.getvalue()
    assert len(mail.outbox) == 3


def test_the_admins_send_again_says_the_queue_is_down(world, kp_plan, dead_broker, client):
    from tests.factories import UserFactory

    reminders_run(day=DAY)
    Digest.objects.update(status=DigestStatus.FAILED)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    response = client.post(
        "/admin/notifications/digest/",
        {"action": "resend", "_selected_action": list(Digest.objects.values_list("pk", flat=True))},
        follow=True,
    )
    assert response.status_code == 200
    assert "Chưa gửi được 3 thư (máy chủ hàng đợi" in response.content.decode()
    assert {d.status for d in Digest.objects.all()} == {DigestStatus.PENDING}
