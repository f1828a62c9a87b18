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

# `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`, `TL. GIÁM ĐỐC`, `TUQ. CHỦ TỊCH`, `Q. GIÁM ĐỐC`, the
# party's `T/M BAN THƯỜNG VỤ`: a mark, a dot (OCR: a comma or nothing), a body in capitals, to
# the end of the line.
SIGNER_MARK = re.compile(
    r"(?:^|[\s,;.])(?P<mark>T/M|K/T|T/L|TM|KT|TL|TUQ|Q(?=\s*\.))\s*[.,]?\s*"
    r"(?P<body>[^\W\d_][^,;:]{2,60})$"
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


def _title_suffix(line: str, *, ocr: bool = True) -> tuple[str | None, int]:
    """A signer's title at the end of `line` (`… PHÓ CHỦ TỊCH`) and where it starts: a known
    title, OCR-tolerantly in OCR'd text, word for word in clean text."""
    stripped = line.rstrip(" .,;")
    tokens = list(re.finditer(r"\S+", stripped))
    for size in (5, 4, 3, 2, 1):
        if len(tokens) < size:
            continue
        start = tokens[-size].start()
        tail = stripped[start:]
        if not _mostly_upper(tail):
            continue
        if ocr:
            title = _known(tail, SIGNER_TITLES)
        else:
            title = next((t for t in SIGNER_TITLES if words(t) == words(tail)), None)
        if title and len(words(tail)) == len(words(title)):
            return title, start
    return None, -1


def signer(lines: list[str], *, ocr: bool) -> SignerReading | None:
    """Who signs and for whom. A title OCR garbled (or left out) is the one the marks imply:
    «KT. CHỦ TỊCH» is signed by a «PHÓ CHỦ TỊCH», «TM. ỦY BAN NHÂN DÂN» alone by the
    «CHỦ TỊCH». Clean text is read as printed, never given other accents."""
    authority = on_behalf = title = name = ""
    title_line = last_mark = None
    for index, line in enumerate(lines):
        mark = SIGNER_MARK.search(line)
        if mark and _mostly_upper(mark["body"]):
            body = " ".join(mark["body"].split())
            if ocr:
                body = _known(body, SIGNER_BODIES) or restore(body)
            text = f"{_mark_text(mark['mark'])} {body.upper()}"
            if _mark_text(mark["mark"]) in ("TM.", "T/M") and not authority:
                authority = text
            elif not on_behalf:
                on_behalf = text
            last_mark = index
            continue
        found, _ = _title_suffix(line, ocr=ocr)
        if found and not title:
            title, title_line = found, index
    if not ocr and not title and last_mark is not None:
        title, title_line = _printed_title(lines, last_mark)
    if not (authority or on_behalf or title):
        return None
    implied = implied_title(authority, on_behalf)
    if implied and (not title or (on_behalf and fold(title) == fold(_body(on_behalf)))):
        title = implied
    after = title_line if title_line is not None else last_mark
    if after is not None:
        name = _signer_name(lines[after + 1 :], ocr=ocr)
    return SignerReading(authority=authority, on_behalf=on_behalf, title=title, name=name)


def _mark_text(mark: str) -> str:
    """`TM` and OCR's `TM,` → `TM.`; the party's `T/M` as printed."""
    mark = mark.upper()
    if "/" in mark:
        return mark
    wanted = mark + "."
    return next((m for m in SIGNER_MARKS if m == wanted), wanted)


def _printed_title(lines: list[str], last_mark: int) -> tuple[str, int | None]:
    """In clean text, the line in capitals below the marks is the title as printed
    («TRƯỞNG TIỂU BAN»), known or not."""
    for index in range(last_mark + 1, min(len(lines), last_mark + 3)):
        text = lines[index].strip(" .,;")
        if not text:
            continue
        if _mostly_upper(text) and len(text.split()) <= 7 and not any(c.isdigit() for c in text):
            return text, index
        break
    return "", None


def _body(mark_text: str) -> str:
    return mark_text.split(" ", 1)[1] if " " in mark_text else ""


# The head who signs «TM.» (on behalf of) a body, by the body's first words (folded).
_HEADS = [
    ("ban thuong vu", "BÍ THƯ"),
    ("ban chap hanh", "BÍ THƯ"),
    ("dang uy", "BÍ THƯ"),
    ("chi bo", "BÍ THƯ"),
    ("dang doan", "BÍ THƯ"),
    ("ban can su", "BÍ THƯ"),
    ("ban giam doc", "GIÁM ĐỐC"),
    ("ban giam hieu", "HIỆU TRƯỞNG"),
    ("ban thuong truc", "CHỦ TỊCH"),
    ("tieu ban", "TRƯỞNG TIỂU BAN"),
    ("ban", "TRƯỞNG BAN"),
    ("uy ban", "CHỦ TỊCH"),
    ("hoi dong", "CHỦ TỊCH"),
    ("thuong truc", "CHỦ TỊCH"),
    ("hoi", "CHỦ TỊCH"),
    ("to", "TỔ TRƯỞNG"),
]
# Deputies who sign «KT.» (for) a head.
_DEPUTIES = {"TỔ TRƯỞNG": "TỔ PHÓ"}


def implied_title(authority: str, on_behalf: str) -> str:
    """The title the marks imply: «KT. X» → «PHÓ X»; «TM. <body>» alone → its head."""
    if on_behalf:
        mark, _, head = on_behalf.partition(" ")
        if mark.upper() not in ("KT.", "K/T") or not head:
            return ""
        head = _known(head, SIGNER_TITLES) or head.upper()
        return _DEPUTIES.get(head, f"PHÓ {head}")
    if not authority:
        return ""
    body = " ".join(words(_body(authority)))
    return next((title for opening, title in _HEADS if f"{body} ".startswith(f"{opening} ")), "")


def _signer_name(lines: list[str], *, ocr: bool) -> str:
    for line in lines:
        text = _SIGNED.sub("", line).strip(" .,;")
        if not text or text.startswith(("-", "+")) or ":" in text or text.isupper():
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
