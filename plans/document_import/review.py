"""Writes for the upload-and-review flow: a plan document uploaded in the interface becomes a
draft under review (`PlanImport`) that the officer completes and then keeps or discards.

- `plan_import_upload`: read the file, parse it, create the draft (`plan_import_draft`) and
  its review record; a refused file writes nothing. A scanned PDF goes to OCR in the
  background first (`scans`).
- `plan_import_map_unit` / `plan_import_create_unit`: point an unmatched assignment at one of
  the organisation's units, or create that unit (remembered, so a discard removes it).
- `plan_import_confirm_figures`: the officer confirms (corrects, or drops) the targets and
  budget lines read from the text.
- saving the draft in the plan editor keeps the import (`plans.services.editing`, which
  never imports this package).
- `plan_import_discard`: «Hủy bản nhập» deletes the draft, the units created for it and the
  registry documents it added, unless something else uses them.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from planreader import document_text, read_plan
from planreader.folding import fold
from plans.models import Assignment, BudgetLine, Plan, PlanImport, PlanStatus, Target
from plans.services import plan_delete_draft
from plans.services.editing import stamp
from units.access import can_manage_plans, require
from units.models import Unit, UnitKind

from .services import assignment_create_unit, assignment_map_unit, plan_import_draft

NOT_ALLOWED = "Chỉ cán bộ, lãnh đạo của cơ quan ban hành mới nhập được kế hoạch của cơ quan."
NOT_PENDING = (
    "Bản nhập này đã được giữ lại (đã lưu trong trình soạn thảo): hãy sửa tiếp trong trình "
    "soạn thảo."
)
DISCARD_REASON = "Hủy bản nhập"
MAP_REASON = "Rà soát bản nhập"
FIGURES_REASON = "Xác nhận chỉ tiêu, kinh phí đọc từ văn bản"
TARGET_FIELDS = ["indicator", "target_value", "measure", "due_date"]
BUDGET_FIELDS = ["source", "amount"]

# Kinds an officer may give a unit created from an imported plan (organisations are created
# by administrators, with their header and numbering).
CREATABLE_KINDS = [
    UnitKind.OFFICE,
    UnitKind.AGENCY,
    UnitKind.VILLAGE,
    UnitKind.MASS_ORG,
    UnitKind.PARTY,
    UnitKind.DIGITAL_TEAM,
    UnitKind.PRESS,
]
_KIND_WORDS = [
    (r"\bcong nghe so\b", UnitKind.DIGITAL_TEAM),
    (r"\b(dang uy|thanh uy|tinh uy|ban tuyen giao|ban dan van)\b", UnitKind.PARTY),
    (
        r"\b(mat tran|mttq|ubmttq|doan thanh nien|hoi lien hiep|hoi nong dan|hoi phu nu|"
        r"hoi cuu chien binh|hoi nguoi cao tuoi|cong doan|lien doan lao dong|doan the)\b",
        UnitKind.MASS_ORG,
    ),
    (r"^(cac )?(thon|to dan pho|khu pho|to dan cu|ban)\b", UnitKind.VILLAGE),
    (r"\b(bao chi|phat thanh|truyen hinh|truyen thanh)\b|^(cac )?bao\b", UnitKind.PRESS),
    (r"^(cac )?so\b|\btrung tam\b", UnitKind.AGENCY),
]


def _allowed(by, organisation) -> None:
    require(by is not None and can_manage_plans(by, organisation), NOT_ALLOWED)


def _pending(plan_import: PlanImport, by) -> Plan:
    plan = plan_import.plan
    _allowed(by, plan.issuer)
    if not plan_import.is_pending:
        raise ValidationError(NOT_PENDING, code="kept")
    return plan


def _clean_filename(filename: str) -> str:
    name = unicodedata.normalize("NFC", Path(filename or "").name).strip()
    return name[:255] or "van-ban"


@transaction.atomic
def plan_import_upload(*, data: bytes, filename: str, organisation: Unit, by) -> PlanImport:
    """Read an uploaded plan document into a draft of `organisation`, under review.

    Raises `DocumentRefused` (reason in Vietnamese) for an empty, binary, oversized or broken
    file, or one in which nothing of a plan was found; nothing is written then.
    """
    _allowed(by, organisation)
    # A scanned PDF raises ScanNeedsOcr here: the view hands it to scans.plan_scan_start.
    return plan_import_from_text(
        text=document_text(data, filename, ocr=False),
        filename=filename,
        organisation=organisation,
        by=by,
    )


@transaction.atomic
def plan_import_from_text(*, text: str, filename: str, organisation: Unit, by) -> PlanImport:
    """The draft and its review record from a document's text (read, or OCR'd in a job)."""
    _allowed(by, organisation)
    reading = read_plan(text)
    draft = plan_import_draft(reading=reading, organisation=organisation, by=by)
    record = PlanImport.objects.create(
        plan=draft.plan,
        filename=_clean_filename(filename),
        ocr=reading.ocr,
        notes=draft.notes,
        imported_by=by,
    )
    record.new_documents.set(draft.new_documents)
    return record


def _touch(plan: Plan) -> None:
    """A change made outside the editor: an editor opened before it must not overwrite it."""
    Plan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())


def _own_assignment(plan_import: PlanImport, assignment: Assignment) -> None:
    if assignment.plan_id != plan_import.plan_id:
        raise ValidationError("Phân công này không thuộc bản nhập.")


@transaction.atomic
def plan_import_map_unit(
    *, plan_import: PlanImport, assignment: Assignment, unit: Unit, by
) -> Assignment:
    """Give an imported assignment one of the organisation's units.

    An assignment read as a group («Các cơ quan báo chí …» → every press unit below the
    organisation) becomes the chosen unit's alone.
    """
    plan = _pending(plan_import, by)
    _own_assignment(plan_import, assignment)
    stamp(assignment, by=by, reason=MAP_REASON)
    if assignment.includes_subunits:
        assignment.includes_subunits = False
        assignment.subunit_kinds = ""
        assignment.save(update_fields=["includes_subunits", "subunit_kinds"])
    assignment = assignment_map_unit(assignment=assignment, unit=unit, by=by)
    _touch(plan)
    return assignment


@transaction.atomic
def plan_import_create_unit(
    *, plan_import: PlanImport, assignment: Assignment, name: str, kind: str, by
) -> Assignment:
    """Create the unit an imported assignment names, under the plan's issuer, and map it."""
    plan = _pending(plan_import, by)
    _own_assignment(plan_import, assignment)
    if assignment.unit_id is not None:
        raise ValidationError("Phần phân công này đã có đơn vị; hãy chọn đơn vị có sẵn.")
    if kind not in CREATABLE_KINDS:
        raise ValidationError({"kind": "Chọn loại đơn vị trong danh sách."})
    name = unicodedata.normalize("NFC", name or "").strip()
    if len(name) > 255:
        raise ValidationError({"name": "Tên đơn vị dài quá 255 ký tự."})
    stamp(assignment, by=by, reason=MAP_REASON)
    assignment = assignment_create_unit(assignment=assignment, name=name, kind=kind, by=by)
    plan_import.created_units.add(assignment.unit)
    _touch(plan)
    return assignment


