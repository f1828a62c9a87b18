"""Done when: with the demo, `send_reminders --date D` three days before a demo deadline
reminds the right people in Loa and by mail, and running it again creates nothing."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Digest, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def send_reminders(day):
    out = StringIO()
    call_command("send_reminders", "--date", day, stdout=out)
    return out.getvalue()


def reminded(day):
    return {
        (n.recipient.username, n.subject)
        for n in Notification.objects.filter(remind_on=day).select_related("recipient")
    }


def test_three_days_before_the_focal_offices_deadline_the_right_people_are_reminded_once(demo):
    # 12/KH-UBND gives Phòng Văn hóa - Xã hội of Kiều Phú a deadline on 15/12/2026, the day
    # the annual reports (Decree 09: year ending 14/12) are due too.
    output = send_reminders("2026-12-12")

    task = "Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND"
    assert reminded("2026-12-12") == {
        ("kieuphu.truongphong", task),
        ("kieuphu.canbo", task),
        ("kieuphu.canbo", "Báo cáo Năm 2026 của Xã Kiều Phú"),
        ("kieuphu.lanhdao", "Báo cáo Năm 2026 của Xã Kiều Phú"),
        ("hanoi.lanhdao", "Báo cáo Năm 2026 của Thành phố Hà Nội"),
        ("giavien.canbo", "Báo cáo Năm 2026 của Phường Gia Viên"),
        ("giavien.lanhdao", "Báo cáo Năm 2026 của Phường Gia Viên"),
    }
    assert "Đã tạo 7 thông báo cho 6 người (ngày 12/12/2026" in output
    assert sorted(m.to[0] for m in mail.outbox) == [
        "giavien.canbo@example.com",
        "giavien.lanhdao@example.com",
        "hanoi.lanhdao@example.com",
        "kieuphu.canbo@example.com",
        "kieuphu.lanhdao@example.com",
        "kieuphu.truongphong@example.com",
    ]
    (officer,) = [m for m in mail.outbox if m.to == ["kieuphu.canbo@example.com"]]
    assert officer.subject == "[Loa] 2 việc cần chú ý ngày 12/12/2026"
    assert task in officer.body and "Kính gửi Nguyễn Thị Lan," in officer.body

    again = send_reminders("2026-12-12")

    assert Notification.objects.count() == 7
    assert Digest.objects.count() == 6
    assert len(mail.outbox) == 6
    assert "Không có thông báo mới: 7 việc cần nhắc ngày 12/12/2026 đã được nhắc." in again
    assert "Không có thư tổng hợp mới cần gửi." in again


def test_three_days_before_the_villages_deadline_the_village_head_is_reminded(demo):
    send_reminders("2026-12-07")
    assert (
        "kieuphu.truongthon",
        "Nhiệm vụ của Các thôn, Kế hoạch số 12/KH-UBND (Thôn Phú Hữu)",
    ) in reminded("2026-12-07")
    assert [m.to for m in mail.outbox].count(["kieuphu.truongthon@example.com"]) == 1
