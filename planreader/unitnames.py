"""Who a sentence of «Tổ chức thực hiện» gives work to, and where that name ends.

Plans name the unit (or the person, by title) at the head of an item, in many wordings:

    Phòng Văn hóa - Xã hội: Chủ trì …                  the name, a colon, the tasks
    Sở Khoa học và Công nghệ có trách nhiệm chủ trì …  the name runs into the sentence
    Giao Phòng Kinh tế chủ trì …                       «Giao» before the name
    Đề nghị Ủy ban MTTQ Việt Nam xã phối hợp …         a request, not an order
    Căn cứ chức năng, nhiệm vụ được giao, Công an xã … the remit before the name
    Đồng chí Phó Chủ tịch UBND xã - Trưởng Ban: …      a person, by title
    Trung tâm Dịch vụ tổng hợp (Đài Truyền thanh xã) … a description in brackets

`unit_like` says whether a text opens with such a name; `split_unit` cuts it into name and
tasks. In clean text a name's head must be written as the unit word («Sở», not «Số»); OCR'd
text is compared OCR-tolerantly, but never a token that is itself another common word
(`trong` is «trong», not a misread «trường»).
"""

import functools
import re
from dataclasses import dataclass

from .folding import fold, fold_aligned, ocr_equal

# First words of a unit's name (folded): who a plan can give tasks to.
UNIT_HEADS = [
    "phong",
    "van phong",
    "trung tam",
    "so",
    "ban",
    "tieu ban",
    "uy ban",
    "ubnd",
    "ubmttq",
    "mttq",
    "mat tran",
    "cong an",
    "doan",
    "hoi",
    "cac",
    "thon",
    "to",
    "tram",
    "truong",
    "bao",
    "dai",
    "doi",
    "buu dien",
    "chi nhanh",
    "dang uy",
    "dang bo",
    "chi bo",
    "chi doan",
    "chi hoi",
    "lien doan",
    "hop tac xa",
    "kho bac",
    "bao hiem",
    "quan su",
    "cong ty",
    "chinh quyen",
    "co quan",
    "don vi",
    "vien",
    "cuc",
    "bo",
    "chi cuc",
    "thanh doan",
    "tinh doan",
    "thanh uy",
    "hdnd",
    "ngan hang",
    "nha van hoa",
    "luc luong",
    "thuong truc",
]
# Titles a task may be given to (a person): «Chủ tịch UBND các xã», «Trưởng Công an xã».
PERSON_HEADS = [
    "thu truong",
    "chu tich",
    "pho chu tich",
    "giam doc",
    "pho giam doc",
    "bi thu",
    "pho bi thu",
    "truong",
    "pho truong",
    "chanh van phong",
    "to truong",
    "chi huy truong",
    "lanh dao",
    "thanh vien",
    "cong chuc",
    "can bo",
]
HONORIFICS = ["dong chi", "d c"]
REQUEST_OPENERS = ["tran trong de nghi", "de nghi"]
GIVE_OPENERS = ["giao cho", "giao"]
REMIT_OPENERS = ["can cu", "theo chuc nang", "tren co so", "trong pham vi"]

