"""«Tổ chức thực hiện»: which unit does what, in which role, and who compiles the results.

A plan gives tasks per unit, one numbered item each (`1. Phòng Văn hóa - Xã hội: …`); the role
is read from the wording (`Phối hợp …` → coordinate, `Đề nghị …` → requested), the focal point
from «đầu mối» or «tổng hợp … báo cáo».
"""

import re

from .folding import fold, ocr_equal, ocr_phrase_at, words
from .restore import restore
from .result import AssignmentReading
from .sections import Node

# First words of a unit's name (folded): who a plan can give tasks to.
_UNIT_HEADS = [
    "phong",
    "van phong",
    "trung tam",
    "so",
    "ban",
    "uy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "mat tran",
    "cong an",
    "doan",
    "hoi",
    "cac",
    "thon",
    "to",
    "tram",
    "truong",
    "bao",
    "dai",
    "buu dien",
    "chi nhanh",
    "dang uy",
    "chi bo",
    "lien doan",
    "hop tac xa",
    "kho bac",
    "bao hiem",
    "quan su",
    "cong ty",
    "chinh quyen",
    "co quan",
    "don vi",
    "vien",
    "cuc",
    "bo",
    "chi cuc",
    "thanh doan",
    "tinh doan",
    "thu truong",
    "chu tich",
    "giam doc",
    "lanh dao",
    "hdnd",
    "ngan hang",
    "de nghi",
    "tran trong de nghi",
]
_REQUEST = ["tran trong de nghi", "de nghi"]


def unit_like(title: str) -> bool:
    tokens = words(title)
    return any(ocr_phrase_at(tokens, 0, head) for head in _UNIT_HEADS)


def assignment_nodes(section: Node) -> list[Node]:
    def walk(nodes):
        for node in nodes:
            if unit_like(node.title):
                yield node
            elif node.children:
                yield from walk(node.children)

    found = list(walk(section.children))
    return found or list(section.children)


def assignments(section: Node, *, ocr: bool) -> list[AssignmentReading]:
    result = []
    for node in assignment_nodes(section):
        title, tasks = node.title, node.text()
        unit, inline = _split_inline_tasks(title)
        if inline:
            tasks = "\n".join(part for part in (inline, tasks) if part)
        tokens = words(unit)
        requested = False
        for phrase in _REQUEST:
            if ocr_phrase_at(tokens, 0, phrase):
                requested = True
                unit = _drop_words(unit, len(phrase.split()))
                break
        unit = unit.strip(" .:;,")
        role = (
            "requested" if requested else ("coordinate" if _starts_coordinating(tasks) else "lead")
        )
        result.append(
            AssignmentReading(
                unit=restore(unit) if ocr else unit,
                role=role,
                tasks=tasks,
                reporting_duty=reporting_duty(tasks),
            )
        )
    _mark_focal_point(result)
    return result


def _split_inline_tasks(title: str) -> tuple[str, str]:
    """`Phòng Văn hóa - Xã hội: Chủ trì …` → (unit, tasks)."""
    if ":" in title:
        unit, rest = title.split(":", 1)
        if len(unit.split()) <= 14 and rest.strip():
            return unit, rest.strip()
    return title, ""


def _drop_words(text: str, count: int) -> str:
    return re.sub(rf"^\s*(?:\S+\s+){{{count}}}", "", text)


def _starts_coordinating(tasks: str) -> bool:
    tokens = words(tasks)
    # Skip a bullet's or label's leftovers (`a`, `-`) before the first word.
    while tokens and len(tokens[0]) == 1 and not tokens[0].isalpha():
        tokens = tokens[1:]
    if tokens and tokens[0] in {"a", "b"}:
        tokens = tokens[1:]
    return ocr_phrase_at(tokens, 0, "phoi hop")


def _mark_focal_point(rows: list[AssignmentReading]) -> None:
    """The focal point compiles results: «đầu mối», else «tổng hợp … báo cáo»."""
    for test in (_says_focal, _says_compiles):
        for row in rows:
            if row.role != "requested" and test(words(row.tasks)):
                row.focal = True
                return


def _says_focal(tokens: list[str]) -> bool:
    return any(ocr_phrase_at(tokens, k, "dau moi") for k in range(len(tokens)))


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
