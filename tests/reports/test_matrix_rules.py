"""Which report a cell of the superior's matrix stands for: the organisation's own report of
that kind, year and period (never another organisation's, another kind's or another year's),
the most advanced one when there are several, the general report before a report on one
plan; and the reporting rates under the matrix."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reports.models import Report, ReportStatus
from reports.services import organisation_period
from tests.factories import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def report(organisation, status, *, kind="quarter", year=2026, index=1, plan=None, day=10):
    period, _ = organisation_period(organisation=organisation, kind=kind, year=year, index=index)
    moment = datetime.datetime(year, 3, day, 9, 0, tzinfo=HANOI)
    sent = status != ReportStatus.DRAFT
    return Report.objects.create(
        organisation=organisation,
        period=period,
        plan=plan,
        title="Báo cáo",
        status=status,
        submitted_at=moment if sent else None,
        first_submitted_at=moment if sent else None,
    )


def cells(client, code, year=2026, kind="quarter"):
    page = client.get(reverse("reports:matrix"), {"year": year, "kind": kind}).content.decode()
    row = re.search(rf'<tr data-organisation="{code}">(.*?)</tr>', page, re.S).group(1)
    return [
        (state, int(link) if link else None)
        for state, link in re.findall(
            r'data-state="(\w+)">\s*(?:<a [^>]*href="/reports/(\d+)/")?', row
        )
    ]


def test_a_cell_stands_for_the_organisations_own_report_of_that_period(world, client_for):
    accepted = report(world.kp, ReportStatus.ACCEPTED)
    report(world.pt, ReportStatus.SUBMITTED, index=2)  # Phúc Thọ's second quarter
    report(world.kp, ReportStatus.SUBMITTED, kind="month", index=2)  # a monthly report
    report(world.kp, ReportStatus.SUBMITTED, year=2025)  # last year's first quarter
    hn = client_for(world.hn_leader)
    assert cells(hn, "T-KP") == [
        ("accepted", accepted.pk),
        ("upcoming", None),
        ("upcoming", None),
        ("upcoming", None),
    ]
    assert cells(hn, "T-PT")[0] == ("missing", None)


def test_the_most_advanced_report_wins_and_the_general_one_before_a_plan_report(world, client_for):
    plan = PlanFactory(issuer=world.kp, issued=True)
    report(world.kp, ReportStatus.SUBMITTED, plan=plan)
    general = report(world.kp, ReportStatus.SUBMITTED)
    returned = report(world.pt, ReportStatus.RETURNED, plan=PlanFactory(issuer=world.pt))
    report(world.pt, ReportStatus.DRAFT)
    hn = client_for(world.hn_leader)
    assert cells(hn, "T-KP")[0] == ("submitted", general.pk)
    assert cells(hn, "T-PT")[0] == ("returned", returned.pk)


def test_the_reporting_rates_count_each_period_on_time_late_and_missing(world, client_for):
    from tests.factories import make_organisation

    more = [make_organisation(world.hn, code=f"T-X{n}", name=f"Xã Thử {n}") for n in range(4)]
    report(world.kp, ReportStatus.ACCEPTED, day=15)  # due 15/03: on time
    report(more[0], ReportStatus.SUBMITTED, day=14)  # on time
    report(world.pt, ReportStatus.SUBMITTED, day=16)  # a day late
    report(more[1], ReportStatus.ACCEPTED, day=20)  # late, then accepted
    # more[2] and more[3] have sent nothing.
    hn = client_for(world.hn_leader)
    page = " ".join(hn.get(reverse("reports:matrix"), {"year": 2026}).content.decode().split())
    assert (
        "Đến hạn 6 báo cáo: <strong>2 đúng hạn</strong> (33%), 2 gửi muộn, 2 chưa gửi · "
        "tỉ lệ đã báo cáo 67%." in page
    )
    assert '2 / 2 / 2<div class="text-body-secondary">33% đúng hạn</div>' in page
    labels = re.findall(r'data-state="accepted"> <a[^>]*>([^<]+)<', page)
    assert sorted(labels) == ["Đã tiếp nhận · gửi muộn 5 ngày", "Đã tiếp nhận · đúng hạn"]


def test_reminding_is_offered_only_for_periods_past_their_due_date(world, client_for):
    page = client_for(world.hn_leader).get(reverse("reports:matrix"), {"year": 2026})
    forms = re.findall(r'name="index" value="(\d)"', page.content.decode())
    # On 20/04/2026 only the first quarter (due 15/03) is late.
    assert forms == ["1"]
