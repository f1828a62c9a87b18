"""From raw text to lines and paragraphs.

OCR output breaks lines where the page did (about 80 characters) and sometimes leaves blank
lines inside a sentence; a clean text has one paragraph a line. `paragraphs` joins lines back
into paragraphs with rules that hold for both: a line starts a new paragraph when it opens with
a bullet, a label (`1.`, `a)`, `II.`) or a known opening word, or when the previous line ended a
sentence, or was short (a heading) and this one starts with a capital letter.
"""

import re
import statistics
from dataclasses import dataclass, field

from .folding import fold_aligned, normalise, ocr_equal, words
from .unitnames import unit_like

# A line that is only a page number, a rule (`____`, `---`) or a web source note.
_NOISE_LINE = re.compile(r"^\s*(?:\d{1,3}|[-_=.*•]{3,}|nguon tra cuu\b.*|https?://\S+)\s*$")
# Labels that open a paragraph: `- `, `+ `, `• `, `1.`, `1.1.`, `a)`, `đ)`.
_BULLET = re.compile(r"^\s*[-+•*]\s*\S")
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*\S")
_LETTERED = re.compile(r"^\s*[a-zđ]\)\s*\S", re.IGNORECASE)
# A top-level heading: roman numeral (OCR may print I as 1, l or |), dot, CAPITAL TITLE. OCR
# also reads «II.» as «IIL» (the dot taken for the foot of an L).
ROMAN_HEADING = re.compile(
    r"^\s*(?P<numeral>[IVXl1|]{1,5})(?:\s*[.:)]|(?<=[IVX])L(?=\s+[A-ZĐÀ-Ỹ]))\s*(?P<title>\S.*)$"
)
# A document number broken by a stray space around its dash: `57- NQ/TW`, `8602 - QĐ/TU`.
_BROKEN_NUMBER = re.compile(r"(?<![\d/])(\d{1,5})(?:\s+-\s*|-\s+)([A-ZĐ][A-Za-zĐđ]{0,5}/)")
# A number broken after its slash at the end of a line: `57-NQ/` / `TW`.
_BROKEN_AFTER_SLASH = re.compile(r"(\b\d{1,5}-[A-ZĐ]{1,6}/)\s+([A-ZĐ]{1,6}\b)")
_SENTENCE_END = re.compile(r"[.;:!?]\s*[\"')]*\s*$")
# Words that open a paragraph of their own (folded): legal bases, closing, distribution list.
_OPENERS = [
    "can cu",
    "thuc hien",
    "tren day",
    "noi nhan",
    "tm",
    "kt",
    "tl",
    "tuq",
    "trong qua trinh",
]


@dataclass
class Paragraph:
    text: str
    line: int  # index of its first line in `Document.lines`
    folded: str = field(init=False)

    def __post_init__(self):
        self.folded = fold_aligned(self.text)


def clean_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in normalise(text).replace("\r\n", "\n").split("\n")]
    return ["" if _NOISE_LINE.match(fold_aligned(line)) else line for line in lines]


def is_roman_heading(line: str) -> bool:
    match = ROMAN_HEADING.match(line)
    if not match:
        return False
    letters = [c for c in match.group("title") if c.isalpha()]
    if len(letters) < 4:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.7


def starts_paragraph(line: str) -> bool:
    if _BULLET.match(line) or _NUMBERED.match(line) or _LETTERED.match(line):
        return True
    if is_roman_heading(line):
        return True
    if not line.lstrip()[:1].isupper():
        return False
    tokens = words(line)[:3]
    for opener in _OPENERS:
        wanted = opener.split()
        if len(tokens) >= len(wanted) and all(
            ocr_equal(t, w) for t, w in zip(tokens, wanted, strict=False)
        ):
            return True
    return False


def wrap_width(lines: list[str]) -> int | None:
    """The width the page wrapped lines at, or None for one-paragraph-a-line text.

    Text is taken as wrapped when at least a quarter of its long lines stop mid-sentence: the
    next line goes on in lower case, or this one ends without punctuation and the next opens
    no paragraph. A paragraph-a-line text has few such lines (only its headings).
    """
    filled = [line for line in lines if line.strip()]
    long_lines = [k for k, line in enumerate(filled[:-1]) if len(line) > 40]
    if len(long_lines) < 5:
        return None

    def broken_at(k):
        following = filled[k + 1]
        if following.lstrip()[:1].islower():
            return True
        return not _SENTENCE_END.search(filled[k]) and not starts_paragraph(following)

    broken = sum(1 for k in long_lines if broken_at(k))
    if broken / len(long_lines) < 0.25:
        return None
    return int(statistics.median(len(filled[k]) for k in long_lines))


def paragraphs(lines: list[str]) -> list[Paragraph]:
    width = wrap_width(lines)
    result: list[Paragraph] = []
    current: list[str] = []
    start = 0
    blank_before = False

    def flush():
        if current:
            text = " ".join(part.strip() for part in current)
            text = _BROKEN_AFTER_SLASH.sub(r"\1\2", _BROKEN_NUMBER.sub(r"\1-\2", text))
            result.append(Paragraph(text, start))

    for index, line in enumerate(lines):
        if not line.strip():
            blank_before = True
            continue
        if current and _continues(current[-1], line, width=width, blank_before=blank_before):
            current.append(line)
        else:
            flush()
            current, start = [line], index
        blank_before = False
        if is_roman_heading(line):
            flush()
            current = []
    flush()
    return result


_LABEL = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\))\s*", re.IGNORECASE)
_DANGLING = re.compile(r"(?:\s-|,|\svà|\scác|\scủa|\sva|\scac|\scua)\s*$", re.IGNORECASE)


def _heading_runs_on(previous: str, line: str) -> bool:
    """A unit's heading wrapped over two lines («2. Ủy ban MTTQ Việt Nam xã và các tổ chức
    chính trị -» / «Xã hội xã: …»): it ends on a dangling word, or the next line reaches the
    heading's colon within a few words."""
    label = _LABEL.match(previous)
    if not label or ":" in previous or _SENTENCE_END.search(previous):
        return False
    if not unit_like(previous[label.end() :]):
        return False
    if _DANGLING.search(previous.rstrip()):
        return True
    head = line.split(":", 1)[0]
    return ":" in line and len(head.split()) <= 6


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.9


def _continues(previous: str, line: str, *, width: int | None, blank_before: bool) -> bool:
    if is_roman_heading(previous):
        return False
    if previous.rstrip().endswith("-") and not previous.rstrip().endswith(" -"):
        return True  # a number or word broken at the end of the line: `57-` / `NQ/TW`
    if starts_paragraph(line):
        return False
    if _heading_runs_on(previous, line):
        return True
    if width is not None and _upper(previous) and _upper(line) and len(previous) > 0.5 * width:
        return True  # an upper-case title wrapped in bold capitals, shorter than body lines
    first = line.lstrip()[:1]
    if _SENTENCE_END.search(previous):
        return first.islower()
    if width is None:
        return first.islower() and not blank_before
    # A wrapped line fills the page; a shorter one ended a heading. A numbered heading is
    # only taken to go on with a capital when its line is nearly full.
    full = 0.9 if _NUMBERED.match(previous) or _LETTERED.match(previous) else 0.7
    if blank_before or len(previous.rstrip()) < full * width:
        return first.islower()
    # «7. Trân trọng đề nghị Ban Tuyên giáo …» filling its line, then its task in capitals.
    label = _LABEL.match(previous)
    return not (label and first.isupper() and unit_like(previous[label.end() :]))
