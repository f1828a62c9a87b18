"""Two overlapping runs of the same day on PostgreSQL: every reminder and every digest once.

Each thread has its own database connection, as two cron jobs or two workers would."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection

from notifications import services
from notifications.models import Digest, DigestStatus, Notification
from notifications.services import digests_send_pending, reminders_run

D = datetime.date
DAY = D(2026, 12, 12)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite lets one writer in at a time, so two "
        "runs cannot overlap there",
    ),
    pytest.mark.django_db(transaction=True),
]


def run_together(target, count=2):
    results, errors = [None] * count, []

    def work(index):
        try:
            results[index] = target()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_overlapping_runs_record_and_send_each_reminder_once(world, kp_plan, monkeypatch):
    # Both runs compute the day's reminders, wait for each other, then insert at the same
    # moment: the unique constraint (INSERT … ON CONFLICT DO NOTHING) decides.
    both_scanned = threading.Barrier(2, timeout=30)
    scan = services.reminders_due

    def scan_then_wait(**kwargs):
        found = scan(**kwargs)
        both_scanned.wait()
        return found

    monkeypatch.setattr(services, "reminders_due", scan_then_wait)

    def cron_job():
        result = reminders_run(day=DAY)
        sent, failed = digests_send_pending(day=DAY)
        return len(result.created), len(result.digests), len(sent), failed

    (created_a, digests_a, sent_a, failed_a), (created_b, digests_b, sent_b, failed_b) = (
        run_together(cron_job)
    )

    notifications = Notification.objects.filter(remind_on=DAY)
    assert notifications.count() == 4
    keys = list(notifications.values_list("recipient_id", "item_key", "rule"))
    assert len(keys) == len(set(keys))
    assert created_a + created_b == 4  # what one run inserted, the other did not
    assert digests_a + digests_b == 3
    assert sent_a + sent_b == 3 and failed_a == failed_b == []
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kp.head@example.com",
        "kp.leader@example.com",
        "kp.officer@example.com",
    ]
    assert set(Digest.objects.values_list("status", flat=True)) == {DigestStatus.SENT}


def test_two_workers_sending_the_same_digest_send_it_once(world, kp_plan):
    reminders_run(day=DAY)
    digest = Digest.objects.get(recipient=world.kp_head)
    start = threading.Barrier(4, timeout=30)

    def deliver():
        start.wait()
        return services.digest_deliver(digest_id=digest.pk)

    assert sorted(run_together(deliver, count=4)) == [False, False, False, True]
    assert len(mail.outbox) == 1
