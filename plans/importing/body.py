"""The body: top-level sections (I., II. …), their numbered tree, and the parts a draft plan
needs from it: purpose and requirements, outreach forms, budget sources and assignments."""

import re
from dataclasses import dataclass, field

from .document import ROMAN_HEADING, Paragraph
from .folding import fold, ocr_equal, ocr_phrase_at, ocr_similar_text, words
from .restore import restore
from .vocabulary import SECTION_TITLES

# `1.`, `1.1.`, `2)`, `1.1 ` (a dotted label may lose its last dot) …
_NUMBER_LABEL = re.compile(
    r"^\s*(?P<label>\d{1,2}(?:\.\d{1,2})*)(?P<end>\s*[.)]|\s)\s*(?P<title>\S.*)$"
)
# … and `a)`, `đ)`.
_LETTER_LABEL = re.compile(r"^\s*(?P<label>[a-zđ])\)\s*(?P<title>\S.*)$", re.IGNORECASE)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


@dataclass
class Node:
    label: str
    title: str
    depth: int
    body: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    kind: str = "text"

    def text(self) -> str:
        """Body and children flattened, one paragraph a line, children with their labels."""
        lines = list(self.body)
        for child in self.children:
            suffix = ")" if child.label.isalpha() else "."
            lines.append(f"{child.label}{suffix} {child.title}".strip())
            lines.extend(child.text().splitlines())
        return "\n".join(line for line in lines if line)


def roman_value(numeral: str) -> int | None:
    numeral = numeral.upper().replace("1", "I").replace("L", "I").replace("|", "I")
    if not numeral or any(c not in _ROMAN_VALUES for c in numeral):
        return None
    total = 0
    for k, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        nxt = _ROMAN_VALUES[numeral[k + 1]] if k + 1 < len(numeral) else 0
        total += -value if value < nxt else value
    return total if total > 0 else None


def to_roman(value: int) -> str:
    table = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, letters in table:
        while value >= amount:
            out += letters
            value -= amount
    return out


def canonical_title(title: str) -> tuple[str | None, str]:
    """(known title with its diacritics, section kind) when `title` reads as one."""
    folded = fold(re.sub(r"[.:]+$", "", title))
    best, best_score = None, 0.0
    for known, kind in SECTION_TITLES:
        score = ocr_similar_text(folded.replace(",", " ").replace("-", " "), _plain(known))
        if score > best_score:
            best, best_score = (known, kind), score
    if best and best_score >= 0.8:
        return best
    return None, "text"


def _plain(title: str) -> str:
    return " ".join(words(title))


def split_sections(paragraphs: list[Paragraph], *, ocr: bool) -> list[Node]:
    """Top-level sections in order; an OCR'd numeral (`II1`, `I1`) is read as the next one."""
    sections: list[Node] = []
    stack: list[Node] = []
    for paragraph in paragraphs:
        heading = ROMAN_HEADING.match(paragraph.text)
        if heading and _is_section_heading(paragraph.text, len(sections) + 1):
            known, kind = canonical_title(heading["title"])
            title = known or (restore(heading["title"]) if ocr else heading["title"])
            node = Node(
                label=to_roman(len(sections) + 1), title=title.strip(" .:"), depth=0, kind=kind
            )
            sections.append(node)
            stack = [node]
            continue
        if not sections:
            continue
        _add_to_tree(stack, paragraph.text)
    return sections


def _is_section_heading(text: str, expected: int) -> bool:
    from .document import is_roman_heading

    if not is_roman_heading(text):
        return False
    value = roman_value(ROMAN_HEADING.match(text)["numeral"])
    return value == expected or value is None or abs(value - expected) <= 1


def _add_to_tree(stack: list[Node], text: str) -> None:
    numbered = _NUMBER_LABEL.match(text)
    if numbered and (numbered["end"].strip() or "." in numbered["label"]):
        depth = numbered["label"].count(".") + 1
        label = numbered["label"]
        title = numbered["title"]
    else:
        lettered = _LETTER_LABEL.match(text)
        if not lettered:
            stack[-1].body.append(text)
            return
        depth = max((n.depth for n in stack if n.label[:1].isdigit()), default=0) + 1
        label, title = lettered["label"].lower(), lettered["title"]
    while len(stack) > 1 and stack[-1].depth >= depth:
        stack.pop()
    node = Node(label=label, title=title.strip(), depth=depth)
    stack[-1].children.append(node)
    stack.append(node)


# --------------------------------------------------------------------------- assignments
# First words of a unit's name (folded): who a plan can give tasks to.
_UNIT_HEADS = [
    "phong",
    "van phong",
    "trung tam",
    "so",
    "ban",
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
    "buu dien",
    "chi nhanh",
    "dang uy",
    "chi bo",
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
    "thu truong",
    "chu tich",
    "giam doc",
    "lanh dao",
    "hdnd",
    "ngan hang",
    "de nghi",
    "tran trong de nghi",
]
_REQUEST = ["tran trong de nghi", "de nghi"]