@transaction.atomic
def plan_import_confirm_figures(
    *, plan_import: PlanImport, targets: list[dict], budget_lines: list[dict], by
) -> None:
    """Confirm the targets and budget lines read from the document.

    Each row is `{"id": …, "keep": bool, <fields>}` for one of the draft's own targets
    (`TARGET_FIELDS`) or budget lines (`BUDGET_FIELDS`): kept rows take the officer's
    corrections, the others are deleted. Rows of another plan are refused.
    """
    plan = _pending(plan_import, by)
    for model, rows, fields in (
        (Target, targets, TARGET_FIELDS),
        (BudgetLine, budget_lines, BUDGET_FIELDS),
    ):
        own = {obj.pk: obj for obj in model.objects.filter(plan=plan)}
        for row in rows:
            obj = own.get(row.get("id"))
            if obj is None:
                raise ValidationError("Dòng này không thuộc bản nhập.")
            stamp(obj, by=by, reason=FIGURES_REASON)
            if not row.get("keep"):
                obj.delete()
                continue
            for name in fields:
                setattr(obj, name, row.get(name))
            obj.full_clean()
            obj.save()
    PlanImport.objects.filter(pk=plan_import.pk).update(
        figures_confirmed_at=timezone.now(), figures_confirmed_by=by
    )
    _touch(plan)


def guess_unit_kind(label: str) -> str:
    """A first guess of the kind of unit a plan names («Công an xã» → office), for the form."""
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(label)))
    for pattern, kind in _KIND_WORDS:
        if re.search(pattern, folded):
            return kind
    return UnitKind.OFFICE


@dataclass
class Discarded:
    units: list[str]
    documents: list[str]
    kept_units: list[str]


@transaction.atomic
def plan_import_discard(*, plan_import: PlanImport, by) -> Discarded:
    """Delete the draft under review and what was created only for it.

    Units created during the review and registry documents the import added are deleted too,
    unless something else now uses them (another plan cites the document, a user or another
    assignment belongs to the unit …): registry rows other plans cite are never deleted.
    """
    plan = _pending(plan_import, by)
    units = list(plan_import.created_units.all())
    documents = list(plan_import.new_documents.all())
    plan_delete_draft(plan=plan, by=by)

    outcome = Discarded(units=[], documents=[], kept_units=[])
    for unit in units:
        if _unused(unit, skip={PlanImport.created_units.through}):
            unit.delete()
            outcome.units.append(unit.name)
        else:
            outcome.kept_units.append(unit.name)
    for document in documents:
        if document.plan_id is None and _unused(document, skip={PlanImport.new_documents.through}):
            stamp(document, by=by, reason=DISCARD_REASON)
            document.delete()
            outcome.documents.append(document.number)
    return outcome


def _unused(obj, *, skip) -> bool:
    """Whether no row of any model points at `obj`, and (a unit) nothing is below it.

    Every relation is checked, so a model added later is respected too; history rows point
    through hidden relations and do not count.
    """
    if isinstance(obj, Unit) and Unit.objects.subtree_of(obj, include_self=False).exists():
        return False
    for relation in obj._meta.related_objects:
        if relation.many_to_many and relation.through in skip:
            continue
        manager = relation.related_model._default_manager
        if manager.filter(**{relation.field.name: obj}).exists():
            return False
    return True


def pending_imports(*, organisation: Unit):
    """The organisation's imports still under review, newest first."""
    return (
        PlanImport.objects.filter(
            plan__issuer=organisation, kept_at=None, plan__status=PlanStatus.DRAFT
        )
        .select_related("plan", "imported_by")
        .order_by("-imported_at")
    )
