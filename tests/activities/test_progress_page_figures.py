"""A plan's progress page (activities:progress): each target's actual and percentage (a count
restricted to its form, zeros, a manual target without result, the order of the plan) and
each task's row (order, zeros, standing, parts done, the day it was done)."""

import datetime
import re

import pytest
from django.urls import reverse

from activities.models import ActivityStatus
from activities.services.completion import CompletionInput, task_report
from plans.models import Target
from tests.factories import AssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

APPROVED = ActivityStatus.APPROVED


def progress_page(client, kp):
    return client.get(reverse("activities:progress", args=[kp.plan.pk])).content.decode()


def target_rows(html):
    """[(indicator, actual, progress)] in the page's order, tags and spaces squeezed."""
    rows = re.findall(r'<tr data-target="\d+">(.*?)</tr>', html, re.S)
    result = []
    for row in rows:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        indicator = cells[0].split("<div")[0].strip()
        result.append((indicator, text(cells[2]), text(cells[3])))
    return result


def text(cell):
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def assignment_rows(html):
    """{assignment pk: [cell texts]} of the tasks' table."""
    rows = re.findall(r'<tr data-assignment="(\d+)">(.*?)</tr>', html, re.S)
    return {
        int(pk): [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for pk, row in rows
    }


def test_targets_in_plan_order_with_counts_of_their_own_form(world, kp, client_for, add_activity):
    Target.objects.create(
        plan=kp.plan, indicator="Buổi hội nghị", target_value=4, metric="activities",
        form=kp.conference, position=2,
    )  # fmt: skip
    Target.objects.create(
        plan=kp.plan, indicator="Lượt phát thanh", measure="lượt phát", target_value=50,
        metric="quantity", form=kp.loudspeaker, position=1,
    )  # fmt: skip
    Target.objects.create(
        plan=kp.plan, indicator="Kỹ năng số", measure="%", target_value=80, position=3
    )
    Target.objects.create(
        plan=kp.plan, indicator="Buổi phát thanh", target_value=10, metric="activities",
        form=kp.loudspeaker, position=4,
    )  # fmt: skip
    add_activity(form=kp.conference, status=APPROVED)
    add_activity(form=kp.conference, quantity=7)
    html = progress_page(client_for(world.kp_leader), kp)
    assert target_rows(html) == [
        ("Lượt phát thanh", "0 lượt phát", "0%"),
        ("Buổi hội nghị", "2", "50%"),
        ("Kỹ năng số", "—", "Chưa có kết quả"),
        ("Buổi phát thanh", "0", "0%"),
    ]


def test_tasks_in_plan_order_with_their_counts_standing_and_parts_done(
    world, kp, client_for, add_activity
):
    late = AssignmentFactory(
        plan=kp.plan, unit=world.kp_office, label="Tuyên truyền trên cổng",
        due_date=datetime.date(2026, 4, 10), position=0,
    )  # fmt: skip
    add_activity(status=APPROVED, date=datetime.date(2026, 3, 2))
    add_activity(date=datetime.date(2026, 3, 9))
    task_report(
        assignment=kp.village_task,
        unit=world.kp_village,
        by=world.kp_village_head,
        data=CompletionInput(done=True, result="Đã phát thanh 12 buổi."),
    )
    rows = assignment_rows(progress_page(client_for(world.kp_leader), kp))
    assert list(rows) == [late.pk, kp.office_task.pk, kp.village_task.pk]
    assert rows[late.pk][1:] == ["10/04/2026", "0", "0", "—", "Quá hạn 10 ngày"]
    assert rows[kp.office_task.pk][1:] == [
        "15/12/2026", "2", "1 (+1 chờ)", "09/03/2026", "Chưa đến hạn",
    ]  # fmt: skip
    assert (
        "1/1 đơn vị đã hoàn thành; chưa có hoạt động: Thôn Phú Hữu" in rows[kp.village_task.pk][0]
    )
    assert rows[kp.village_task.pk][1:] == [
        "30/06/2026", "0", "0", "—", "Đã hoàn thành ngày 20/04/2026",
    ]  # fmt: skip


def units_rows(html):
    """The «Theo đơn vị» table's unit cells, tags and spaces squeezed."""
    table = html.split('id="units-title"', 1)[1].split("</table>", 1)[0]
    return [text(row.split("</td>", 1)[0]) for row in re.findall(r"<tr><td>(.*?)</tr>", table)]


def test_units_of_other_organisations_carry_their_name_on_a_city_plans_progress(world, client_for):
    from activities.models import Activity
    from tests.factories import PlanFactory, make_unit, outreach_form

    plan = PlanFactory(issuer=world.hn, issued=True)
    city_office = make_unit(world.hn, code="T-HN-VP", name="Văn phòng Ủy ban thành phố")
    for unit in (city_office, world.kp_office):
        Activity.objects.create(
            plan=plan, unit=unit, assignment=AssignmentFactory(plan=plan, unit=unit),
            form=outreach_form("conference"), date=datetime.date(2026, 3, 2),
            title=f"Hội nghị của {unit.name}", status=APPROVED,
        )  # fmt: skip
    page = client_for(world.hn_leader).get(reverse("activities:progress", args=[plan.pk]))
    assert units_rows(page.content.decode()) == [
        "Phòng Văn hóa - Xã hội (Xã Kiều Phú)",
        "Văn phòng Ủy ban thành phố",
    ]
