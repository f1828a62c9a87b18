"""What a records clerk checks in a report's files: each annex numbers its own pages (none on
its first page) and carries «(Kèm theo Báo cáo số … ngày … của …)» in 13 pt italic, in the PDF
and in the Excel workbook, of a report and of a roll-up; every sheet prints fitted to the page
width with rows tall enough for their wrapped text; evidence links use the site's address."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.printing import render_pdf
from reports.document import TEMPLATE, report_document
from reports.models import Report
from reports.tables import Column, Table
from tests.reports.conftest import pdf_text, workbook
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db

REFERENCE = "(Kèm theo Báo cáo số 05/BC-UBND ngày 25/3/2026 của Ủy ban nhân dân xã Kiều Phú)"
TOP_MARGIN_PT = 20 / 25.4 * 72
LINE_HEIGHT = 15.75 / 12  # Excel's line of 12 pt Times New Roman is 15.75 pt high


@pytest.fixture
def numbered(world, q1, client_for):
    report = open_report(client_for(world.kp_officer))
    Report.objects.filter(pk=report.pk).update(
        number=5, symbol="BC-UBND", issued_on=datetime.date(2026, 3, 25)
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def submitted(world, q1, client_for):
    report = open_report(client_for(world.kp_officer))
    client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    return report


def pdf_pieces(content):
    """Per page: [(text, font name, size in pt, distance from the page's top in pt)]."""
    pages = []
    for page in PdfReader(io.BytesIO(content)).pages:
        height = float(page.mediabox.height)
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces, height=height):
            if text.strip():
                top = height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
                points = round(size * abs(tm[0] * cm[0]), 1)
                name = str((font or {}).get("/BaseFont", ""))
                pieces.append((" ".join(text.split()), name, points, top))

        page.extract_text(visitor_text=visit)
        pages.append(pieces)
    return pages


def page_headers(content):
    """What each page prints in its top margin: its number, or nothing."""
    return [
        " ".join(text for text, _font, _size, top in pieces if top < TOP_MARGIN_PT)
        for pieces in pdf_pieces(content)
    ]


def long_annex(code):
    table = Table(
        code,
        f"Danh sách {code}",
        [Column("STT", "index", 6), Column("Đơn vị", "text", 38), Column("Số hoạt động")],
        sheet=code,
    )
    table.rows = [[k, f"Đơn vị số {k}", k] for k in range(1, 60)]
    return table


# ---------------------------------------------------------------- the PDF


def test_each_annex_restarts_its_page_numbers_without_one_on_its_first_page(world, numbered):
    content = render_pdf(
        report_document(numbered, {}),
        TEMPLATE,
        {"tables": [long_annex("I"), long_annex("II")], "annex_reference": REFERENCE},
    )
    pages = [" ".join(text for text, *_ in pieces) for pieces in pdf_pieces(content)]
    starts = [k for k, text in enumerate(pages) if text.startswith("Phụ lục ")]
    assert len(starts) == 2 and starts[1] - starts[0] >= 3  # each annex runs over 3+ pages
    headers = page_headers(content)
    assert headers[0] == "" and headers[1 : starts[0]] == [str(n) for n in range(2, starts[0] + 1)]
    for start, end in zip(starts, [starts[1], len(pages)], strict=True):
        assert headers[start] == ""  # none on an annex's first page
        assert headers[start + 1 : end] == [str(n) for n in range(2, end - start + 1)]


def test_the_annex_line_is_13_pt_italic_under_each_annex_name(world, numbered, client_for):
    content = client_for(world.kp_officer).get(reverse("reports:pdf", args=[numbered.pk])).content
    annexes = [
        pieces for pieces in pdf_pieces(content) if pieces and pieces[0][0].startswith("Phụ lục")
    ]
    assert len(annexes) == 3
    for pieces in annexes:
        text, font, size, _top = next(p for p in pieces if p[0].startswith("(Kèm theo"))
        assert text == REFERENCE
        assert font.endswith("Italic") and 13 <= size <= 14


def test_the_rollup_annexes_name_the_report_number_and_date_left_blank(
    world, submitted, client_for
):
    text = pdf_text(
        client_for(world.hn_leader)
        .get(reverse("reports:rollup_pdf"), {"period": "2026-Q1"})
        .content
    )
    reference = text[text.index("(Kèm theo") :].split(")")[0] + ")"
    assert reference.split() == [
        "(Kèm",
        "theo",
        "Báo",
        "cáo",
        "số",
        "/BC-UBND",
        "ngày",
        "/",
        "/",
        "của",
        "Thành",
        "phố",
        "Hà",
        "Nội)",
    ]


# ---------------------------------------------------------------- the workbooks


def annex_sheets(book):
    return [ws for ws in book.worksheets if ws.title != "Hoạt động"]


def test_each_annex_sheet_carries_the_same_line_in_italic(world, numbered, client_for):
    book = workbook(
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content
    )
    assert len(annex_sheets(book)) == 3
    for ws in annex_sheets(book):
        cells = [row[0] for row in ws.iter_rows(max_row=10) if row[0].value == REFERENCE]
        assert cells, ws.title
        assert cells[0].font.italic and cells[0].font.sz == 13


def test_each_rollup_sheet_carries_the_line_too(world, submitted, client_for):
    content = (
        client_for(world.hn_leader).get(reverse("reports:rollup_xlsx"), {"period": "2026-Q1"})
    ).content
    book = workbook(content)
    assert book.worksheets
    for ws in book.worksheets:
        lines = [row[0] for row in ws.iter_rows(max_row=8) if str(row[0].value).startswith("(Kèm")]
        assert lines, ws.title
        assert " ".join(lines[0].value.split()) == (
            "(Kèm theo Báo cáo số /BC-UBND ngày / / của Thành phố Hà Nội)"
        )
        assert lines[0].font.italic and lines[0].font.sz == 13


def test_every_sheet_fits_the_page_width(world, numbered, submitted, client_for):
    books = [
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content,
        client_for(world.hn_leader).get(reverse("reports:rollup_xlsx"), {"year": 2026}).content,
    ]
    for content in books:
        for ws in workbook(content).worksheets:
            setup = ws.page_setup
            assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
            assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


def lines_shown(ws, cell):
    """How many lines of the cell's font its row shows."""
    height = ws.row_dimensions[cell.row].height or 0
    return height / (cell.font.sz * LINE_HEIGHT)


def test_wrapped_text_gets_rows_tall_enough_to_show_it(world, numbered, client_for):
    from activities.models import Activity

    long_title = "Hội nghị quán triệt, triển khai Nghị quyết 57 cho cán bộ, đảng viên " * 3
    Activity.objects.filter(date=datetime.date(2026, 2, 10)).update(title=long_title)
    book = workbook(
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content
    )

    # The reference line is wider than the «Theo đối tượng» table: wrapped on two lines.
    targets = book["Theo đối tượng"]
    line = next(row[0] for row in targets.iter_rows(max_row=8) if row[0].value == REFERENCE)
    assert line.alignment.wrap_text and lines_shown(targets, line) >= 2
    # «Người tham dự» takes two lines in its 12-wide column, under «Kết quả thực hiện».
    header = next(
        c for row in targets.iter_rows(max_row=12) for c in row if c.value == "Người tham dự"
    )
    assert header.alignment.wrap_text and lines_shown(targets, header) >= 2
    note = next(c for c in targets["A"] if str(c.value).startswith("Ghi chú:"))
    assert note.alignment.wrap_text and lines_shown(targets, note) >= 2
    assert any(str(r).startswith(f"A{note.row}:") for r in targets.merged_cells.ranges)

    sheet = book["Hoạt động"]
    header = sheet["I1"]
    assert header.value == "Người tham dự" and lines_shown(sheet, header) >= 2
    row = next(r for r in sheet.iter_rows(min_row=2) if r[5].value == long_title)
    # 207 characters in a 48-wide column: 5 lines.
    assert row[5].alignment.wrap_text and lines_shown(sheet, row[5]) >= 5
    # The form's name (43 characters) wraps in its 30-wide column instead of being cut.
    form = next(r[4] for r in sheet.iter_rows(min_row=2) if r[4].value.startswith("Phát thanh"))
    assert form.alignment.wrap_text and lines_shown(sheet, form) >= 2


def test_evidence_links_in_the_workbook_use_the_configured_site_address(
    world, numbered, client_for, settings
):
    from django.core.files.base import ContentFile

    from activities.models import Activity, Evidence

    settings.SITE_URL = "https://loa.kieuphu.gov.vn/"
    activity = Activity.objects.get(
        unit__organisation=world.kp, status="approved", date=datetime.date(2026, 2, 10)
    )
    evidence = Evidence.objects.create(
        activity=activity,
        kind="photo",
        file=ContentFile(b"\xff\xd8\xff", name="anh.jpg"),
        original_name="anh.jpg",
        content_type="image/jpeg",
        size=3,
    )
    book = workbook(
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content
    )
    links = [
        line
        for row in book["Hoạt động"].iter_rows(min_row=2, values_only=True)
        for line in str(row[13] or "").splitlines()
    ]
    assert f"https://loa.kieuphu.gov.vn/activities/evidence/{evidence.pk}/" in links
    assert "https://kieuphu.example.vn/hoi-nghi-57" in links  # a link kept as typed
    assert all(link.startswith("https://") for link in links)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any("127.0.0.1" in cell or "testserver" in cell for cell in cells)
