"""The body: top-level sections (I., II. …) and their numbered tree (`1.`, `1.1.`, `a)`).

`assignments.py` and `outreach.py` read the parts a draft plan needs from this tree.
"""

import re
from dataclasses import dataclass, field

from .folding import fold, ocr_similar_text, words
from .layout import ROMAN_HEADING, Paragraph, is_roman_heading
from .restore import restore
from .result import SectionReading
from .vocabulary import SECTION_TITLES

# `1.`, `1.1.`, `2)`, `1.1 ` (a dotted label may lose its last dot) …
_NUMBER_LABEL = re.compile(
    r"^\s*(?P<label>\d{1,2}(?:\.\d{1,2})*)(?P<end>\s*[.)]|\s)\s*(?P<title>\S.*)$"
)
# … and `a)`, `đ)`.
_LETTER_LABEL = re.compile(r"^\s*(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


@dataclass
class Node:
    label: str
    title: str
    depth: int
    body: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    kind: str = "text"

    def text(self) -> str:
        """Body and children flattened, one paragraph a line, children with their labels."""
        lines = list(self.body)
        for child in self.children:
            suffix = ")" if child.label.isalpha() else "."
            lines.append(f"{child.label}{suffix} {child.title}".strip())
            lines.extend(child.text().splitlines())
        return "\n".join(line for line in lines if line)

    def reading(self) -> SectionReading:
        return SectionReading(
            label=self.label,
            title=self.title,
            kind=self.kind,
            body="\n".join(self.body),
            children=[child.reading() for child in self.children],
        )


def roman_value(numeral: str) -> int | None:
    numeral = numeral.upper().replace("1", "I").replace("L", "I").replace("|", "I")
    if not numeral or any(c not in _ROMAN_VALUES for c in numeral):
        return None
    total = 0
    for k, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        nxt = _ROMAN_VALUES[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return total if total > 0 else None


def to_roman(value: int) -> str:
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, letters in table:
        while value >= amount:
            out += letters
            value -= amount
    return out


def canonical_title(title: str) -> tuple[str | None, str]:
    """(known title with its diacritics, section kind) when `title` reads as one."""
    folded = fold(re.sub(r"[.:]+$", "", title))
    best, best_score = None, 0.0
    for known, kind in SECTION_TITLES:
        score = ocr_similar_text(folded.replace(",", " ").replace("-", " "), _plain(known))
        if score > best_score:
            best, best_score = (known, kind), score
    if best and best_score >= 0.8:
        return best
    return None, "text"


def _plain(title: str) -> str:
    return " ".join(words(title))


def split_sections(paragraphs: list[Paragraph], *, ocr: bool) -> list[Node]:
    """Top-level sections in order; an OCR'd numeral (`II1`, `I1`) is read as the next one."""
    sections: list[Node] = []
    stack: list[Node] = []
    for paragraph in paragraphs:
        heading = ROMAN_HEADING.match(paragraph.text)
        if heading and _is_section_heading(paragraph.text, len(sections) + 1):
            known, kind = canonical_title(heading["title"])
            title = known or (restore(heading["title"]) if ocr else heading["title"])
            node = Node(
                label=to_roman(len(sections) + 1), title=title.strip(" .:"), depth=0, kind=kind
            )
            sections.append(node)
            stack = [node]
            continue
        if not sections:
            continue
        _add_to_tree(stack, paragraph.text)
    return sections


def _is_section_heading(text: str, expected: int) -> bool:
    if not is_roman_heading(text):
        return False
    value = roman_value(ROMAN_HEADING.match(text)["numeral"])
    return value == expected or value is None or abs(value - expected) <= 1


def _add_to_tree(stack: list[Node], text: str) -> None:
    numbered = _NUMBER_LABEL.match(text)
    if numbered and (numbered["end"].strip() or "." in numbered["label"]):
        depth = numbered["label"].count(".") + 1
        label = numbered["label"]
        title = numbered["title"]
    else:
        lettered = _LETTER_LABEL.match(text)
        if not lettered:
            stack[-1].body.append(text)
            return
        depth = max((n.depth for n in stack if n.label[:1].isdigit()), default=0) + 1
        label, title = lettered["label"].lower(), lettered["title"]
    while len(stack) > 1 and stack[-1].depth >= depth:
        stack.pop()
    node = Node(label=label, title=title.strip(), depth=depth)
    stack[-1].children.append(node)
    stack.append(node)