def unit_like(title: str) -> bool:
    tokens = words(title)
    return any(ocr_phrase_at(tokens, 0, head) for head in _UNIT_HEADS)


def assignment_nodes(section: Node) -> list[Node]:
    def walk(nodes):
        for node in nodes:
            if unit_like(node.title):
                yield node
            elif node.children:
                yield from walk(node.children)

    found = list(walk(section.children))
    return found or list(section.children)


def assignments(section: Node, *, ocr: bool) -> list[dict]:
    result = []
    for node in assignment_nodes(section):
        title, tasks = node.title, node.text()
        unit, inline = _split_inline_tasks(title)
        if inline:
            tasks = "\n".join(part for part in (inline, tasks) if part)
        tokens = words(unit)
        requested = False
        for phrase in _REQUEST:
            if ocr_phrase_at(tokens, 0, phrase):
                requested = True
                unit = _drop_words(unit, len(phrase.split()))
                break
        unit = unit.strip(" .:;,")
        role = (
            "requested" if requested else ("coordinate" if _starts_coordinating(tasks) else "lead")
        )
        result.append(
            {
                "unit": restore(unit) if ocr else unit,
                "role": role,
                "tasks": tasks,
                "reporting_duty": reporting_duty(tasks),
            }
        )
    _mark_focal_point(result)
    return result


def _split_inline_tasks(title: str) -> tuple[str, str]:
    """`Phòng Văn hóa - Xã hội: Chủ trì …` → (unit, tasks)."""
    if ":" in title:
        unit, rest = title.split(":", 1)
        if len(unit.split()) <= 14 and rest.strip():
            return unit, rest.strip()
    return title, ""


def _drop_words(text: str, count: int) -> str:
    return re.sub(rf"^\s*(?:\S+\s+){{{count}}}", "", text)


def _starts_coordinating(tasks: str) -> bool:
    tokens = words(tasks)
    # Skip a bullet's or label's leftovers (`a`, `-`) before the first word.
    while tokens and len(tokens[0]) == 1 and not tokens[0].isalpha():
        tokens = tokens[1:]
    if tokens and tokens[0] in {"a", "b"}:
        tokens = tokens[1:]
    return ocr_phrase_at(tokens, 0, "phoi hop")


def _mark_focal_point(rows: list[dict]) -> None:
    """The focal point compiles results: «đầu mối», else «tổng hợp … báo cáo»."""
    for row in rows:
        row["focal"] = False
    for test in (_says_focal, _says_compiles):
        for row in rows:
            if row["role"] != "requested" and test(words(row["tasks"])):
                row["focal"] = True
                return


def _says_focal(tokens: list[str]) -> bool:
    return any(ocr_phrase_at(tokens, k, "dau moi") for k in range(len(tokens)))


def _says_compiles(tokens: list[str]) -> bool:
    for k in range(len(tokens)):
        if ocr_phrase_at(tokens, k, "tong hop"):
            window = tokens[k : k + 12]
            if any(
                ocr_equal(t, "bao") and ocr_equal(n, "cao")
                for t, n in zip(window, window[1:], strict=False)
            ):
                return True
    return False


def reporting_duty(tasks: str) -> str:
    """The clause that sets the reporting duty: «… định kỳ báo cáo UBND Thành phố»."""
    for clause in re.split(r"[.;\n]", tasks):
        folded = fold(clause)
        if "bao cao" in folded and re.search(r"dinh k|hang thang|hang quy|truoc ngay", folded):
            clause = re.sub(r"^\W*(?:[a-zđ]\)\s*)?", "", clause.strip())
            return clause[:255]
    return ""


