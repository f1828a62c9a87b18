"""Units named under each task: «Cơ quan chủ trì: … / Cơ quan phối hợp: … / Thời gian …».

Plans that list their tasks as a programme write who leads and who helps under each task,
anywhere in the body:

    1. Tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên
    - Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
    - Cơ quan phối hợp: Trung tâm Dịch vụ tổng hợp, các thôn.
    - Thời gian thực hiện: Quý I/2026.

Every unit named this way gets an assignment holding the tasks it leads or helps with and
the latest of their deadlines; `merge` folds them into the units «Tổ chức thực hiện» names.
"""

import re
from dataclasses import dataclass, field

from .dates import deadline
from .folding import fold_aligned
from .restore import restore
from .result import AssignmentReading, Role
from .sections import Node
from .unitnames import clean_label, same_name, split_unit, tokens

# Labels (folded) and what they give: the role of the units that follow, or the deadline.
_LABELS: list[tuple[str, str]] = [
    ("co quan, don vi chu tri", "lead"),
    ("co quan chu tri thuc hien", "lead"),
    ("don vi chu tri thuc hien", "lead"),
    ("co quan chu tri", "lead"),
    ("don vi chu tri", "lead"),
    ("chu tri thuc hien", "lead"),
    ("chu tri", "lead"),
    ("co quan thuc hien", "lead"),
    ("don vi thuc hien", "lead"),
    ("co quan, don vi phoi hop", "coordinate"),
    ("co quan phoi hop thuc hien", "coordinate"),
    ("don vi phoi hop thuc hien", "coordinate"),
    ("co quan phoi hop", "coordinate"),
    ("don vi phoi hop", "coordinate"),
    ("phoi hop thuc hien", "coordinate"),
    ("phoi hop", "coordinate"),
    ("thoi gian thuc hien", "due"),
    ("thoi gian hoan thanh", "due"),
    ("thoi han hoan thanh", "due"),
    ("thoi gian", "due"),
    ("thoi han", "due"),
    ("tien do", "due"),
]
_LABEL = re.compile(
    r"(?:^|(?<=[.;]\s)|(?<=[.;]))\s*[-+•*]?\s*(?P<label>"
    + "|".join(re.escape(label) for label, _ in _LABELS)
    + r")\s*:\s*"
)
_KIND = dict(_LABELS)


@dataclass
class _Task:
    title: str
    owners: list[tuple[str, Role]] = field(default_factory=list)
    when: str = ""


def has_owner_lines(node: Node, *, ocr: bool = True) -> bool:
    return any(True for _ in _tasks([node], ocr=ocr))


def _labelled(text: str) -> list[tuple[str, str]]:
    """(kind, value) of each «Label: value» in a paragraph (several may share one line)."""
    folded = fold_aligned(text)
    matches = list(_LABEL.finditer(folded))
    found = []
    for k, match in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        found.append((_KIND[match["label"]], text[match.end() : end].strip(" .;")))
    return found


def _tasks(nodes: list[Node], *, ocr: bool):
    for node in nodes:
        task = _Task(title=node.title.strip(" .:;"))
        for line in node.body:
            for kind, value in _labelled(line):
                if kind == "due":
                    task.when = value
                else:
                    task.owners += [(unit, kind) for unit in split_units(value, ocr=ocr)]
        if task.owners:
            yield task
        yield from _tasks(node.children, ocr=ocr)


def split_units(value: str, *, ocr: bool) -> list[str]:
    """«Trung tâm Dịch vụ tổng hợp, các thôn; Đoàn Thanh niên xã và Hội Liên hiệp Phụ nữ xã»
    → one name each. A comma or «và» only separates when a unit's name follows it, so that
    «Phòng Kinh tế, Hạ tầng và Đô thị» and «Văn phòng HĐND và UBND xã» stay whole."""
    parts: list[str] = []
    for chunk in re.split(r"\s*;\s*", value):
        pieces = re.split(r"(\s*,\s*|\s+và\s+)", chunk)
        current = pieces[0]
        for separator, piece in zip(pieces[1::2], pieces[2::2], strict=False):
            if _starts_unit(piece, conjunction="," not in separator, ocr=ocr):
                parts.append(current)
                current = piece
            else:
                current += separator + piece
        parts.append(current)
    # A value that is a task («Chủ trì: tổ chức các hội nghị …») names no unit.
    return [clean_label(part) for part in parts if split_unit(part, ocr=ocr)]


def _starts_unit(text: str, *, conjunction: bool, ocr: bool) -> bool:
    toks = tokens(text)
    if len(toks) < 2 or split_unit(text, ocr=ocr) is None:
        return False
    first = toks[0].text
    # After «và» only a capitalised name («… và Hội Liên hiệp Phụ nữ»), not «UBND xã».
    return not conjunction or (first[:1].isupper() and not first.isupper())


def task_owners(sections: list[Node], *, ocr: bool) -> list[AssignmentReading]:
    rows: list[AssignmentReading] = []
    for section in sections:
        for task in _tasks([section], ocr=ocr):
            due = deadline(task.when) if task.when else None
            when = f" ({task.when})" if task.when else ""
            for unit, role in task.owners:
                unit = restore(unit) if ocr else unit
                line = f"{'Chủ trì' if role == 'lead' else 'Phối hợp'}: {task.title}{when}"
                add(rows, AssignmentReading(unit=unit, role=role, tasks=line, due_on=due))
    return rows


_STRENGTH = {"requested": 0, "coordinate": 1, "lead": 2}


def add(rows: list[AssignmentReading], row: AssignmentReading) -> None:
    """Add `row`, or fold it into the row of the same unit: tasks joined, the stronger role
    (a body that is only asked stays asked), the latest deadline."""
    twin = next((r for r in rows if same_name(r.unit, row.unit)), None)
    if twin is None:
        rows.append(row)
        return
    twin.tasks = "\n".join(part for part in (twin.tasks, row.tasks) if part)
    if twin.role != "requested" and _STRENGTH[row.role] > _STRENGTH[twin.role]:
        twin.role = row.role
    dates = [d for d in (twin.due_on, row.due_on) if d]
    twin.due_on = max(dates) if dates else None


def merge(rows: list[AssignmentReading], owners: list[AssignmentReading]) -> None:
    for row in owners:
        add(rows, row)
