"""The header of a document: issuing body, number/symbol, place and date, type name, title.

```
UBND THÀNH PHỐ HẢI PHÒNG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ KHOA HỌC VÀ CÔNG NGHỆ                 Độc lập - Tự do - Hạnh phúc
Số: 12/KH-SKHCN                    Hải Phòng, ngày 05 tháng 3 năm 2026
                              KẾ HOẠCH
                         <summary title>
```
OCR prints the two columns on one line, so the right column (motto, place and date) is cut
off the left one before the issuing body is read.
"""

import datetime
import re

from .citations import parse_date
from .folding import fold_aligned, ocr_equal, ocr_phrase_at
from .restore import restore

# `Số: 179/KH-UBND`; OCR reads «Số» as `S6`, `So`, `80`; the number may have stray spaces.
PLAN_NUMBER = re.compile(
    r"(?:^|\s)(?:s\S{0,2}|8\S?)\s*:\s*(?P<sequence>\d{1,5})\s*/\s*"
    r"(?P<symbol>[a-zđ]{1,4}\s*-\s*[a-zđ0-9&.]{1,15})",
)
_BARE_NUMBER = re.compile(r"(?P<sequence>\d{1,5})\s*/\s*(?P<symbol>kh\s*-\s*[a-zđ0-9&]{1,15})")
# `Hà Nội, ngày 08 tháng 7 năm 2025` (OCR: `ngay 20 thang 8 nam 2025`).
PLACE_DATE = re.compile(
    r"(?P<place>[^\d,:;]{2,40}?)\s*,\s*ng\S{0,3}\s+(?P<d>\S{1,3})\s+th\S{0,4}\s+"
    r"(?P<m>\d{1,2})\s+n\S{0,3}\s+(?P<y>\d{4})"
)
# A body written without its place: its name continues on the next header line.
_BARE_BODIES = ["uy ban nhan dan", "ubnd", "hoi dong nhan dan", "dang uy", "ban chap hanh"]
_AREA_WORDS = {"xa", "phuong", "tinh", "huyen", "quan", "thanh pho", "thi tran", "dac khu"}


def find_type_line(lines: list[str], limit: int = 30) -> int | None:
    """Index of the line with the type name «KẾ HOẠCH» (OCR: `KE HOACH`)."""
    for index, line in enumerate(lines[:limit]):
        tokens = fold_aligned(line).split()
        if len(tokens) == 2 and ocr_equal(tokens[0], "ke") and ocr_equal(tokens[1], "hoach"):
            return index
    return None


def left_column(line: str) -> str:
    """The line without the right column's motto («CỘNG HÒA …», «Độc lập - Tự do …»)."""
    folded = fold_aligned(line)
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", folded)]
    words = [t for _, t in tokens]
    for k, (offset, _) in enumerate(tokens):
        if ocr_phrase_at(words, k, "cong hoa xa") or ocr_phrase_at(words, k, "doc lap"):
            return line[:offset].strip()
        if k + 2 < len(words) and ocr_equal(words[k + 1], "lap") and words[k + 2] == "-":
            return line[:offset].strip()
    return line.strip()


def plan_number(lines: list[str]) -> tuple[str | None, int | None, re.Match | None]:
    for index, line in enumerate(lines):
        folded = fold_aligned(line)
        match = PLAN_NUMBER.search(folded) or _BARE_NUMBER.search(folded)
        if match:
            symbol = re.sub(r"\s+", "", line[match.start("symbol") : match.end("symbol")])
            symbol = symbol.rstrip(".").upper()
            return f"{match['sequence']}/{symbol}", index, match
    return None, None, None


def place_and_date(lines: list[str], *, ocr: bool) -> tuple[str, datetime.date | None]:
    for line in lines:
        folded = fold_aligned(line)
        match = PLACE_DATE.search(folded)
        if not match:
            continue
        place = line[match.start("place") : match.end("place")]
        number = PLAN_NUMBER.search(fold_aligned(place)) or re.search(r"/\s*\S+\s", place)
        if number:
            place = place[number.end() :]
        place = re.sub(r"^[^\wÀ-ỹ]+", "", place).strip()
        issued_on = parse_date(match["d"], match["m"], match["y"]) if match["d"].isdigit() else None
        return (restore(place) if ocr else place), issued_on
    return "", None