# --------------------------------------------------------------------------- forms, budget
# Catalogue codes (plans/catalogue.py) and the folded phrases that name them in a plan.
FORM_PHRASES = [
    ("broadcast-report", ["phong su", "ban tin thoi su", "phat song"]),
    ("press-article", ["bai viet", "tin bai", "tin, bai"]),
    ("press-column", ["chuyen muc", "chuyen trang"]),
    ("portal-post", ["cong thong tin dien tu", "trang thong tin dien tu"]),
    ("public-service-portal", ["cong dich vu cong"]),
    ("city-app", ["smartcity", "ihanoi", "ung dung so cua"]),
    ("fanpage", ["fanpage", "facebook"]),
    ("zalo-oa", ["zalo"]),
    ("youtube", ["youtube"]),
    ("tiktok", ["tiktok"]),
    ("short-video", ["video ngan", "videoclip", "video clip"]),
    ("infographic", ["infographic"]),
    ("podcast", ["podcast"]),
    ("influencer", ["kols", "nguoi co anh huong"]),
    ("livestream", ["livestream", "webinar", "dien dan truc tuyen"]),
    ("loudspeaker", ["truyen thanh", "thong tin co so"]),
    ("internal-bulletin", ["thong tin noi bo", "so tay dang vien"]),
    ("banner", ["bang ron", "khau hieu"]),
    ("panel", ["pano", "bang tuyen truyen"]),
    ("poster", ["ap phich", "to roi", "to gap"]),
    ("conference", ["hoi nghi"]),
    ("training", ["tap huan", "dao tao"]),
    ("workshop", ["hoi thao", "toa dam"]),
    ("digital-week", ["tuan le chuyen doi so"]),
    ("innovation-day", ["ngay hoi doi moi sang tao", "trien lam cong nghe"]),
    ("stem-day", ["stem"]),
    ("tech-tour", ["diem den cong nghe", "tham quan thuc te"]),
    ("service-desk", ["bo phan mot cua", "huong dan truc tiep"]),
    ("digital-team-support", ["to cong nghe so cong dong"]),
    ("contest", ["cuoc thi", "giai thuong"]),
    ("minigame", ["minigame"]),
    ("reporter-session", ["bao cao vien", "tuyen truyen vien"]),
    ("collaborator-training", ["cong tac vien du luan"]),
    ("briefing", ["giao ban", "hop dinh ky"]),
    ("thematic-meeting", ["hop chuyen de"]),
    ("party-cell", ["sinh hoat chi bo"]),
    ("residents-meeting", ["hop to dan pho", "hop thon"]),
    ("mass-org-meeting", ["sinh hoat doan the"]),
]


def form_blocks(sections: list[Node]) -> list[tuple[str, str]]:
    """(heading, text) of the parts of the plan that describe outreach forms."""
    blocks = []
    for section in sections:
        if section.kind == "forms":
            if section.body and not section.children:
                blocks.append((section.title, "\n".join(section.body)))
            blocks += [(child.title, child.text()) for child in section.children]
            continue
        for child in section.children:
            if ocr_phrase_at(words(child.title), 0, "hinh thuc"):
                blocks += [(g.title, g.text()) for g in child.children] or [
                    (child.title, child.text())
                ]
    return blocks


def outreach_forms(sections: list[Node], *, ocr: bool) -> list[dict]:
    from plans.catalogue import OUTREACH_FORMS

    names = {code: name for code, _, name, _ in OUTREACH_FORMS}
    found: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for heading, text in form_blocks(sections):
        folded = _readable_fold(f"{heading}\n{text}", ocr=ocr)
        heading = heading.strip(" .:")
        heading = restore(heading) if ocr else heading
        described = False
        for code, phrases in FORM_PHRASES:
            named = any(re.search(rf"\b{re.escape(p)}\b", folded) for p in phrases)
            if named and (code, heading) not in seen:
                seen.add((code, heading))
                # The block's text goes with its first form, so the draft keeps it once.
                description = "" if described else text.strip()
                described = True
                found.append(
                    {
                        "code": code,
                        "name": names.get(code, code),
                        "heading": heading,
                        "description": description,
                    }
                )
    return found


def _readable_fold(text: str, *, ocr: bool) -> str:
    return fold(restore(text) if ocr else text).replace(",", " ")


BUDGET_PHRASES = [
    ("city", [r"ngan sach (?:cua )?(?:thanh pho|tinh|trung uong)", r"ngan sach cap tinh"]),
    ("commune", [r"ngan sach (?:cua )?(?:xa|phuong|cap xa|dia phuong)", r"chinh quyen cap co so"]),
    (
        "unit",
        [
            r"ngan sach cua cac co quan",
            r"kinh phi (?:cua|tu) (?:cac )?(?:co quan|don vi)",
            r"du toan (?:duoc giao|cua)",
            r"hoat dong tuyen truyen cua",
        ],
    ),
    ("socialised", [r"xa hoi hoa"]),
    ("other", [r"nguon (?:kinh phi |von )?hop phap khac", r"huy dong"]),
]
_AMOUNT = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+)\s*(trieu|ty|nghin)?\s*(?:dong|d\b|vnd)")


def budget_lines(sections: list[Node], *, ocr: bool) -> list[dict]:
    lines = []
    for section in sections:
        if section.kind != "budget":
            continue
        text = section.text()
        folded = _readable_fold(text, ocr=ocr)
        found = []
        for source, patterns in BUDGET_PHRASES:
            positions = [m.start() for p in patterns for m in [re.search(p, folded)] if m]
            if positions:
                found.append((min(positions), source))
        # In the order the text names them.
        lines += [{"source": source, "amount": None, "note": ""} for _, source in sorted(found)]
        amount = _AMOUNT.search(folded)
        if amount and lines:
            lines[0]["amount"] = _amount_value(amount)
        if lines:
            lines[0]["note"] = text[:1000]
    return lines


def _amount_value(match: re.Match) -> int:
    number = int(re.sub(r"[.,]", "", match.group(1)))
    scale = {"trieu": 1_000_000, "ty": 1_000_000_000, "nghin": 1_000}.get(match.group(2) or "", 1)
    return number * scale
