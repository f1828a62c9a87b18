"""«Tổ chức thực hiện»: which unit (or person) does what, in which role, who compiles results.

A plan gives tasks per unit, most often one numbered item each (`1. Phòng Văn hóa - Xã hội:
…`), sometimes as plain paragraphs, under a heading that asks («2. Đề nghị các đoàn thể» with
a) b) below), or per task elsewhere in the plan (`taskowners.py`). Where each name ends is
`unitnames.split_unit`'s business; this module reads the role from the wording (the first of
«chủ trì», «tham mưu», «phối hợp», «đề nghị» in the first sentence), the focal point from
«đầu mối», «cơ quan thường trực» or «tổng hợp … báo cáo», and the reporting duty.
"""

import datetime
import re

from .dates import deadline
from .folding import fold, ocr_equal, ocr_phrase_at, words
from .restore import restore
from .result import AssignmentReading, Role
from .sections import Node
from .taskowners import has_owner_lines
from .unitnames import UnitPhrase, split_unit

_ROLE_WORDS: list[tuple[str, Role]] = [
    ("chu tri", "lead"),
    ("tham muu", "lead"),
    ("phoi hop", "coordinate"),
    ("de nghi", "requested"),
]
_FIRST_WORDS = 25
# «Thời gian thực hiện: Quý I/2026», «hoàn thành trước ngày 30/6/2026».
_DUE = re.compile(
    r"(?:thoi gian (?:thuc hien|hoan thanh)|thoi han(?: hoan thanh)?|hoan thanh)\s*:?\s*"
    r"(?P<when>[^.;\n]{0,80})"
)


def unit_like(title: str, *, ocr: bool = True) -> bool:
    return split_unit(title, ocr=ocr) is not None


def _is_group_heading(node: Node, phrase: UnitPhrase, *, ocr: bool) -> bool:
    """«2. Đề nghị các cơ quan, đoàn thể» over a) b) … that each name a unit."""
    if phrase.rest or not node.children:
        return False
    named = sum(1 for child in node.children if split_unit(child.title, ocr=ocr))
    return named * 2 >= len(node.children)


def _items(nodes: list[Node], *, requested: bool, ocr: bool):
    """(node, phrase, asked by a heading) for every item that names who does the work."""
    for node in nodes:
        phrase = split_unit(node.title, ocr=ocr)
        if phrase and _is_group_heading(node, phrase, ocr=ocr):
            yield from _items(node.children, requested=requested or phrase.requested, ocr=ocr)
        elif phrase:
            yield node, phrase, requested
        elif node.children:
            yield from _items(node.children, requested=requested, ocr=ocr)


def assignment_nodes(section: Node, *, ocr: bool = True) -> list[Node]:
    """The items of a section that name a unit (for telling an assignments section)."""
    return [node for node, _, _ in _items(section.children, requested=False, ocr=ocr)]


def assignments(section: Node, *, ocr: bool) -> list[AssignmentReading]:
    rows = [
        _row(phrase, node.text(), asked, ocr=ocr)
        for node, phrase, asked in _items(section.children, requested=False, ocr=ocr)
    ]
    if not rows:
        rows = _paragraph_rows(section.body, ocr=ocr)
    if not rows and not any(has_owner_lines(node, ocr=ocr) for node in section.children):
        # Items that name no unit we know the words of: each one is still somebody's part.
        for node in section.children:
            phrase = UnitPhrase(unit=node.title, rest="")
            rows.append(_row(phrase, node.text(), False, ocr=ocr))
    _mark_focal_point(rows)
    return rows


def _paragraph_rows(paragraphs: list[str], *, ocr: bool) -> list[AssignmentReading]:
    """Unnumbered paragraphs, each opening with a unit; the ones after it are its tasks."""
    rows: list[AssignmentReading] = []
    current: tuple[UnitPhrase, list[str]] | None = None
    for paragraph in paragraphs:
        phrase = split_unit(paragraph, ocr=ocr)
        if phrase:
            if current:
                rows.append(_row(current[0], "\n".join(current[1]), False, ocr=ocr))
            current = (phrase, [])
        elif current:
            current[1].append(paragraph)
    if current:
        rows.append(_row(current[0], "\n".join(current[1]), False, ocr=ocr))
    return rows


def _row(phrase: UnitPhrase, body: str, asked: bool, *, ocr: bool) -> AssignmentReading:
    tasks = "\n".join(part for part in (phrase.rest, body) if part)
    unit = phrase.unit.strip(" .:;,")
    role: Role = "requested" if phrase.requested or asked else role_from_wording(tasks)
    return AssignmentReading(
        unit=restore(unit) if ocr else unit,
        role=role,
        tasks=tasks,
        reporting_duty=reporting_duty(tasks),
        person=phrase.person,
        due_on=due_date(tasks),
    )


def role_from_wording(tasks: str) -> Role:
    """The role the first sentence gives: «Là cơ quan thường trực, chủ trì, phối hợp …» leads,
    «Có trách nhiệm phối hợp …» coordinates, «Đề nghị … phối hợp» is a request."""
    first = re.split(r"[.;\n]", tasks.lstrip(" -+•*"), maxsplit=1)[0]
    tokens = words(first)[:_FIRST_WORDS]
    for k in range(len(tokens)):
        for phrase, role in _ROLE_WORDS:
            if ocr_phrase_at(tokens, k, phrase):
                return role
    return "lead"


def due_date(tasks: str) -> datetime.date | None:
    """The deadline the tasks set («Thời gian hoàn thành: trước ngày 30/6/2026»)."""
    dates = [deadline(m["when"]) for m in _DUE.finditer(fold(tasks))]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def _mark_focal_point(rows: list[AssignmentReading]) -> None:
    """The focal point compiles results: «đầu mối» or «cơ quan thường trực», else «tổng hợp …
    báo cáo»."""
    for test in (_says_focal, _says_standing, _says_compiles):
        for row in rows:
            if row.role != "requested" and test(words(row.tasks)):
                row.focal = True
                return


def _says_focal(tokens: list[str]) -> bool:
    return any(ocr_phrase_at(tokens, k, "dau moi") for k in range(len(tokens)))


def _says_standing(tokens: list[str]) -> bool:
    return any(ocr_phrase_at(tokens, k, "co quan thuong truc") for k in range(len(tokens)))


def _says_compiles(tokens: list[str]) -> bool:
    for k in range(len(tokens)):
        if ocr_phrase_at(tokens, k, "tong hop"):
            window = tokens[k : k + 12]
            if any(
                ocr_equal(t, "bao") and ocr_equal(n, "cao")
                for t, n in zip(window, window[1:], strict=False)
            ):
                return True
    return False


def reporting_duty(tasks: str) -> str:
    """The clause that sets the reporting duty: «… định kỳ báo cáo UBND Thành phố»."""
    for clause in re.split(r"[.;\n]", tasks):
        folded = fold(clause)
        if "bao cao" in folded and re.search(r"dinh k|hang thang|hang quy|truoc ngay", folded):
            clause = re.sub(r"^\W*(?:[a-zđ]\)\s*)?", "", clause.strip())
            return clause[:255]
    return ""
