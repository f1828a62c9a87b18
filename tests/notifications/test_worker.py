"""End to end with a real Celery worker on Redis (REDIS_URL): the daily task goes through
the broker, the worker records the notifications and sends the digest through the broker
again, and the mail arrives."""

import datetime
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app as celery_app
from notifications.models import Digest, DigestStatus, Notification
from notifications.tasks import send_reminders
from tests.waiting import wait_for

DAY = datetime.date(2026, 12, 12)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs Redis: set REDIS_URL (CI does) to run a real Celery worker",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def private_queue(private_queue_for):
    return private_queue_for("notifications.*")


def test_a_real_worker_on_redis_delivers_the_days_reminders(world, kp_plan, private_queue):
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        queues=[private_queue],
        shutdown_timeout=30,
    ):
        send_reminders.delay("2026-12-12")
        delivered = wait_for(
            lambda: Digest.objects.filter(day=DAY, status=DigestStatus.SENT).count() == 3,
            timeout=30,
        )

    assert delivered, list(Digest.objects.values("recipient__username", "status", "last_error"))
    assert Notification.objects.filter(remind_on=DAY).count() == 4
    head = Notification.objects.get(recipient=world.kp_head, remind_on=DAY)
    assert head.subject == "Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND"
    (message,) = [m for m in mail.outbox if m.to == ["kp.head@example.com"]]
    assert message.subject == "[Loa] 1 việc cần chú ý ngày 12/12/2026"
    assert len(mail.outbox) == 3
