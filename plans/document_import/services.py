"""Writes for plans read from documents: the draft plan, and mapping its unmatched units.

`plan_import_draft` turns a `planreader.PlanReading` into a draft plan of an organisation; the
officer then reviews it in the plan editor. Units named in «Tổ chức thực hiện» are matched to
the organisation's units by name (`matching.py`); those that match nothing keep their name as
the assignment's label and are returned for the officer to map (`assignment_map_unit`) or
create (`assignment_create_unit`).
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from planreader import (
    AssignmentReading,
    BudgetLineReading,
    LegalBasisReading,
    PlanReading,
    SectionReading,
    TargetReading,
    refuse_unrecognised,
)
from planreader.folding import fold
from planreader.vocabulary import KINDS
from plans.models import (
    Assignment,
    AssignmentRole,
    BasisVerb,
    BudgetLine,
    BudgetSource,
    ContentSection,
    LegalDocument,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    Target,
    TargetMetric,
)
from plans.services import legal_basis_add, legal_document_register
from plans.text import normalise_document_number
from units.access import can_manage_plans, require
from units.models import Unit, UnitKind
from units.services import unit_create

from .matching import group_kinds, match_person, match_unit

_KIND_CODES = {name: code for name, (code, _) in KINDS.items()}
_VERBS = {"Căn cứ": BasisVerb.PURSUANT, "Thực hiện": BasisVerb.IMPLEMENTING}


@dataclass
class ImportedDraft:
    plan: Plan
    unmatched: list[Assignment] = field(default_factory=list)
    new_documents: list[LegalDocument] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _can_import(by, organisation) -> None:
    if by is not None:
        require(
            can_manage_plans(by, organisation),
            "Bạn không có quyền lập kế hoạch cho cơ quan này.",
        )


@transaction.atomic
def plan_import_draft(*, reading: PlanReading, organisation: Unit, by=None) -> ImportedDraft:
    """Create a draft plan of `organisation` from what was read from its document.

    Raises `DocumentRefused` when nothing of a plan was read (no sections, no assignments).
    """
    _can_import(by, organisation)
    refuse_unrecognised(reading)
    result = ImportedDraft(plan=_draft_plan(reading, organisation, by))
    plan = result.plan
    if reading.number and plan.number is None:
        result.notes.append(
            f"Số {reading.number} đã được dùng trong năm; hãy đặt số khác khi ban hành."
        )
    result.new_documents = _legal_bases(plan, reading.legal_bases)
    plan.superior_plan = _superior_plan(plan)
    if plan.superior_plan_id:
        plan.save(update_fields=["superior_plan"])
    _sections(plan, reading.sections, parent=None)
    _forms(plan, reading)
    _budget_lines(plan, reading.budget)
    _targets(plan, reading.targets)
    result.unmatched = _assignments(plan, organisation, reading.assignments)
    return result


def _split_number(number: str | None) -> tuple[int | None, str]:
    match = re.match(r"^\s*(\d{1,6})\s*/\s*(\S+)", number or "")
    if not match:
        return None, ""
    return int(match.group(1)), match.group(2)[:40]


def _draft_plan(reading: PlanReading, organisation: Unit, by) -> Plan:
    number, symbol = _split_number(reading.number)
    issued_on = reading.issued_on
    if number is not None and issued_on is not None:
        taken = Plan.objects.filter(issuer=organisation, year=issued_on.year, number=number)
        if taken.exists():
            number = None
    signer = reading.signer
    plan = Plan(
        issuer=organisation,
        number=number,
        symbol=symbol,
        issued_on=issued_on,
        place=(reading.place or organisation.place_name)[:100],
        title=reading.title or "Kế hoạch nhập từ văn bản",
        preamble=reading.preamble,
        purpose=reading.purpose,
        requirements=reading.requirements,
        closing=reading.closing,
        signer_authority=signer.authority[:100] if signer else "",
        signer_on_behalf=signer.on_behalf[:100] if signer else "",
        signer_title=signer.title[:100] if signer else "",
        signer_name=signer.name[:150] if signer else "",
        recipients="\n".join(reading.recipients),
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    return plan


def own_budget_source(organisation: Unit) -> str:
    """The budget an amount comes from when the plan does not say: the issuer's own."""
    return {
        UnitKind.PROVINCE: BudgetSource.CITY,
        UnitKind.COMMUNE: BudgetSource.COMMUNE,
    }.get(organisation.kind, BudgetSource.UNIT)


def _budget_lines(plan: Plan, lines: list[BudgetLineReading]) -> None:
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            source=line.source or own_budget_source(plan.issuer),
            amount=line.amount,
            note=line.note,
            position=position,
        )
        for position, line in enumerate(lines, start=1)
    )


def _targets(plan: Plan, targets: list[TargetReading]) -> None:
    """Targets read from the text, counted by hand until the officer links them to a form."""
    rows = [
        Target(
            plan=plan,
            indicator=target.indicator,
            measure=target.measure[:40],
            target_value=target.value,
            due_date=target.due_on,
            metric=TargetMetric.MANUAL,
            position=position,
        )
        for position, target in enumerate(targets, start=1)
        if abs(target.value) < 10**12
    ]
    Target.objects.bulk_create(rows)


