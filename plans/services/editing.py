"""Saving a plan from the editor: the header and every part in one atomic write.

The editor sends the complete new state of each part (rows in document order, an `id` for
rows that already exist); rows left out are deleted. `Plan.version` guards against two people
saving the same plan: the save claims the version it was loaded with, so the later of two
concurrent saves is refused and nothing it typed overwrites the earlier one.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from units.models import Unit

from ..models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    Plan,
    PlanImport,
    PlanOutreachForm,
    PlanStatus,
    Target,
    TargetMetric,
)
from ..text import nfc
from .registry import legal_document_register

Row = dict[str, Any]

EDIT_REASON = "Soạn thảo"

HEADER_FIELDS = [
    "title",
    "symbol",
    "place",
    "period_label",
    "period_start",
    "period_end",
    "preamble",
    "purpose",
    "requirements",
    "closing",
    "signer_authority",
    "signer_on_behalf",
    "signer_title",
    "signer_name",
    "recipients",
    "report_due_day",
]
FORM_FIELDS = ["form", "heading", "description"]
ASSIGNMENT_FIELDS = [
    "unit",
    "label",
    "role",
    "is_focal_point",
    "includes_subunits",
    "subunit_kinds",
    "tasks",
    "due_date",
    "reporting_duty",
]
BUDGET_FIELDS = ["source", "amount", "note"]
TARGET_FIELDS = [
    "indicator",
    "measure",
    "target_value",
    "due_date",
    "metric",
    "form",
    "actual_value",
]
SECTION_FIELDS = ["label", "title", "body", "kind"]


def stamp(instance, *, by, reason):
    """Who made the change and why, for django-simple-history (a request sets the user too;
    this covers commands, tasks and tests)."""
    if by is not None and getattr(by, "is_authenticated", False):
        instance._history_user = by
    instance._change_reason = reason
    return instance


def _clean_text(value):
    """NFC, Unix line ends (browsers post CRLF) and no stray blanks around the text."""
    if not isinstance(value, str):
        return value
    return nfc(value).replace("\r\n", "\n").replace("\r", "\n").strip()


@transaction.atomic
def plan_save(
    *,
    plan: Plan,
    by,
    version: int | None,
    header: Row,
    legal_bases: list[Row],
    sections: list[Row],
    forms: list[Row],
    assignments: list[Row],
    budget_lines: list[Row],
    targets: list[Row],
    loaded: dict[str, Any] | None = None,
) -> Plan:
    """Create a draft (`plan.pk` is None, `plan.issuer` set) or save an existing draft.

    `version` is the `Plan.version` the editor was opened with; a stale version raises a
    ValidationError with code "conflict" and writes nothing.

    `loaded` holds what the caller already read in this request, before the version was
    claimed (so it is the plan at that version), to be used instead of reading it again: the
    plan as it was (`"plan"`), each part's rows (keyed as the arguments) and the ids of the
    units the issuer may assign (`"assignable_units"`).
    """
    loaded = loaded or {}
    creating = plan.pk is None
    if creating:
        plan.created_by = by
        plan.status = PlanStatus.DRAFT
    else:
        _claim_version(plan, version)

    for field, value in header.items():
        if field not in HEADER_FIELDS:
            raise ValueError(f"Not an editable plan field: {field}")
        setattr(plan, field, _clean_text(value))
    before = loaded.get("plan")
    if creating or before is None or any(_differs(before, f, getattr(plan, f)) for f in header):
        plan.full_clean(exclude=["issuer", "superior_plan", "created_by"])
        stamp(plan, by=by, reason=EDIT_REASON)
        plan.save()

    _save_legal_bases(plan, legal_bases, by=by, existing=loaded.get("legal_bases"))
    _save_sections(plan, sections, by=by, existing=loaded.get("sections"))
    _sync_rows(PlanOutreachForm, plan, forms, FORM_FIELDS, by=by, existing=loaded.get("forms"))
    _check_assignments(plan, assignments, assignable=loaded.get("assignable_units"))
    _sync_rows(
        Assignment,
        plan,
        assignments,
        ASSIGNMENT_FIELDS,
        by=by,
        existing=loaded.get("assignments"),
        # A new focal point is saved after the old one has been unset.
        save_order=lambda row: bool(row.get("is_focal_point")),
        protected_message="Không xóa được phân công «{}» vì đã có hoạt động ghi nhận theo "
        "phân công này.",
    )
    _sync_rows(
        BudgetLine, plan, budget_lines, BUDGET_FIELDS, by=by, existing=loaded.get("budget_lines")
    )
    _sync_rows(Target, plan, targets, TARGET_FIELDS, by=by, existing=loaded.get("targets"))
    if not creating:
        plan_import_keep(plan=plan, by=by)
    return plan


def plan_import_keep(*, plan: Plan, by) -> bool:
    """A draft read from an uploaded document is kept once it is saved in the editor (its
    review, `plans.document_import`, ends). Returns whether an import was pending."""
    kept_by = by if by is not None and getattr(by, "is_authenticated", False) else None
    return bool(
        PlanImport.objects.filter(plan=plan, kept_at=None).update(
            kept_at=timezone.now(), kept_by=kept_by
        )
    )


def _claim_version(plan, version):
    claimed = Plan.objects.filter(pk=plan.pk, version=version, status=PlanStatus.DRAFT).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if claimed:
        plan.version = version + 1
        return
    current = Plan.objects.get(pk=plan.pk)
    if current.status != PlanStatus.DRAFT:
        message = (
            "Kế hoạch vừa được ban hành nên không sửa được nữa. Những gì bạn nhập chưa được lưu."
        )
    else:
        last = current.history.select_related("history_user").first()
        who = last.history_user if last and last.history_user else None
        when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
        message = (
            f"Kế hoạch đã được {who or 'người khác'} lưu lúc {when}, sau khi bạn mở trang "
            "này. Để không ghi đè lên nội dung đó, thay đổi của bạn CHƯA được lưu. Hãy mở "
            "lại trình soạn thảo để xem bản mới nhất rồi nhập lại phần của bạn (nội dung "
            "bạn vừa nhập vẫn còn trên trang này để sao chép)."
        )
    raise ValidationError(message, code="conflict")


def _sync_rows(
    model,
    plan,
    rows: Iterable[Row],
    fields,
    *,
    by,
    existing=None,
    save_order=None,
    protected_message=None,
):
    """Make the plan's rows of `model` exactly `rows`, in that order; only rows that change
    are written, so the history shows real changes. `existing`: the plan's rows of `model`
    as the caller read them (read here when not given)."""
    rows = list(rows)
    existing = _by_pk(existing, model, plan)
    kept = {row["id"] for row in rows if row.get("id")}
    missing = kept - existing.keys()
    if missing:
        raise ValidationError(
            "Một số dòng đã bị người khác xóa trong lúc bạn soạn. Hãy mở lại trình soạn thảo.",
            code="conflict",
        )
    for pk, obj in existing.items():
        if pk not in kept:
            stamp(obj, by=by, reason=EDIT_REASON)
            try:
                obj.delete()
            except ProtectedError as error:
                message = (protected_message or "Không xóa được «{}».").format(obj)
                raise ValidationError(message) from error

    pending = []
    for position, row in enumerate(rows, start=1):
        obj = existing.get(row.get("id")) or model(plan=plan)
        values = {field: _clean_text(row.get(field)) for field in fields}
        values["position"] = position
        changed = obj.pk is None or any(_differs(obj, f, v) for f, v in values.items())
        for field, value in values.items():
            setattr(obj, field, value)
        if changed:
            pending.append((row, obj))
    # The rows' objects came from the database (and the plan's rules across rows were
    # checked above), so each row is checked on its own fields only, and all are written in
    # a constant number of statements however many changed.
    relations = ["plan", *(f for f in fields if model._meta.get_field(f).is_relation)]
    for _row, obj in pending:
        obj.full_clean(exclude=relations, validate_constraints=False)
    _check_row_rules(model, [obj for _row, obj in pending])
    # Deletions came first and a new focal point is written last, so the unique rules hold
    # after every statement.
    batches = [[item for item in pending if not save_order or not save_order(item[0])]]
    if save_order:
        batches.append([item for item in pending if save_order(item[0])])
    for batch in batches:
        _write(
            model,
            [obj for _row, obj in batch if obj.pk is not None],
            [obj for _row, obj in batch if obj.pk is None],
            [model._meta.get_field(f).name for f in [*fields, "position"]],
            by=by,
        )


def _by_pk(objects, model, plan):
    if objects is None:
        objects = model.objects.filter(plan=plan)
    return {obj.pk: obj for obj in objects}


def _write(model, changed, added, fields, *, by):
    """Changed rows in one UPDATE and new rows in one INSERT, each with its history."""
    user = by if by is not None and getattr(by, "is_authenticated", False) else None
    if changed:
        bulk_update_with_history(
            changed, model, fields, default_user=user, default_change_reason=EDIT_REASON
        )
    if added:
        bulk_create_with_history(added, model, default_user=user, default_change_reason=EDIT_REASON)


def _check_row_rules(model, objects):
    """The model's check constraints that the editor's forms check, for any other caller of
    plan_save (the database would refuse them with a less helpful error)."""
    for obj in objects:
        if model is Target and obj.metric == TargetMetric.QUANTITY and obj.form_id is None:
            raise ValidationError("Chỉ tiêu tính theo số lượng phải chọn hình thức.")


def _differs(obj, name, value):
    """Whether a row's field would change; a foreign key is compared by its id, without
    loading the object it points to."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != getattr(value, "pk", value)
    return getattr(obj, name) != value