# Openings that look like a head but start a sentence: «Tổ chức tuyên truyền …», «Báo cáo …».
NOT_NAMES = [
    "to chuc",
    "ban hanh",
    "bao cao",
    "bao dam",
    "hoi nghi",
    "hoi thao",
    "hoi thi",
    "hoi dien",
    "so lieu",
    "so luong",
    "so ket",
    "doan ket",
    "truong hop",
    "dai hoi",
    "to quoc",
    "lanh dao chi dao",
    "chinh quyen so",
    "co quan chu tri",
    "co quan phoi hop",
    "don vi chu tri",
    "don vi phoi hop",
    "don vi tinh",
    "thanh vien ban",
    "doi moi",
    "doi tuong",
    "can bo cong chuc",
]
# … unless they go on as a name: «Tổ chức chính trị - xã hội», «Hội nghị …» never does.
NAME_CONTINUATIONS = ["to chuc chinh tri", "to chuc doan the", "to chuc hoi", "to chuc xa hoi"]
# After «các», a kind of unit: «Các thôn», «các phòng, ban», not «Các nội dung».
GROUP_NOUNS = [
    "phong",
    "ban",
    "nganh",
    "so",
    "co quan",
    "don vi",
    "doan the",
    "doan",
    "thon",
    "to",
    "xa",
    "phuong",
    "hoi",
    "truong",
    "chi bo",
    "chi hoi",
    "chi doan",
    "dang bo",
    "dia phuong",
    "lang",
    "khu pho",
    "ap",
    "tieu ban",
    "thanh vien",
    "dong chi",
    "cap uy",
    "cap",
    "doanh nghiep",
    "hop tac xa",
    "tram",
    "trung tam",
    "bao",
    "dai",
    "nha truong",
    "ubnd",
    "uy ban",
    "dang uy",
    "to chuc",
    "bo",
    "cuc",
    "vien",
    "lien doan",
    "chinh quyen",
    "luc luong",
    "hoi doan the",
    "ban nganh",
    "chi nhanh",
    "thu truong",
    "chu tich",
    "giam doc",
    "bi thu",
]
# Where a name ends and its sentence begins, as written (lower case) in clean text. OCR'd text
# is compared folded and OCR-tolerantly, without the short words it would confuse («có»/«cơ»).
PREDICATE_OPENERS = [
    "là",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "có",
    "được",
    "cần",
    "phải",
    "chủ trì",
    "phối hợp",
    "tham mưu",
    "chủ động",
    "thường xuyên",
    "định kỳ",
    "kịp thời",
    "tích cực",
    "khẩn trương",
    "tiếp tục",
    "tăng cường",
    "đẩy mạnh",
    "nâng cao",
    "tập trung",
    "ưu tiên",
    "tổ chức",
    "triển khai",
    "thực hiện",
    "xây dựng",
    "hướng dẫn",
    "chỉ đạo",
    "theo dõi",
    "kiểm tra",
    "đôn đốc",
    "giám sát",
    "tuyên truyền",
    "phổ biến",
    "quán triệt",
    "vận động",
    "phát thanh",
    "đăng tải",
    "biên tập",
    "cung cấp",
    "bố trí",
    "rà soát",
    "hỗ trợ",
    "khuyến khích",
    "duy trì",
    "sử dụng",
    "ứng dụng",
    "cập nhật",
    "báo cáo",
    "nghiên cứu",
    "lồng ghép",
    "phát huy",
    "bảo đảm",
    "đảm bảo",
    "đề xuất",
    "phát động",
    "lựa chọn",
    "căn cứ",
    "theo",
    "trên cơ sở",
    "ban hành",
    "treo",
    "gửi",
]
# Lower-case words inside names that look like a predicate: «Ban Quản lý», «Dịch vụ tổng hợp».
NAME_PHRASES = ["xay dung dang", "to chuc chinh tri", "to chuc doan the"]


@dataclass
class Token:
    start: int
    end: int
    text: str
    folded: str


_TOKEN = re.compile(r"(?:[^\W_]|[@$¢€¥])+", re.UNICODE)


def tokens(text: str) -> list[Token]:
    folded = fold_aligned(text)
    return [
        Token(m.start(), m.end(), m.group(), folded[m.start() : m.end()])
        for m in _TOKEN.finditer(text)
    ]


# Written forms a head must have in clean text where another word folds the same way.
_WRITTEN_HEADS = {
    "so": {"sở"},
    "bao": {"báo"},
    "dai": {"đài"},
    "doi": {"đội"},
    "truong": {"trường", "trưởng"},
    "ban": {"ban"},
    "to": {"tổ"},
    "hoi": {"hội"},
    "doan": {"đoàn"},
    "phong": {"phòng"},
    "thon": {"thôn"},
    "cac": {"các"},
    "tram": {"trạm"},
    "vien": {"viện"},
    "cuc": {"cục"},
    "bo": {"bộ"},
}


