"""The roll-up page as the city reads it for the first quarter of 2026, on 20/04/2026: how
many organisations reported, which ones stay when the unreported are left out, the deadline
of a commune cutting off by the calendar, and which sent figures count (a returned report's
do not; a report stored in another layout, or frozen before a figure or the by-form rows
existed, still reads)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityStatus
from reports.models import Report, ReportStatus
from reports.services import organisation_period
from tests.factories import PlanFactory, outreach_form
from units.models import CutoffScheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def totals(**figures):
    return {
        "count": 1,
        "quantity": 1,
        "participants": 0,
        "views": 0,
        "interactions": 0,
        "cost": 0,
        **figures,
    }


def sent(organisation, status=ReportStatus.SUBMITTED, *, day=10, month=3, figures=None, **more):
    period, _ = organisation_period(organisation=organisation, kind="quarter", year=2026, index=1)
    moment = datetime.datetime(2026, month, day, 9, 0, tzinfo=HANOI)
    return Report.objects.create(
        organisation=organisation,
        period=period,
        title="Báo cáo quý I",
        status=status,
        submitted_at=moment,
        first_submitted_at=moment,
        figures=figures if figures is not None else {"totals": totals(), "by_form": []},
        **more,
    )


def conference(organisation, unit, day, **fields):
    return Activity.objects.create(
        plan=PlanFactory(issuer=organisation, issued=True),
        unit=unit,
        form=outreach_form("conference"),
        date=day,
        title="Hội nghị",
        quantity=1,
        status=ActivityStatus.APPROVED,
        **fields,
    )


def page(client, **params):
    response = client.get(reverse("reports:rollup"), {"period": "2026-Q1", **params})
    assert response.status_code == 200
    return response


def rows(response):
    return [
        (row.name, row.state_label, row.figures["participants"])
        for row in response.context["rollup"].rows
    ]


def test_the_page_counts_every_organisation_that_reported(world, client_for):
    sent(world.kp)
    sent(world.pt, ReportStatus.ACCEPTED)
    text = " ".join(page(client_for(world.hn_leader)).content.decode().split())
    assert "2/2 cơ quan đã gửi báo cáo" in text


def test_leaving_out_the_unreported_keeps_those_that_reported_after_one_that_did_not(
    world, client_for
):
    # Kiều Phú (first in the tree) has not reported; Phúc Thọ has.
    sent(world.pt, figures={"totals": totals(participants=40), "by_form": []})
    response = page(client_for(world.hn_leader), unreported="0")
    assert rows(response) == [("Xã Phúc Thọ", "Đã gửi đúng hạn", 40)]
    assert "1/2 cơ quan đã gửi báo cáo" in " ".join(response.content.decode().split())


def test_a_calendar_commune_is_on_time_until_the_15th_after_its_quarter(world, client_for):
    world.kp.period_scheme = CutoffScheme.CALENDAR
    world.kp.save()
    sent(world.kp, month=4, day=10)  # its quarter ended on 31/03, due 15/04
    sent(world.pt, month=3, day=16)  # Decree 09: due 15/03
    labels = [label for _, label, _ in rows(page(client_for(world.hn_leader)))]
    assert labels == ["Đã gửi đúng hạn", "Gửi muộn 1 ngày"]


def test_a_returned_report_counts_with_the_live_figures_not_the_ones_it_froze(world, client_for):
    conference(world.pt, world.pt_office, datetime.date(2026, 2, 3), participants=25)
    sent(
        world.pt,
        ReportStatus.RETURNED,
        times_returned=1,
        figures={"totals": totals(participants=999), "by_form": []},
    )
    assert rows(page(client_for(world.hn_leader))) == [
        ("Xã Kiều Phú", "Chưa gửi (quá hạn)", 0),
        ("Xã Phúc Thọ", "Bị trả lại · số liệu chưa báo cáo", 25),
    ]


def test_a_report_stored_in_another_layout_counts_with_the_live_figures(world, client_for):
    conference(world.kp, world.kp_office, datetime.date(2026, 2, 3), participants=70)
    sent(world.kp, ReportStatus.ACCEPTED, figures={"activities": 2, "forms": []})
    assert rows(page(client_for(world.hn_leader)))[0] == (
        "Xã Kiều Phú",
        "Đã tiếp nhận · đúng hạn · số liệu chưa báo cáo",
        70,
    )


def test_figures_frozen_before_by_form_rows_or_a_figure_existed_still_add_up(world, client_for):
    form = outreach_form("conference")
    # Kiều Phú's report froze only its totals; Phúc Thọ's by-form rows have no interactions.
    sent(world.kp, figures={"totals": totals(participants=30)})
    old_row = {"form_id": form.pk, "name": form.name, "measure": form.measure, "count": 1,
               "quantity": 1, "participants": 50, "views": 0, "cost": 0}  # fmt: skip
    sent(world.pt, figures={"totals": totals(participants=50), "by_form": [old_row]})
    conference(world.hn, world.kp_office, datetime.date(2026, 1, 5), participants=7)
    response = page(client_for(world.hn_leader))
    assert [p for _, _, p in rows(response)] == [30, 50]
    by_form = [
        (row["name"], row["count"], row["participants"], row["interactions"])
        for row in response.context["rollup"].by_form
    ]
    assert by_form == [(form.name, 1, 50, 0)]
    assert re.search(r"Tổng cộng", response.content.decode())
