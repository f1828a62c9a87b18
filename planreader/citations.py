"""Legal-basis citations: «Căn cứ/Thực hiện <kind> số <number> ngày <d/m/yyyy> của <issuer> …».

Matching runs on folded text; what is returned is cut from the original. Numbers are
`<sequence>[/<year>]<-|/><type code>[<-|/><issuer code>]`: `57-NQ/TW`, `179/KH-UBND`,
`1169/QĐ-TTg`, `42/2022/NĐ-CP`, `10-HD/BTGDVTU`, printed with stray spaces by OCR
(`71/NQ -CP`, `8602 - QĐ/TU`).
"""

import datetime
import re

from .folding import fold, fold_aligned, ocr_distance, ocr_equal, words
from .restore import restore
from .result import LegalBasisReading
from .vocabulary import KINDS

DOCUMENT_NUMBER = re.compile(
    r"(?<![\w/])(?P<sequence>\d{1,5})"
    r"(?:\s*/\s*(?P<year>(?:19|20)\d{2}))?"
    r"\s*[-/]\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5}\d{0,2})"
    r"(?:\s*[-/]\s*(?P<issuer>[A-ZĐ][A-Za-zĐđ0-9&]{0,14}))?"
    r"(?![\w])"
)
# `ngày 22/12/2024`, `ngày 01-4-2025`, OCR's `ngély?22/12/2024`; up to 12 characters of noise
# between the number and the date.
_NUMERIC_DATE = re.compile(
    r"^[\s,;:]*(?:\S{0,8}\s*)?(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
)
_WORDED_DATE = re.compile(
    r"^[\s,;:]*ng\S{0,3}\s+(?P<d>\d{1,2})\s+th\S{0,4}\s+(?P<m>\d{1,2})\s+n\S{0,3}\s+(?P<y>\d{4})"
)
# The issuer runs from «của» to the first word that starts the cited document's summary.
_OF = re.compile(r"^[\s,]*(?P<of>c\S{0,3}a)\s+", re.IGNORECASE)
_ISSUER_STOP = re.compile(
    r"\s(?:ve|v/v|phe duyet|sua doi|cap nhat|ban hanh|quy dinh|huong dan|thuc hien|trien khai|"
    r"nham|tai|tren|ke hoach|nghi quyet|chuong trinh|quyet dinh|cu the|va (?:ke|nghi|quyet|"
    r"chuong|huong|cac)|trong)\b|[;,.:(\"“”«»]"
)
# Type codes whose `Đ` OCR loses.
_TYPE_CODES = {"QD": "QĐ", "ND": "NĐ", "QDTW": "QĐTW"}
_KIND_BY_CODE = {code.upper(): name for name, (_, code) in KINDS.items() if code}
_KIND_BY_CODE.update(
    {"CTR": "Chương trình", "CT": "Chỉ thị", "QD": "Quyết định", "ND": "Nghị định"}
)


def format_number(match: re.Match) -> str:
    parts = [match.group("sequence")]
    if match.group("year"):
        parts.append("/" + match.group("year"))
    text = match.group(0)
    first_sep = "/" if re.search(r"^\d+(?:\s*/\s*\d{4})?\s*/", text) else "-"
    code = match.group("type")
    code = _TYPE_CODES.get(code.upper(), code)
    parts.append(first_sep + code)
    if match.group("issuer"):
        parts.append(
            ("-" if first_sep == "/" else "/") + _restore_issuer_code(match.group("issuer"))
        )
    return "".join(parts)


def _restore_issuer_code(code: str) -> str:
    return {"DU": "ĐU", "PU": "ĐU", "BU": "ĐU"}.get(code, code)


def parse_date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def kind_before(folded: str, start: int, code: str) -> str:
    """The kind of the cited document: the words just before its number, else its type code."""
    before = words(folded[max(0, start - 40) : start])
    # Drop «số» (OCR: s6, sb, s, 86) in front of the number.
    if before and (ocr_equal(before[-1], "so") or before[-1] in {"s", "86", "sb"}):
        before = before[:-1]
    for name in KINDS:
        wanted = words(name)
        if len(before) >= len(wanted) and all(
            ocr_equal(t, w) for t, w in zip(before[-len(wanted) :], wanted, strict=True)
        ):
            return name
    by_code = _KIND_BY_CODE.get(fold(code).upper().replace("Đ", "D"))
    return by_code or "Văn bản"


def date_after(folded: str, end: int) -> tuple[datetime.date | None, int]:
    tail = folded[end : end + 60]
    for pattern in (_NUMERIC_DATE, _WORDED_DATE):
        match = pattern.match(tail)
        if match:
            return parse_date(match["d"], match["m"], match["y"]), end + match.end()
    return None, end


def issuer_after(text: str, folded: str, end: int, *, ocr: bool) -> str:
    match = _OF.match(folded[end : end + 12])
    if not match or not ocr_equal(match.group("of"), "cua", tolerance=1.3):
        return ""
    start = end + match.end()
    stop = _ISSUER_STOP.search(folded, start)
    stop_at = stop.start() if stop else len(folded)
    issuer = text[start : min(stop_at, start + 90)].strip()
    issuer = " ".join(issuer.split()[:10])
    return restore(issuer) if ocr else issuer


def citations(text: str, *, ocr: bool) -> list[LegalBasisReading]:
    """Every dated citation in `text`, plus undated ones that open a clause (`Căn cứ Nghị
    quyết số 57-NQ/TW;`); the same document cited twice is returned once."""
    folded = fold_aligned(text)
    found: list[LegalBasisReading] = []
    for match in DOCUMENT_NUMBER.finditer(text):
        issued_on, after = date_after(folded, match.end())
        if issued_on is None and not _opens_clause(folded, match.start()):
            continue
        found.append(
            LegalBasisReading(
                kind=kind_before(folded, match.start(), match.group("type")),
                number=format_number(match),
                issued_on=issued_on,
                issuer=issuer_after(text, folded, after, ocr=ocr),
            )
        )
    return _deduplicated(found)


def _opens_clause(folded: str, start: int) -> bool:
    clause = re.split(r"[;:]", folded[:start])[-1]
    opening = words(clause)
    return len(opening) <= 5


def number_key(number: str) -> str:
    return fold(number).replace(" ", "").upper()


def _near(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 6 and ocr_distance(a.lower(), b.lower()) <= 1


def _deduplicated(found: list[LegalBasisReading]) -> list[LegalBasisReading]:
    kept: list[LegalBasisReading] = []
    for item in found:
        key = number_key(item.number)
        twin = next(
            (
                k
                for k in kept
                if number_key(k.number) == key
                or (
                    _near(number_key(k.number), key)
                    and (not k.issued_on or not item.issued_on or k.issued_on == item.issued_on)
                )
            ),
            None,
        )
        if twin is None:
            kept.append(item)
            continue
        twin.issued_on = twin.issued_on or item.issued_on
        twin.issuer = twin.issuer or item.issuer
    return kept
