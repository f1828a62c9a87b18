"""Draft plans created from documents: header, registry, tree, forms, assignments matched to
the organisation's units, the unmatched kept and mapped."""

import datetime
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from planreader import document_text, read_plan
from plans.demo.load_units import load_units
from plans.document_import.services import (
    assignment_create_unit,
    assignment_map_unit,
    plan_import_draft,
)
from plans.models import Assignment, LegalDocument, PlanStatus
from tests.factories import PlanFactory
from tests.planreader.conftest import FIXTURES, SEEDS
from units.models import Unit

DEMO = Path(__file__).parents[2] / "plans" / "demo"


def parsed_seed(name):
    return read_plan((SEEDS / f"{name}.txt").read_text(encoding="utf-8"))


def parsed_fixture(name):
    path = FIXTURES / name
    return read_plan(document_text(path.read_bytes(), path.name))


@pytest.fixture
def demo_units(db):
    load_units()
    return {unit.code: unit for unit in Unit.objects.all()}


def test_importing_179_as_hanoi_gives_the_plan_the_demo_has(demo_units):
    demo = tomllib.loads((DEMO / "plan-hn-179.toml").read_text(encoding="utf-8"))
    result = plan_import_draft(
        reading=parsed_seed("002_c9be10df9160e118"), organisation=demo_units["HN"]
    )
    plan = result.plan

    assert plan.status == PlanStatus.DRAFT
    assert (plan.number, plan.symbol, plan.issued_on, plan.place) == (
        demo["number"],
        demo["symbol"],
        demo["issued_on"],
        demo["place"],
    )
    assert plan.title == demo["title"]
    for field in ("preamble", "purpose", "requirements", "closing"):
        assert getattr(plan, field) == demo[field], field
    assert plan.recipient_lines == demo["recipients"]
    assert (plan.signer_authority, plan.signer_on_behalf, plan.signer_title, plan.signer_name) == (
        tuple(demo["signer"][k] for k in ("authority", "on_behalf", "title", "name"))
    )

    bases = list(plan.legal_bases.select_related("document"))
    assert [
        (
            b.get_verb_display(),
            b.document.get_kind_display(),
            b.document.number,
            b.document.issued_on,
        )
        for b in bases
    ] == [(d["verb"], d["kind"], d["number"], d["issued_on"]) for d in demo["legal_bases"]]
    assert [b.document.issuer for b in bases] == [d["issuer"] for d in demo["legal_bases"]]

    top = list(plan.sections.filter(parent=None))
    assert [(s.label, s.title, s.kind) for s in top] == [
        (s["label"], s["title"], s.get("kind", "text")) for s in demo["sections"]
    ]
    content = top[1]
    assert [(c.label, c.title) for c in content.children.all()] == [
        (c["label"], c["title"]) for c in demo["sections"][1]["children"]
    ]

    assignments = list(plan.assignments.select_related("unit"))
    assert [(a.label, a.role, a.is_focal_point) for a in assignments] == [
        (a["label"], a.get("role", "lead"), a.get("focal", False)) for a in demo["assignments"]
    ]
    matched = {a.label: a.unit.code for a in assignments if a.unit_id}
    for row in demo["assignments"]:
        if row["label"] != "Các cơ quan báo chí, truyền thông của Thành phố":
            assert matched[row["label"]] == row["unit"], row["label"]
    demo_forms = {(f["heading"], f["form"]) for f in demo["forms"]}
    got_forms = {(f.heading, f.form.code) for f in plan.outreach_forms.select_related("form")}
    assert len(demo_forms & got_forms) >= 0.8 * len(demo_forms)
    assert [line.source for line in plan.budget_lines.all()] == [
        b["source"] for b in demo["budget"]
    ]


def test_the_registry_keeps_one_row_per_document_across_imports(demo_units):
    first = plan_import_draft(
        reading=parsed_seed("002_c9be10df9160e118"), organisation=demo_units["HN"]
    )
    assert len(first.new_documents) == 5
    count = LegalDocument.objects.count()

    second = plan_import_draft(
        reading=parsed_seed("000_9285562aa3143336"), organisation=demo_units["HN-TTPVHCC"]
    )
    assert [d.number for d in second.new_documents] == ["179/KH-UBND"]
    assert LegalDocument.objects.count() == count + 1
    assert second.plan.legal_bases.count() == 6
    # Each citation after the ones before it, as the document lists them.
    assert [b.position for b in second.plan.legal_bases.all()] == [1, 2, 3, 4, 5, 6]


