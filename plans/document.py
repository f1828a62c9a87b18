"""A plan as an official document: the paragraphs it prints, in order.

The body is the `ContentSection` tree. Sections of kind purpose, forms, budget and
assignments print their own text followed by the plan's structured parts, numbered in the
section's style (under «III.» items are «1.», «2.» …; under «2.» they are «2.1.», «2.2.» …):

- purpose: «1. Mục đích» and «2. Yêu cầu» with the plan's purpose and requirements;
- forms: one item per run of consecutive forms with the same heading (else the form's
  category). The first description of a run prints in full; later rows print only when they
  are bullets («- …»): a bare phrase on a later row («Pano», «YouTube») only names what is
  tracked under the form, as the seed documents show;
- budget: the lines, as bullets, when they carry amounts or the section has no text of its
  own, with the total when there are several amounts;
- assignments: «k. <unit>» with «Đề nghị» (at a province: «Trân trọng đề nghị») before the
  bodies the plan can only ask, then the tasks and the deadline if the tasks do not state it.

Targets print under «Mục đích, yêu cầu»; budget lines in the budget section. A section the
plan text titles «Chỉ tiêu …» or «Kinh phí …» (as imported plans have them, of kind text)
takes their place, so nothing prints twice. A plan without such a section still prints its
targets and budget, as top-level sections «CHỈ TIÊU» and «KINH PHÍ THỰC HIỆN» of their own
before «TỔ CHỨC THỰC HIỆN», the Roman numbers of the sections after them moved on.
"""

import re

from django.utils import timezone

from planreader.sections import to_roman

from .models import AssignmentRole, Plan, SectionKind
from .printing import OfficialDocument, Paragraph, text_paragraphs
from .selectors import plan_parts
from .text import BLANK, date_line, fold, short_date, vnd, without_marks

_ROMAN = re.compile(r"^[IVXLCDM]+\.$")
_ARABIC = re.compile(r"^\d+(?:\.\d+)*\.$")
_BULLET = re.compile(r"^[-+–•]\s")


def child_label(parent_label: str, index: int) -> str:
    """The label of the `index`-th item under a section labelled `parent_label`."""
    label = (parent_label or "").strip()
    if _ARABIC.match(label):
        return f"{label}{index}."
    return f"{index}."


def plan_document(plan: Plan, parts: dict | None = None) -> OfficialDocument:
    parts = parts or plan_parts(plan)
    issuer = plan.issuer
    issuing = [line for line in (issuer.header_name or "").splitlines() if line.strip()]
    if not issuing:
        issuing = [issuer.display_name]
    if plan.number is not None:
        number_line = f"Số: {plan.number_display}"
    else:
        number_line = f"Số:{BLANK * 8}/{plan.symbol}" if plan.symbol else f"Số:{BLANK * 8}"
    draft_year = (plan.period_start or timezone.localdate()).year
    return OfficialDocument(
        parent_body=issuer.header_parent,
        issuing_body=issuing,
        number_line=number_line,
        date_line=date_line(
            plan.place or issuer.place_name or issuer.name, plan.issued_on, draft_year=draft_year
        ),
        type_name="Kế hoạch",
        title=plan.title,
        opening=_opening(plan, parts),
        body=_body(plan, parts),
        closing=text_paragraphs(plan.closing),
        recipients=plan.recipient_lines,
        authority_lines=[plan.signer_authority, plan.signer_on_behalf, plan.signer_title],
        signer_name=plan.signer_name,
        is_draft=plan.status in ("draft", "awaiting"),
        author=issuer.display_name,
        filename=plan_filename(plan),
    )


def unprinted_parts(parts: dict) -> list[str]:
    """Parts of the plan that have rows but no section of their kind to print them in
    (targets and budget lines always print: in a section of their own if need be)."""
    kinds = {section.kind for section in parts["sections"]}
    missing = []
    for kind, key in (
        (SectionKind.FORMS, "forms"),
        (SectionKind.ASSIGNMENTS, "assignments"),
    ):
        if parts[key] and kind not in kinds:
            missing.append(SectionKind(kind).label)
    return missing


def plan_filename(plan: Plan) -> str:
    if plan.number is None:
        return f"du-thao-ke-hoach-{plan.pk}"
    symbol = re.sub(r"[^A-Za-z0-9]+", "-", without_marks(plan.symbol)).strip("-")
    year = plan.issued_on.year if plan.issued_on else ""
    return "-".join(str(part) for part in ("ke-hoach", f"{plan.number:02d}", symbol, year) if part)


# Preamble lines that cite a basis, as the legal bases above them do.
_BASIS = re.compile(r"^(?:căn cứ|thực hiện|tiếp tục thực hiện)\b", re.IGNORECASE)


def _opening(plan, parts):
    """The legal bases («Căn cứ …», «Thực hiện …»: italic, as Decree 30 prints them), then
    the preamble, where lines citing a basis are italic as well."""
    paragraphs = [Paragraph(basis.sentence, italic=True) for basis in parts["legal_bases"]]
    for paragraph in text_paragraphs(plan.preamble):
        paragraph.italic = bool(_BASIS.match(paragraph.text))
        paragraphs.append(paragraph)
    return paragraphs


def _titled(sections, words):
    """The first text section whose title opens with `words` (folded): «Chỉ tiêu», «Kinh phí»."""
    return next(
        (s for s in sections if s.kind == SectionKind.TEXT and fold(s.title).startswith(words)),
        None,
    )


