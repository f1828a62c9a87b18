"""The superior's matrix and roll-up: statuses, the sum of the parts, reminders, queries."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from notifications.models import Notification
from reports.selectors import rollup
from tests.factories import UserFactory, make_organisation
from tests.reports.conftest import aggregate, pdf_text, total_row, vn, workbook
from tests.reports.test_documents import open_report
from units.models import Role

pytestmark = pytest.mark.django_db
Q1 = (datetime.date(2025, 12, 15), datetime.date(2026, 3, 14))


@pytest.fixture
def submitted(world, q1, client_for):
    report = open_report(client_for(world.kp_officer))
    client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    return report


def test_the_rollup_equals_the_sum_of_its_parts(world, q1):
    result = rollup(
        superior=world.hn, kind="quarter", year=2026, index=1, today=datetime.date(2026, 4, 1)
    )
    names = [row.name for row in result.rows]
    assert names == ["Xã Kiều Phú", "Xã Phúc Thọ"]
    everything = Activity.objects.approved().filter(
        unit__path__startswith=world.hn.path, date__gte=Q1[0], date__lte=Q1[1]
    )
    assert result.totals["count"] == aggregate(everything)["count"] == 4
    for name in ("count", "participants", "views", "cost"):
        assert result.totals[name] == sum(row.figures[name] for row in result.rows)
    by_org = {row.name: row.figures for row in result.rows}
    kp_only = everything.filter(unit__organisation=world.kp)
    assert by_org["Xã Kiều Phú"]["participants"] == aggregate(kp_only)["participants"]


def test_the_rollup_downloads_carry_the_same_totals(world, submitted, client_for):
    hn = client_for(world.hn_leader)
    everything = Activity.objects.approved().filter(
        unit__path__startswith=world.hn.path, date__gte=Q1[0], date__lte=Q1[1]
    )
    expected = aggregate(everything)
    response = hn.get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"})
    assert response.status_code == 200
    sheet = workbook(response.content)["Tổng hợp"]
    rows = {row[1]: row for row in sheet.iter_rows(values_only=True) if row and row[1]}
    assert rows["Xã Kiều Phú"][2] == "Đã gửi đúng hạn" or rows["Xã Kiều Phú"][2].startswith(
        "Gửi muộn "
    )
    assert rows["Xã Phúc Thọ"][2].split(" · ")[0] in {
        "Chưa gửi (quá hạn)",
        "Chưa đến hạn",
        "Chưa hết kỳ",
    }
    assert rows["Xã Phúc Thọ"][2].endswith(" · số liệu chưa báo cáo")
    total = total_row(sheet)
    assert total[3:] == (
        expected["count"],
        expected["participants"],
        expected["views"],
        0,
        expected["cost"],
    )
    text = pdf_text(hn.get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"}).content)
    assert "Tổng hợp kết quả công tác tuyên truyền quý I/2026" in text
    assert f"{vn(expected['participants'])} lượt người tham dự" in text
    assert "1/2 cơ quan đã gửi báo cáo" in text
    assert "Xã Kiều Phú" not in text.split("chưa gửi báo cáo")[-1].split(".")[0]
    year = hn.get(reverse("reports:rollup_pdf"), {"year": 2026})
    assert year.status_code == 200


def test_the_matrix_shows_who_has_reported(world, submitted, client_for):
    response = client_for(world.hn_leader).get(reverse("reports:matrix"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Xã Kiều Phú" in page and "Xã Phúc Thọ" in page
    assert "Phường Gia Viên" not in page
    assert reverse("reports:detail", args=[submitted.pk]) in page
    rows = {row.organisation.name: row for row in response.context["rows"]}
    assert rows["Xã Kiều Phú"].cells[0].state in {"submitted", "late"}
    assert rows["Xã Phúc Thọ"].cells[0].state in {"missing", "pending", "upcoming"}
    assert len(rows["Xã Kiều Phú"].cells) == 4


def test_a_commune_sees_no_subordinates_and_no_neighbours(world, q1, client_for):
    response = client_for(world.pt_officer).get(reverse("reports:matrix"), {"year": 2026})
    assert response.status_code == 200
    assert response.context["rows"] == []
    sheet = workbook(
        client_for(world.pt_officer).get(reverse("reports:rollup_xlsx"), {"year": 2026}).content
    )["Tổng hợp"]
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert "Xã Kiều Phú" not in names


def test_the_superior_reminds_the_missing_ones(world, submitted, client_for):
    pt_leader = UserFactory(username="pt.leader", unit=world.pt, role=Role.LEADER)
    hn = client_for(UserFactory(username="hn.officer", unit=world.hn, role=Role.OFFICER))
    data = {"kind": "quarter", "year": 2026, "index": 1}
    response = hn.post(reverse("reports:remind"), data)
    assert response.status_code == 302
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"pt.officer", pt_leader.username}  # Kiều Phú has reported
    hn.post(reverse("reports:remind"), data)
    assert Notification.objects.count() == 2  # once a day


def test_a_commune_without_subordinates_reminds_nobody(world, client_for):
    response = client_for(world.kp_leader).post(
        reverse("reports:remind"), {"kind": "quarter", "year": 2026, "index": 1}
    )
    assert response.status_code == 302  # a commune has nobody below to remind
    assert Notification.objects.count() == 0


def test_pages_take_a_fixed_number_of_queries(
    world, submitted, client_for, django_assert_max_num_queries
):
    for index in range(8):
        make_organisation(world.hn, code=f"T-X{index}", name=f"Xã {index}")
    hn = client_for(world.hn_leader)
    with django_assert_max_num_queries(8):
        hn.get(reverse("reports:matrix"), {"year": 2026})
    # Written as an export job (the job's row and progress included) within the request in
    # the embedded default, then handed again from the kept file.
    with django_assert_max_num_queries(20):
        hn.get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"})
    with django_assert_max_num_queries(6):
        hn.get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"})
    kp = client_for(world.kp_officer)
    with django_assert_max_num_queries(8):
        kp.get(reverse("reports:list"))
    with django_assert_max_num_queries(20):
        kp.get(reverse("reports:detail", args=[submitted.pk]))


def test_the_home_page_lists_reports_due_until_they_are_sent(world, q1, client_for):
    from reports.selectors import reports_due

    day = datetime.date(2026, 3, 20)
    due = reports_due(world.kp, today=day)
    assert [(item["slot"].notation, item["overdue"]) for item in due] == [("2026-Q1", True)]
    report = open_report(client_for(world.kp_officer))
    assert reports_due(world.kp, today=day)[0]["report"] == report
    client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    assert reports_due(world.kp, today=day) == []


def test_months_are_not_required_of_organisations_reporting_quarterly(world, client_for):
    response = client_for(world.hn_leader).get(
        reverse("reports:matrix"), {"year": 2026, "kind": "month"}
    )
    rows = response.context["rows"]
    assert len(rows[0].cells) == 12
    assert {cell.state for row in rows for cell in row.cells} == {"not_required"}


def test_a_report_about_one_plan_counts_for_the_period(world, kp, q1, client_for):
    from django.utils import timezone

    from reports.models import Report
    from reports.periods import reporting_period

    period = reporting_period("quarter", 2026, 1)
    report = Report.objects.create(
        organisation=world.kp,
        period=period,
        plan=kp.plan,
        title="Báo cáo kết quả thực hiện Kế hoạch",
        status="accepted",
        submitted_at=timezone.now(),
        figures={"activities": 2, "forms": []},  # stored by another tool, not this layout
    )
    response = client_for(world.hn_leader).get(reverse("reports:matrix"), {"year": 2026})
    rows = {row.organisation.name: row for row in response.context["rows"]}
    assert rows["Xã Kiều Phú"].cells[0].state == "accepted"
    page = client_for(world.hn_leader).get(reverse("reports:detail", args=[report.pk]))
    assert page.status_code == 200
    # Figures of the plan's approved activities in the period, computed again.
    assert page.context["figures"]["totals"]["count"] == 3
