"""Whether a report was sent on time, as the superior reads it on the matrix and in the
roll-up, and as the commune reads it on its list.

Kiều Phú's report for the first quarter of 2026 (Decree 09: 15/12/2025–14/3/2026) is due on
15/03/2026, its `report_due_day`. Every deadline is a day in Hà Nội (UTC+7): a report sent
at 06:30 on 16/03 in Hà Nội, still 15/03 in UTC, is late.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.reports.conftest import pdf_text, workbook
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
AFTER_THE_QUARTER = datetime.datetime(2026, 3, 15, 9, 0, tzinfo=HANOI)
READ_ON = datetime.datetime(2026, 4, 2, 10, 0, tzinfo=HANOI)


def at(time_machine, *args):
    time_machine.move_to(datetime.datetime(*args, tzinfo=HANOI), tick=False)


def send_q1(world, client_for, time_machine, *sent_at):
    """Kiều Phú's officer opens the Q1 report, its leader sends it at `sent_at` (Hà Nội)."""
    time_machine.move_to(AFTER_THE_QUARTER, tick=False)
    report = open_report(client_for(world.kp_officer))
    at(time_machine, *sent_at)
    response = client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    return report


def matrix_cell(client, organisation_code, column=0):
    """The label of an organisation's cell on the superior's matrix, as the page shows it."""
    page = client.get(reverse("reports:matrix"), {"year": 2026}).content.decode()
    row = re.search(rf'<tr data-organisation="{organisation_code}">(.*?)</tr>', page, re.S)
    cells = re.findall(r'data-state="\w+">\s*<(?:a|span)[^>]*>([^<]+)<', row.group(1))
    return cells[column]


def list_label(client, label="Quý I/2026"):
    """The status the organisation's own report list shows for a period."""
    page = client.get(reverse("reports:list"), {"year": 2026}).content.decode()
    row = re.search(rf"<td[^>]*>{re.escape(label)}</td>(.*?)</tr>", page, re.S)
    return re.findall(r'<span class="badge [^"]*">([^<]+)</span>', row.group(1))[-1]


@pytest.mark.parametrize(
    ("sent_at", "label"),
    [
        ((2026, 3, 15, 8, 0), "Đã gửi đúng hạn"),
        ((2026, 3, 15, 23, 59, 59), "Đã gửi đúng hạn"),
        ((2026, 3, 16, 0, 0), "Gửi muộn 1 ngày"),
        # 23:30 on 15/03 in UTC: the UTC date would call it on time.
        ((2026, 3, 16, 6, 30), "Gửi muộn 1 ngày"),
        ((2026, 3, 16, 7, 0), "Gửi muộn 1 ngày"),
    ],
)
def test_a_report_sent_on_the_due_day_is_on_time_and_the_day_after_is_late(
    world, q1, client_for, time_machine, sent_at, label
):
    send_q1(world, client_for, time_machine, *sent_at)
    time_machine.move_to(READ_ON, tick=False)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == label
    assert list_label(client_for(world.kp_leader)) == label


