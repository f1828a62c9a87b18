"""The daily digest e-mail, running twice, SMTP failures, the command, the query budget."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from notifications.models import Digest, DigestStatus, Notification, NotificationPreference
from notifications.services import reminders_run
from notifications.tasks import send_digest
from plans.models import Assignment
from tests.factories import PlanFactory, UserFactory, make_unit
from units.models import Role

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2026, 12, 12)  # three days before the office's deadline and the annual report


def mails_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.com"]]


def test_each_person_gets_one_digest_listing_all_their_items(world, kp_plan, run_on, settings):
    settings.SITE_URL = "https://loa.example.gov.vn/"
    run_on(DAY)
    officer_items = Notification.objects.filter(recipient=world.kp_officer, remind_on=DAY)
    assert officer_items.count() == 2  # the office's task and the commune's annual report
    (message,) = mails_to("kp.officer")
    assert message.subject == "[Loa] 2 việc cần chú ý ngày 12/12/2026"
    assert "Kính gửi" in message.body and "SẮP ĐẾN HẠN" in message.body
    assert "Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND" in message.body
    assert "Báo cáo Năm 2026 của Xã Kiều Phú" in message.body
    assert "Còn 3 ngày đến hạn (15/12/2026)" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Báo cáo Năm 2026 của Xã Kiều Phú" in html and '<html lang="vi">' in html
    for notification in officer_items:
        link = f"https://loa.example.gov.vn/notifications/{notification.pk}/open/"
        assert link in message.body and link in html
    assert {m.to[0] for m in mail.outbox} == {
        "kp.officer@example.com",
        "kp.head@example.com",
        "kp.leader@example.com",
    }


def test_running_twice_on_a_day_sends_nothing_twice(world, kp_plan, run_on):
    first = run_on(DAY)
    sent = len(mail.outbox)
    assert first and sent == 3

    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-12", stdout=out)

    assert Notification.objects.filter(remind_on=DAY).count() == len(first)
    assert len(mail.outbox) == sent
    assert Digest.objects.filter(day=DAY).count() == 3
    assert "Không có thông báo mới" in out.getvalue()
    assert "Không có thư tổng hợp mới cần gửi." in out.getvalue()


def test_a_redelivered_digest_task_sends_nothing_twice(world, kp_plan):
    reminders_run(day=DAY)
    digest = Digest.objects.get(recipient=world.kp_head, day=DAY)
    assert send_digest.delay(digest.pk).get() is True
    assert send_digest.delay(digest.pk).get() is False
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.item_count) == (DigestStatus.SENT, 1, 1)


def test_email_can_be_switched_off_or_limited_to_one_kind(world, kp_plan, run_on, client_for):
    client_for(world.kp_officer).post(
        "/notifications/preferences/",
        {"email_enabled": "on", "email_assignments": "on"},  # no report deadlines by mail
    )
    client_for(world.kp_head).post("/notifications/preferences/", {})  # no mail at all

    run_on(DAY)

    (officer_mail,) = mails_to("kp.officer")
    assert "Nhiệm vụ của Phòng Văn hóa - Xã hội" in officer_mail.body
    assert "Báo cáo Năm 2026" not in officer_mail.body
    assert officer_mail.subject.startswith("[Loa] 1 việc")
    assert mails_to("kp.head") == []
    # In-app notifications do not depend on the e-mail preferences.
    assert Notification.objects.filter(recipient=world.kp_head, remind_on=DAY).count() == 1
    assert Notification.objects.filter(recipient=world.kp_officer, remind_on=DAY).count() == 2


def test_people_without_an_email_address_are_reminded_in_loa_only(world, kp_plan, run_on):
    world.kp_head.email = ""
    world.kp_head.save(update_fields=["email"])
    run_on(DAY)
    assert Notification.objects.filter(recipient=world.kp_head, remind_on=DAY).exists()
    assert not Digest.objects.filter(recipient=world.kp_head).exists()
    assert len(mail.outbox) == 2


def flaky(failures, error=None):
    """A stand-in for EmailMultiAlternatives.send failing `failures` times, then working."""
    real_send = mail.EmailMultiAlternatives.send
    calls = []

    def send(message, *args, **kwargs):
        calls.append(message.to)
        if len(calls) <= failures:
            raise error or smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(message, *args, **kwargs)

    return mock.patch.object(mail.EmailMultiAlternatives, "send", send), calls


def test_an_smtp_failure_is_retried_and_the_digest_is_sent_once(world, kp_plan):
    assert smtplib.SMTPException in send_digest.autoretry_for
    reminders_run(day=DAY)
    digest = Digest.objects.get(recipient=world.kp_head, day=DAY)
    patch, calls = flaky(failures=1)
    with patch:
        # Eager Celery runs the retry at once; a worker waits for the backoff.
        result = send_digest.apply(args=[digest.pk], throw=False)
    assert result.get() is True
    assert len(calls) == 2
    assert len(mails_to("kp.head")) == 1
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.last_error) == (DigestStatus.SENT, 2, "")


def test_retries_back_off_exponentially_and_the_last_failure_marks_the_digest_failed(
    world, kp_plan, caplog
):
    assert send_digest.retry_backoff and send_digest.retry_jitter
    assert send_digest.max_retries >= 3
    assert send_digest.retry_backoff_max < 60 * 60  # below Redis' visibility timeout
    reminders_run(day=DAY)
    digest = Digest.objects.get(recipient=world.kp_head, day=DAY)
    patch, calls = flaky(failures=99, error=smtplib.SMTPConnectError(421, "busy"))
    with patch:
        with pytest.raises(Retry) as first:
            send_digest.apply(args=[digest.pk])
        with pytest.raises(Retry) as fourth:
            send_digest.apply(args=[digest.pk], retries=3)
        digest.refresh_from_db()
        assert digest.status == DigestStatus.PENDING and "busy" in digest.last_error
        with pytest.raises(smtplib.SMTPConnectError):
            send_digest.apply(args=[digest.pk], retries=send_digest.max_retries)
    assert 0 <= first.value.when <= 60 and 0 <= fourth.value.when <= 8 * 60
    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED and digest.attempts == 3
    assert mail.outbox == []
    assert "not sent" in caplog.text

    # The admin's «send again» puts it back in the queue (eager here: sent right away).
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    client.post(
        "/admin/notifications/digest/",
        {"action": "resend", "_selected_action": [digest.pk]},
    )
    assert len(mails_to("kp.head")) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT


def test_when_mail_fails_during_the_daily_task_the_notifications_are_still_there(
    world, kp_plan, run_on, caplog
):
    patch, _ = flaky(failures=99)
    with patch:
        notifications = run_on(DAY)
    assert len(notifications) == 4
    assert mail.outbox == []
    assert {d.status for d in Digest.objects.filter(day=DAY)} == {DigestStatus.PENDING}
    assert "Could not enqueue notifications.send_digest" in caplog.text


def test_the_command_prints_what_it_created_in_vietnamese(world, kp_plan, only_assignments):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-12", stdout=out)
    text = out.getvalue()
    assert "Đã tạo 2 thông báo cho 2 người (ngày 12/12/2026" in text
    assert (
        "(kp.head): Còn 3 ngày đến hạn (15/12/2026): Nhiệm vụ của Phòng Văn hóa - Xã hội, "
        "Kế hoạch số 12/KH-UBND"
    ) in text
    assert "Đã gửi 2 thư tổng hợp:" in text
    assert len(mail.outbox) == 2


def test_a_dry_run_lists_what_it_would_do_and_writes_nothing(world, kp_plan, only_assignments):
    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-12", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Chạy thử ngày 12/12/2026: không ghi, không gửi gì." in text
    assert "Sẽ tạo 2 thông báo cho 2 người" in text
    assert "Sẽ gửi 2 thư tổng hợp:" in text and "<kp.head@example.com>" in text
    assert not Notification.objects.exists()
    assert not Digest.objects.exists()
    assert mail.outbox == []


def test_the_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="không hợp lệ: viết theo dạng YYYY-MM-DD"):
        call_command("send_reminders", "--date", "12/12/2026")


def test_the_command_reports_a_failed_mail_and_the_next_run_sends_it(world, kp_plan):
    err = StringIO()
    with (
        mock.patch.object(
            mail.EmailMultiAlternatives, "send", side_effect=ConnectionRefusedError("refused")
        ),
        pytest.raises(CommandError, match="3 thư chưa gửi được"),
    ):
        call_command("send_reminders", "--date", "2026-12-12", stdout=StringIO(), stderr=err)
    assert "Chưa gửi được thư cho" in err.getvalue()
    assert {d.status for d in Digest.objects.all()} == {DigestStatus.PENDING}

    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-12", stdout=out)
    assert "Đã gửi 3 thư tổng hợp:" in out.getvalue()
    assert len(mail.outbox) == 3


def make_many_assignments(world, count):
    """`count` offices of Kiều Phú, each with a head and an officer and a task due in 3 days,
    and as many village heads covered by a group task: every kind of recipient lookup."""
    plan = PlanFactory(issuer=world.kp, issued=True)
    tasks = []
    for n in range(count):
        office = make_unit(world.kp, code=f"Q-{count}-{n}")
        UserFactory(unit=office, role=Role.UNIT_HEAD)
        UserFactory(unit=office, role=Role.OFFICER)
        tasks.append(Assignment(plan=plan, unit=office, due_date=D(2026, 12, 15), position=n))
    tasks.append(
        Assignment(
            plan=plan,
            unit=world.kp,
            label="Các thôn",
            includes_subunits=True,
            subunit_kinds="village",
            due_date=D(2026, 12, 5),
        )
    )
    Assignment.objects.bulk_create(tasks)


def count_queries(day):
    """(reads, inserts, result) of one run."""
    with CaptureQueriesContext(connection) as queries:
        result = reminders_run(day=day)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    return len(queries) - len(inserts), len(inserts), result


def test_a_run_takes_the_same_number_of_queries_for_twenty_or_three_hundred_tasks(world):
    make_many_assignments(world, 20)
    small_reads, small_inserts, small = count_queries(DAY)
    make_many_assignments(world, 300)
    Notification.objects.all().delete()
    Digest.objects.all().delete()
    large_reads, large_inserts, large = count_queries(DAY)

    assert len(small.created) >= 40
    assert len(large.created) >= 640
    # Reads do not grow with the number of tasks; rows are inserted in bulk (SQLite caps a
    # statement at 999 parameters, so it needs a few batches; PostgreSQL needs one each).
    # (16 before tasks could be done: +1 for which tasks are done, +1 for event e-mails left
    # pending when the broker was down.)
    assert large_reads == small_reads <= 18
    rows = len(large.created) + len(large.digests)
    assert large_inserts <= rows // 40
    if connection.vendor == "postgresql":
        assert large_inserts == small_inserts == 2
    assert NotificationPreference.objects.count() == 0
