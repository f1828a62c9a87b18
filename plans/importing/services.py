"""Writes for plans read from documents: the draft plan, and mapping its unmatched units.

`plan_import_draft` turns the parser's result into a draft plan of an organisation; the officer
then reviews it in the plan editor. Units named in «Tổ chức thực hiện» are matched to the
organisation's units by name (diacritics folded, abbreviations expanded, fuzzy); those that
match nothing keep their name as the assignment's label and are returned for the officer to map
(`assignment_map_unit`) or create (`assignment_create_unit`).
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from plans.models import (
    Assignment,
    AssignmentRole,
    BasisVerb,
    BudgetLine,
    ContentSection,
    LegalDocument,
    OutreachForm,
    Plan,
    PlanOutreachForm,
)
from plans.services import legal_basis_add, legal_document_register
from plans.text import normalise_document_number
from units.access import can_manage_plans, require
from units.models import Unit, UnitKind
from units.services import unit_create

from .folding import fold
from .parser import refuse_unrecognised
from .vocabulary import KINDS

_KIND_CODES = {name: code for name, (code, _) in KINDS.items()}
_VERBS = {"Căn cứ": BasisVerb.PURSUANT, "Thực hiện": BasisVerb.IMPLEMENTING}
MATCH_THRESHOLD = 0.8


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
def plan_import_draft(*, parsed: dict, organisation: Unit, by=None) -> ImportedDraft:
    """Create a draft plan of `organisation` from `parsed` (the importer's JSON schema).

    Raises `DocumentRefused` when nothing of a plan was read (no sections, no assignments).
    """
    _can_import(by, organisation)
    refuse_unrecognised(parsed)
    result = ImportedDraft(plan=_draft_plan(parsed, organisation, by))
    plan = result.plan
    if parsed.get("number") and plan.number is None:
        result.notes.append(
            f"Số {parsed['number']} đã được dùng trong năm; hãy đặt số khác khi ban hành."
        )
    result.new_documents = _legal_bases(plan, parsed.get("legal_bases") or [])
    plan.superior_plan = _superior_plan(plan)
    if plan.superior_plan_id:
        plan.save(update_fields=["superior_plan"])
    _sections(plan, parsed.get("sections") or [], parent=None)
    _forms(plan, parsed.get("forms") or [])
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            source=line["source"],
            amount=line.get("amount"),
            note=line.get("note", ""),
            position=position,
        )
        for position, line in enumerate(parsed.get("budget") or [], start=1)
    )
    result.unmatched = _assignments(plan, organisation, parsed.get("assignments") or [])
    return result


def _split_number(number: str | None) -> tuple[int | None, str]:
    match = re.match(r"^\s*(\d{1,6})\s*/\s*(\S+)", number or "")
    if not match:
        return None, ""
    return int(match.group(1)), match.group(2)[:40]


def _draft_plan(parsed: dict, organisation: Unit, by) -> Plan:
    number, symbol = _split_number(parsed.get("number"))
    issued_on = _date(parsed.get("issued_on"))
    if number is not None and issued_on is not None:
        taken = Plan.objects.filter(issuer=organisation, year=issued_on.year, number=number)
        if taken.exists():
            number = None
    signer = parsed.get("signer") or {}
    plan = Plan(
        issuer=organisation,
        number=number,
        symbol=symbol,
        issued_on=issued_on,
        place=(parsed.get("place") or organisation.place_name)[:100],
        title=parsed.get("title") or "Kế hoạch nhập từ văn bản",
        preamble=parsed.get("preamble") or "",
        purpose=parsed.get("purpose") or "",
        requirements=parsed.get("requirements") or "",
        closing=parsed.get("closing") or "",
        signer_authority=(signer.get("authority") or "")[:100],
        signer_on_behalf=(signer.get("on_behalf") or "")[:100],
        signer_title=(signer.get("title") or "")[:100],
        signer_name=(signer.get("name") or "")[:150],
        recipients="\n".join(parsed.get("recipients") or []),
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    return plan


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _legal_bases(plan: Plan, bases: list[dict]) -> list[LegalDocument]:
    new, cited = [], set()
    for basis in bases:
        number = (basis.get("number") or "").strip()
        if not number:
            continue
        known = LegalDocument.objects.filter(number_key=normalise_document_number(number)).exists()
        document = legal_document_register(
            kind=_KIND_CODES.get(basis.get("kind"), "other"),
            number=number[:60],
            issued_on=_date(basis.get("issued_on")),
            issuer=(basis.get("issuer") or "")[:255],
        )
        if document.pk in cited:
            continue
        cited.add(document.pk)
        if not known:
            new.append(document)
        verb = _VERBS.get(basis.get("verb"), BasisVerb.PURSUANT)
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


def _sections(plan: Plan, rows: list[dict], *, parent: ContentSection | None, depth: int = 0):
    for position, row in enumerate(rows, start=1):
        kind = row.get("kind", "text") if parent is None else "text"
        section = ContentSection.objects.create(
            plan=plan,
            parent=parent,
            position=position,
            label=_label(row.get("label", ""), depth)[:20],
            title=row.get("title", ""),
            body=row.get("body", ""),
            kind=kind,
        )
        if kind not in _STRUCTURED:
            _sections(plan, row.get("children") or [], parent=section, depth=depth + 1)


def _forms(plan: Plan, rows: list[dict]) -> None:
    catalogue = {form.code: form for form in OutreachForm.objects.filter(is_active=True)}
    PlanOutreachForm.objects.bulk_create(
        PlanOutreachForm(
            plan=plan,
            form=catalogue[row["code"]],
            heading=(row.get("heading") or "")[:255],
            description=row.get("description") or "",
            position=position,
        )
        for position, row in enumerate((r for r in rows if r.get("code") in catalogue), start=1)
    )


# --------------------------------------------------------------------------- unit matching
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "vn": "viet nam",
    "vhxh": "van hoa xa hoi",
    "tp": "thanh pho",
}
# Words that say where a unit is rather than which one it is.
_PLACE_WORDS = {"xa", "phuong", "thanh", "pho", "tinh", "dac", "khu", "thi", "tran"}
# A plural label names a group of the organisation's units: «Các thôn», «Các phòng …».
_GROUP_KINDS = [
    ("thon", UnitKind.VILLAGE),
    ("to dan pho", UnitKind.VILLAGE),
    ("to cong nghe so", UnitKind.DIGITAL_TEAM),
    ("phong", UnitKind.OFFICE),
    ("cac so", UnitKind.AGENCY),
    ("ban nganh", UnitKind.AGENCY),
    ("doan the", UnitKind.MASS_ORG),
    ("bao chi", UnitKind.PRESS),
    # «chính quyền cấp cơ sở», «các xã, phường»: the communes below a province.
    ("chinh quyen cap co so", UnitKind.COMMUNE),
    ("cac xa", UnitKind.COMMUNE),
]


def _name_words(name: str, place_words: set[str]) -> list[str]:
    tokens = []
    for token in re.findall(r"[a-z0-9]+", fold(name)):
        tokens += _ABBREVIATIONS.get(token, token).split()
    return [t for t in tokens if t not in _PLACE_WORDS and t not in place_words]


def name_similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    ratio = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return max(jaccard, ratio)


def match_unit(label: str, organisation: Unit, units: list[Unit]) -> Unit | None:
    """The one unit whose name reads as `label`, or None when none or several do."""
    place_words = set(re.findall(r"[a-z0-9]+", fold(organisation.place_name or "")))
    wanted = _name_words(label, place_words)
    scored = []
    for unit in units:
        names = {unit.name, unit.full_name} - {""}
        best = max(name_similarity(wanted, _name_words(n, place_words)) for n in names)
        scored.append((best, unit))
    scored.sort(key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02 and scored[0][0] < 1.0:
        return None
    return scored[0][1]


def _group_kinds(label: str) -> str | None:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(label)))
    if not folded.startswith("cac "):
        return None
    kinds = []
    for phrase, kind in _GROUP_KINDS:
        if re.search(rf"\b{phrase}\b", folded) and kind not in kinds:
            kinds.append(kind)
    return ",".join(kinds)


def _assignments(plan: Plan, organisation: Unit, rows: list[dict]) -> list[Assignment]:
    units = list(Unit.objects.assignable_by(organisation))
    unmatched = []
    focal_taken = False
    for position, row in enumerate(rows, start=1):
        label = (row.get("unit") or "").strip()[:255] or "Đơn vị chưa rõ tên"
        unit = match_unit(label, organisation, units)
        group = _group_kinds(label) if unit is None else None
        focal = bool(row.get("focal")) and not focal_taken
        focal_taken = focal_taken or focal
        role = row.get("role") if row.get("role") in AssignmentRole.values else "lead"
        assignment = Assignment(
            plan=plan,
            unit=unit or (organisation if group is not None else None),
            label=label,
            includes_subunits=group is not None,
            subunit_kinds=group or "",
            role=role,
            is_focal_point=focal,
            tasks=row.get("tasks") or "",
            reporting_duty=(row.get("reporting_duty") or "")[:255],
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