def _legal_bases(plan: Plan, bases: list[LegalBasisReading]) -> list[LegalDocument]:
    new, cited = [], set()
    for basis in bases:
        number = basis.number.strip()
        if not number:
            continue
        known = LegalDocument.objects.filter(number_key=normalise_document_number(number)).exists()
        document = legal_document_register(
            kind=_KIND_CODES.get(basis.kind, "other"),
            number=number[:60],
            issued_on=basis.issued_on,
            issuer=basis.issuer[:255],
        )
        if document.pk in cited:
            continue
        cited.add(document.pk)
        if not known:
            new.append(document)
        verb = _VERBS.get(basis.verb, BasisVerb.PURSUANT)
        legal_basis_add(plan=plan, document=document, verb=verb)
    return new


def _superior_plan(plan: Plan) -> Plan | None:
    """The superior's plan in Loa among the documents the plan cites (the one it implements)."""
    from units.access import superior_organisations

    return (
        Plan.objects.filter(
            as_legal_document__citations__plan=plan,
            issuer__in=superior_organisations(plan.issuer),
        )
        .order_by("-issued_on")
        .first()
    )


def _label(label: str, depth: int) -> str:
    if not label:
        return ""
    return f"{label})" if label.isalpha() and depth > 0 else f"{label}."


# Sections whose numbered children are typed once as structured parts (purpose and
# requirements, outreach forms, assignments); only their own text is kept in the tree.
_STRUCTURED = {"purpose", "forms", "assignments"}


def _sections(
    plan: Plan, rows: list[SectionReading], *, parent: ContentSection | None, depth: int = 0
):
    for position, row in enumerate(rows, start=1):
        kind = row.kind if parent is None else "text"
        section = ContentSection.objects.create(
            plan=plan,
            parent=parent,
            position=position,
            label=_label(row.label, depth)[:20],
            title=row.title,
            body=row.body,
            kind=kind,
        )
        if kind not in _STRUCTURED:
            _sections(plan, row.children, parent=section, depth=depth + 1)


def _forms(plan: Plan, reading: PlanReading) -> None:
    catalogue = {form.code: form for form in OutreachForm.objects.filter(is_active=True)}
    mentions = [mention for mention in reading.forms if mention.code in catalogue]
    PlanOutreachForm.objects.bulk_create(
        PlanOutreachForm(
            plan=plan,
            form=catalogue[mention.code],
            heading=mention.heading[:255],
            description=mention.description,
            position=position,
        )
        for position, mention in enumerate(mentions, start=1)
    )


def _assignments(plan: Plan, organisation: Unit, rows: list[AssignmentReading]) -> list[Assignment]:
    units = list(Unit.objects.assignable_by(organisation))
    unmatched = []
    focal_taken = False
    for position, row in enumerate(rows, start=1):
        label = row.unit.strip()[:255] or "Đơn vị chưa rõ tên"
        unit = match_unit(label, organisation, units)
        if unit is None and row.person:
            unit = match_person(label, organisation, units)
        group = group_kinds(label) if unit is None else None
        focal = row.focal and not focal_taken
        focal_taken = focal_taken or focal
        role = row.role if row.role in AssignmentRole.values else AssignmentRole.LEAD
        assignment = Assignment(
            plan=plan,
            unit=unit or (organisation if group is not None else None),
            label=label,
            includes_subunits=group is not None,
            subunit_kinds=group or "",
            role=role,
            is_focal_point=focal,
            tasks=row.tasks,
            reporting_duty=row.reporting_duty[:255],
            due_date=row.due_on,
            position=position,
        )
        assignment.full_clean()
        assignment.save()
        if assignment.unit_id is None:
            unmatched.append(assignment)
    return unmatched


# --------------------------------------------------------------------------- mapping
def _mappable(assignment: Assignment, by) -> Plan:
    plan = assignment.plan
    _can_import(by, plan.issuer)
    if not plan.is_editable:
        raise ValidationError("Kế hoạch đã ban hành, không thể sửa phân công.")
    return plan


@transaction.atomic
def assignment_map_unit(*, assignment: Assignment, unit: Unit, by=None) -> Assignment:
    """Point an imported assignment at one of the organisation's units."""
    plan = _mappable(assignment, by)
    if not Unit.objects.assignable_by(plan.issuer).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": "Đơn vị này không thuộc cơ quan ban hành kế hoạch."})
    assignment.unit = unit
    assignment.full_clean()
    assignment.save(update_fields=["unit"])
    return assignment


@transaction.atomic
def assignment_create_unit(
    *, assignment: Assignment, name: str = "", kind: str = UnitKind.OFFICE, by=None
) -> Assignment:
    """Create the unit an imported assignment names (under the plan's issuer) and map it."""
    plan = _mappable(assignment, by)
    name = (name or assignment.label).strip()
    if not name:
        raise ValidationError({"name": "Nhập tên đơn vị."})
    if kind not in UnitKind.values:
        raise ValidationError({"kind": "Loại đơn vị không hợp lệ."})
    unit = unit_create(parent=plan.issuer, code=_new_code(plan.issuer, name), name=name, kind=kind)
    return assignment_map_unit(assignment=assignment, unit=unit, by=by)


def _new_code(organisation: Unit, name: str) -> str:
    initials = "".join(word[0] for word in re.findall(r"[a-z0-9]+", fold(name))).upper()[:8]
    base = f"{organisation.code}-{initials or 'DV'}"[:36]
    code, suffix = base, 2
    while Unit.objects.filter(code=code).exists():
        code, suffix = f"{base}{suffix}", suffix + 1
    return code
