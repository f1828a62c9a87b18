"""Demo plans, read from the plan-*.toml files (schema in README.md beside them)."""

import tomllib
from decimal import Decimal
from pathlib import Path

from plans.models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalDocumentKind,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    Target,
)
from plans.services import legal_basis_add, legal_document_for_plan, legal_document_register
from units.models import Unit

DEMO_DIR = Path(__file__).parent
# Superior plans first, so that implementing plans can point at them.
PLAN_FILES = [
    "plan-hn-179.toml",
    "plan-ttpvhcc-50.toml",
    "plan-giavien-36.toml",
    "plan-kieuphu-2026.toml",
]

KIND_BY_LABEL = {label: value for value, label in LegalDocumentKind.choices}
VERB_BY_LABEL = {"Căn cứ": "pursuant", "Thực hiện": "implementing"}


def load_plans():
    """Create the demo plans that are missing; returns [(plan, created)]."""
    return [load_plan_file(DEMO_DIR / name) for name in PLAN_FILES]


def load_plan_file(path):
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    issuer = Unit.objects.get(code=data["issuer"])
    year = data["issued_on"].year if data.get("issued_on") else None
    existing = Plan.objects.filter(issuer=issuer, number=data["number"], year=year).first()
    if existing:
        return existing, False

    signer = data.get("signer", {})
    superior = data.get("superior_plan")
    plan = Plan.objects.create(
        issuer=issuer,
        superior_plan=(
            Plan.objects.get(
                issuer__code=superior["issuer"], number=superior["number"], year=superior["year"]
            )
            if superior
            else None
        ),
        number=data["number"],
        symbol=data["symbol"],
        issued_on=data.get("issued_on"),
        place=data.get("place", issuer.place_name),
        title=data["title"],
        status=data.get("status", "draft"),
        period_label=data.get("period_label", ""),
        period_start=data.get("period_start"),
        period_end=data.get("period_end"),
        preamble=data.get("preamble", ""),
        purpose=data.get("purpose", ""),
        requirements=data.get("requirements", ""),
        closing=data.get("closing", ""),
        signer_authority=signer.get("authority", ""),
        signer_on_behalf=signer.get("on_behalf", ""),
        signer_title=signer.get("title", ""),
        signer_name=signer.get("name", ""),
        recipients="\n".join(data.get("recipients", [])),
    )
    _load_legal_bases(plan, data.get("legal_bases", []))
    _load_sections(plan, data.get("sections", []), parent=None)
    _load_forms(plan, data.get("forms", []))
    _load_assignments(plan, data.get("assignments", []))
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            source=row["source"],
            amount=row.get("amount"),
            note=row.get("note", ""),
            position=position,
        )
        for position, row in enumerate(data.get("budget", []), start=1)
    )
    _load_targets(plan, data.get("targets", []))
    if plan.status != "draft":
        legal_document_for_plan(plan=plan)
    return plan, True


def _load_legal_bases(plan, rows):
    for row in rows:
        document = legal_document_register(
            kind=KIND_BY_LABEL[row["kind"]],
            number=row["number"],
            issued_on=row.get("issued_on"),
            issuer=row.get("issuer", ""),
            title=row.get("title", ""),
        )
        legal_basis_add(plan=plan, document=document, verb=VERB_BY_LABEL[row["verb"]])


def _load_sections(plan, rows, parent):
    for position, row in enumerate(rows, start=1):
        section = ContentSection.objects.create(
            plan=plan,
            parent=parent,
            position=position,
            label=row.get("label", ""),
            title=row.get("title", ""),
            body=row.get("body", ""),
            kind=row.get("kind", "text"),
        )
        _load_sections(plan, row.get("children", []), parent=section)


def _load_forms(plan, rows):
    forms = {form.code: form for form in OutreachForm.objects.all()}
    PlanOutreachForm.objects.bulk_create(
        PlanOutreachForm(
            plan=plan,
            form=forms[row["form"]],
            heading=row.get("heading", ""),
            description=row.get("description", ""),
            position=position,
        )
        for position, row in enumerate(rows, start=1)
    )


def _load_assignments(plan, rows):
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in=[r.get("unit") for r in rows])
    }
    for position, row in enumerate(rows, start=1):
        Assignment.objects.create(
            plan=plan,
            unit=units.get(row.get("unit")),
            label=row.get("label", ""),
            role=row.get("role", "lead"),
            is_focal_point=row.get("focal", False),
            includes_subunits=row.get("includes_subunits", False),
            subunit_kinds=row.get("subunit_kinds", ""),
            tasks=row.get("tasks", ""),
            due_date=row.get("due_date"),
            reporting_duty=row.get("reporting_duty", ""),
            position=position,
        )


def _load_targets(plan, rows):
    forms = {form.code: form for form in OutreachForm.objects.all()}
    for position, row in enumerate(rows, start=1):
        Target.objects.create(
            plan=plan,
            indicator=row["indicator"],
            measure=row.get("measure", ""),
            target_value=Decimal(str(row["target_value"])),
            due_date=row.get("due_date"),
            metric=row.get("metric", "manual"),
            form=forms.get(row.get("form")),
            actual_value=Decimal(str(row["actual"])) if "actual" in row else None,
            position=position,
        )
