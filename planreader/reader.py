"""Read a plan (kế hoạch) from its text: the anatomy every Vietnamese administrative plan shares.

header → «KẾ HOẠCH» and title → legal bases («Căn cứ …», «Thực hiện …») → the sentence that
issues the plan → I. … V. sections → closing («Trên đây là …») → «Nơi nhận» and signature.
Each part has its own module; this one cuts the text into those parts and assembles the
`PlanReading`.
"""

from collections import Counter

from . import closing, header
from .assignments import assignment_nodes, assignments, unit_like
from .budget import budget_lines
from .citations import citations
from .files import DocumentRefused
from .folding import fold_aligned, ocr_phrase_at, words
from .layout import Paragraph, clean_lines, is_roman_heading, paragraphs
from .outreach import outreach_forms
from .restore import restore, written_forms
from .result import LegalBasisReading, PlanReading
from .sections import Node, split_sections
from .targets import targets
from .taskowners import merge, task_owners

_BASIS_OPENERS = ["can cu", "thuc hien", "tiep tuc thuc hien", "theo"]
_CLOSING_OPENERS = ["tren day la", "tren day", "day la"]


def looks_ocr(lines: list[str]) -> bool:
    """Whether the text lost its diacritics: few known words are written with their marks."""
    known = written_forms()
    folded_known = {fold_aligned(w) for w in known}
    hits = total = 0
    for line in lines[:400]:
        for token in line.split():
            token = token.strip(".,;:()\"'“”-").lower()
            if fold_aligned(token) in folded_known and len(token) > 1:
                total += 1
                hits += token in known
    return total == 0 or hits / total < 0.8


def read_plan(text: str) -> PlanReading:
    """Everything a plan's text says that a draft plan needs. Never raises: what cannot be
    read is left empty (see `refuse_unrecognised`)."""
    result = PlanReading()
    lines = clean_lines(text)
    ocr = looks_ocr(lines)
    result.ocr = ocr

    type_line = header.find_type_line(lines)
    top = lines[:type_line] if type_line is not None else lines[:8]
    result.number, number_line, _ = header.plan_number(top or lines[:15])
    result.place, result.issued_on = header.place_and_date(top or lines[:15], ocr=ocr)
    issuer_lines = top[:number_line] if number_line is not None else top[:3]
    result.parent_issuer, header_body = header.header_issuer(issuer_lines, ocr=ocr)

    paras = paragraphs(lines[type_line + 1 :] if type_line is not None else lines)
    first_section = next((k for k, p in enumerate(paras) if is_roman_heading(p.text)), len(paras))
    front, rest = paras[:first_section], paras[first_section:]

    title, bases, preamble = _front_matter(front)
    result.title = _title_text(title, lines, ocr=ocr)
    result.legal_bases = citations(" ".join(p.text for p in bases), ocr=ocr)
    for basis in result.legal_bases:
        basis.verb = _verb_of(basis, bases)
    result.preamble = "\n".join(p.text for p in preamble)
    result.issuer = header.issuer_from_preamble(result.preamble, ocr=ocr) or header_body or ""

    tail_line = closing.recipients_start(lines)
    main, closing_paras = _split_closing(rest, tail_line, lines, type_line)
    sections = split_sections(main, ocr=ocr)
    result.sections = [node.reading() for node in sections]
    result.closing = "\n".join(p.text for p in closing_paras)
    _fill_structured_parts(result, sections, ocr=ocr)

    signature_lines = lines[tail_line:] if tail_line is not None else lines[-15:]
    result.signer = closing.signer(signature_lines, ocr=ocr)
    if tail_line is not None:
        result.recipients = closing.recipients(lines[tail_line:], ocr=ocr)
    return result


def refuse_unrecognised(reading: PlanReading) -> None:
    """Refuse a document in which nothing of a plan was found: neither numbered parts (I.,
    II. …) nor assignments. Its draft would be a blank page to retype, not a plan to review."""
    if not reading.recognised:
        raise DocumentRefused(
            "Không nhận ra kế hoạch trong tệp: không tìm thấy các mục «I.», «II.» … hay phần "
            "«Tổ chức thực hiện» của một kế hoạch. Hãy kiểm tra lại đúng tệp văn bản kế hoạch."
        )


def _opens(paragraph: Paragraph, phrases: list[str]) -> bool:
    tokens = words(paragraph.text)
    return any(ocr_phrase_at(tokens, 0, phrase) for phrase in phrases)