def test_an_ocr_plan_matches_the_units_the_organisation_has(demo_units):
    result = plan_import_draft(
        reading=parsed_seed("004_5f6748069cf486e8"), organisation=demo_units["HP-GIAVIEN"]
    )
    by_label = {a.label: a for a in result.plan.assignments.select_related("unit")}
    assert by_label["Phòng Văn hóa - Xã hội phường"].unit.code == "HP-GIAVIEN-VHXH"
    assert by_label["Văn phòng HĐND và UBND phường"].unit.code == "HP-GIAVIEN-VP"
    group = by_label["Các Tổ dân phố, các tổ công nghệ số cộng đồng"]
    assert group.unit.code == "HP-GIAVIEN" and group.includes_subunits
    assert group.subunit_kinds == "village,digital_team"
    assert by_label["Phòng Văn hóa - Xã hội phường"].is_focal_point


def test_unmatched_units_are_kept_by_name_and_listed(world):
    result = plan_import_draft(
        reading=parsed_fixture("commune_clean.txt"), organisation=world.kp, by=world.kp_officer
    )
    assert [a.label for a in result.unmatched] == [
        "Trung tâm Dịch vụ tổng hợp",
        "Công an xã",
        "Ủy ban MTTQ Việt Nam xã và các đoàn thể chính trị - xã hội",
    ]
    assert all(a.unit_id is None for a in result.unmatched)
    office = Assignment.objects.get(plan=result.plan, label="Phòng Văn hóa - Xã hội")
    assert office.unit == world.kp_office
    villages = Assignment.objects.get(plan=result.plan, label="Các thôn")
    assert villages.covers(world.kp_village)
    assert result.plan.created_by == world.kp_officer


def test_an_unmatched_unit_is_mapped_or_created_inside_the_organisation(world):
    result = plan_import_draft(reading=parsed_fixture("commune_clean.txt"), organisation=world.kp)
    centre, police, front = result.unmatched

    assignment_map_unit(assignment=centre, unit=world.kp_office, by=world.kp_officer)
    assert Assignment.objects.get(pk=centre.pk).unit == world.kp_office

    assignment_create_unit(assignment=police, kind="office", by=world.kp_officer)
    police.refresh_from_db()
    assert police.unit.name == "Công an xã"
    assert police.unit.organisation == world.kp

    with pytest.raises(ValidationError):
        assignment_map_unit(assignment=front, unit=world.gv_office, by=world.kp_officer)
    with pytest.raises(PermissionDenied):
        assignment_map_unit(assignment=front, unit=world.kp_office, by=world.gv_officer)
    with pytest.raises(PermissionDenied):
        assignment_create_unit(assignment=front, by=world.hn_leader)
    assert Assignment.objects.get(pk=front.pk).unit is None


def test_another_organisation_cannot_import_into_kieu_phu(world):
    with pytest.raises(PermissionDenied):
        plan_import_draft(
            reading=parsed_fixture("commune_clean.txt"), organisation=world.kp, by=world.gv_officer
        )
    with pytest.raises(PermissionDenied):
        plan_import_draft(
            reading=parsed_fixture("commune_clean.txt"), organisation=world.kp, by=world.hn_leader
        )
    assert not world.kp.plans.exists()


def test_a_number_already_used_that_year_is_left_blank(world):
    PlanFactory(issuer=world.kp, issued=True, number=27, issued_on=datetime.date(2026, 1, 5))
    result = plan_import_draft(reading=parsed_fixture("commune_clean.txt"), organisation=world.kp)
    assert result.plan.number is None
    assert "27/KH-UBND" in result.notes[0]


def test_the_command_creates_the_draft_and_lists_the_unmatched_units(world):
    out = StringIO()
    call_command("import_plan", str(FIXTURES / "commune_clean.txt"), "--unit", "T-KP", stdout=out)
    plan = world.kp.plans.get()
    assert f"id={plan.pk}" in out.getvalue()
    assert "Công an xã" in out.getvalue()
    assert plan.title.startswith("Tuyên truyền chuyển đổi số")


def test_the_command_refuses_a_unit_that_issues_no_plans(world):
    with pytest.raises(CommandError, match="T-KP-VHXH"):
        call_command("import_plan", str(FIXTURES / "commune_clean.txt"), "--unit", "T-KP-VHXH")