def header_issuer(lines: list[str], *, ocr: bool) -> tuple[str, str]:
    """(parent body, issuing body) read from the left column of the header lines."""
    left = [left_column(line) for line in lines]
    left = [re.sub(r"[-_]{3,}", "", part).strip() for part in left]
    left = [part for part in left if len(part) > 1]
    if not left:
        return "", ""
    first = fold_aligned(left[0]).strip()
    if len(left) == 1:
        return "", _name_case(left[0], ocr=ocr)
    if any(_fuzzy_is(first, body) for body in _BARE_BODIES):
        return "", _name_case(" ".join(left), ocr=ocr)
    return _name_case(left[0], ocr=ocr, keep_upper=True), _name_case(" ".join(left[1:]), ocr=ocr)


def _fuzzy_is(folded: str, phrase: str) -> bool:
    got, wanted = folded.split(), phrase.split()
    return len(got) == len(wanted) and all(
        ocr_equal(a, b) for a, b in zip(got, wanted, strict=True)
    )


def _name_case(text: str, *, ocr: bool, keep_upper: bool = False) -> str:
    """`ỦY BAN NHÂN DÂN XÃ KIỀU PHÚ` → `Ủy ban nhân dân xã Kiều Phú`: lower case, capitals
    back on the first word and on the place name after xã/phường/tỉnh/thành phố."""
    text = " ".join(text.split())
    if ocr:
        text = restore(text)
    if keep_upper or not text.isupper():
        return text
    tokens = text.lower().split()
    out, capitalise_rest = [], False
    for k, token in enumerate(tokens):
        folded = fold_aligned(token)
        pair = fold_aligned(" ".join(tokens[k - 1 : k + 1])) if k else ""
        if k == 0 or capitalise_rest or token.upper() in {"UBND", "HĐND", "MTTQ"}:
            token = (
                token.upper() if token.upper() in {"UBND", "HĐND", "MTTQ"} else token.capitalize()
            )
        out.append(token)
        if folded in _AREA_WORDS or pair in _AREA_WORDS:
            capitalise_rest = True
    return " ".join(out)


def issuer_from_preamble(paragraph_text: str, *, ocr: bool) -> str:
    """`Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch …` → the body before the verb."""
    folded = fold_aligned(paragraph_text)
    match = re.search(r"\s(ban hanh|xay dung|trien khai)\s+k\S{0,2}\s+h\S{0,2}ach\b", folded)
    if not match or match.start() > 160:
        return ""
    before = paragraph_text[: match.start()]
    # «Để triển khai …, Sở Khoa học và Công nghệ ban hành Kế hoạch»: the body follows the
    # last comma when the sentence opens with a clause.
    for body in [before, *before.split(",")[1:][::-1]]:
        body = body.strip(" ,;:-")
        if 1 <= len(body.split()) <= 16 and _names_a_body(body):
            body = restore(body) if ocr else body
            return expand_abbreviation(body)
    return ""


_BODY_HEADS = [
    "uy ban",
    "ubnd",
    "hdnd",
    "hoi dong",
    "so",
    "trung tam",
    "ban",
    "phong",
    "van phong",
    "dang uy",
    "bo",
    "cuc",
    "chi cuc",
    "vien",
    "truong",
    "cong an",
    "doan",
    "hoi",
    "thanh uy",
    "tinh uy",
    "chinh phu",
    "thu tuong",
]


def _names_a_body(text: str) -> bool:
    tokens = fold_aligned(text).split()
    return any(ocr_phrase_at(tokens, 0, head) for head in _BODY_HEADS)


# The abbreviated bodies a plan's own sentence may use for its issuer.
_ABBREVIATED_BODIES = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


def expand_abbreviation(name: str) -> str:
    """`UBND phường Gia Viên` → `Ủy ban nhân dân phường Gia Viên`."""
    first, _, rest = name.partition(" ")
    full = _ABBREVIATED_BODIES.get(
        first.upper().replace("D", "Đ", 1) if first.upper() == "HDND" else first.upper()
    )
    return f"{full} {rest}".strip() if full and rest else name
