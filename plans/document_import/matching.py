"""Which of the organisation's units a plan names: folded, fuzzy name matching.

«Phòng VH-XH», «Phòng Văn hóa - Xã hội xã Kiều Phú» and «Phong Van hoa Xa hoi» all name the
same office; a plural label («Các thôn», «Các cơ quan báo chí») names a group of units.
"""

import difflib
import re

from planreader.folding import fold
from units.models import Unit, UnitKind

MATCH_THRESHOLD = 0.8
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "vn": "viet nam",
    "vhxh": "van hoa xa hoi",
    "tp": "thanh pho",
}
# Words that say where a unit is rather than which one it is.
_PLACE_WORDS = {"xa", "phuong", "thanh", "pho", "tinh", "dac", "khu", "thi", "tran"}
# A plural label names a group of the organisation's units: «Các thôn», «Các phòng …».
_GROUP_KINDS = [
    ("thon", UnitKind.VILLAGE),
    ("to dan pho", UnitKind.VILLAGE),
    ("to cong nghe so", UnitKind.DIGITAL_TEAM),
    ("phong", UnitKind.OFFICE),
    ("cac so", UnitKind.AGENCY),
    ("ban nganh", UnitKind.AGENCY),
    ("doan the", UnitKind.MASS_ORG),
    ("bao chi", UnitKind.PRESS),
    # «chính quyền cấp cơ sở», «các xã, phường»: the communes below a province.
    ("chinh quyen cap co so", UnitKind.COMMUNE),
    ("cac xa", UnitKind.COMMUNE),
]


def _name_words(name: str, place_words: set[str]) -> list[str]:
    tokens = []
    for token in re.findall(r"[a-z0-9]+", fold(name)):
        tokens += _ABBREVIATIONS.get(token, token).split()
    return [t for t in tokens if t not in _PLACE_WORDS and t not in place_words]


def name_similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    jaccard = len(set(a) & set(b)) / len(set(a) | set(b))
    ratio = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    return max(jaccard, ratio)


def match_unit(label: str, organisation: Unit, units: list[Unit]) -> Unit | None:
    """The one unit whose name reads as `label`, or None when none or several do."""
    place_words = set(re.findall(r"[a-z0-9]+", fold(organisation.place_name or "")))
    wanted = _name_words(label, place_words)
    scored = []
    for unit in units:
        names = {unit.name, unit.full_name} - {""}
        best = max(name_similarity(wanted, _name_words(n, place_words)) for n in names)
        scored.append((best, unit))
    scored.sort(key=lambda item: item[0], reverse=True)
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.02 and scored[0][0] < 1.0:
        return None
    return scored[0][1]


# Titles a task may be given to by («Phó Chủ tịch UBND xã», «Trưởng Công an xã»), longest
# first: the body after the title is the unit the person heads.
_PERSON_TITLES = sorted(
    [
        "pho chu tich",
        "chu tich",
        "pho giam doc",
        "giam doc",
        "pho bi thu",
        "bi thu",
        "pho truong",
        "truong",
        "thu truong",
        "chanh van phong",
        "chi huy truong",
        "lanh dao",
        "thanh vien",
    ],
    key=len,
    reverse=True,
)


def match_person(label: str, organisation: Unit, units: list[Unit]) -> Unit | None:
    """The unit a person given a task by title heads: «Phó Chủ tịch UBND xã - Trưởng Ban» →
    the organisation (its People's Committee), «Trưởng Công an xã» → the police office."""
    head = label.split(" - ")[0]
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(head)))
    title = next((t for t in _PERSON_TITLES if folded.startswith(f"{t} ")), None)
    if title is None:
        return None
    body = " ".join(head.split()[len(title.split()) :])
    return match_unit(body, organisation, units)


def group_kinds(label: str) -> str | None:
    folded = " ".join(re.findall(r"[a-z0-9]+", fold(label)))
    if not folded.startswith("cac "):
        return None
    kinds = []
    for phrase, kind in _GROUP_KINDS:
        if re.search(rf"\b{phrase}\b", folded) and kind not in kinds:
            kinds.append(kind)
    return ",".join(kinds)
