"""A closed period's scores are kept: computed once after the period is closed (30 days
after its end), then read from the stored rows until the criteria change or the judge's
leader recomputes; an open period follows the data (the contest of conftest.py)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import CompletionStatus, TaskCompletion
from emulation.models import KeptRanking
from tests.factories import make_organisation

from .conftest import HANOI
from .test_pages import Q1, criteria_post, ranking_rows, text

pytestmark = pytest.mark.django_db
# Q1/2026 ends on 14/3 (Decree 09): closed from 14/4.
CLOSED_ON = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=HANOI)
OPEN_ON = datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI)
COUNTING_TABLES = ("activities_activity", "plans_assignment", "reports_report", "plans_target")


def totals(client, judge):
    return [(row[1], row[-2], row[-1]) for row in ranking_rows(client, judge)]


HAND = [
    ("Xã Kiều Phú", "83,61", "Hoàn thành tốt nhiệm vụ"),
    ("Xã Phúc Thọ", "44,03", "Không hoàn thành nhiệm vụ"),
    ("Xã Tam Hiệp", "0,00", "Không hoàn thành nhiệm vụ"),
    ("Xã Đông Phú", "0,00", "Không hoàn thành nhiệm vụ"),
]


def pt_reports_its_lead_task_late(contest, world):
    # 0.3 + 0.5 of 2.3 → 13.91; (13.91 + 10 + 10 + 10) / 80 = 54.89.
    TaskCompletion.objects.create(
        assignment=contest.pt_lead, unit=world.pt, status=CompletionStatus.DONE, is_late=True
    )


def test_a_closed_period_is_kept_and_read_from_its_rows_whatever_the_data_says_later(
    contest, world, client_for, time_machine
):
    time_machine.move_to(CLOSED_ON, tick=False)
    client = client_for(world.hn_leader)
    url = reverse("emulation:ranking", args=[world.hn.pk])

    assert totals(client, world.hn) == HAND
    page = text(client.get(url, Q1).content.decode())
    assert (
        "Quý I/2026 đã kết thúc: điểm đã chốt lúc 09:00 04/05/2026 (chốt điểm khi kỳ đã kết "
        "thúc)." in page
    )
    kept = KeptRanking.objects.get(judge=world.hn, kind="quarter", year=2026, index=1)
    assert kept.scores.count() == 4

    pt_reports_its_lead_task_late(contest, world)
    for number in range(16):
        make_organisation(world.hn, code=f"T-K{number}", name=f"Xã số {number}")
    with CaptureQueriesContext(connection) as read:
        assert totals(client, world.hn) == HAND
    # Read from the kept rows: nothing is counted again, and the new communes (not scored
    # when the period was closed) do not appear.
    counting = [
        q["sql"] for q in read.captured_queries if any(t in q["sql"] for t in COUNTING_TABLES)
    ]
    assert counting == []
    assert len(read.captured_queries) <= 12

    # The PDF and the Excel annex read the same kept rows.
    pdf = client.get(reverse("emulation:pdf", args=[world.hn.pk]), Q1)
    from tests.reports.conftest import pdf_text

    printed = pdf_text(pdf.content)
    assert "2 Xã Phúc Thọ 5,22 10,00 10,00 10,00 44,03 2" in printed
    assert "(Kỳ chấm điểm từ 15/12/2025 đến 14/3/2026; số liệu chốt ngày 04/5/2026)" in printed


def test_an_open_period_follows_the_data(contest, world, client_for, time_machine):
    time_machine.move_to(OPEN_ON, tick=False)
    client = client_for(world.hn_leader)
    assert totals(client, world.hn) == HAND

    pt_reports_its_lead_task_late(contest, world)

    assert totals(client, world.hn)[1] == ("Xã Phúc Thọ", "54,89", "Hoàn thành nhiệm vụ")
    assert not KeptRanking.objects.exists()
    assert "đã chốt" not in text(
        client.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).content.decode()
    )


def test_the_judges_leader_recomputes_a_kept_period_and_the_history_says_who(
    contest, world, client_for, time_machine
):
    time_machine.move_to(CLOSED_ON, tick=False)
    client = client_for(world.hn_leader)
    url = reverse("emulation:ranking", args=[world.hn.pk])
    assert totals(client, world.hn)[1][1] == "44,03"
    pt_reports_its_lead_task_late(contest, world)

    # The score page keeps the kept total and says what the data says now.
    unit = client.get(reverse("emulation:unit", args=[world.hn.pk, world.pt.pk]), Q1)
    page = text(unit.content.decode())
    assert "Tổng điểm 44,03 /100" in page
    assert (
        "Số liệu đã thay đổi sau khi chốt điểm: tính theo số liệu hiện nay, tổng điểm là 54,89."
        in page
    )

    # Nobody but the judge's leaders and administrators recomputes.
    recompute = (
        reverse("emulation:recompute", args=[world.hn.pk])
        + "?period=q1&year=2026&scope=organisations"
    )
    assert client_for(world.kp_leader).post(recompute).status_code == 404
    client = client_for(world.hn_leader)
    assert client.get(recompute).status_code == 405

    time_machine.shift(datetime.timedelta(minutes=30))
    response = client.post(recompute)
    assert response.status_code == 302
    assert response["Location"] == url + "?period=q1&year=2026&scope=organisations"
    assert totals(client, world.hn)[1] == ("Xã Phúc Thọ", "54,89", "Hoàn thành nhiệm vụ")
    page = client.get(url, Q1).content.decode()
    history = re.search(r'data-testid="kept-history">(.*?)</details>', page, re.S).group(1)
    leader = world.hn_leader.get_full_name() or world.hn_leader.username
    assert text(history) == (
        "Lịch sử chốt điểm (2 lần tính) "
        f"09:30 04/05/2026 · Tính lại theo yêu cầu của lãnh đạo cơ quan chấm điểm · {leader} "
        "09:00 04/05/2026 · Chốt điểm khi kỳ đã kết thúc · tự động"
    )


def test_a_commune_officer_may_not_recompute_its_communes_kept_ranking(
    contest, world, client_for, time_machine
):
    time_machine.move_to(CLOSED_ON, tick=False)
    officer = client_for(world.kp_officer)
    query = {**Q1, "scope": "units"}
    assert ranking_rows(officer, world.kp, query)[0][-2] == "93,70"
    page = officer.get(reverse("emulation:ranking", args=[world.kp.pk]), query).content.decode()
    assert 'data-testid="recompute"' not in page
    url = reverse("emulation:recompute", args=[world.kp.pk]) + "?period=q1&year=2026&scope=units"
    assert officer.post(url).status_code == 403
    leader_page = client_for(world.kp_leader).get(
        reverse("emulation:ranking", args=[world.kp.pk]), query
    )
    assert 'data-testid="recompute"' in leader_page.content.decode()


def test_a_change_of_the_years_criteria_computes_the_kept_period_again(
    contest, world, client_for, time_machine
):
    time_machine.move_to(CLOSED_ON, tick=False)
    client = client_for(world.hn_leader)
    assert totals(client, world.hn)[1][1] == "44,03"
    pt_reports_its_lead_task_late(contest, world)

    client.post(
        reverse("emulation:criteria", args=[world.hn.pk]) + "?year=2026",
        criteria_post(**{"good_from": "60"}),
    )

    assert totals(client, world.hn)[1] == ("Xã Phúc Thọ", "54,89", "Hoàn thành nhiệm vụ")
    kept = KeptRanking.objects.get(judge=world.hn)
    assert [r.reason for r in kept.history.order_by("history_date")] == [
        "Chốt điểm khi kỳ đã kết thúc",
        "Tính lại vì tiêu chí thi đua năm 2026 đã thay đổi",
    ]


def test_recomputing_an_open_period_is_refused_with_a_message(
    contest, world, client_for, time_machine
):
    time_machine.move_to(OPEN_ON, tick=False)
    client = client_for(world.hn_leader)
    url = reverse("emulation:recompute", args=[world.hn.pk]) + "?period=q1&year=2026"
    response = client.post(url, follow=True)
    assert "Quý I/2026 chưa chốt: điểm luôn được tính theo số liệu hiện nay." in text(
        response.content.decode()
    )
    assert not KeptRanking.objects.exists()
