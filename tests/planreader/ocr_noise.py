"""Damage clean Vietnamese the way OCR without a Vietnamese model does (as seen in the seeds:
`số` → `s6`, `ư` → `ir`/`w`, `đ` → `P`/`B`, marks dropped or misplaced), reproducibly."""

import random
import unicodedata

MISREADINGS = {
    "ô": ["6", "o", "ô"],
    "ố": ["6", "é", "o"],
    "ổ": ["6", "o"],
    "ộ": ["o", "6"],
    "ư": ["u", "w", "ir"],
    "ứ": ["ir", "tr", "u"],
    "ữ": ["ir", "u"],
    "ơ": ["o", "ơ"],
    "ớ": ["é", "o"],
    "ờ": ["o"],
    "â": ["a", "i", "d"],
    "ấ": ["a", "á"],
    "ầ": ["a"],
    "ậ": ["a"],
    "ê": ["é", "e"],
    "ế": ["é", "€"],
    "ề": ["é"],
    "ệ": ["é", "¢", "e"],
    "ủ": ["u", "ii"],
    "đ": ["d", "P", "d"],
    "Đ": ["P", "B", "D"],
}


def ocr_damage(text: str, seed: int) -> str:
    rng = random.Random(seed)
    out = []
    for char in text:
        if char in MISREADINGS and rng.random() < 0.85:
            out.append(rng.choice(MISREADINGS[char]))
        elif ord(char) > 127 and char.isalpha() and rng.random() < 0.8:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if rng.random() < 0.6 else rng.choice(["é", base]))
        else:
            out.append(char)
    return "".join(out)
