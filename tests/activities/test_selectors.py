"""The shared read layer: the numbers pages, exports and periodic reports agree on."""

import datetime
from decimal import Decimal

import pytest

from activities import selectors
from activities.models import Activity, ActivityStatus, CompletionStatus, TaskCompletion
from tests.activities.conftest import make_targets
from tests.factories import AssignmentFactory, make_unit, outreach_form
from units.models import CutoffScheme

pytestmark = pytest.mark.django_db

APPROVED = ActivityStatus.APPROVED


@pytest.fixture
def figures(world, kp, add_activity, target_groups):
    """Five activities: three approved broadcasts/conferences, one pending, one returned."""
    village = {"unit": world.kp_village, "assignment": kp.village_task}
    rows = [
        add_activity(date=datetime.date(2026, 1, 10), participants=120, cost=8_500_000,
                     status=APPROVED),
        add_activity(date=datetime.date(2026, 1, 20), form=kp.loudspeaker, quantity=2,
                     participants=0, views=300, status=APPROVED, **village),
        add_activity(date=datetime.date(2026, 2, 14), form=kp.loudspeaker, quantity=3,
                     participants=0, views=700, interactions=15, status=APPROVED, **village),
        add_activity(date=datetime.date(2026, 2, 20), participants=60),
        add_activity(date=datetime.date(2026, 2, 21), participants=999,
                     status=ActivityStatus.RETURNED),
    ]  # fmt: skip
    rows[0].target_groups.set([target_groups["can-bo-dang-vien"], target_groups["nguoi-dan"]])
    rows[1].target_groups.set([target_groups["nguoi-dan"]])
    return rows


def test_totals_add_up_every_figure_in_one_query(figures, django_assert_num_queries):
    with django_assert_num_queries(1):
        totals = selectors.totals(Activity.objects.approved())
    assert totals == {
        "count": 3,
        "quantity": 6,
        "participants": 120,
        "views": 1000,
        "interactions": 15,
        "cost": 8_500_000,
    }


def test_an_empty_selection_gives_zeros_not_none(db):
    assert selectors.totals(Activity.objects.none()) == selectors.empty_figures()
    assert selectors.totals(Activity.objects.all())["cost"] == 0


def test_reported_counts_submitted_and_approved_but_not_returned(figures):
    assert selectors.totals(Activity.objects.reported())["participants"] == 180


def test_by_status_counts_every_status(figures):
    assert selectors.by_status(Activity.objects.all()) == {
        "draft": 0,
        "submitted": 1,
        "approved": 3,
        "returned": 1,
    }


def test_by_form_gives_quantities_in_each_forms_own_measure(kp, figures):
    rows = selectors.by_form(Activity.objects.approved())
    assert [(r["name"], r["count"], r["quantity"], r["measure"]) for r in rows] == [
        ("Phát thanh trên hệ thống truyền thanh cơ sở", 2, 5, "lượt phát"),
        ("Hội nghị phổ biến, quán triệt", 1, 1, "hội nghị"),
    ]


def test_by_unit_and_by_organisation_roll_up(world, figures, pt_activity):
    rows = selectors.by_unit(Activity.objects.approved())
    assert [(r["name"], r["count"]) for r in rows] == [
        ("Phòng Văn hóa - Xã hội", 1),
        ("Thôn Phú Hữu", 2),
        ("Phòng Văn hóa - Xã hội", 1),
    ]
    assert rows[0]["organisation_name"] == "Xã Kiều Phú"
    organisations = selectors.by_organisation(Activity.objects.approved())
    assert [(r["name"], r["count"], r["participants"]) for r in organisations] == [
        ("Xã Kiều Phú", 3, 120),
        ("Xã Phúc Thọ", 1, 40),
    ]


def test_one_scan_gives_the_same_organisations_and_forms(world, figures, pt_activity):
    approved = Activity.objects.approved()
    organisations, forms = selectors.by_organisation_and_form(approved)
    assert organisations == selectors.by_organisation(approved)
    assert forms == selectors.by_form(approved)
    assert [r["name"] for r in organisations] == ["Xã Kiều Phú", "Xã Phúc Thọ"]


@pytest.fixture
def pt_activity(world):
    """An approved activity of the neighbouring commune, under its own plan."""
    from tests.factories import PlanFactory

    plan = PlanFactory(issuer=world.pt, issued=True)
    task = AssignmentFactory(plan=plan, unit=world.pt_office)
    return Activity.objects.create(
        plan=plan,
        unit=world.pt_office,
        assignment=task,
        form=outreach_form("conference"),
        date=datetime.date(2026, 2, 1),
        title="Hội nghị Phúc Thọ",
        participants=40,
        status=APPROVED,
    )


def test_by_month_follows_the_calendar_or_the_decree_09_cut_off(figures):
    approved = Activity.objects.approved()
    calendar = selectors.by_month(approved)
    assert [(r["label"], r["count"]) for r in calendar] == [("01/2026", 2), ("02/2026", 1)]
    # Decree 09: the 20/01 broadcast belongs to February, 14/02 still to February.
    decree = selectors.by_month(approved, scheme=CutoffScheme.DECREE_09)
    assert [(r["label"], r["count"], r["quantity"]) for r in decree] == [
        ("01/2026", 1, 1),
        ("02/2026", 2, 5),
    ]


