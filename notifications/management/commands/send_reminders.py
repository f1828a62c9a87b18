import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import digests_send_pending, event_email_deliver, reminders_run


def parse_day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày «{text}» không hợp lệ: viết theo dạng YYYY-MM-DD.") from exc


class Command(BaseCommand):
    help = (
        "Nhắc hạn: ghi thông báo trong Loa và gửi thư tổng hợp của một ngày, ngay tại đây (không "
        "qua Celery). Chạy lại trong ngày không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=parse_day, help="Ngày nhắc, dạng YYYY-MM-DD (mặc định: hôm nay)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ liệt kê, không ghi và không gửi gì."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        day = date or timezone.localdate()
        result = reminders_run(day=day, dry_run=dry_run)
        when = f"{day:%d/%m/%Y}"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"Chạy thử ngày {when}: không ghi, không gửi gì."))
        verb = "Sẽ tạo" if dry_run else "Đã tạo"

        recipients = {r.recipient.pk for r in result.created}
        if result.created:
            self.stdout.write(
                f"{verb} {len(result.created)} thông báo cho {len(recipients)} người "
                f"(ngày {when}, {result.due} việc cần nhắc):"
            )
            for reminder in result.created:
                person = reminder.recipient
                self.stdout.write(
                    f"  {person.get_full_name()} ({person.username}): "
                    f"{reminder.headline}: {reminder.subject}"
                )
        elif result.due:
            self.stdout.write(
                f"Không có thông báo mới: {result.due} việc cần nhắc ngày {when} đã được nhắc."
            )
        else:
            self.stdout.write(f"Không có việc nào cần nhắc ngày {when}.")

        if dry_run:
            self.stdout.write(f"Sẽ gửi {len(result.digests)} thư tổng hợp:")
            for person in result.digests:
                self.stdout.write(f"  {person.get_full_name()} <{person.email}>")
            return

        sent, failed = digests_send_pending(day=day)
        if sent:
            self.stdout.write(f"Đã gửi {len(sent)} thư tổng hợp:")
            for digest in sent:
                person = digest.recipient
                self.stdout.write(f"  {person.get_full_name()} <{person.email}>")
        else:
            self.stdout.write("Không có thư tổng hợp mới cần gửi.")
        late_events = 0
        for notification_id in result.pending_event_email_ids:
            try:
                late_events += event_email_deliver(notification_id=notification_id)
            except Exception as exc:  # left pending for the next run
                failed.append((None, f"thư báo việc #{notification_id}: {exc}"))
        if late_events:
            self.stdout.write(f"Đã gửi {late_events} thư báo việc mới còn tồn.")
        for digest, reason in failed:
            if digest is None:
                self.stderr.write(self.style.ERROR(f"  Chưa gửi được {reason}."))
                continue
            self.stderr.write(
                self.style.ERROR(
                    f"  Chưa gửi được thư cho {digest.recipient.get_full_name()} "
                    f"<{digest.recipient.email}>: {reason}. Thư sẽ được gửi ở lần chạy sau."
                )
            )
        if failed:
            raise CommandError(f"{len(failed)} thư chưa gửi được.")