def test_the_roll_up_counts_a_report_sent_at_0630_the_next_morning_as_late(
    world, q1, client_for, time_machine
):
    report = send_q1(world, client_for, time_machine, 2026, 3, 16, 6, 30)
    time_machine.move_to(READ_ON, tick=False)
    hn = client_for(world.hn_leader)
    sheet = workbook(hn.get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"}).content)
    states = {row[1]: row[2] for row in sheet["Tổng hợp"].iter_rows(values_only=True) if row[1]}
    assert states["Xã Kiều Phú"] == "Gửi muộn 1 ngày"
    assert states["Xã Phúc Thọ"] == "Chưa gửi (quá hạn) · số liệu chưa báo cáo"
    text = pdf_text(hn.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"}).content)
    assert "Đến ngày 02/4/2026, 1/2 cơ quan đã gửi báo cáo quý I/2026." in text
    # The commune's own workbook gives the day it was sent, in Hà Nội.
    own = workbook(
        client_for(world.kp_leader).get(reverse("reports:xlsx", args=[report.pk])).content
    )
    subtitle = [cell for row in own["Tổng hợp"].iter_rows(values_only=True) for cell in row]
    assert any("chốt khi gửi ngày 16/03/2026" in str(cell) for cell in subtitle)


def test_a_returned_report_is_not_counted_as_reported(world, q1, client_for, time_machine):
    report = send_q1(world, client_for, time_machine, 2026, 3, 14, 10, 0)
    at(time_machine, 2026, 3, 17, 9, 0)
    response = client_for(world.hn_leader).post(
        reverse("reports:return", args=[report.pk]), {"comment": "Thiếu số liệu"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "returned"
    time_machine.move_to(READ_ON, tick=False)

    assert list_label(client_for(world.kp_leader)) == "Bị trả lại"
    hn = client_for(world.hn_leader)  # one test client: the superior logs in again
    assert matrix_cell(hn, "T-KP") == "Bị trả lại"
    text = pdf_text(hn.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"}).content)
    assert "0/2 cơ quan đã gửi báo cáo quý I/2026" in text
    # The superior's reminder goes to Kiều Phú as well as to Phúc Thọ.
    hn.post(reverse("reports:remind"), {"kind": "quarter", "year": 2026, "index": 1})
    from notifications.models import Notification

    reminded = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reminded == {"kp.officer", "kp.leader", "pt.officer"}


def test_an_unsent_report_is_missing_from_the_day_after_its_deadline(
    world, q1, client_for, time_machine
):
    at(time_machine, 2026, 3, 14, 12, 0)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == "Chưa hết kỳ"
    at(time_machine, 2026, 3, 15, 23, 59)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == "Chưa đến hạn"
    # 06:30 on 16/03 in Hà Nội is still 15/03 in UTC: the report is overdue all the same.
    at(time_machine, 2026, 3, 16, 6, 30)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == "Chưa gửi (quá hạn)"


def test_the_platform_administrator_may_accept_a_communes_report(
    world, q1, client_for, time_machine
):
    from reports.rules import can_review_report, is_superior_of
    from tests.factories import UserFactory

    report = send_q1(world, client_for, time_machine, 2026, 3, 14, 10, 0)
    admin = UserFactory(username="platform", unit=None, is_superuser=True, is_staff=True)
    assert is_superior_of(admin, world.kp) and can_review_report(admin, world.kp)
    # A commune is not its own superior; its superior is, another province is not.
    assert not is_superior_of(world.kp_leader, world.kp)
    assert is_superior_of(world.hn_leader, world.kp)
    assert not is_superior_of(world.gv_leader, world.kp)
    response = client_for(admin).post(reverse("reports:accept", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "accepted"


def test_an_accepted_report_keeps_its_lateness_and_a_resent_one_its_first_time(
    world, q1, client_for, time_machine
):
    late = send_q1(world, client_for, time_machine, 2026, 3, 27, 9, 0)
    at(time_machine, 2026, 3, 28, 9, 0)
    hn = client_for(world.hn_leader)
    assert hn.post(reverse("reports:accept", args=[late.pk]), {"comment": ""}).status_code == 302
    time_machine.move_to(READ_ON, tick=False)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == "Đã tiếp nhận · gửi muộn 12 ngày"
    assert list_label(client_for(world.kp_leader)) == "Đã tiếp nhận · gửi muộn 12 ngày"
    timeliness = client_for(world.hn_leader).get(reverse("reports:matrix"), {"year": 2026})
    summary = " ".join(timeliness.content.decode().split())
    assert "Đến hạn 2 báo cáo: <strong>0 đúng hạn</strong> (0%), 1 gửi muộn, 1 chưa gửi" in summary


def test_a_report_returned_and_sent_again_keeps_its_first_submission(
    world, q1, client_for, time_machine
):
    report = send_q1(world, client_for, time_machine, 2026, 3, 14, 10, 0)
    at(time_machine, 2026, 3, 17, 9, 0)
    client_for(world.hn_leader).post(
        reverse("reports:return", args=[report.pk]), {"comment": "Thiếu số liệu"}
    )
    at(time_machine, 2026, 3, 20, 9, 0)
    assert (
        client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk])).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.first_submitted_at.astimezone(HANOI).date() == datetime.date(2026, 3, 14)
    assert report.submitted_at.astimezone(HANOI).date() == datetime.date(2026, 3, 20)
    time_machine.move_to(READ_ON, tick=False)
    assert matrix_cell(client_for(world.hn_leader), "T-KP") == "Đã gửi đúng hạn · trả lại 1 lần"