def test_by_month_fills_empty_months_of_the_period_for_charts(figures):
    rows = selectors.by_month(
        Activity.objects.approved(),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 4, 30),
    )
    assert [(r["label"], r["count"]) for r in rows] == [
        ("01/2026", 2),
        ("02/2026", 1),
        ("03/2026", 0),
        ("04/2026", 0),
    ]


def test_by_target_group_counts_an_activity_in_each_group_it_reached(figures):
    rows = selectors.by_target_group(Activity.objects.approved())
    assert [(r["name"], r["count"]) for r in rows] == [
        ("Cán bộ, đảng viên", 1),
        ("Người dân", 2),
        ("Chưa ghi đối tượng", 1),
    ]


def test_targets_compare_with_actuals_by_their_metric(kp, figures, django_assert_num_queries):
    targets = make_targets(kp)
    with django_assert_num_queries(2):
        progress = {
            p.target.pk: p for p in selectors.target_progress(kp.plan, Activity.objects.approved())
        }
    assert progress[targets["manual"].pk].actual == Decimal("63")
    assert progress[targets["manual"].pk].percent == 78
    assert progress[targets["broadcasts"].pk].actual == 5  # quantity of the loudspeaker form
    assert progress[targets["people"].pk].actual == 120
    assert progress[targets["count"].pk].actual == 3
    assert progress[targets["views"].pk].actual == 1000
    assert not progress[targets["views"].pk].is_met
    assert progress[targets["count"].pk].percent == 30


def test_a_target_is_met_when_the_actual_reaches_it(kp, add_activity):
    targets = make_targets(kp)
    add_activity(form=kp.loudspeaker, quantity=60, status=APPROVED)
    progress = selectors.target_progress(kp.plan, Activity.objects.approved())
    broadcasts = next(p for p in progress if p.target == targets["broadcasts"])
    assert broadcasts.is_met and broadcasts.percent == 115 and broadcasts.bar_percent == 100


def test_assignment_progress_lists_villages_without_activity(world, kp, figures):
    yen_noi = make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Yên Nội")
    rows = selectors.assignment_progress(
        kp.plan, Activity.objects.reported(), today=datetime.date(2026, 3, 1)
    )
    office, villages = rows
    assert office.figures["count"] == 2 and office.approved == 1 and office.pending == 1
    assert office.state == "waiting"  # results, but nobody said the task is done
    assert [u.name for u in villages.covered_units] == ["Thôn Phú Hữu", "Thôn Yên Nội"]
    assert villages.units_without_activity == [yen_noi]
    assert villages.last_date == datetime.date(2026, 2, 14)


def test_late_assignments_are_those_due_and_not_done(
    world, kp, add_activity, django_assert_num_queries
):
    add_activity(status=ActivityStatus.APPROVED)  # results alone do not finish a task
    early = AssignmentFactory(
        plan=kp.plan, unit=world.kp_village, due_date=datetime.date(2026, 3, 1)
    )
    AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=datetime.date(2026, 9, 1))
    today = datetime.date(2026, 6, 20)
    with django_assert_num_queries(1):
        late = selectors.late_assignments(
            kp.plan.assignments.all(), today=today, soon_days=14, limit=50
        )
    assert late == [early, kp.village_task]
    assert late[0].is_overdue and late[0].days_left == -111
    assert not late[1].is_overdue and late[1].days_left == 10

    TaskCompletion.objects.create(
        assignment=early, unit=world.kp_village, status=CompletionStatus.DONE, percent=100
    )
    assert selectors.late_assignments(kp.plan.assignments.all(), today=today, limit=50) == [
        kp.village_task
    ]


def test_current_periods_follow_the_organisations_cut_off():
    today = datetime.date(2026, 4, 20)
    month = selectors.current_period("month", today=today)
    assert (month.start, month.end) == (datetime.date(2026, 4, 15), datetime.date(2026, 5, 14))
    assert month.label == "Tháng 05/2026"
    quarter = selectors.current_period("quarter", today=today, scheme=CutoffScheme.CALENDAR)
    assert (quarter.start, quarter.end) == (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    year = selectors.current_period("year", today=today)
    assert year.description == "Năm 2026 (từ 15/12/2025 đến 14/12/2026)"


def test_each_aggregate_is_one_query_whatever_the_number_of_rows(
    world, kp, add_activity, django_assert_num_queries
):
    for day in range(1, 29):
        add_activity(date=datetime.date(2026, 2, day), status=APPROVED)
    approved = Activity.objects.approved()
    for function in (
        selectors.by_form,
        selectors.by_unit,
        selectors.by_organisation,
        selectors.by_target_group,
        selectors.by_status,
        selectors.by_plan,
    ):
        with django_assert_num_queries(1):
            function(approved)
    with django_assert_num_queries(1):
        selectors.by_month(approved, scheme=CutoffScheme.DECREE_09)
    with django_assert_num_queries(5):
        selectors.assignment_progress(kp.plan, approved, today=datetime.date(2026, 3, 1))


def test_assignment_progress_reads_no_unit_tree_when_no_task_covers_subunits(
    world, add_activity, django_assert_num_queries
):
    from tests.factories import PlanFactory

    plan = PlanFactory(issuer=world.kp, issued=True)
    for unit in (world.kp_office, world.kp_village):
        AssignmentFactory(plan=plan, unit=unit, includes_subunits=False)
    # Assignments, their figures and their completions; no units, no (task, unit) pairs.
    with django_assert_num_queries(3):
        rows = selectors.assignment_progress(
            plan, Activity.objects.reported(), today=datetime.date(2026, 3, 1)
        )
    assert [row.covered_units for row in rows] == [[], []]
