"""Where a report stands as the pages show it, in the cases the matrix, the report list and
the home page must keep apart: another year's report, an organisation's own custom period, a
draft nobody sent, another organisation's report, a calendar cut-off, a report returned after
its due date; and the queries these reads take whatever the number of reports."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from activities.selectors import FIGURES
from reports.models import Report, ReportStatus
from reports.selectors import report_matrix, reports_due, reports_of, rollup, visible_reports
from reports.services import organisation_period
from tests.factories import PlanFactory
from tests.reports.conftest import custom_first_quarter
from units.models import CutoffScheme

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
D = datetime.date


def at(time_machine, *args):
    time_machine.move_to(datetime.datetime(*args, 9, 0, tzinfo=HANOI), tick=False)


def report(organisation, status, *, kind="quarter", year=2026, index=1, period=None, **fields):
    if period is None:
        period, _ = organisation_period(
            organisation=organisation, kind=kind, year=year, index=index
        )
    sent = status != ReportStatus.DRAFT
    moment = datetime.datetime(year, 3, 10, 9, 0, tzinfo=HANOI)
    fields.setdefault("submitted_at", moment if sent else None)
    fields.setdefault("first_submitted_at", moment if sent else None)
    return Report.objects.create(
        organisation=organisation, period=period, title="Báo cáo", status=status, **fields
    )


def matrix(client, kind="quarter"):
    return client.get(reverse("reports:matrix"), {"year": 2026, "kind": kind}).content.decode()


def cells(page, code):
    row = re.search(rf'<tr data-organisation="{code}">(.*?)</tr>', page, re.S).group(1)
    return re.findall(r'data-state="(\w+)"', row)


def list_rows(client, year=2026):
    """(period, bounds, due date, status) of each row of the organisation's report list."""
    page = client.get(reverse("reports:list"), {"year": year}).content.decode()
    return [
        (label, bounds, due, states[-1])
        for label, bounds, due, states in (
            (
                m.group(1),
                m.group(2),
                m.group(3),
                re.findall(r'<span class="badge [^"]*">([^<]+)</span>', m.group(4)),
            )
            for m in re.finditer(
                r'<td class="fw-semibold">([^<]+)</td>\s*<td>([^<]+)</td>\s*<td>([^<]+)</td>'
                r"(.*?)</tr>",
                page,
                re.S,
            )
        )
    ]


def home_reports(client):
    """The home page's «Báo cáo định kỳ phải gửi»: (text, badge) per report."""
    page = client.get(reverse("home")).content.decode()
    section = re.search(r'id="reports-due-title".*?</section>', page, re.S)
    if section is None:
        return []
    return [
        (re.sub(r"<[^>]+>", "", text).strip(), badge)
        for text, badge in re.findall(
            r"<span>(Báo cáo .*?)</span>\s*<span class=\"badge [^\"]*\">([^<]+)</span>",
            section.group(0),
            re.S,
        )
    ]


# ---------------------------------------------------------------- the superior's matrix


def test_last_years_report_does_not_fill_this_years_cell(world, client_for, time_machine):
    at(time_machine, 2026, 4, 20)
    report(world.kp, ReportStatus.ACCEPTED, year=2025)
    page = matrix(client_for(world.hn_leader))
    assert cells(page, "T-KP") == ["missing", "upcoming", "upcoming", "upcoming"]


def test_a_report_on_the_organisations_own_custom_period_does_not_fill_the_quarter(
    world, client_for, time_machine
):
    at(time_machine, 2026, 4, 20)
    own = custom_first_quarter(world.kp)
    report(world.kp, ReportStatus.ACCEPTED, period=own)
    page = matrix(client_for(world.hn_leader))
    assert cells(page, "T-KP")[0] == "missing"


def test_a_draft_nobody_sent_leaves_the_cell_missing(world, client_for, time_machine):
    at(time_machine, 2026, 4, 20)
    report(world.pt, ReportStatus.DRAFT)
    page = matrix(client_for(world.hn_leader))
    assert cells(page, "T-PT") == ["missing", "upcoming", "upcoming", "upcoming"]
    assert "Chưa gửi (quá hạn)" in page


def test_the_matrix_has_one_column_per_period_of_the_kind_shown(world, client_for, time_machine):
    at(time_machine, 2026, 4, 20)
    # Hà Nội itself reports on quarters, half-years and years (the default).
    page = matrix(client_for(world.hn_leader))
    headers = re.findall(r'<th class="text-center">([^<]+)<div', page)
    assert headers == ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]
    footer = re.search(r'data-testid="timeliness-row">(.*?)</tr>', page, re.S).group(1)
    assert len(re.findall(r"<td ", footer)) == 4


def test_the_matrix_reads_the_reports_in_one_query_whatever_their_number(
    world, django_assert_num_queries
):
    world.pt.period_scheme = CutoffScheme.CALENDAR
    world.pt.save()
    moment = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=HANOI)
    # Sent before first_submitted_at was kept: its time is submitted_at.
    report(world.kp, ReportStatus.SUBMITTED, submitted_at=moment, first_submitted_at=None)
    report(world.kp, ReportStatus.SUBMITTED, index=2)
    report(world.pt, ReportStatus.ACCEPTED, times_returned=1)
    with django_assert_num_queries(2):
        _headers, rows = report_matrix(
            superior=world.hn, year=2026, kind="quarter", today=D(2026, 4, 20)
        )
        labels = {row.organisation.code: [cell.label for cell in row.cells] for row in rows}
        on_time = [cell.on_time for row in rows for cell in row.cells]
    assert labels["T-KP"][:2] == ["Gửi muộn 1 ngày", "Đã gửi đúng hạn"]
    assert labels["T-PT"][0] == "Đã tiếp nhận · đúng hạn · trả lại 1 lần"
    assert on_time.count(True) == 2 and on_time.count(False) == 1