def _front_matter(front: list[Paragraph]) -> tuple[Paragraph | None, list, list]:
    """(title, legal-basis paragraphs, preamble paragraphs) of what precedes section I."""
    if not front:
        return None, [], []
    title = None
    if not _opens(front[0], _BASIS_OPENERS):
        title, front = front[0], front[1:]
    bases = [p for p in front if _opens(p, _BASIS_OPENERS)]
    last_basis = max((k for k, p in enumerate(front) if p in bases), default=-1)
    preamble = front[last_basis + 1 :]
    if not bases and len(front) > 1:
        bases, preamble = front[:-1], front[-1:]
    return title, bases, preamble


def _title_text(title: Paragraph | None, lines: list[str], *, ocr: bool) -> str:
    if title is None:
        return ""
    text = title.text.strip()
    if ocr:
        return restore(text)
    if text.isupper():
        return _sentence_case(text, lines)
    return text


def _sentence_case(text: str, lines: list[str]) -> str:
    """An upper-case title in sentence case, each word cased as the body mostly writes it
    (`BỘ CHÍNH TRỊ` → `Bộ Chính trị`, `NGHỊ QUYẾT SỐ 57-NQ/TW` → `Nghị quyết số 57-NQ/TW`)."""
    seen: dict[tuple[str, str], Counter] = {}
    single: dict[str, Counter] = {}
    for line in lines:
        if line.isupper():
            continue
        tokens = [t.strip("\"“”«»()'") for t in line.split()]
        for k, token in enumerate(tokens):
            if not token[:1].isalpha():
                continue
            previous = tokens[k - 1].lower() if k else ""
            seen.setdefault((previous, token.lower()), Counter())[token] += 1
            single.setdefault(token.lower(), Counter())[token] += 1
    out = []
    tokens = text.split()
    for k, token in enumerate(tokens):
        quote = token[: len(token) - len(token.lstrip("\"“”«»('"))]
        token = token[len(quote) :]
        lower = token.lower()
        if any(c.isdigit() for c in token) or "/" in token:
            out.append(quote + token)
            continue
        previous = out[-1].lower() if out else ""
        counts = seen.get((previous, lower)) or single.get(lower)
        cased = counts.most_common(1)[0][0] if counts else lower
        if cased.isupper() and len(cased) > 1 and not any(c.isdigit() for c in cased):
            cased = cased if len(cased) <= 5 else lower
        out.append(quote + (cased if k else cased[:1].upper() + cased[1:]))
    return " ".join(out)


def _verb_of(basis: LegalBasisReading, paragraphs_: list[Paragraph]) -> str:
    number = basis.number.split("/")[0].split("-")[0]
    for paragraph in paragraphs_:
        if number in paragraph.text:
            return "Căn cứ" if _opens(paragraph, ["can cu"]) else "Thực hiện"
    return "Căn cứ"


def _split_closing(rest, tail_line, lines, type_line):
    """(section paragraphs, closing paragraphs): the closing opens with «Trên đây là …» after
    the last section heading and runs to «Nơi nhận»."""
    offset = type_line + 1 if type_line is not None else 0
    if tail_line is not None:
        rest = [p for p in rest if p.line + offset < tail_line]
    last_heading = max((k for k, p in enumerate(rest) if is_roman_heading(p.text)), default=0)
    for k in range(last_heading + 1, len(rest)):
        if _opens(rest[k], _CLOSING_OPENERS):
            return rest[:k], rest[k:]
    return rest, []


def _fill_structured_parts(result: PlanReading, sections: list[Node], *, ocr: bool) -> None:
    for section in sections:
        if section.kind == "purpose":
            _purpose(result, section)
        elif section.kind == "assignments" and not result.assignments:
            result.assignments = assignments(section, ocr=ocr)
    if not result.assignments:
        fallback = next((s for s in reversed(sections) if assignment_nodes(s, ocr=ocr)), None)
        if fallback is not None and fallback.kind == "text" and len(sections) > 1:
            fallback_units = [n for n in fallback.children if unit_like(n.title, ocr=ocr)]
            if len(fallback_units) >= 2:
                result.assignments = assignments(fallback, ocr=ocr)
    merge(result.assignments, task_owners(sections, ocr=ocr))
    result.forms = outreach_forms(sections, ocr=ocr)
    result.budget = budget_lines(sections, ocr=ocr)
    result.targets = targets(sections, ocr=ocr)


def _purpose(result: PlanReading, section: Node) -> None:
    for child in section.children:
        tokens = words(child.title)
        if ocr_phrase_at(tokens, 0, "muc dich") or ocr_phrase_at(tokens, 0, "muc tieu"):
            result.purpose = child.text()
        elif ocr_phrase_at(tokens, 0, "yeu cau"):
            result.requirements = child.text()
    if not result.purpose and not section.children:
        result.purpose = "\n".join(section.body)
