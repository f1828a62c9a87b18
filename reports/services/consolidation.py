"""The superior's report drafted from its subordinates' reports.

A city officer used to read every commune's report and write the city's by hand: who
reported, on time or not; the figures; and what the communes say about difficulties and what
they propose, grouped by theme and attributed («xã Kiều Phú, xã Phúc Thọ đề nghị …»), the
same point said by several communes written once. This module writes that first draft from
the reports the subordinates sent for the same period; officers edit it like any other.
"""

import difflib
import re
from dataclasses import dataclass, field

from plans.text import fold, lower_first

from ..models import Report, ReportStatus
from ..periods import due_date, period_bounds
from ..selectors.status import _subordinates, days_late

# Themes a commune's sentence is filed under, by words it contains (folded); the first
# theme that matches wins.
THEMES = [
    ("Về kinh phí", ("kinh phi", "ngan sach", "nguon von", "chi phi")),
    (
        "Về nhân lực và tập huấn",
        ("nhan luc", "can bo", "tap huan", "boi duong", "nghiep vu", "doi ngu"),
    ),
    (
        "Về trang thiết bị, hạ tầng",
        ("thiet bi", "loa", "truyen thanh", "ha tang", "internet", "mang", "may tinh"),
    ),
    ("Về tài liệu, nội dung tuyên truyền", ("tai lieu", "noi dung", "an pham", "tin bai")),
    ("Về chỉ tiêu, tiến độ", ("chi tieu", "tien do")),
]
OTHER = "Nội dung khác"
SAME = 0.88  # two sentences this similar (folded) are the same point
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ])|\n+")
LEADING_MARK = re.compile(r"^[\s\-–•+*·]+")
PROPOSE = re.compile(r"^(đề nghị|kiến nghị|đề xuất)\s+", re.IGNORECASE)


@dataclass
class Point:
    text: str
    key: str
    theme: str
    sources: list = field(default_factory=list)


def expected_from(report: Report) -> list:
    """The organisations below that report on this kind of period, in tree order."""
    kind = report.period.kind
    return [
        organisation
        for organisation in _subordinates(report.organisation)
        if kind in organisation.report_period_kind_list
    ]


def subordinate_reports(report: Report) -> list[Report]:
    """The general reports the organisations below sent for the same period."""
    below = expected_from(report)
    period = report.period
    return list(
        Report.objects.filter(
            organisation__in=below,
            plan__isnull=True,
            period__kind=period.kind,
            period__year=period.year,
            period__index=period.index,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
        )
        .select_related("organisation", "period")
        .order_by("organisation__path")
    )


def reporting_summary(report: Report, sent: list[Report]) -> tuple[str, list[str]]:
    """Who reported for the period: on time, late (by how many days), not at all, named;
    and the names of those that did not."""
    period = report.period
    below = expected_from(report)
    by_organisation = {item.organisation_id: item for item in sent}
    on_time, late, missing = [], [], []
    for organisation in below:
        item = by_organisation.get(organisation.pk)
        name = lower_first(organisation.name)
        if item is None:
            missing.append(name)
            continue
        _start, end = period_bounds(
            period.kind, period.year, period.index, organisation.period_scheme
        )
        lateness = days_late(item, due_date(end, organisation.report_due_day))
        if lateness:
            late.append(f"{name} ({lateness} ngày)")
        else:
            on_time.append(name)
    parts = [
        f"Kỳ {lower_first(period.label)}, {len(sent)}/{len(below)} cơ quan cấp dưới đã gửi báo cáo"
    ]
    if on_time:
        parts.append(f"đúng hạn: {', '.join(on_time)}")
    if late:
        parts.append(f"gửi muộn: {', '.join(late)}")
    if missing:
        parts.append(f"chưa gửi: {', '.join(missing)}")
    return "; ".join(parts) + ".", missing


def _sentences(text: str) -> list[str]:
    found = []
    for piece in SENTENCE_END.split(text or ""):
        piece = LEADING_MARK.sub("", piece).strip().rstrip(".;").strip()
        if len(piece) >= 8:
            found.append(piece)
    return found


def _theme(key: str) -> str:
    for theme, words in THEMES:
        if any(re.search(rf"\b{word}\b", key) for word in words):
            return theme
    return OTHER


def merge_points(texts: list[tuple[str, str]]) -> list[Point]:
    """(source name, text) pairs → the distinct points in them, each with every source that
    made it, in the order first made."""
    points: list[Point] = []
    for source, text in texts:
        for sentence in _sentences(text):
            key = fold(PROPOSE.sub("", sentence))
            same = next(
                (
                    point
                    for point in points
                    if point.key == key
                    or difflib.SequenceMatcher(None, point.key, key).ratio() >= SAME
                ),
                None,
            )
            if same is None:
                same = Point(text=sentence, key=key, theme=_theme(key))
                points.append(same)
            if source not in same.sources:
                same.sources.append(source)
    return points


def attributed(points: list[Point], *, verb: str = "") -> str:
    """The points grouped by theme, each line naming who made it."""
    lines = []
    for theme in [name for name, _ in THEMES] + [OTHER]:
        in_theme = [point for point in points if point.theme == theme]
        if not in_theme:
            continue
        lines.append(f"{theme}:")
        for point in in_theme:
            who = ", ".join(point.sources)
            text = point.text
            if verb:
                text = f"{who} {verb} {lower_first(PROPOSE.sub('', text))}"
            else:
                text = f"{who}: {lower_first(text)}"
            lines.append(f"- {text[0].upper()}{text[1:]};")
    return "\n".join(lines)


LEADS = {
    "strengths": "Các cơ quan cấp dưới nêu:",
    "shortcomings": "Các cơ quan cấp dưới nêu:",
    "difficulties": "Các cơ quan cấp dưới phản ánh:",
    "proposals": "Tổng hợp đề xuất, kiến nghị của các cơ quan cấp dưới:",
}


def with_subordinates(report: Report, draft: dict) -> dict:
    """The superior's own draft completed from its subordinates' reports."""
    parts = consolidated_parts(report)
    draft = dict(draft)
    draft["results"] = f"{parts['reporting']}\n{draft['results']}"
    for part, lead in LEADS.items():
        if part in parts:
            own = draft[part] if part in ("strengths", "shortcomings") else ""
            draft[part] = "\n".join(line for line in (own, lead, parts[part]) if line)
    if parts["missing"]:
        draft["next_tasks"] += f"\n- Đôn đốc {', '.join(parts['missing'])} gửi báo cáo kỳ này."
    return draft


def consolidated_parts(report: Report) -> dict:
    """{part: text} drawn from the subordinates' reports: who reported (for the results) and
    their strengths, shortcomings, difficulties and proposals, merged and attributed. Parts
    nobody wrote anything for are left out."""
    sent = subordinate_reports(report)
    reporting, missing = reporting_summary(report, sent)
    parts = {"reporting": reporting, "missing": missing}
    named = [(lower_first(item.organisation.name), item) for item in sent]
    for part in ("strengths", "shortcomings", "difficulties"):
        points = merge_points([(name, getattr(item, part)) for name, item in named])
        if points:
            parts[part] = attributed(points)
    proposals = merge_points([(name, item.proposals) for name, item in named])
    if proposals:
        parts["proposals"] = attributed(proposals, verb="đề nghị")
    return parts
