"""Text helpers for Vietnamese administrative documents."""

import re
import unicodedata

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def nfc(text):
    """Compose Vietnamese text (decomposed tone marks render badly in print)."""
    return unicodedata.normalize("NFC", text or "")


def fold(text):
    """Lower case without diacritics: `Nghị quyết` → `nghi quyet`, `Đảng` → `dang`."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def normalise_document_number(number):
    """The key a legal document is found again by.

    `57- NQ/TW`, `57-NQ/TW` and `8602 - QĐ/TU` vs `8602-QD/TU`: spaces dropped, dashes unified,
    diacritics folded, upper case.
    """
    text = _DASHES.sub("-", fold(number)).upper()
    text = re.sub(r"^SO\s*", "", text)
    return text.replace(" ", "")