# ---------------------------------------------------------------- the organisation's own list


def test_the_list_shows_only_the_organisations_own_reports_of_the_year(
    world, client_for, time_machine
):
    at(time_machine, 2026, 4, 20)
    report(world.pt, ReportStatus.ACCEPTED)  # Phúc Thọ's first quarter
    report(world.kp, ReportStatus.ACCEPTED, kind="half", year=2025)  # last year's first half
    rows = list_rows(client_for(world.kp_leader))
    assert rows[:2] == [
        ("Quý I/2026", "15/12/2025 – 14/03/2026", "15/03/2026", "Chưa gửi (quá hạn)"),
        ("Quý II/2026", "15/03/2026 – 14/06/2026", "15/06/2026", "Chưa hết kỳ"),
    ]
    assert rows[4] == (
        "6 tháng đầu năm 2026",
        "15/12/2025 – 14/06/2026",
        "15/06/2026",
        "Chưa hết kỳ",
    )


def test_a_calendar_organisation_lists_its_own_bounds_and_due_dates(
    world, client_for, time_machine
):
    at(time_machine, 2026, 4, 10)
    world.kp.period_scheme = CutoffScheme.CALENDAR
    world.kp.save()
    rows = list_rows(client_for(world.kp_leader))
    # The quarter ended on 31/03; its report is due on the 15th of the next month.
    assert rows[0] == ("Quý I/2026", "01/01/2026 – 31/03/2026", "15/04/2026", "Chưa đến hạn")
    assert ("Báo cáo Quý I/2026", "hạn 15/04/2026") in home_reports(client_for(world.kp_leader))


def test_the_list_reads_the_reports_in_one_query(world, django_assert_num_queries):
    report(world.kp, ReportStatus.ACCEPTED)
    report(world.kp, ReportStatus.SUBMITTED, index=2)
    report(world.kp, ReportStatus.DRAFT, kind="half")
    with django_assert_num_queries(1):
        found = reports_of(world.kp, 2026)
        periods = sorted((p.kind, p.index) for p in (r.period for r in found.values()))
    assert periods == [("half", 1), ("quarter", 1), ("quarter", 2)]


# ---------------------------------------------------------------- the home page


def test_another_organisations_report_does_not_take_one_off_the_home_page(
    world, client_for, time_machine
):
    at(time_machine, 2026, 3, 20)
    report(world.pt, ReportStatus.ACCEPTED)
    assert home_reports(client_for(world.kp_leader)) == [
        ("Báo cáo Quý I/2026", "quá hạn 15/03/2026")
    ]


def test_a_report_returned_after_its_due_date_is_not_shown_as_overdue(
    world, client_for, time_machine
):
    at(time_machine, 2026, 3, 20)
    report(world.kp, ReportStatus.RETURNED, times_returned=1)
    assert home_reports(client_for(world.kp_leader)) == [
        ("Báo cáo Quý I/2026 · trả lại", "hạn 15/03/2026")
    ]


def test_a_report_due_on_the_first_of_january_stays_overdue_all_year(
    world, client_for, time_machine
):
    at(time_machine, 2026, 3, 1)
    world.kp.report_due_day = 1
    world.kp.save()
    # The year 2025 (to 14/12/2025) is due on 01/01/2026, 59 days before 01/03/2026.
    items = home_reports(client_for(world.kp_leader))
    assert items[:3] == [
        ("Báo cáo Quý IV/2025", "quá hạn 01/01/2026"),
        ("Báo cáo 6 tháng cuối năm 2025", "quá hạn 01/01/2026"),
        ("Báo cáo Năm 2025", "quá hạn 01/01/2026"),
    ]


def test_the_home_page_reads_the_reports_in_one_query(world, django_assert_num_queries):
    report(world.kp, ReportStatus.RETURNED)
    report(world.kp, ReportStatus.DRAFT, index=2)
    with django_assert_num_queries(1):
        items = reports_due(world.kp, today=D(2026, 5, 20))
        periods = [item["report"].period.index for item in items if item["report"]]
    assert periods == [1, 2]


# ---------------------------------------------------------------- queries of the other readers


def test_the_reports_a_superior_sees_come_with_their_organisation_period_and_plan(
    world, django_assert_num_queries
):
    plan = PlanFactory(issuer=world.kp, issued=True)
    report(world.kp, ReportStatus.SUBMITTED, plan=plan)
    report(world.pt, ReportStatus.ACCEPTED)
    report(world.hn, ReportStatus.DRAFT)
    reports = visible_reports(world.hn_leader)
    with django_assert_num_queries(1):
        seen = sorted(
            (r.organisation.name, r.period.label, r.plan.title if r.plan else "") for r in reports
        )
    assert seen == [
        ("Thành phố Hà Nội", "Quý I/2026", ""),
        ("Xã Kiều Phú", "Quý I/2026", plan.title),
        ("Xã Phúc Thọ", "Quý I/2026", ""),
    ]


def test_the_roll_up_reads_the_sent_organisations_once(world, django_assert_num_queries):
    figures = {"totals": dict.fromkeys(FIGURES, 0), "by_form": []}
    report(world.kp, ReportStatus.SUBMITTED, figures=figures)
    report(world.pt, ReportStatus.ACCEPTED, figures=figures)
    with django_assert_num_queries(4):
        result = rollup(superior=world.hn, kind="quarter", year=2026, index=1, today=D(2026, 4, 20))
    assert (result.reported, result.expected) == (2, 2)
