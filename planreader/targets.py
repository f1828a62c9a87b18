"""Targets («chỉ tiêu») a plan sets in its text, for the officer to confirm.

    3. Chỉ tiêu
    - Phấn đấu đến hết năm 2026, trên 80% người trưởng thành có kỹ năng số cơ bản.
    - Đăng tải ít nhất 60 tin, bài trên Trang thông tin điện tử xã.
    - Mỗi thôn tổ chức tối thiểu 01 buổi tuyên truyền trực tiếp mỗi quý.

Sentences are read in the parts that set targets (a heading with «chỉ tiêu» or «mục tiêu cụ
thể») and wherever a sentence opens with «Phấn đấu». A sentence is a target when it holds a
percentage or a number followed by a unit of count («tin, bài», «buổi», «người» …); its date is
the deadline it names, else the one its part's heading or lead-in names («đến hết năm 2026»).
Cited documents («Nghị quyết số 57-NQ/TW ngày 22/12/2024») are neither values nor deadlines.
"""

import re
from decimal import Decimal, InvalidOperation

from .citations import DOCUMENT_NUMBER
from .dates import deadline
from .folding import fold, fold_aligned
from .restore import restore
from .result import TargetReading
from .sections import Node

# Units of count as plans write them, longest first so «lượt phát» wins over «lượt».
MEASURES = sorted(
    [
        "tin, bài",
        "tin bài",
        "bài viết",
        "bài",
        "tin",
        "buổi",
        "lớp",
        "lượt phát",
        "lượt người",
        "lượt xem",
        "lượt",
        "người",
        "học viên",
        "hội nghị",
        "cuộc thi",
        "cuộc",
        "pano",
        "băng rôn",
        "khẩu hiệu",
        "áp phích",
        "tờ rơi",
        "tờ gấp",
        "tờ",
        "video",
        "clip",
        "sản phẩm",
        "chuyên mục",
        "chuyên đề",
        "chuyên trang",
        "phóng sự",
        "bản tin",
        "mô hình",
        "hộ gia đình",
        "hộ",
        "thôn",
        "tổ dân phố",
        "điểm",
        "đợt",
        "lần",
        "số",
        "chương trình",
        "hoạt động",
        "sự kiện",
        "đoàn",
        "doanh nghiệp",
        "tài khoản",
        "hồ sơ",
        "thủ tục",
        "câu lạc bộ",
        "đội",
        "tổ",
    ],
    key=len,
    reverse=True,
)
_MEASURE = "|".join(re.escape(fold(m)) for m in MEASURES)
# A number (Vietnamese: `1.500` thousands, `95,5` decimals) then `%` or a unit of count.
_PERCENT = re.compile(r"(?<![\w./-])(?P<number>\d{1,3}(?:[.,]\d{1,2})?)\s*%")
_COUNT = re.compile(
    r"(?<![\w./-])(?P<number>\d{1,3}(?:\.\d{3})+|\d{1,6})\s+(?P<measure>" + _MEASURE + r")(?!\w)"
)
_LEADS = ["phan dau"]
_HEADINGS = ["chi tieu", "cac chi tieu", "muc tieu cu the", "muc tieu"]
# Cited documents and their dates, blanked before reading values and deadlines.
_CITED_DATE = re.compile(r"ngay\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}")


def _heading_sets_targets(title: str) -> bool:
    """«Chỉ tiêu», «3. Mục tiêu cụ thể», «MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU»; not a content heading
    that merely mentions the goals of a resolution («Tuyên truyền các mục tiêu …»)."""
    folded = " ".join(fold(title).replace(",", " , ").split())
    return folded.startswith(tuple(_HEADINGS)) or ", chi tieu" in folded


def _blocks(nodes: list[Node], *, sets: bool, purpose: bool):
    """(paragraphs, heading, sets targets, «Phấn đấu» counts) of every part of the plan."""
    for node in nodes:
        node_sets = sets or _heading_sets_targets(node.title)
        node_purpose = purpose or node.kind == "purpose"
        paragraphs = list(node.body) + [child.title for child in node.children]
        yield paragraphs, node.title, node_sets, node_sets or node_purpose
        yield from _blocks(node.children, sets=node_sets, purpose=node_purpose)


def _sentences(paragraph: str) -> list[str]:
    paragraph = re.sub(r"^\s*(?:[-+•*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\))\s*", "", paragraph)
    parts = re.split(r";\s*|(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ0-9])", paragraph)
    return [part.strip(" .;") for part in parts if part.strip(" .;")]


def _blank_citations(folded: str) -> str:
    """Cited document numbers and their dates as spaces, positions kept."""
    for pattern in (DOCUMENT_NUMBER, _CITED_DATE):
        folded = pattern.sub(lambda m: " " * len(m.group()), folded)
    return folded


def _number(text: str, *, percent: bool) -> Decimal | None:
    text = text.replace(".", "").replace(",", ".") if not percent else text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def read_target(sentence: str, *, default_due=None, ocr: bool = False) -> TargetReading | None:
    """The target one sentence sets, or None when it sets no number."""
    folded = _blank_citations(fold_aligned(sentence).lower())
    percent = _PERCENT.search(folded)
    count = _COUNT.search(folded)
    if percent and (not count or percent.start() <= count.start()):
        value, measure = _number(percent["number"], percent=True), "%"
    elif count:
        value = _number(count["number"], percent=False)
        measure = sentence[count.start("measure") : count.end("measure")]
    else:
        return None
    if value is None:
        return None
    indicator = re.sub(r"^\s*(?:phấn đấu|phan dau)\s*[:,]?\s*", "", sentence, flags=re.I)
    indicator = restore(indicator) if ocr else indicator
    indicator = indicator[:1].upper() + indicator[1:]
    due = deadline(folded) or default_due
    return TargetReading(indicator=indicator, value=value, measure=measure.lower(), due_on=due)


def targets(sections: list[Node], *, ocr: bool) -> list[TargetReading]:
    found: list[TargetReading] = []
    seen: set[str] = set()
    for paragraphs, heading, sets, leads_count in _blocks(sections, sets=False, purpose=False):
        if not leads_count:
            continue
        due = deadline(_blank_citations(fold(heading)))
        for paragraph in paragraphs:
            sentences = _sentences(paragraph)
            leads = [s for s in sentences if fold(s).startswith(tuple(_LEADS))]
            for sentence in sentences if sets else leads:
                key = fold(sentence)
                if key in seen:
                    continue
                target = read_target(sentence, default_due=due, ocr=ocr)
                if target is None:
                    # A lead-in («Phấn đấu đến hết năm 2026:») dates the sentences after it.
                    due = deadline(_blank_citations(key)) or due
                    continue
                seen.add(key)
                found.append(target)
    return found