def _body(plan, parts):
    sections = parts["sections"]
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.position, s.pk or 0))
    kinds = {section.kind for section in sections}
    targets_section = _titled(sections, "chi tieu")
    budget_section = None
    if SectionKind.BUDGET not in kinds:
        budget_section = _titled(sections, "kinh phi")
    paragraphs = []

    def walk(section, depth, label):
        body = text_paragraphs(section.body)
        if section.title:
            paragraphs.append(Paragraph(section.title, label=label, heading=True, level=depth))
        elif body and label:
            body[0].label = label
        elif label:
            paragraphs.append(Paragraph("", label=label, heading=True, level=depth))
        paragraphs.extend(body)
        kids = children.get(section.pk, [])
        for kid in kids:
            walk(kid, depth + 1, kid.label)
        if section is targets_section and not body and not kids:
            paragraphs.extend(_target_paragraphs(parts["targets"]))
        kind = SectionKind.BUDGET if section is budget_section else section.kind
        if kind != SectionKind.TEXT:
            paragraphs.extend(
                _structured(
                    plan,
                    parts,
                    section,
                    kind=kind,
                    targets=targets_section is None,
                    depth=depth + 1,
                    start=len(kids) + 1,
                )
            )

    top = children.get(None, [])
    added = []
    if parts["targets"] and targets_section is None and SectionKind.PURPOSE not in kinds:
        added.append(("CHỈ TIÊU", _target_paragraphs(parts["targets"])))
    if parts["budget_lines"] and budget_section is None and SectionKind.BUDGET not in kinds:
        added.append(
            ("KINH PHÍ THỰC HIỆN", _budget_paragraphs(parts["budget_lines"], has_text=False))
        )
    # Plans close with «Tổ chức thực hiện»: the added sections go before it.
    at = next((k for k, s in enumerate(top) if s.kind == SectionKind.ASSIGNMENTS), len(top))
    entries = [*top[:at], *added, *top[at:]]
    romans = [f"{to_roman(k)}." for k in range(1, len(top) + 1)]
    renumber = bool(added) and [s.label.strip() for s in top] == romans
    for number, entry in enumerate(entries, start=1):
        label = f"{to_roman(number)}." if renumber else None
        if isinstance(entry, tuple):
            title, content = entry
            paragraphs.append(Paragraph(title, label=label or "", heading=True, level=0))
            paragraphs.extend(content)
        else:
            walk(entry, 0, label or entry.label)
    return paragraphs


def _structured(plan, parts, section, *, kind, targets, depth, start):
    """The structured part printed after a section of `kind`; under «Mục đích, yêu cầu» the
    targets too, when `targets` (no section of the text prints them)."""
    items = []  # (heading, [paragraphs])
    if kind == SectionKind.PURPOSE:
        for heading, text in (("Mục đích", plan.purpose), ("Yêu cầu", plan.requirements)):
            if text.strip():
                items.append((heading, text_paragraphs(text)))
        if parts["targets"] and targets:
            items.append(("Chỉ tiêu", _target_paragraphs(parts["targets"])))
    elif kind == SectionKind.FORMS:
        items = _form_items(parts["forms"])
    elif kind == SectionKind.ASSIGNMENTS:
        items = _assignment_items(plan, parts["assignments"])
    elif kind == SectionKind.BUDGET:
        return _budget_paragraphs(parts["budget_lines"], has_text=bool(section.body.strip()))

    paragraphs = []
    for index, (heading, content) in enumerate(items, start=start):
        paragraphs.append(
            Paragraph(heading, label=child_label(section.label, index), heading=True, level=depth)
        )
        paragraphs.extend(content)
    return paragraphs


def _form_items(forms):
    items = []
    current = None
    for row in forms:
        heading = row.group_heading
        if current is None or current[0] != heading:
            current = (heading, [])
            items.append(current)
        description = (row.description or "").strip()
        if not description:
            continue
        if not current[1] or _BULLET.match(description):
            current[1].extend(text_paragraphs(description))
    return items


def _assignment_items(plan, assignments):
    courtesy = "Trân trọng đề nghị" if plan.issuer.kind == "province" else "Đề nghị"
    items = []
    for assignment in assignments:
        label = assignment.display_label
        if assignment.role == AssignmentRole.REQUESTED and not label.lower().startswith(
            ("đề nghị", "trân trọng")
        ):
            label = f"{courtesy} {label}"
        content = text_paragraphs(assignment.tasks)
        due = assignment.due_date
        if (
            due
            and short_date(due) not in assignment.tasks
            and f"{due:%d/%m/%Y}" not in (assignment.tasks)
        ):
            bullet = "- " if content and _BULLET.match(content[-1].text) else ""
            content.append(Paragraph(f"{bullet}Thời hạn hoàn thành: {short_date(due)}."))
        items.append((label, content))
    return items


def _target_paragraphs(targets):
    """«- Tin, bài: 60 tin, hoàn thành trước 30/6/2026.» A count prints without decimals."""
    paragraphs = []
    for target in targets:
        value = target.target_value.normalize()
        if value == value.to_integral_value():
            shown = vnd(int(value))
        else:
            shown = format(value, "f").replace(".", ",")
        text = f"- {target.indicator.rstrip('.;:')}: {shown}"
        if target.measure:
            text += f" {target.measure}"
        if target.due_date:
            text += f", hoàn thành trước {short_date(target.due_date)}"
        paragraphs.append(Paragraph(text + "."))
    return paragraphs


def _budget_paragraphs(lines, *, has_text):
    amounts = [line.amount for line in lines if line.amount]
    if not lines or (has_text and not amounts):
        return []
    paragraphs = []
    for line in lines:
        text = line.note.strip() or line.get_source_display()
        text = text.rstrip(".;")
        if line.amount:
            text = f"{text}: {vnd(line.amount)} đồng"
        paragraphs.append(Paragraph(f"- {text}."))
    if len(amounts) > 1:
        paragraphs.append(Paragraph(f"Tổng kinh phí: {vnd(sum(amounts))} đồng."))
    return paragraphs
