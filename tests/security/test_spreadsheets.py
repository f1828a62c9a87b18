"""Exports and imports: one cell-safety helper behind every Excel/CSV export (including the
django-import-export resources themselves), zip bombs refused before anything unpacks them,
workbooks parsed with defusedxml, and user text escaped everywhere (no field accepts HTML)."""

import csv
import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from imports.registry import KINDS
from plans.models import LegalBasis, LegalDocument, Target
from reports.models import Report
from tests.factories import AssignmentFactory, PlanFactory, UserFactory, make_unit, outreach_form
from tests.plans.conftest import ensure_catalogue
from units.cells import FORMULA_STARTS, safe_cell, unquote_cell
from units.models import Role

ROOT = Path(__file__).resolve().parents[2]
NASTY = ['=HYPERLINK("http://x.vn","bấm")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]


def test_the_helper_quotes_every_formula_start_and_reads_it_back():
    for start in FORMULA_STARTS:
        assert safe_cell(f"{start}x") == f"'{start}x"
        assert unquote_cell(safe_cell(f"{start}x")) == f"{start}x"
    assert safe_cell("Hội nghị") == "Hội nghị"
    assert safe_cell(safe_cell("=1")) == "'=1"  # idempotent: never quoted twice
    assert safe_cell(-2) == -2  # numbers stay numbers


def test_one_helper_serves_every_module():
    from activities import exports
    from imports import base, widgets

    assert exports.safe_text is safe_cell  # the old name stays importable
    assert base.neutralise is safe_cell
    assert widgets.FORMULA_STARTS is FORMULA_STARTS


@pytest.fixture
def nasty_world(world):
    """Kiều Phú's data with formula-looking text in every kind of exported field."""
    ensure_catalogue()
    plan = PlanFactory(issuer=world.kp, issued=True, number=12, title=NASTY[0])
    draft = PlanFactory(issuer=world.kp, title=NASTY[1])
    AssignmentFactory(plan=plan, unit=world.kp_office)
    for k, text in enumerate(NASTY):
        Activity.objects.create(
            unit=world.kp_office,
            plan=plan,
            form=outreach_form("loudspeaker"),
            date=datetime.date(2026, 3, 1 + k),
            title=text,
            place=text,
            description=text,
            status="approved",
        )
        Target.objects.create(plan=draft, indicator=text, measure=text, target_value=5)
    make_unit(world.kp, code="T-KP-X", name=NASTY[3], short_name=NASTY[4])
    UserFactory(username="kp.x", full_name=NASTY[2], unit=world.kp_office, role=Role.OFFICER)
    document = LegalDocument.objects.create(
        kind="plan",
        number="9/KH-UBND",
        issuer=NASTY[5],
        title=NASTY[0],
        issued_on=datetime.date(2026, 1, 2),
    )
    LegalBasis.objects.create(plan=plan, document=document, position=1)
    return world


def formula_cells(content):
    """Cells a spreadsheet would run: formulas, or text starting like one."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    bad = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                ):
                    bad.append((sheet.title, cell.coordinate, cell.value))
    return bad


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_excel_export_is_formula_safe(nasty_world, client_for, kind):
    client = client_for(nasty_world.kp_leader)
    for url in (reverse("imports:export", args=[kind]), reverse("imports:template", args=[kind])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert formula_cells(response.content) == [], url


@pytest.mark.django_db
def test_the_activity_export_is_formula_safe(nasty_world, client_for):
    response = client_for(nasty_world.kp_leader).get(reverse("activities:export"))

    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts = [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r]
    assert '\'=HYPERLINK("http://x.vn","bấm")' in texts
    assert formula_cells(content) == []


@pytest.mark.django_db
def test_the_report_workbook_is_formula_safe(nasty_world, client_for):
    client = client_for(nasty_world.kp_leader)
    opened = client.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 1})
    report = Report.objects.get(organisation=nasty_world.kp)
    Report.objects.filter(pk=report.pk).update(results=NASTY[2], proposals=NASTY[3])

    response = client.get(reverse("reports:xlsx", args=[report.pk]))

    assert opened.status_code == 302 and response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    texts = [c.value for s in workbook.worksheets for r in s.iter_rows() for c in r]
    assert '\'=HYPERLINK("http://x.vn","bấm")' in texts  # the activity sheet lists them
    assert formula_cells(response.content) == []


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_resources_themselves_export_safe_csv(nasty_world, kind):
    """Whatever format a resource's dataset is written to (CSV here), cells are safe."""
    resource = KINDS[kind].resource(organisation=nasty_world.kp, user=nasty_world.kp_leader)
    dataset = resource.export(resource.export_queryset())
    cells = [value for row in dataset for value in row]
    assert cells, kind
    assert not [c for c in cells if isinstance(c, str) and c.startswith(FORMULA_STARTS)]
    for row in csv.reader(io.StringIO(dataset.csv)):
        assert not [c for c in row if c.startswith(FORMULA_STARTS)], row


# ---------------------------------------------------------------- zip bombs


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "size",
    [60 * 1024 * 1024, 4 * 1024 * 1024],
    ids=["too-big-unpacked", "too-compressed"],
)
def test_a_zip_bomb_workbook_is_refused_unopened(world, client_for, size, monkeypatch):
    bomb = zipped({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": b"\0" * size})
    assert len(bomb) < 100 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a zip bomb")

    monkeypatch.setattr("imports.base.openpyxl.load_workbook", never)
    upload = SimpleUploadedFile("bom.xlsx", bomb)
    response = client_for(world.kp_leader).post("/imports/units/import/", {"file": upload})

    assert "Tệp Excel quá lớn khi giải nén" in response.content.decode()


@pytest.mark.django_db
def test_a_zip_bomb_word_document_is_refused(world, client_for):
    bomb = zipped({"word/document.xml": b"\0" * (4 * 1024 * 1024)})
    upload = SimpleUploadedFile("ke-hoach.docx", bomb)

    response = client_for(world.kp_officer).post(reverse("plans:import_upload"), {"file": upload})

    assert "Tệp Word quá lớn khi giải nén" in response.content.decode()


def test_a_real_workbook_is_not_mistaken_for_a_bomb():
    from imports.base import read_workbook

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Mã"])
    for index in range(4_000):
        sheet.append(["Thôn Phú Hữu", f"T{index}"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert len(read_workbook(buffer.getvalue())) == 4_000


def test_defusedxml_and_nh3_are_locked():
    lock = (ROOT / "uv.lock").read_text()
    for package in ("defusedxml", "nh3"):
        assert f'name = "{package}"' in lock
    assert openpyxl.xml.DEFUSEDXML is True


# ---------------------------------------------------------------- HTML


SAFE_FILTER_ALLOWED = {
    # file: why its unescaped output is safe
    "plans/templatetags/official.py": "escapes the text itself before adding <span> tags",
    "activities/admin.py": "format_html escapes its arguments",
    "plans/widgets.py": "writes Django's widget HTML, escaping every name, value and label",
    "units/templatetags/submission_tags.py": "format_html of a constant name and a UUID",
    "emulation/templatetags/emulation_tags.py": "escapes the link and the labels; the rest are "
    "the app's constants and numbers",
}


def test_no_field_accepts_html_and_nothing_is_marked_safe_unchecked():
    """No form takes HTML, so there is nothing for nh3 to clean; this keeps it that way: any
    new |safe, autoescape off or mark_safe must be reviewed (and sanitised with nh3) first."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"\|\s*safe\b|autoescape\s+off|\|\s*safeseq", text):
            offenders.append(str(path.relative_to(ROOT)))
    for path in ROOT.glob("*/**/*.py"):
        relative = str(path.relative_to(ROOT))
        hidden = any(part.startswith(".") for part in path.relative_to(ROOT).parts)
        if hidden or relative.startswith(("tests/", "node_modules")) or "/migrations/" in relative:
            continue  # .venv, .mutation (scripts/mutation.py) …
        text = path.read_text()
        marks = re.search(r"\bmark_safe\(|\bSafeString\(|\bformat_html\(", text)
        if marks and relative not in SAFE_FILTER_ALLOWED:
            offenders.append(relative)
    assert offenders == []


@pytest.mark.django_db
def test_html_typed_by_users_is_shown_as_text(world, client_for):
    ensure_catalogue()
    script = '<img src="http://evil.example/x.png" onerror="alert(1)"><script>alert(2)</script>'
    plan = PlanFactory(issuer=world.kp, issued=True, title=script)
    activity = Activity.objects.create(
        unit=world.kp_office,
        plan=plan,
        form=outreach_form("loudspeaker"),
        date=datetime.date(2026, 3, 1),
        title=script,
        description=script,
        place=script,
    )
    client = client_for(world.kp_officer)
    for url in (
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:list"),
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:list"),
    ):
        html = client.get(url).content.decode()
        assert "<script>alert(2)" not in html and '<img src="http://evil' not in html, url
        assert "&lt;script&gt;alert(2)" in html, url
