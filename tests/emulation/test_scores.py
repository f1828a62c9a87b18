"""Every number of a small contest checked by hand (the world is in conftest.py).

Defaults: tasks 40 points (lead 1, coordinate 0.3, late half), reports 20 (late half),
targets 20, evidence 10 (full from 80%), not returned 10 (full from 95%); total = points
over the weights of the criteria that apply, on 100.
"""

from decimal import Decimal

import pytest

from emulation.models import CriteriaSet, Criterion
from emulation.selectors import Subjects, ranking
from emulation.services import criteria_for

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def numbers(row):
    return {
        c.kind: (c.on_time, c.late, c.missing, c.rate, c.points) if c.applies else None
        for c in row.criteria
    }


def city_q1():
    from units.models import Unit

    hn = Unit.objects.get(code="T-HN")
    return ranking(
        judge=hn, kind="quarter", year=2026, index=1, scope=Subjects.ORGANISATIONS, today=TODAY
    )


def test_the_city_ranks_its_communes_as_counted_by_hand(contest):
    result = city_q1()

    assert [(r.unit.name, r.total, r.rank, r.classification_label) for r in result.rows] == [
        ("Xã Kiều Phú", Decimal("83.61"), 1, "Hoàn thành tốt nhiệm vụ"),
        ("Xã Phúc Thọ", Decimal("44.03"), 2, "Không hoàn thành nhiệm vụ"),
        # Equal totals share the rank; the next would be 5th.
        ("Xã Tam Hiệp", Decimal("0.00"), 3, "Không hoàn thành nhiệm vụ"),
        ("Xã Đông Phú", Decimal("0.00"), 3, "Không hoàn thành nhiệm vụ"),
    ]
    kp, pt, th, dp = result.rows
    # Kiều Phú: tasks 1 + 0.3×0.5 + 1 = 2.15 of 2.3 → 40 × 2.15/2.3 = 37.39; report on time;
    # targets 1 of 2 on pace → 10; evidence 2 of 3 = 66.67% of the 80% for full → 8.33;
    # 3 kept of 4 = 75% of the 95% for full → 7.89. Total 83.61 of 100.
    assert numbers(kp) == {
        "tasks": (2, 1, 0, Decimal("93.48"), Decimal("37.39")),
        "reports": (1, 0, 0, Decimal("100.00"), Decimal("20.00")),
        "targets": (1, 0, 1, Decimal("50.00"), Decimal("10.00")),
        "evidence": (2, 0, 1, Decimal("66.67"), Decimal("8.33")),
        "returned": (3, 0, 1, Decimal("75.00"), Decimal("7.89")),
    }
    # Phúc Thọ: 0.3 of 2.3 → 5.22; report 5 days late → half; no target: left out.
    # (5.22 + 10 + 10 + 10) / 80 = 44.03%.
    assert numbers(pt) == {
        "tasks": (1, 0, 2, Decimal("13.04"), Decimal("5.22")),
        "reports": (0, 1, 0, Decimal("50.00"), Decimal("10.00")),
        "targets": None,
        "evidence": (1, 0, 0, Decimal("100.00"), Decimal("10.00")),
        "returned": (1, 0, 0, Decimal("100.00"), Decimal("10.00")),
    }
    for commune in (th, dp):
        assert numbers(commune) == {
            "tasks": (0, 0, 1, Decimal("0.00"), Decimal("0.00")),
            "reports": (0, 0, 1, Decimal("0.00"), Decimal("0.00")),
            "targets": None,
            "evidence": None,
            "returned": None,
        }


