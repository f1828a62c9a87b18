"""The figures a report prints, in the PDF and the workbook, equal the database aggregates;
period cut-offs follow Decree 09 or the calendar."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from reports.models import Report
from tests.reports.conftest import aggregate, pdf_text, total_row, vn, workbook
from units.models import CutoffScheme

pytestmark = pytest.mark.django_db

Q1_START, Q1_END = datetime.date(2025, 12, 15), datetime.date(2026, 3, 14)


def open_report(client, *, kind="quarter", year=2026, index=1):
    response = client.post(reverse("reports:create"), {"kind": kind, "year": year, "index": index})
    assert response.status_code == 302, response.content[:500]
    return Report.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))


def kp_q1(world):
    return Activity.objects.approved().filter(
        unit__organisation=world.kp, date__gte=Q1_START, date__lte=Q1_END
    )


def test_the_pdf_prints_the_figures_of_approved_activities_in_the_period(world, q1, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    expected = aggregate(kp_q1(world))
    assert expected["count"] == 3

    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BÁO CÁO" in text
    assert "Kết quả công tác tuyên truyền quý I/2026" in text
    assert "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/3/2026)" in text
    assert f"đã tổ chức {expected['count']} hoạt động" in text
    assert f"{vn(expected['participants'])} lượt người tham dự" in text
    assert f"tổng kinh phí {vn(expected['cost'])} đồng" in text
    assert "Phụ lục I" in text and "KẾT QUẢ THEO HÌNH THỨC TUYÊN TRUYỀN" in text
    # The annex total row: activities, participants, views, interactions, cost.
    assert (
        f"Tổng cộng {expected['count']} {vn(expected['participants'])} "
        f"{vn(expected['views'])} 0 {vn(expected['cost'])}"
    ) in text


def test_the_workbook_is_styled_as_an_annex_every_time_it_is_downloaded(world, q1, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    for _ in range(2):  # styles are made once per workbook: the second must be as the first
        summary = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)[
            "Tổng hợp"
        ]
        rows = list(summary.iter_rows())
        title = rows[0][0]
        assert (title.font.name, title.font.bold, title.font.size) == ("Times New Roman", True, 12)
        assert title.alignment.horizontal == "center"
        header = next(row for row in rows if row[0].value == "STT")
        assert header[0].font.bold and header[0].border.top.style == "thin"
        assert header[0].alignment.wrap_text
        first = rows[rows.index(header) + 2]  # below the two header rows
        number = first[3]
        assert isinstance(number.value, int) and number.number_format == "#,##0"
        assert number.alignment.horizontal == "right" and not number.font.bold
        assert number.border.bottom.style == "thin"
        total = next(row for row in rows if row[1].value == "Tổng cộng")
        assert total[3].font.bold and total[3].number_format == "#,##0"


def test_the_workbook_cells_equal_the_database_aggregates(world, q1, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    expected = aggregate(kp_q1(world))

    response = client.get(reverse("reports:xlsx", args=[report.pk]))
    assert response.status_code == 200
    book = workbook(response.content)
    assert book.sheetnames[:2] == ["Tổng hợp", "Theo đơn vị"]
    assert book.sheetnames[-1] == "Hoạt động"
    summary = book["Tổng hợp"]
    assert summary["A1"].value == "ỦY BAN NHÂN DÂN XÃ KIỀU PHÚ"
    assert "A1:I1" in {str(r) for r in summary.merged_cells.ranges}
    assert summary.freeze_panes is not None
    assert summary.page_setup.paperSize == 9  # A4
    assert summary.page_setup.orientation == "landscape"
    total = total_row(summary)
    assert total[3] == expected["count"]
    assert total[5:] == (
        expected["participants"],
        expected["views"],
        0,
        expected["cost"],
    )
    detail = book["Hoạt động"]
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    assert len(rows) == expected["count"]
    assert sum(row[8] for row in rows) == expected["participants"]
    assert any("https://kieuphu.example.vn/hoi-nghi-57" in (row[13] or "") for row in rows)


def test_screen_pdf_and_workbook_show_the_same_total(world, q1, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    participants = vn(aggregate(kp_q1(world))["participants"])
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert participants in page
    assert participants in pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content)
    book = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)
    assert vn(total_row(book["Tổng hợp"])[5]) == participants


def test_submitted_figures_stay_as_sent(world, q1, add_activity, client_for):
    client = client_for(world.kp_leader)
    report = open_report(client)
    client.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted"
    sent = report.figures["totals"]["participants"]
    add_activity(
        date=datetime.date(2026, 3, 1),
        participants=5_000,
        reviewed_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    book = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)
    assert total_row(book["Tổng hợp"])[5] == sent
    assert len(list(book["Hoạt động"].iter_rows(min_row=2))) == 3
    assert vn(sent) in pdf_text(client.get(reverse("reports:pdf", args=[report.pk])).content)


def test_decree_09_cuts_the_quarter_off_on_the_fourteenth(world, q1, client_for):
    client = client_for(world.kp_officer)
    report = open_report(client)
    assert (report.period.start, report.period.end) == (Q1_START, Q1_END)
    book = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)
    dates = [row[1].date() for row in book["Hoạt động"].iter_rows(min_row=2, values_only=True)]
    # 14/12/2025 belongs to Q4 2025 and 15/3/2026 to Q2; the submitted one is not counted.
    assert dates == [datetime.date(2025, 12, 15), datetime.date(2026, 2, 10), Q1_END]


def test_a_calendar_organisation_counts_the_calendar_quarter(world, q1, client_for):
    world.kp.period_scheme = CutoffScheme.CALENDAR
    world.kp.save()
    client = client_for(world.kp_officer)
    report = open_report(client)
    assert (report.period.start, report.period.end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )
    calendar = Activity.objects.approved().filter(
        unit__organisation=world.kp,
        date__gte=datetime.date(2026, 1, 1),
        date__lte=datetime.date(2026, 3, 31),
    )
    expected = aggregate(calendar)
    book = workbook(client.get(reverse("reports:xlsx", args=[report.pk])).content)
    assert total_row(book["Tổng hợp"])[3] == expected["count"] == 3


def test_render_report_writes_the_report_and_the_rollup(world, q1, tmp_path):
    from django.core.management import call_command

    pdf = tmp_path / "kp.pdf"
    call_command("render_report", unit="T-KP", period="2026-Q1", format="pdf", output=str(pdf))
    assert f"{vn(aggregate(kp_q1(world))['participants'])} lượt người" in pdf_text(pdf.read_bytes())
    xlsx = tmp_path / "hn.xlsx"
    call_command("render_report", unit="T-HN", period="2026-Q1", format="xlsx", output=str(xlsx))
    rows = list(workbook(xlsx.read_bytes())["Tổng hợp"].iter_rows(values_only=True))
    names = [row[1] for row in rows]
    assert "Xã Kiều Phú" in names and "Xã Phúc Thọ" in names
    assert "Phường Gia Viên" not in names


def test_render_report_refuses_an_unknown_unit_or_period(world, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("render_report", unit="NOPE", period="2026-Q1", output=str(tmp_path / "x"))
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("render_report", unit="T-KP", period="2026-Q5", output=str(tmp_path / "x"))
