"""«Kinh phí»: the sources a plan's budget comes from and the amounts it names for each.

    Tổng kinh phí: 45.000.000 đồng, trong đó:
    - Ngân sách xã: 30.000.000 đồng;
    - Nguồn xã hội hóa: 15 triệu đồng.

Each amount goes to the source named just before it in its clause (else just after it); an
amount after «Tổng …» is the total, given to the only source when there is one.
"""

import re

from .outreach import readable_fold
from .result import BudgetLineReading
from .sections import Node

BUDGET_PHRASES = [
    ("city", [r"ngan sach (?:cua )?(?:thanh pho|tinh|trung uong)", r"ngan sach cap tinh"]),
    ("commune", [r"ngan sach (?:cua )?(?:xa|phuong|cap xa|dia phuong)", r"chinh quyen cap co so"]),
    (
        "unit",
        [
            r"ngan sach cua cac co quan",
            r"kinh phi (?:cua|tu|do) (?:cac )?(?:co quan|don vi)",
            r"du toan (?:duoc giao|cua)",
            r"hoat dong tuyen truyen cua",
        ],
    ),
    ("socialised", [r"xa hoi hoa"]),
    ("other", [r"nguon (?:kinh phi |von )?hop phap khac", r"huy dong"]),
]
# `45.000.000 đồng`, `45.000.000đ`, `45 triệu đồng`, `1,5 tỷ đồng` (folded: `d`, `vnd`).
_AMOUNT = re.compile(
    r"(?<![\d.,/])(?P<number>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*"
    r"(?P<scale>trieu|ty|nghin)?\s*(?:dong|d\b|vnd|vnđ)"
)
_SCALES = {"trieu": 1_000_000, "ty": 1_000_000_000, "nghin": 1_000}
_TOTAL = re.compile(r"\btong\b[^.;]{0,60}$")


def amount_value(match: re.Match) -> int | None:
    number, scale = match["number"], _SCALES.get(match["scale"] or "", 1)
    if "," in number:  # a decimal comma: «1,5 tỷ»
        if scale == 1:
            return None
        whole, _, fraction = number.partition(",")
        return int(whole) * scale + int(fraction) * scale // 10 ** len(fraction)
    return int(number.replace(".", "")) * scale


def _clauses(text: str) -> list[str]:
    parts = re.split(r"\n|;|(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text)
    return [part.strip(" -+•") for part in parts if part.strip(" -+•.;")]


def budget_lines(sections: list[Node], *, ocr: bool) -> list[BudgetLineReading]:
    lines: dict[str, BudgetLineReading] = {}
    totals: list[tuple[int, str]] = []
    for section in sections:
        if section.kind != "budget":
            continue
        for clause in _clauses(section.text()):
            folded = readable_fold(clause, ocr=ocr, keep_commas=True)
            named = sorted(
                (m.start(), source)
                for source, patterns in BUDGET_PHRASES
                for pattern in patterns
                for m in re.finditer(pattern, folded.replace(",", " "))
            )
            for _, source in named:
                lines.setdefault(source, BudgetLineReading(source=source, note=clause[:1000]))
            for match in _AMOUNT.finditer(folded):
                value = amount_value(match)
                if value is None:
                    continue
                before = [source for at, source in named if at < match.start()]
                after = [source for at, source in named if at > match.end()]
                if not before and _TOTAL.search(folded[: match.start()]):
                    totals.append((value, clause))
                    continue
                source = before[-1] if before else (after[0] if after else None)
                if source is None:
                    totals.append((value, clause))
                elif lines[source].amount is None:
                    lines[source].amount = value
    result = list(lines.values())
    if totals and not any(line.amount for line in result):
        total, clause = totals[0]
        if len(result) == 1:
            result[0].amount = total
        elif not result:
            result = [BudgetLineReading(source=None, amount=total, note=clause[:1000])]
    return result
