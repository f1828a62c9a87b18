"""Diacritic folding that keeps positions, and OCR-tolerant word comparison.

Every rule of the parser matches on *folded* text (lower case, no diacritics, `đ` → `d`) so that
`Nghị quyết`, `NGHỊ QUYẾT` and the OCR'd `Nghi quyét` look the same. `fold_aligned` folds one
character into exactly one character, so a match at positions i..j of the folded text is the
same span i..j of the original, which is what the parser outputs.
"""

import functools
import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\ufeff": "",
        "\u200b": "",
    }
)


def normalise(text: str) -> str:
    """NFC, plain spaces, ASCII dashes and quotes; the parser's input form."""
    return unicodedata.normalize("NFC", (text or "").translate(_TRANSLATE))


@functools.lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def fold_aligned(text: str) -> str:
    """Fold one character into one character: `len(fold_aligned(t)) == len(t)`."""
    return "".join(fold_char(c) for c in text)


def fold(text: str) -> str:
    """Folded, with runs of white space collapsed (for comparisons, not for slicing)."""
    return " ".join(fold_aligned(text or "").split())


# Letters and digits, and the symbols OCR prints for marked letters (`hi¢n`, `@ng`).
_TOKEN = re.compile(r"(?:[^\W_]|[@$¢€¥])+", re.UNICODE)


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits; punctuation dropped)."""
    return _TOKEN.findall(fold_aligned(text or ""))


# --------------------------------------------------------------------------- OCR distance
# What OCR makes of Vietnamese letters once their marks are gone: `ô` read as `6`, `ư` as `ir`
# or `w`, `â` as `i` or `d`, `đ` as `P` or `B`. Each pair (as OCR printed it, what it stands
# for) has a cost below the plain edit cost of 1, so that `chirc` is close to `chuc` and `t6`
# to `to`, while unrelated words stay far apart.
_CHEAP = 0.3
_LIKELY = 0.5
_VOWELS = "aeiouy"
_SUBSTITUTIONS: dict[tuple[str, str], float] = {}
for _ocr, _meant, _cost in [
    ("6", "o", _CHEAP),
    ("0", "o", _CHEAP),
    ("1", "l", _CHEAP),
    ("1", "i", _CHEAP),
    ("4", "a", _CHEAP),
    ("3", "a", _LIKELY),
    ("8", "s", _LIKELY),
    ("5", "s", _LIKELY),
    ("$", "s", _CHEAP),
    ("9", "g", _LIKELY),
    ("i", "l", _CHEAP),
    ("l", "i", _CHEAP),
    ("d", "a", _LIKELY),
    ("d", "o", _LIKELY),
    ("b", "o", _LIKELY),
    ("b", "d", _LIKELY),
    ("p", "d", _LIKELY),
    ("e", "c", _LIKELY),
    ("c", "e", _LIKELY),
    ("y", "u", 0.4),
    ("u", "y", 0.4),
    ("g", "q", _LIKELY),
    ("q", "g", _LIKELY),
    ("w", "u", _CHEAP),
    ("@", "u", _LIKELY),
    ("@", "d", _LIKELY),
    ("&", "o", _LIKELY),
    ("&", "e", _LIKELY),
    ("¢", "e", _CHEAP),
    ("€", "e", _CHEAP),
    ("¥", "y", _CHEAP),
    ("t", "u", 0.7),
    ("r", "u", 0.7),
]:
    _SUBSTITUTIONS[(_ocr, _meant)] = _cost
for _a in _VOWELS:
    for _b in _VOWELS:
        if _a != _b:
            _SUBSTITUTIONS.setdefault((_a, _b), 0.6)

# Two printed characters standing for one letter: `ir`/`tr`/`ii`/`ti` for `ư`/`ứ`.
_PAIRS: dict[tuple[str, str], float] = {
    ("ir", "u"): _CHEAP,
    ("tr", "u"): 0.4,
    ("ur", "u"): _CHEAP,
    ("ii", "u"): _CHEAP,
    ("ti", "u"): 0.4,
    ("tt", "u"): _LIKELY,
    ("rn", "m"): _CHEAP,
    ("ri", "n"): _LIKELY,
}
_GAP = 0.8


def ocr_distance(printed: str, meant: str) -> float:
    """Weighted edit distance from an OCR'd folded word to a folded word it may stand for."""
    if printed == meant:
        return 0.0
    n, m = len(printed), len(meant)
    inf = float("inf")
    table = [[inf] * (m + 1) for _ in range(n + 1)]
    table[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = table[i][j]
            if here == inf:
                continue
            if i < n:
                table[i + 1][j] = min(table[i + 1][j], here + _GAP)
            if j < m:
                table[i][j + 1] = min(table[i][j + 1], here + _GAP)
            if i < n and j < m:
                a, b = printed[i], meant[j]
                cost = 0.0 if a == b else _SUBSTITUTIONS.get((a, b), 1.0)
                table[i + 1][j + 1] = min(table[i + 1][j + 1], here + cost)
            if i + 1 < n and j < m:
                cost = _PAIRS.get((printed[i : i + 2], meant[j]))
                if cost is not None:
                    table[i + 2][j + 1] = min(table[i + 2][j + 1], here + cost)
    return table[n][m]


def ocr_equal(printed: str, meant: str, *, tolerance: float | None = None) -> bool:
    """Whether a folded token can be read as `meant` (a folded vocabulary word)."""
    if printed == meant:
        return True
    if tolerance is None:
        tolerance = 0.6 if len(meant) <= 3 else 1.0
    if abs(len(printed) - len(meant)) > 2:
        return False
    return ocr_distance(printed, meant) <= tolerance


def ocr_phrase_at(tokens: list[str], start: int, phrase: str) -> bool:
    """Whether `tokens[start:]` begins with the folded words of `phrase`, OCR-tolerantly."""
    wanted = phrase.split()
    if start + len(wanted) > len(tokens):
        return False
    return all(ocr_equal(tokens[start + k], w) for k, w in enumerate(wanted))


def ocr_similar_text(printed: str, meant: str) -> float:
    """0..1 similarity of two folded phrases, word by word, tolerant to OCR slips."""
    a, b = printed.split(), meant.split()
    if not a or not b:
        return 0.0
    hits = 0
    used: set[int] = set()
    for word in a:
        for k, other in enumerate(b):
            if k not in used and ocr_equal(word, other):
                used.add(k)
                hits += 1
                break
    return 2 * hits / (len(a) + len(b))