def test_the_rows_behind_each_number_are_the_tasks_and_reports_that_made_it(contest):
    kp, pt, th, _dp = city_q1().rows

    late = [i.assignment for i in kp.criterion("tasks").items if i.outcome == "late"]
    assert late == [contest.kp_coord]
    missing = [i.assignment for i in pt.criterion("tasks").items if i.outcome == "missing"]
    assert missing == [contest.pt_lead, contest.communes]
    assert [(c.slot.label, c.label) for c in pt.criterion("reports").items] == [
        ("Quý I/2026", "Gửi muộn 5 ngày")
    ]
    assert [(c.slot.label, c.state) for c in th.criterion("reports").items] == [
        ("Quý I/2026", "missing")
    ]
    assert [
        (i.target.indicator, i.percent, i.expected, i.pace) for i in kp.criterion("targets").items
    ] == [
        ("Tổ chức 10 hoạt động", 30, 20, "vượt tiến độ"),
        ("Trên 80% người dân có kỹ năng số", None, 20, ""),
    ]


def test_a_commune_ranks_its_units_on_tasks_and_activities_only(contest, world):
    result = ranking(
        judge=world.kp, kind="quarter", year=2026, index=1, scope=Subjects.UNITS, today=TODAY
    )

    # Office: its task on time → 40; evidence 8.33, kept 7.89 → 56.22 of 60 = 93.70.
    # Village: its part of «Các thôn» late → 20 of 40 = 50.00.
    assert [(r.unit.name, r.total, r.rank, r.classification_label) for r in result.rows] == [
        ("Phòng Văn hóa - Xã hội", Decimal("93.70"), 1, "Hoàn thành xuất sắc nhiệm vụ"),
        ("Thôn Phú Hữu", Decimal("50.00"), 2, "Hoàn thành nhiệm vụ"),
    ]
    office, village = result.rows
    assert numbers(office)["tasks"] == (1, 0, 0, Decimal("100.00"), Decimal("40.00"))
    assert numbers(village)["tasks"] == (0, 1, 0, Decimal("50.00"), Decimal("20.00"))
    assert [i.assignment for i in village.criterion("tasks").items] == [contest.villages]


def test_the_ranking_takes_the_same_number_of_queries_for_two_or_twenty_communes(
    contest, world, django_assert_max_num_queries
):
    from tests.factories import make_organisation

    city_q1()  # creates the criteria once
    # The judge, the criteria (2), the communes, tasks (2), the report matrix (2),
    # targets (2), activities.
    with django_assert_max_num_queries(11) as small:
        city_q1()
    for number in range(16):
        make_organisation(world.hn, code=f"T-X{number}", name=f"Xã số {number}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = city_q1()
    assert len(result.rows) == 20


def test_default_criteria_are_created_once_with_their_history_and_copied_to_the_next_year(world):
    first = criteria_for(judge=world.hn, year=2026)
    assert [(c.kind, c.weight, c.late_credit, c.full_at) for c in first.criteria.all()] == [
        ("tasks", Decimal("40.00"), Decimal("0.50"), Decimal("100.00")),
        ("reports", Decimal("20.00"), Decimal("0.50"), Decimal("100.00")),
        ("targets", Decimal("20.00"), Decimal("0.50"), Decimal("100.00")),
        ("evidence", Decimal("10.00"), Decimal("0.50"), Decimal("80.00")),
        ("returned", Decimal("10.00"), Decimal("0.50"), Decimal("95.00")),
    ]
    assert (first.lead_weight, first.coordinate_weight, first.requested_weight) == (
        Decimal("1.00"),
        Decimal("0.30"),
        Decimal("0.30"),
    )
    assert criteria_for(judge=world.hn, year=2026).pk == first.pk
    assert first.history.get().history_change_reason == "Tạo theo tiêu chí mặc định"

    Criterion.objects.filter(criteria_set=first, kind="tasks").update(weight=50)
    CriteriaSet.objects.filter(pk=first.pk).update(good_from=75)
    following = criteria_for(judge=world.hn, year=2027)
    assert following.good_from == Decimal("75.00")
    assert following.criteria.get(kind="tasks").weight == Decimal("50.00")
    assert following.history.get().history_change_reason == "Tạo theo bộ tiêu chí năm 2026"
