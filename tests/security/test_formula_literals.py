"""Formula escaping, each dangerous first character written out literally (not read back
from the helper's own constant, so dropping one from the helper fails here)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.activities.conftest import activity_adder, build_kp_plan
from units.cells import safe_cell, unquote_cell

DANGEROUS = [
    ("=1+1", "'=1+1"),
    ("+84 912 345 678", "'+84 912 345 678"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\tcmd /c calc", "'\tcmd /c calc"),
    ("\r=HYPERLINK(1)", "'\r=HYPERLINK(1)"),
]
HARMLESS = ["Hội nghị", " =1", "a=b", "1+1", "'", "'quoted", "", "x\t=1"]


@pytest.mark.parametrize(("typed", "written"), DANGEROUS)
def test_each_dangerous_first_character_is_written_after_an_apostrophe(typed, written):
    assert safe_cell(typed) == written
    assert unquote_cell(written) == typed


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_written_and_read_as_it_is(text):
    assert safe_cell(text) == text
    assert unquote_cell(text) == text


def test_numbers_and_empty_cells_are_left_alone():
    assert safe_cell(-2) == -2
    assert safe_cell(None) is None
    assert safe_cell(datetime.date(2026, 3, 1)) == datetime.date(2026, 3, 1)


@pytest.mark.django_db
def test_the_activity_export_writes_each_of_them_quoted(world, client_for):
    from tests.plans.conftest import ensure_catalogue

    ensure_catalogue()
    add = activity_adder(world, build_kp_plan(world))
    for day, (typed, _) in enumerate(DANGEROUS, start=1):
        add(title=typed, place=typed, date=datetime.date(2026, 3, day))
    response = client_for(world.kp_leader).get(reverse("activities:export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book["Hoạt động"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(2)]
    written = {row["Tên hoạt động"] for row in rows}
    assert written == {quoted for _, quoted in DANGEROUS}
    assert {row["Địa điểm"] for row in rows} == written