def _save_legal_bases(plan, rows, *, by, existing=None):
    resolved = []
    seen = set()
    for row in rows:
        document = row.get("document")
        if document is None:
            new = row.get("new_document") or {}
            document = legal_document_register(**{k: _clean_text(v) for k, v in new.items()})
        if document.pk in seen:
            raise ValidationError(
                f"Văn bản «{document.citation}» được dẫn hai lần trong căn cứ.", code="duplicate"
            )
        seen.add(document.pk)
        resolved.append({**row, "document": document})
    _sync_rows(LegalBasis, plan, resolved, ["document", "verb", "note"], by=by, existing=existing)


def _check_assignments(plan, rows, *, assignable=None):
    """`assignable`: ids of the units the issuer may assign, when the caller has them."""
    if sum(1 for row in rows if row.get("is_focal_point")) > 1:
        raise ValidationError("Mỗi kế hoạch chỉ có một đơn vị đầu mối.", code="focal")
    unit_ids = {row["unit"].pk for row in rows if row.get("unit")}
    if unit_ids:
        if assignable is None:
            assignable = (
                Unit.objects.assignable_by(plan.issuer)
                .filter(pk__in=unit_ids)
                .values_list("pk", flat=True)
            )
        allowed = unit_ids & set(assignable)
        if unit_ids - allowed:
            raise ValidationError(
                "Chỉ giao nhiệm vụ cho các đơn vị thuộc cơ quan và các cơ quan cấp dưới.",
                code="unit",
            )
    for row in rows:
        if not row.get("unit") and not (row.get("label") or "").strip():
            raise ValidationError("Chọn đơn vị hoặc ghi tên đơn vị được giao.", code="unit")


