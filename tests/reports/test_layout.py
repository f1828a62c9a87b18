"""What a records clerk checks in a report's files: each annex numbers its own pages (none on
its first page) and carries «(Kèm theo Báo cáo số … ngày … của …)» in 13 pt italic, in the
PDF and in the Excel workbook."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import Report
from tests.reports.conftest import workbook
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db

REFERENCE = "(Kèm theo Báo cáo số 05/BC-UBND ngày 25/3/2026 của Ủy ban nhân dân xã Kiều Phú)"


@pytest.fixture
def numbered(world, q1, client_for):
    report = open_report(client_for(world.kp_officer))
    Report.objects.filter(pk=report.pk).update(
        number=5, symbol="BC-UBND", issued_on=datetime.date(2026, 3, 25)
    )
    return report


def test_each_annex_restarts_its_page_numbers_and_says_which_report_it_belongs_to(
    world, numbered, client_for
):
    content = client_for(world.kp_officer).get(reverse("reports:pdf", args=[numbered.pk])).content
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    annexes = [index for index, text in enumerate(pages) if "Phụ lục " in text[:40]]
    assert len(annexes) >= 3
    for first in annexes:
        assert REFERENCE in pages[first]
        # No page number above an annex's first page: its text starts with «Phụ lục».
        assert pages[first].startswith("Phụ lục")
    # The page after an annex's first page (when it runs on) is its page 2.
    for first, following in zip(annexes, annexes[1:] + [len(pages)], strict=True):
        if following - first > 1:
            assert pages[first + 1].startswith("2 ")


def test_the_annex_line_is_13_pt_italic_in_the_pdf(world, numbered):
    from django.template.loader import render_to_string

    css = render_to_string("documents/report.html", {"tables": [object()], "doc": None})
    sub = css[css.index(".annex .annex-sub") :].split("}")[0]
    assert "font-style: italic" in sub and "font-size: 13pt" in sub
    assert "counter-reset: page 1" in css and "@page :nth(1 of annex-1)" in css


def test_each_annex_sheet_carries_the_same_line_in_italic(world, numbered, client_for):
    book = workbook(
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content
    )
    annex_sheets = [ws for ws in book.worksheets if ws["A1"].value and ws.title != "Hoạt động"]
    assert annex_sheets
    for ws in annex_sheets:
        cells = [row[0] for row in ws.iter_rows(max_row=10) if row[0].value == REFERENCE]
        assert cells, ws.title
        assert cells[0].font.italic and cells[0].font.sz == 13


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
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    expected = f"https://loa.kieuphu.gov.vn/activities/evidence/{evidence.pk}/"
    assert any(expected in cell for cell in cells)
    assert not any("127.0.0.1" in cell or "testserver" in cell for cell in cells)


def test_every_sheet_fits_the_page_width_and_wrapped_rows_are_tall_enough(
    world, numbered, client_for
):
    from activities.models import Activity

    long_title = "Hội nghị quán triệt, triển khai Nghị quyết 57 cho cán bộ, đảng viên " * 3
    Activity.objects.filter(date=datetime.date(2026, 2, 10)).update(title=long_title)
    book = workbook(
        client_for(world.kp_officer).get(reverse("reports:xlsx", args=[numbered.pk])).content
    )
    for ws in book.worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    activities = book["Hoạt động"]
    row = next(r[0].row for r in activities.iter_rows() if any(c.value == long_title for c in r))
    # 207 characters in a 48-wide column: 5 lines of 15 pt.
    assert activities.row_dimensions[row].height == 75