@functools.cache
def _confusables() -> frozenset[str]:
    """Known words that OCR-tolerance would take for a head word but are other words."""
    from .restore import known_words

    heads = {word for phrase in UNIT_HEADS + PERSON_HEADS for word in phrase.split()}
    return frozenset(
        word
        for word in known_words()
        if word not in heads and any(ocr_equal(word, head) for head in heads if len(head) > 2)
    )


def _word_is(token: Token, wanted: str, *, ocr: bool, written: bool = False) -> bool:
    if token.folded == wanted:
        if written and not ocr and wanted in _WRITTEN_HEADS:
            return token.text.lower() in _WRITTEN_HEADS[wanted]
        return True
    if not ocr or token.folded in _confusables():
        return False
    return ocr_equal(token.folded, wanted)


def phrase_at(toks: list[Token], k: int, phrase: str, *, ocr: bool, written=False) -> bool:
    wanted = phrase.split()
    if k + len(wanted) > len(toks):
        return False
    return all(
        _word_is(toks[k + i], word, ocr=ocr, written=written and i == 0)
        for i, word in enumerate(wanted)
    )


def _first_phrase(toks, k, phrases, *, ocr, written=False) -> str | None:
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        if phrase_at(toks, k, phrase, ocr=ocr, written=written):
            return phrase
    return None


def head_at(toks: list[Token], k: int, *, ocr: bool) -> tuple[int, bool] | None:
    """(words in the head, whether it names a person) when a unit's name starts at `k`."""
    if any(phrase_at(toks, k, p, ocr=ocr) for p in NOT_NAMES) and not any(
        phrase_at(toks, k, p, ocr=ocr) for p in NAME_CONTINUATIONS
    ):
        return None
    person = _first_phrase(toks, k, PERSON_HEADS, ocr=ocr, written=True)
    unit = _first_phrase(toks, k, UNIT_HEADS, ocr=ocr, written=True)
    if unit == "cac" and not _first_phrase(toks, k + 1, GROUP_NOUNS, ocr=ocr):
        unit = None
    if person and (not unit or len(person.split()) >= len(unit.split())):
        return len(person.split()), True
    if unit:
        return len(unit.split()), False
    return None


def unit_like(text: str, *, ocr: bool = True) -> bool:
    """Whether `text` opens with a name a task can be given to (after «Đề nghị», «Giao» …)."""
    return split_unit(text, ocr=ocr) is not None


@dataclass
class UnitPhrase:
    unit: str
    rest: str  # what follows the name: the tasks (with a bracketed description first)
    person: bool = False
    requested: bool = False


def _skip(toks, k, phrases, *, ocr) -> int:
    found = _first_phrase(toks, k, phrases, ocr=ocr)
    return k + len(found.split()) if found else k


def split_unit(text: str, *, ocr: bool) -> UnitPhrase | None:
    """The name an item opens with and the rest of it, or None when it names no one."""
    text = re.sub(r"^\s*[-+•*]\s*", "", text)
    toks = tokens(text)
    if not toks:
        return None
    requested = False
    k = 0
    if _first_phrase(toks, 0, REMIT_OPENERS, ocr=ocr):
        k = _after_remit(text, toks, ocr=ocr)
        if k is None:
            return None
    opener = _first_phrase(toks, k, REQUEST_OPENERS, ocr=ocr)
    if opener:
        requested, k = True, k + len(opener.split())
    else:
        k = _skip(toks, k, GIVE_OPENERS, ocr=ocr)
    person = False
    honorific = _first_phrase(toks, k, HONORIFICS, ocr=ocr)
    if honorific and k + len(honorific.split()) < len(toks):
        person, k = True, k + len(honorific.split())
    if k >= len(toks):
        return None
    head = head_at(toks, k, ocr=ocr)
    if head is None:
        return None
    person = person or head[1]
    start = toks[k].start
    end, rest_start = _name_end(text, toks, k + head[0], ocr=ocr)
    name = text[start:end]
    rest = text[rest_start:]
    name, description = _without_brackets(name)
    if description:
        rest = f"{description} {rest.strip()}".strip()
    name = name.strip(" .:;,-")
    if not name:
        return None
    rest = rest.lstrip(" .:;,").rstrip()
    rest = rest[:1].upper() + rest[1:] if rest and not rest.startswith("(") else rest
    return UnitPhrase(
        unit=name[:1].upper() + name[1:], rest=rest, person=person, requested=requested
    )


