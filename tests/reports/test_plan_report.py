"""A report on the results of one plan («Báo cáo kết quả thực hiện Kế hoạch số …»), opened
from the plan's page for one of its periods: it counts that plan's activities only."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reports.models import Report
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def open_for(client, plan, kind="quarter", year=2026, index=1):
    return client.post(
        reverse("reports:create"), {"plan": plan.pk, "kind": kind, "year": year, "index": index}
    )


def test_the_plan_page_opens_a_report_on_that_plan_alone(
    world, kp, q1, add_activity, client_for, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=HANOI), tick=False)
    other = PlanFactory(issuer=world.kp, issued=True, number=30, title="Tuyên truyền bầu cử")
    add_activity(plan=other, date=datetime.date(2026, 2, 3), participants=999)
    officer = client_for(world.kp_officer)

    page = officer.get(reverse("plans:detail", args=[kp.plan.pk])).content.decode()
    assert "Báo cáo kết quả thực hiện kế hoạch" in page and "Quý I/2026" in page

    response = open_for(officer, kp.plan)
    report = Report.objects.get(plan=kp.plan)
    assert response.url == reverse("reports:detail", args=[report.pk])
    assert report.title.startswith(f"Kết quả thực hiện Kế hoạch số {kp.plan.number_display}")
    totals = officer.get(response.url).context["figures"]["totals"]
    assert totals["count"] == 3 and totals["participants"] == 1_354
    # Listed on the plan's page now, and not offered twice.
    page = officer.get(reverse("plans:detail", args=[kp.plan.pk])).content.decode()
    assert reverse("reports:detail", args=[report.pk]) in page
    open_for(officer, kp.plan)
    assert Report.objects.filter(plan=kp.plan).count() == 1
    # The general report of the quarter is another report, with every plan's activities.
    general = officer.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 1})
    assert general.url != response.url


def test_nobody_reports_on_another_organisations_plan(world, kp, client_for):
    for outsider in (world.gv_officer, world.pt_officer, world.hn_leader):
        assert open_for(client_for(outsider), kp.plan).status_code == 404
    assert not Report.objects.filter(plan=kp.plan).exists()
    # The superior reads the plan; it does not open reports for Kiều Phú.
    page = client_for(world.hn_leader).get(reverse("plans:detail", args=[kp.plan.pk]))
    assert "Lập báo cáo riêng về kế hoạch này" not in page.content.decode()
