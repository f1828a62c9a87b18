"""A narrative that reads like the commune wrote it: targets judged against the pace expected
by the end of the period, the next period's tasks from the assignments due in it, spending
against the plan's budget; and the officer's own wording kept when the figures are redrawn.

Kiều Phú's plan runs from 01/01 to 31/12/2026. Its first-quarter report (Decree 09:
15/12/2025–14/03/2026) ends on the 73rd day of 365: a yearly target is expected at 20%."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Assignment, BudgetLine, Target
from reports.models import Report
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db


def narrative(client):
    return open_report(client)


@pytest.fixture
def paced(world, kp, add_activity):
    Target.objects.create(
        plan=kp.plan, indicator="Số hội nghị", target_value=10, metric="activities"
    )
    Target.objects.create(
        plan=kp.plan,
        indicator="Người tham dự",
        measure="người",
        target_value=1000,
        metric="participants",
    )
    Target.objects.create(plan=kp.plan, indicator="Lượt xem", target_value=100_000, metric="views")
    # 3 of 10 conferences (30%: ahead of 20%), 200 of 1,000 people (20%: on pace),
    # 1,000 of 100,000 views (1%: behind).
    for day, people, views in ((10, 100, 1000), (20, 60, 0), (28, 40, 0)):
        add_activity(
            date=datetime.date(2026, 2, day), participants=people, views=views, cost=2_000_000
        )
    BudgetLine.objects.create(plan=kp.plan, source="state", amount=30_000_000, position=1)
    Assignment.objects.create(
        plan=kp.plan,
        unit=world.kp_village,
        tasks="- Tổ chức ngày hội chuyển đổi số tại thôn.\n- Báo cáo kết quả.",
        due_date=datetime.date(2026, 4, 20),
        position=5,
    )
    return kp


def test_targets_are_judged_against_the_pace_of_the_period(world, paced, client_for):
    report = narrative(client_for(world.kp_officer))
    text = " ".join([report.results, report.strengths, report.shortcomings])
    assert "Vượt tiến độ dự kiến: «Số hội nghị» đạt 30%, dự kiến 20%." in report.strengths
    assert "«Người tham dự»" not in report.shortcomings
    assert (
        "Còn 1 chỉ tiêu chậm so với tiến độ dự kiến đến hết kỳ: «Lượt xem» đạt 1%, dự kiến 20%."
        in report.shortcomings
    )
    assert "chưa đạt" not in text


def test_the_next_period_lists_the_tasks_due_in_it_and_spending_meets_the_budget(
    world, paced, client_for
):
    report = narrative(client_for(world.kp_officer))
    assert (
        "- Thôn Phú Hữu: tổ chức ngày hội chuyển đổi số tại thôn. (hạn 20/04/2026);"
        in report.next_tasks
    )
    # Due 15/12 and 30/06: not in the next quarter.
    assert "hội nghị quán triệt" not in report.next_tasks
    assert "- Đẩy nhanh các chỉ tiêu chậm tiến độ: «Lượt xem»;" in report.next_tasks
    assert (
        "Kinh phí lũy kế từ đầu kế hoạch đến hết kỳ 6.000.000 đồng, bằng 20% dự toán "
        "30.000.000 đồng." in report.results
    )


def test_redrawing_keeps_what_the_officer_wrote(world, paced, client_for, add_activity):
    officer = client_for(world.kp_officer)
    report = narrative(officer)
    own_words = "Xã đã phối hợp tốt với Đoàn Thanh niên trong các buổi phát thanh."
    data = {name: getattr(report, name) for name in (
        "title", "addressee", "results", "strengths", "shortcomings", "difficulties",
        "next_tasks", "proposals", "signer_authority", "signer_on_behalf", "signer_title",
        "signer_name", "recipients", "place",
    )}  # fmt: skip
    data.update(strengths=own_words, version=report.version)
    assert officer.post(reverse("reports:edit", args=[report.pk]), data).status_code == 302
    add_activity(date=datetime.date(2026, 3, 1), participants=500, cost=1_000_000)

    response = officer.post(reverse("reports:redraft", args=[report.pk]), follow=True)
    report = Report.objects.get(pk=report.pk)
    assert report.strengths == own_words
    assert "4 hoạt động" in report.results
    assert "Giữ nguyên phần bạn đã sửa: Ưu điểm" in response.content.decode()
