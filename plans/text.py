"""Text helpers for Vietnamese administrative documents."""

import re
import unicodedata

# A no-break space: blanks left on a draft for the number and date survive HTML and Word.
BLANK = "\u00a0"
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def nfc(text):
    """Compose Vietnamese text (decomposed tone marks render badly in print)."""
    return unicodedata.normalize("NFC", text or "")


def without_marks(text):
    """The letters without their diacritics, case kept: `KH-BCĐ` → `KH-BCD`."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text):
    """Lower case without diacritics: `Nghị quyết` → `nghi quyet`, `Đảng` → `dang`."""
    return _SPACES.sub(" ", without_marks(text).lower()).strip()


def normalise_document_number(number):
    """The key a legal document is found again by.

    `57- NQ/TW`, `57-NQ/TW` and `8602 - QĐ/TU` vs `8602-QD/TU`: spaces dropped, dashes unified,
    diacritics folded, upper case.
    """
    text = _DASHES.sub("-", fold(number)).upper()
    text = re.sub(r"^SO\s*", "", text)
    return text.replace(" ", "")


# Abbreviations expanded and words dropped before comparing who issued a document.
_ISSUER_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "tp": "thanh pho",
    "ttg": "thu tuong",
}
_ISSUER_FILLERS = re.compile(r"\b(?:thanh pho|tinh|xa|phuong|dac khu|cua|va|viet nam)\b")


def normalise_issuer(issuer):
    """Who issued a document, reduced to the words that tell bodies apart.

    `UBND thành phố Hà Nội` and `Ủy ban nhân dân thành phố Hà Nội` give `dan ha nhan noi uy ban`
    (sorted words); `UBND Thành phố` gives the same without the place.
    """
    words = re.sub(r"[^a-z0-9 ]", " ", fold(issuer)).split()
    text = " ".join(_ISSUER_ABBREVIATIONS.get(word, word) for word in words)
    return " ".join(sorted(set(_ISSUER_FILLERS.sub(" ", text).split())))


def same_issuer(key_a, key_b):
    """Whether two issuer keys can name the same body: unknown on one side, or one citation
    less specific than the other (`UBND Thành phố` vs `UBND thành phố Hà Nội`), words compared
    with one OCR slip allowed (`Chính phá` is `Chính phủ`)."""
    a, b = key_a.split(), key_b.split()
    return not a or not b or _words_within(a, b) or _words_within(b, a)


def _words_within(words, others):
    return all(any(_near(word, other) for other in others) for word in words)


def _near(a, b):
    if a == b:
        return True
    if min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# Symbols of central bodies are unique in the country: Party Central Committee (TW),
# Government (CP), Prime Minister (TTg), National Assembly and its Standing Committee,
# President, ministries. Local bodies (UBND, TU, HĐND …) share theirs.
_CENTRAL_SYMBOLS = {
    "TW",
    "CP",
    "TTG",
    "QH",
    "UBTVQH",
    "CTN",
    "BCT",
    "BTC",
    "BNV",
    "BCA",
    "BQP",
    "BYT",
    "BTP",
    "BNG",
    "BXD",
    "BTTTT",
    "BKHCN",
    "BVHTTDL",
    "BGDDT",
    "BGTVT",
    "BTNMT",
    "BKHDT",
    "BNNPTNT",
    "BLDTBXH",
    "BNNMT",
    "BDTTG",
}


def is_central_symbol(number_key):
    """`57-NQ/TW`, `71/NQ-CP`, `1169/QD-TTG` are; `179/KH-UBND`, `8602-QD/TU` are not."""
    issuer_code = re.split(r"[-/]", number_key)[-1]
    return issuer_code in _CENTRAL_SYMBOLS


def short_date(value):
    """`08/7/2025`, `22/12/2024`, `01/4/2025`: how documents cite a date (Decree 30: a day
    below 10 and the months 1 and 2 take a leading zero)."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def date_line(place, value, *, draft_year=None):
    """`Kiều Phú, ngày 16 tháng 3 năm 2026`; an unsigned draft leaves the day and month blank
    for the signer, as drafts on paper do."""
    if value is None:
        blank = BLANK * 6
        return f"{place}, ngày{blank}tháng{blank}năm {draft_year or ''}".rstrip()
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{place}, ngày {value.day:02d} tháng {month} năm {value.year}"


def lower_first(text):
    """`Tuyên truyền …` → `tuyên truyền …`, for a title cited inside a sentence."""
    text = (text or "").strip()
    if not text:
        return text
    first_word = text.split(maxsplit=1)[0]
    # Acronyms and codes (UBND, 57-NQ/TW) keep their case.
    if len(first_word) > 1 and first_word.isupper():
        return text
    return text[0].lower() + text[1:]


def citation_issuer(name):
    """`Ủy ban nhân dân thành phố Hà Nội` → `UBND thành phố Hà Nội`, as citations write it."""
    name = (name or "").strip()
    for long in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
        if name.startswith(long):
            return "UBND" + name[len(long) :]
    return name


def vnd(amount):
    """`150000000` → `150.000.000`: Vietnamese thousands, whatever the active locale."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")
