"""Give OCR'd names their Vietnamese back: `Phong Van hoa - Xa hgi phwong` → `Phòng Văn hóa - Xã
hội phường`.

Each word is compared with the known vocabulary (`vocabulary.py`) by OCR distance; the words
before and after decide between close readings (`tim` after `trung` is `tâm`), like a tiny
spelling corrector run with the Viterbi algorithm over the candidates of each word. Words
that are not in the vocabulary but are well-formed Vietnamese syllables are kept as printed,
so that unknown names are never replaced by a known word that merely looks alike.
"""

import functools
import re
from collections import Counter, defaultdict

from .folding import fold, fold_aligned, ocr_distance
from .vocabulary import (
    COMMON_WORDS,
    NAME_WORDS,
    PHRASES,
    SECTION_TITLES,
    SIGNER_BODIES,
    SIGNER_TITLES,
)


def _split_words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A folded Vietnamese syllable: optional onset, then a rhyme. Anything else (`chirc`, `tdm`,
# `s6`) is not Vietnamese and is a misreading.
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_RHYMES = _split_words(
    "a ai ao au ay am an ang anh ap at ac ach e eo em en eng ep et ec ech enh i ia iu im in "
    "inh ip it ich iem ien iep iet ieu iec ieng o oa oai oay oam oan oang oanh oap oat oac "
    "oach oe oeo oen oet oi om on ong op ot oc oong ooc u ua uan uang uat uay ue uen uenh uet "
    "uy uya uyu uyen uyet uynh uych uyt ui um un ung up ut uc uoi uom uon uong uop uot uoc uu "
    "uou y yen yet yeu uyenh ueo uo"
)
_SYLLABLE = re.compile(rf"^{_ONSET}(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})$")

# Abbreviations written in capitals; OCR loses the stroke of their `Đ`.
ACRONYMS = {
    "hdnd": "HĐND",
    "dbqh": "ĐBQH",
    "qd": "QĐ",
    "nd": "NĐ",
    "bcd": "BCĐ",
    "ubnd": "UBND",
    "mttq": "MTTQ",
    "ubmttq": "UBMTTQ",
    "ubmttqvn": "UBMTTQVN",
    "vhxh": "VHXH",
    "khcn": "KHCN",
    "vhttdl": "VHTTDL",
}

_AREA_WORDS = {"xa", "phuong", "tinh", "huyen", "quan", "pho", "tran", "khu", "thon", "ap"}
_KEEP_KNOWN = 0.0
_KEEP_WELL_FORMED = 0.45
_KEEP_MISREAD = 1.3
_KEEP_SINGLE_LETTER = 0.75
_KNOWN_REREAD = 0.2
_PAIR_BONUS = 0.8
_MAX_DISTANCE = 1.2


def is_syllable(folded_word: str) -> bool:
    return bool(_SYLLABLE.match(folded_word))


@functools.cache
def _lexicon():
    """(forms, pairs): folded word → Counter of written forms; folded pair → Counter of
    written pairs."""
    forms: dict[str, Counter] = defaultdict(Counter)
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    phrases = list(PHRASES)
    phrases += [title.lower() for title, _ in SECTION_TITLES]
    phrases += [body.lower() for body in SIGNER_BODIES + SIGNER_TITLES]
    for phrase in phrases:
        written = re.findall(r"[^\W_]+", phrase)
        for word in written:
            forms[fold(word)][word] += 2
        for left, right in zip(written, written[1:], strict=False):
            pairs[(fold(left), fold(right))][(left, right)] += 1
    for word in NAME_WORDS:
        forms[fold(word)][word] += 1
    for word in COMMON_WORDS:
        forms[fold(word)][word] += 10
    by_length: dict[int, list[str]] = defaultdict(list)
    for folded in forms:
        by_length[len(folded)].append(folded)
    return dict(forms), dict(pairs), dict(by_length)


def known_words() -> set[str]:
    return set(_lexicon()[0])


@functools.lru_cache(maxsize=8192)
def _candidates(folded: str) -> tuple[tuple[str | None, float], ...]:
    """Readings of one folded token: (known folded word or None for «as printed», cost)."""
    forms, _, by_length = _lexicon()
    if folded in forms:
        keep = _KEEP_KNOWN
    elif is_syllable(folded):
        keep = _KEEP_WELL_FORMED
    else:
        keep = _KEEP_MISREAD
    if len(folded) == 1 and keep:
        keep = _KEEP_SINGLE_LETTER
    # A known word is read as itself (and so gets its marks back) unless its neighbours make a
    # close known word much likelier (`Té quốc` after `Mặt trận` is `Tổ quốc`).
    found: list[tuple[str | None, float]] = [(folded, 0.0)] if folded in forms else [(None, keep)]
    extra = _KNOWN_REREAD if folded in forms else 0.0
    if len(folded) <= 8:
        for length in range(max(1, len(folded) - 2), len(folded) + 3):
            for word in by_length.get(length, ()):
                distance = ocr_distance(folded, word)
                if distance <= _MAX_DISTANCE and word != folded:
                    found.append((word, distance + extra))
    found.sort(key=lambda item: item[1])
    return tuple(found[:24])


_PIECES = re.compile(r"((?:[^\W_]|[@$¢€¥])+&?)")


def restore(text: str) -> str:
    """Restore the marks of OCR'd words in a short phrase (a name, a title), keeping case."""
    pieces = _PIECES.split(text or "")
    word_slots = list(range(1, len(pieces), 2))
    if not word_slots:
        return text
    chosen = _best_reading([pieces[k] for k in word_slots], [pieces[k - 1] for k in word_slots])
    for slot, written in zip(word_slots, chosen, strict=True):
        pieces[slot] = written
    return "".join(pieces)


def _best_reading(tokens: list[str], separators: list[str]) -> list[str]:
    forms, pairs, _ = _lexicon()
    lattice = []
    for token in tokens:
        folded = fold_aligned(token)
        if folded in ACRONYMS and (token.isupper() or len(folded) > 3):
            lattice.append([(None, 0.0)])
        elif token.isalpha() and token.isupper() and len(token) > 1 and not is_syllable(folded):
            lattice.append([(None, 0.0)])  # an abbreviation: VT, TCTH, CSHCM
        elif not folded.isalpha() and not re.search(r"[a-z]", folded):
            lattice.append([(None, 0.0)])
        else:
            lattice.append(list(_candidates(folded)))

    # Viterbi: best[i][c] = (cost, back-pointer) of reading token i as candidate c.
    best: list[list[tuple[float, int]]] = []
    for i, options in enumerate(lattice):
        row = []
        for word, cost in options:
            if i == 0:
                row.append((cost, -1))
                continue
            joined = separators[i].strip() == ""
            scores = []
            for p, (prev_word, _) in enumerate(lattice[i - 1]):
                bonus = 0.0
                if joined and word and prev_word and (prev_word, word) in pairs:
                    bonus = _PAIR_BONUS
                scores.append((best[i - 1][p][0] + cost - bonus, p))
            row.append(min(scores))
        best.append(row)
    path = [min(range(len(best[-1])), key=lambda c: best[-1][c][0])]
    for i in range(len(best) - 1, 0, -1):
        path.append(best[i][path[-1]][1])
    path.reverse()

    words = [lattice[i][c][0] for i, c in enumerate(path)]
    out = []
    proper = False
    for i, (token, word) in enumerate(zip(tokens, words, strict=True)):
        folded = fold_aligned(token)
        if folded in ACRONYMS and (token.isupper() or len(folded) > 3):
            out.append(ACRONYMS[folded])
            continue
        if word is None:
            out.append(token)
            continue
        before = words[i - 1] if i else None
        after = words[i + 1] if i + 1 < len(words) else None
        # A place name follows its level (`xã`, `tỉnh`, `thành phố`), even in capitals.
        after_area = i > 0 and fold_aligned(tokens[i - 1]) in _AREA_WORDS
        in_name = after_area or (i > 0 and proper and token[:1].isupper())
        proper = in_name or (i > 0 and token[:1].isupper() and not token.isupper())
        out.append(_with_case(_written_form(word, before, after, proper=proper), token))
    return out


def _written_form(word: str, before: str | None, after: str | None, *, proper: bool) -> str:
    """The marks of `word`: as in a known pair with its neighbours, else as in a name for a
    capitalised word inside a phrase, else its commonest form."""
    forms, pairs, _ = _lexicon()
    votes: Counter = Counter()
    for (_, right), count in pairs.get((before, word), Counter()).items():
        votes[right] += count
    for (left, _), count in pairs.get((word, after), Counter()).items():
        votes[left] += count
    if votes:
        return votes.most_common(1)[0][0]
    if proper and word in _name_forms():
        return _name_forms()[word]
    return forms[word].most_common(1)[0][0]


@functools.cache
def _name_forms() -> dict[str, str]:
    return {fold(word): word for word in NAME_WORDS}


def _with_case(written: str, model: str) -> str:
    if sum(c.isalpha() for c in model) > 1 and model.isupper():
        return written.upper()
    if model[:1].isupper():
        return written[:1].upper() + written[1:]
    return written.lower()


def restore_if(text: str, *, ocr: bool) -> str:
    return restore(text) if ocr else text


@functools.cache
def written_forms() -> frozenset[str]:
    """Every known word as written with its marks (lower case)."""
    forms, _, _ = _lexicon()
    return frozenset(form for counter in forms.values() for form in counter)