def _save_sections(plan, rows, *, by, existing=None):
    """Rows come in document order with a depth (0 for I., II. …); each row's parent is the
    nearest row above it one level up. New rows are written a level at a time (a new
    subsection needs its new parent's id), changed rows in one statement."""
    existing = _by_pk(existing, ContentSection, plan)
    kept = {row["id"] for row in rows if row.get("id")}
    if kept - existing.keys():
        raise ValidationError(
            "Một số mục đã bị người khác xóa trong lúc bạn soạn. Hãy mở lại trình soạn thảo.",
            code="conflict",
        )
    structured = [row.get("kind") for row in rows if (row.get("kind") or "text") != "text"]
    if len(structured) != len(set(structured)):
        raise ValidationError(
            "Mỗi phần mục đích, hình thức, kinh phí, phân công chỉ in ở một mục.", code="kind"
        )
    stack: list[ContentSection] = []
    counters: dict[int, int] = {}  # children numbered so far, by id() of their parent
    changed: list[ContentSection] = []
    added: dict[int, list[ContentSection]] = {}  # new rows by depth
    for row in rows:
        depth = int(row.get("depth") or 0)
        if depth > len(stack):
            name = " ".join(filter(None, [row.get("label"), row.get("title")])) or "mới"
            raise ValidationError(f"Mục «{name}» thụt vào quá một bậc so với mục bên trên.")
        stack = stack[:depth]
        parent = stack[-1] if stack else None
        counters[id(parent)] = counters.get(id(parent), 0) + 1
        obj = existing.get(row.get("id")) or ContentSection(plan=plan)
        values = {field: _clean_text(row.get(field) or "") for field in SECTION_FIELDS}
        values["kind"] = values["kind"] or "text"
        values["position"] = counters[id(parent)]
        moved = obj.parent_id != (parent.pk if parent else None) or (parent and not parent.pk)
        edited = moved or any(getattr(obj, f) != v for f, v in values.items())
        for field, value in values.items():
            setattr(obj, field, value)
        obj.parent = parent
        if obj.pk is None:
            added.setdefault(depth, []).append(obj)
        elif edited:
            changed.append(obj)
        stack.append(obj)
    for depth in sorted(added):
        for obj in added[depth]:
            obj.parent_id = obj.parent.pk if obj.parent else None  # the parent's id, now known
        _write(ContentSection, [], added[depth], [], by=by)
    _write(ContentSection, changed, [], ["parent", *SECTION_FIELDS, "position"], by=by)
    # Deleted last: kept rows have left their old parents, so no cascade removes them.
    for pk, obj in existing.items():
        if pk not in kept and ContentSection.objects.filter(pk=pk).exists():
            stamp(obj, by=by, reason=EDIT_REASON)
            obj.delete()