def _after_remit(text: str, toks: list[Token], *, ocr: bool) -> int | None:
    """«Căn cứ chức năng, nhiệm vụ được giao, Công an xã …»: the first token after a comma
    that opens a name."""
    for k, token in enumerate(toks[1:], start=1):
        between = text[toks[k - 1].end : token.start]
        if "," in between and head_at(toks, k, ocr=ocr) is not None:
            return k
        if any(mark in between for mark in ".;:"):
            return None
    return None


_MAX_NAME_WORDS = 20


def _name_end(text: str, toks: list[Token], k: int, *, ocr: bool) -> tuple[int, int]:
    """(end of the name, start of the rest) in `text`: at its colon, at a bracketed
    description, at the end of its sentence or where its predicate begins."""
    colon = text.find(":", toks[k - 1].end)
    if colon != -1 and len(text[:colon].split()) > _MAX_NAME_WORDS:
        colon = -1
    has_lower = any(c.islower() for c in text)
    for j in range(k, min(len(toks), k + _MAX_NAME_WORDS)):
        if colon != -1 and toks[j].start > colon:
            return colon, colon + 1
        gap = text[toks[j - 1].end : toks[j].start]
        if "(" in gap:
            close = text.find(")", toks[j - 1].end)
            if close != -1:
                if colon != -1 and close < colon and not text[close + 1 : colon].strip():
                    return colon, colon + 1
                return close + 1, close + 1
        if "." in gap or (";" in gap and head_at(toks, j, ocr=ocr) is None):
            # A semicolon goes on to the next name of a list («Các Sở, ban, ngành Thành phố;
            # chính quyền cấp cơ sở»); otherwise it ends the name, as a full stop does.
            return toks[j - 1].end, toks[j].start
        if _predicate_at(toks, j, has_lower=has_lower, ocr=ocr):
            return toks[j - 1].end, toks[j].start
    if colon != -1:
        return colon, colon + 1
    end = toks[min(len(toks), k + _MAX_NAME_WORDS) - 1].end
    return end, end


def _predicate_at(toks: list[Token], j: int, *, has_lower: bool, ocr: bool) -> bool:
    if has_lower and not toks[j].text[:1].islower():
        return False
    if any(phrase_at(toks, j, p, ocr=ocr) for p in NAME_PHRASES):
        return False
    for phrase in PREDICATE_OPENERS:
        written = phrase.split()
        if j + len(written) > len(toks):
            continue
        if not ocr:
            if all(toks[j + i].text.lower() == w for i, w in enumerate(written)):
                return True
        elif (len(written) > 1 or len(written[0]) > 3) and phrase_at(
            toks, j, fold(phrase), ocr=True
        ):
            return True
    return False


def _without_brackets(name: str) -> tuple[str, str]:
    """`Phòng Văn hóa - Xã hội (cơ quan thường trực)` → (name, `(cơ quan thường trực)`)."""
    match = re.search(r"\s*(\([^()]*\))\s*$", name) or re.search(r"\s*(\([^()]*\))", name)
    if not match:
        return name, ""
    return (name[: match.start()] + name[match.end() :]).strip(), match.group(1)


def clean_label(text: str) -> str:
    """A unit's name as a label: single spaces, no trailing punctuation, capital first."""
    text = " ".join(text.split()).strip(" .:;,")
    return text[:1].upper() + text[1:]


def same_name(a: str, b: str) -> bool:
    return fold(a).replace(" ", "") == fold(b).replace(" ", "")
