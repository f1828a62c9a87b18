"""The roll-up object as the pages and files read it: its bounds under the superior's
cut-off, one row per organisation with its id and whether its figures were reported, the
superior's own units apart, and how many organisations reported out of how many."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from activities.models import Activity, ActivityStatus
from reports.models import Report, ReportStatus
from reports.selectors import rollup
from reports.services import organisation_period
from tests.factories import PlanFactory, make_unit, outreach_form

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 4, 20)


def approved(plan, unit, day, **fields):
    return Activity.objects.create(
        plan=plan,
        unit=unit,
        form=outreach_form("conference"),
        date=day,
        title="Hội nghị",
        status=ActivityStatus.APPROVED,
        **fields,
    )


@pytest.fixture
def city(world):
    office = make_unit(world.hn, code="T-HN-VHTT", name="Sở Văn hóa")
    approved(PlanFactory(issuer=world.hn, issued=True), office, datetime.date(2026, 1, 5))
    kp_plan = PlanFactory(issuer=world.kp, issued=True)
    approved(kp_plan, world.kp_office, datetime.date(2026, 2, 1), participants=70)
    approved(kp_plan, world.kp_office, datetime.date(2026, 3, 20), participants=30)
    period, _ = organisation_period(organisation=world.kp, kind="quarter", year=2026, index=1)
    Report.objects.create(
        organisation=world.kp,
        period=period,
        title="Quý I",
        status=ReportStatus.ACCEPTED,
        submitted_at=datetime.datetime(2026, 3, 14, 9, tzinfo=HANOI),
        figures={"totals": {"count": 1, "quantity": 1, "participants": 70, "views": 0,
                            "interactions": 0, "cost": 0}, "by_form": []},
    )  # fmt: skip
    pt_period, _ = organisation_period(organisation=world.pt, kind="quarter", year=2026, index=1)
    Report.objects.create(organisation=world.pt, period=pt_period, title="Nháp")
    return office


def test_rows_say_whose_figures_they_are_and_whether_they_were_reported(world, city):
    result = rollup(superior=world.hn, kind="quarter", year=2026, index=1, today=TODAY)
    assert (result.start, result.end) == (datetime.date(2025, 12, 15), datetime.date(2026, 3, 14))
    rows = [(r.organisation_id, r.is_own, r.reported, r.figures["count"]) for r in result.rows]
    assert rows == [
        (world.hn.pk, True, None, 1),
        (world.kp.pk, False, True, 1),
        (world.pt.pk, False, False, 0),
    ]
    # Phúc Thọ's draft is not a report: its cell is missing.
    assert result.rows[2].state == "missing"
    assert (result.reported, result.expected) == (1, 2)
    assert result.include_unreported is True
    assert result.totals["count"] == 2


def test_the_superiors_calendar_cut_off_sets_the_bounds(world, city):
    world.hn.period_scheme = "calendar"
    world.hn.save()
    result = rollup(superior=world.hn, kind="quarter", year=2026, index=1, today=TODAY)
    assert (result.start, result.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    # Kiều Phú counts with its report; the city's own office with its activity of 05/01.
    assert [r.figures["count"] for r in result.rows] == [1, 1, 0]


def test_leaving_out_who_has_not_reported(world, city):
    result = rollup(
        superior=world.hn, kind="quarter", year=2026, index=1, today=TODAY,
        include_unreported=False,
    )  # fmt: skip
    assert [r.organisation_id for r in result.rows] == [world.hn.pk, world.kp.pk]
    assert result.include_unreported is False
