"""A small contest with known outcomes, scored by hand in test_scores.py.

Hà Nội judges four communes for the first quarter of 2026 (Decree 09: 15/12/2025–14/3/2026),
read on 2 April 2026 (Hà Nội); Kiều Phú judges its office and its village.

- city tasks: Kiều Phú leads one on time, coordinates one done late, does its part of the
  group task «UBND các xã» on time; Phúc Thọ leaves its lead task and its group part undone
  and coordinates one on time; Tam Hiệp and Đông Phú leave their group part undone.
- the Q1 report (due 15/3): Kiều Phú sends it on 14/3, Phúc Thọ on 20/3 (late), the two
  others never.
- Kiều Phú's plan has two targets: 10 activities (3 by the end of Q1, pace 20%), and a
  manual one nobody entered.
- activities in Q1: Kiều Phú 3 approved (2 with evidence) and 1 returned, Phúc Thọ 1
  approved with evidence.

Kiều Phú's own plan: the office's task done on time; «Các thôn» due 1/3, the village's part
done late.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from activities.models import Activity, ActivityStatus, CompletionStatus, Evidence, TaskCompletion
from plans.models import Target
from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.factories import AssignmentFactory, PlanFactory, make_organisation, outreach_form
from tests.plans.conftest import ensure_catalogue

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 4, 2)
D = datetime.date


def _done(assignment, unit, *, late=False, on=None):
    return TaskCompletion.objects.create(
        assignment=assignment,
        unit=unit,
        status=CompletionStatus.DONE,
        percent=100,
        is_late=late,
        done_on=on,
    )


def build_contest(world):
    ensure_catalogue()
    hn, kp, pt = world.hn, world.kp, world.pt
    th = make_organisation(hn, code="T-TH", name="Xã Tam Hiệp", place_name="Tam Hiệp")
    dp = make_organisation(hn, code="T-DP", name="Xã Đông Phú", place_name="Đông Phú")
    city_plan = PlanFactory(
        issuer=hn, issued=True, number=179, period_start=D(2026, 1, 1), period_end=D(2026, 12, 31)
    )
    task = AssignmentFactory
    kp_lead = task(plan=city_plan, unit=kp, due_date=D(2026, 2, 10), tasks="- KP chủ trì.")
    kp_coord = task(
        plan=city_plan, unit=kp, role="coordinate", due_date=D(2026, 3, 1), tasks="- KP phối hợp."
    )
    pt_lead = task(plan=city_plan, unit=pt, due_date=D(2026, 2, 20), tasks="- PT chủ trì.")
    pt_coord = task(
        plan=city_plan, unit=pt, role="coordinate", due_date=D(2026, 3, 10), tasks="- PT phối hợp."
    )
    communes = task(
        plan=city_plan,
        unit=hn,
        label="UBND các xã",
        includes_subunits=True,
        subunit_kinds="commune",
        due_date=D(2026, 3, 5),
        tasks="- Các xã tổ chức tuyên truyền.",
    )
    # Due after the quarter: not scored in Q1.
    task(plan=city_plan, unit=kp, due_date=D(2026, 5, 1), tasks="- KP việc quý II.")
    _done(kp_lead, kp, on=D(2026, 2, 5))
    _done(kp_coord, kp, late=True, on=D(2026, 3, 3))
    _done(pt_coord, pt, on=D(2026, 3, 9))
    _done(communes, kp, on=D(2026, 3, 4))

    quarter = reporting_period("quarter", 2026, 1)
    for organisation, sent in ((kp, (2026, 3, 14, 10)), (pt, (2026, 3, 20, 9))):
        moment = datetime.datetime(*sent, tzinfo=HANOI)
        Report.objects.create(
            organisation=organisation,
            period=quarter,
            title=f"Báo cáo quý I của {organisation.name}",
            status=ReportStatus.SUBMITTED,
            submitted_at=moment,
            first_submitted_at=moment,
        )

    kp_plan = PlanFactory(
        issuer=kp, issued=True, number=12, period_start=D(2026, 1, 1), period_end=D(2026, 12, 31)
    )
    Target.objects.create(
        plan=kp_plan, indicator="Tổ chức 10 hoạt động", target_value=10, metric="activities"
    )
    Target.objects.create(
        plan=kp_plan, indicator="Trên 80% người dân có kỹ năng số", target_value=80, measure="%"
    )
    office_task = task(plan=kp_plan, unit=world.kp_office, due_date=D(2026, 2, 1))
    villages = task(
        plan=kp_plan,
        unit=kp,
        label="Các thôn",
        includes_subunits=True,
        subunit_kinds="village",
        due_date=D(2026, 3, 1),
        tasks="- Phát thanh trên loa thôn.",
    )
    _done(office_task, world.kp_office, on=D(2026, 1, 30))
    _done(villages, world.kp_village, late=True, on=D(2026, 3, 2))

    form = outreach_form("conference")
    activities = []
    for day, status, evidence in (
        (D(2026, 1, 10), ActivityStatus.APPROVED, True),
        (D(2026, 2, 10), ActivityStatus.APPROVED, True),
        (D(2026, 3, 10), ActivityStatus.APPROVED, False),
        (D(2026, 3, 11), ActivityStatus.RETURNED, False),
        # After the quarter's cut-off (14/3): not counted.
        (D(2026, 3, 20), ActivityStatus.APPROVED, False),
    ):
        activity = Activity.objects.create(
            plan=kp_plan,
            unit=world.kp_office,
            form=form,
            date=day,
            title=f"Hội nghị ngày {day:%d/%m}",
            status=status,
        )
        activities.append(activity)
        if evidence:
            Evidence.objects.create(activity=activity, kind="link", url="https://kieuphu.vn/a")
    pt_plan = PlanFactory(issuer=pt, issued=True, number=30)
    pt_activity = Activity.objects.create(
        plan=pt_plan,
        unit=world.pt_office,
        form=form,
        date=D(2026, 2, 2),
        title="Hội nghị Phúc Thọ",
        status=ActivityStatus.APPROVED,
    )
    Evidence.objects.create(activity=pt_activity, kind="link", url="https://phuctho.vn/a")
    return SimpleNamespace(
        world=world,
        th=th,
        dp=dp,
        kp_coord=kp_coord,
        pt_lead=pt_lead,
        communes=communes,
        villages=villages,
        activities=activities,
    )


@pytest.fixture
def contest(world):
    return build_contest(world)
