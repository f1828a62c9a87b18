"""The end of a document: distribution list («Nơi nhận») and signature block.

```
Nơi nhận:                                TM. ỦY BAN NHÂN DÂN
- Thường trực Thành ủy;                  KT. CHỦ TỊCH
- …;                                     PHÓ CHỦ TỊCH
- Lưu: VT.
                                         Trương Việt Dũng
```
The two columns come out of OCR merged line by line (`- UBND thanh pho; , KT. CHU TICH`), so
signature marks and titles are looked for at the end of any line and cut off the recipients.
"""

import re

from .folding import fold, fold_aligned, ocr_equal, ocr_similar_text, words
from .restore import restore
from .result import SignerReading
from .vocabulary import SIGNER_BODIES, SIGNER_MARKS, SIGNER_TITLES, SURNAMES

# `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `TL. GIÁM ĐỐC`, `TUQ. CHỦ TỊCH`, `Q. GIÁM ĐỐC`:
# a mark, a dot, a title in capitals, to the end of the line.
SIGNER_MARK = re.compile(
    r"(?:^|[\s,;.])(?P<mark>TM|KT|TL|TUQ|Q)\s*\.\s*(?P<body>[^\W\d_][^,;:]{2,60})$"
)
_RECIPIENTS = re.compile(r"^\W*n\S{1,2}i\s+nh\S{1,3}n\s*:?", re.IGNORECASE)
_FILED = re.compile(r"^\W*l\S{1,2}u\s*:", re.IGNORECASE)
_SIGNED = re.compile(r"\((?:da ky|ky|đã ký|ký)[^)]*\)|\bda ky\b|\bđã ký\b", re.IGNORECASE)


def recipients_start(lines: list[str]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if _RECIPIENTS.match(fold_aligned(lines[index])):
            return index
    return None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def _known(text: str, options: list[str]) -> str | None:
    folded = " ".join(words(text))
    best, score = None, 0.0
    for option in options:
        similarity = ocr_similar_text(folded, " ".join(words(option)))
        if similarity > score:
            best, score = option, similarity
    return best if score >= 0.8 else None


def _title_suffix(line: str) -> tuple[str | None, int]:
    """A signer's title at the end of `line` (`… PHÓ CHỦ TỊCH`) and where it starts."""
    stripped = line.rstrip(" .,;")
    tokens = list(re.finditer(r"\S+", stripped))
    for size in (5, 4, 3, 2, 1):
        if len(tokens) < size:
            continue
        start = tokens[-size].start()
        tail = stripped[start:]
        if not _mostly_upper(tail):
            continue
        title = _known(tail, SIGNER_TITLES)
        if title and len(words(tail)) == len(words(title)):
            return title, start
    return None, -1


def signer(lines: list[str], *, ocr: bool) -> SignerReading | None:
    authority = on_behalf = title = name = ""
    title_line = None
    for index, line in enumerate(lines):
        mark = SIGNER_MARK.search(line)
        if mark and _mostly_upper(mark["body"]):
            body = _known(mark["body"], SIGNER_BODIES) or restore(mark["body"].strip())
            text = f"{_mark_text(mark['mark'])} {body.upper()}"
            if mark["mark"].upper() == "TM" and not authority:
                authority = text
            elif not on_behalf:
                on_behalf = text
            continue
        found, _ = _title_suffix(line)
        if found and not title:
            title, title_line = found, index
    if not (authority or on_behalf or title):
        return None
    if title_line is not None:
        name = _signer_name(lines[title_line + 1 :], ocr=ocr)
    return SignerReading(authority=authority, on_behalf=on_behalf, title=title, name=name)


def _mark_text(mark: str) -> str:
    wanted = mark.upper() + "."
    return next((m for m in SIGNER_MARKS if m == wanted), wanted)


def _signer_name(lines: list[str], *, ocr: bool) -> str:
    for line in lines:
        text = _SIGNED.sub("", line).strip(" .,;")
        if not text or text.startswith(("-", "+")) or ":" in text:
            continue
        parts = text.split()
        if not 2 <= len(parts) <= 5 or any(not p.isalpha() for p in parts):
            continue
        return _restore_name(parts) if ocr else " ".join(parts)
    return ""


def _restore_name(parts: list[str]) -> str:
    folded_surnames = {fold(s): s for s in SURNAMES}
    first = fold(parts[0])
    surname = folded_surnames.get(first) or next(
        (s for f, s in folded_surnames.items() if len(first) >= 3 and ocr_equal(first, f)), None
    )
    rest = restore(" ".join(p.capitalize() for p in parts[1:])) if parts[1:] else ""
    name = " ".join(part for part in ((surname or parts[0].capitalize()), rest) if part)
    return name


def recipients(lines: list[str], *, ocr: bool) -> list[str]:
    """The distribution list, one recipient a row, ending with «Lưu: …»."""
    rows: list[str] = []
    for line in lines:
        text = _without_signature(line)
        opening = _RECIPIENTS.match(fold_aligned(text))
        if opening:
            text = text[opening.end() :]
        text = text.strip()
        if not text:
            continue
        if text.startswith(("-", "+", "•")):
            rows.append(text.lstrip("-+• ").strip())
        elif rows and not rows[-1].endswith((";", ".")):
            rows[-1] = f"{rows[-1]} {text}"
        elif rows and not _FILED.match(fold_aligned(rows[-1])) and _looks_like_recipient(text):
            rows.append(text)
        if rows and _FILED.match(fold_aligned(rows[-1])):
            break
    rows = [re.sub(r"\s*;[\s,;.]*$", ";", row).strip() for row in rows if row.strip(" ,;.")]
    return [restore(row) if ocr else row for row in rows]


def _without_signature(line: str) -> str:
    mark = SIGNER_MARK.search(line)
    if mark:
        line = line[: mark.start()]
    _, start = _title_suffix(line)
    if start > 0:
        line = line[:start]
    return line.rstrip(" ,")


def _looks_like_recipient(text: str) -> bool:
    return not _mostly_upper(text) and len(text.split()) <= 20
