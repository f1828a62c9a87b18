"""What a records clerk checks in a plan's PDF and Word file: «Căn cứ …» in italic, points
«a)», «b)» upright, the plan's targets and budget printed once, and the rule under the summary
title a third to a half of the title's line, in Word as in the PDF."""

import datetime
import io
import re

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from plans.document import plan_document
from plans.models import BudgetLine, Target
from plans.printing import (
    BASE_URL,
    StaticFilesOnlyFetcher,
    render_docx,
    render_html,
    text_width_mm,
)
from tests.plans.conftest import section
from tests.plans.test_documents import pdf_of, pdf_text

pytestmark = pytest.mark.django_db

POINT = re.compile(r"^[a-zđ]\) ")


@pytest.fixture
def plan(world, city_plan):
    Target.objects.create(
        plan=city_plan,
        indicator="Tin, bài trên Cổng thông tin",
        measure="tin",
        target_value=60,
        due_date=datetime.date(2025, 12, 31),
        position=1,
    )
    Target.objects.create(
        plan=city_plan, indicator="Tỷ lệ người dân được tiếp cận", measure="%", target_value=95.5
    )
    section(city_plan, "V.", "KINH PHÍ THỰC HIỆN", kind="budget", position=5)
    BudgetLine.objects.create(plan=city_plan, source="city", amount=150_000_000, position=1)
    BudgetLine.objects.create(plan=city_plan, source="other", amount=50_000_000, position=2)
    return city_plan


def word_paragraphs(plan):
    return Document(io.BytesIO(render_docx(plan_document(plan)))).paragraphs


def runs_of(paragraphs, start):
    paragraph = next(p for p in paragraphs if p.text.startswith(start))
    return [run for run in paragraph.runs if run.text.strip()]


def pdf_fonts(content):
    """(text, font name) of every piece of text the PDF draws."""
    pieces = []
    for page in PdfReader(io.BytesIO(content)).pages:

        def visit(text, _cm, _tm, font, _size):
            if text.strip() and font:
                pieces.append((" ".join(text.split()), str(font.get("/BaseFont", ""))))

        page.extract_text(visitor_text=visit)
    return pieces


def font_of(pieces, start):
    return next(font for text, font in pieces if text.startswith(start))


# ---------------------------------------------------------------- italic and upright


def test_legal_bases_are_italic_and_points_upright_in_word(world, plan):
    paragraphs = word_paragraphs(plan)
    assert all(run.italic for run in runs_of(paragraphs, "Thực hiện Nghị quyết số 57-NQ/TW"))
    assert all(run.italic for run in runs_of(paragraphs, "Căn cứ Kế hoạch số 139/KH-UBND"))
    point = runs_of(paragraphs, "a) Thành phố thông minh")
    assert point and not any(run.italic for run in point) and not any(run.bold for run in point)


def test_bases_typed_in_the_preamble_are_italic_like_the_others(world, plan):
    plan.preamble = (
        "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;\n"
        "Thực hiện Công văn số 12/SVHTT ngày 02/01/2025 của Sở Văn hóa và Thể thao;\n"
        "Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch tuyên truyền, cụ thể như sau:"
    )
    plan.save()
    paragraphs = word_paragraphs(plan)
    for start in ("Căn cứ Luật Tổ chức", "Thực hiện Công văn số 12/SVHTT"):
        assert all(run.italic for run in runs_of(paragraphs, start)), start
    assert not any(run.italic for run in runs_of(paragraphs, "Ủy ban nhân dân thành phố Hà Nội"))

    pieces = pdf_fonts(pdf_of(plan))
    assert font_of(pieces, "Căn cứ Luật Tổ chức").endswith("Italic")
    assert font_of(pieces, "Thực hiện Công văn số").endswith("Italic")
    assert font_of(pieces, "Thực hiện Nghị quyết số 57-NQ/TW").endswith("Italic")
    assert not font_of(pieces, "Ủy ban nhân dân thành phố Hà Nội ban hành").endswith("Italic")


def test_points_are_upright_in_every_section_of_the_pdf_and_the_word_file(world, plan):
    content = section(plan, "VI.", "CHẾ ĐỘ BÁO CÁO", position=6)
    section(plan, "1.", "Báo cáo định kỳ", parent=content)
    deeper = section(plan, "2.", "Báo cáo đột xuất", parent=content, position=2)
    on_request = section(plan, "2.1.", "Khi có yêu cầu", parent=deeper)
    section(plan, "a)", "Báo cáo nhanh", parent=on_request, body="- Trong ngày.")
    section(plan, "b)", "Báo cáo chuyên đề", parent=content, position=3)

    points = [p for p in word_paragraphs(plan) if POINT.match(p.text)]
    assert len(points) >= 4  # headings at three depths and a task of «Tổ chức thực hiện»
    for paragraph in points:
        assert not any(run.italic or run.bold for run in paragraph.runs), paragraph.text

    pieces = pdf_fonts(pdf_of(plan))
    pdf_points = [(text, font) for text, font in pieces if POINT.match(text)]
    assert {text[:2] for text, _ in pdf_points} >= {"a)", "b)"}
    for text, font in pdf_points:
        assert font.endswith("Loa-Serif"), (text, font)


# ---------------------------------------------------------------- targets and budget


def test_the_plan_prints_its_targets_and_its_budget(world, plan):
    _pages, text = pdf_text(pdf_of(plan))
    for line in (
        "3. Chỉ tiêu",
        "- Tin, bài trên Cổng thông tin: 60 tin, hoàn thành trước 31/12/2025.",
        "- Tỷ lệ người dân được tiếp cận: 95,5 %.",
    ):
        assert line in text, line
    body = [p.text for p in word_paragraphs(plan)]
    assert "- Tin, bài trên Cổng thông tin: 60 tin, hoàn thành trước 31/12/2025." in body
    assert "V. KINH PHÍ THỰC HIỆN" in body and "Tổng kinh phí: 200.000.000 đồng." in body


def test_targets_and_budget_print_as_sections_of_their_own_when_the_plan_has_none(world, kp_draft):
    """Kiều Phú's draft has neither «Mục đích, yêu cầu» nor a budget section: its targets and
    budget come before «Tổ chức thực hiện», which moves on to IV."""
    BudgetLine.objects.create(plan=kp_draft, source="socialised", amount=20_000_000, position=2)
    expected = [
        "I. NỘI DUNG TUYÊN TRUYỀN",
        "II. CHỈ TIÊU",
        "- Tin, bài: 60 tin.",
        "III. KINH PHÍ THỰC HIỆN",
        "- Ngân sách xã, phường: 150.000.000 đồng.",
        "- Xã hội hóa: 20.000.000 đồng.",
        "Tổng kinh phí: 170.000.000 đồng.",
        "IV. TỔ CHỨC THỰC HIỆN",
    ]
    body = [p.text for p in word_paragraphs(kp_draft)]
    assert [line for line in body if line in expected] == expected
    heading = runs_of(word_paragraphs(kp_draft), "III. KINH PHÍ THỰC HIỆN")
    assert all(run.bold for run in heading)

    _pages, text = pdf_text(pdf_of(kp_draft))
    assert " ".join(expected[1:]) in text


def test_a_section_the_text_already_has_for_targets_or_budget_is_not_printed_twice(
    world, plan, kp_draft
):
    # 179's targets are stated in its own «CHỈ TIÊU» section: not again under «Mục đích».
    section(plan, "VI.", "CHỈ TIÊU", body="- Phấn đấu 60 tin, bài trên Cổng thông tin.", position=6)
    body = [p.text for p in word_paragraphs(plan)]
    assert "VI. CHỈ TIÊU" in body
    assert not any(line.endswith("Chỉ tiêu") for line in body)
    assert not any(line.startswith("- Tin, bài trên Cổng thông tin:") for line in body)

    # Kiều Phú's «Kinh phí» section was imported as text: the budget prints in it, once.
    top = kp_draft.sections.get(label="I.")
    section(kp_draft, "2.", "Kinh phí", parent=top, position=2)
    section(kp_draft, "", "Chỉ tiêu", parent=top, position=3)
    body = [p.text for p in word_paragraphs(kp_draft)]
    assert [line for line in body if "KINH PHÍ" in line.upper()] == ["2. Kinh phí"]
    after = body[body.index("2. Kinh phí") + 1 :]
    assert after[:2] == ["- Ngân sách xã, phường: 150.000.000 đồng.", "Chỉ tiêu"]
    assert after[2] == "- Tin, bài: 60 tin."
    assert "II. TỔ CHỨC THỰC HIỆN" in body


# ---------------------------------------------------------------- the rule under the title

SHORT, ONE_LINE = "Phổ biến tài liệu", "Tuyên truyền chuyển đổi số năm 2026"


def lines_of(title, width_mm):
    """The title broken at spaces to `width_mm`, in bold 14 pt Times New Roman metrics."""
    lines = []
    for word in title.split():
        if lines and text_width_mm(f"{lines[-1]} {word}", 14, bold=True) <= width_mm:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


@pytest.mark.parametrize("title", [SHORT, ONE_LINE, "Tuyên truyền " * 12, None])
def test_the_rule_under_the_title_is_a_third_to_a_half_of_its_line_in_word(world, plan, title):
    if title:
        plan.title = title.strip()
        plan.save()
    paragraphs = word_paragraphs(plan)
    heading = next(k for k, p in enumerate(paragraphs) if p.text == "KẾ HOẠCH")
    summary, rule = paragraphs[heading + 1], paragraphs[heading + 2]
    assert summary.text == plan.title
    assert rule._p.pPr.find("{*}pBdr/{*}bottom") is not None

    text_width = 165  # A4 less the 30 and 15 mm margins
    summary_fmt = summary.paragraph_format
    column = text_width - ((summary_fmt.left_indent or 0) + (summary_fmt.right_indent or 0)) / Mm(1)
    longest = max(text_width_mm(line, 14, bold=True) for line in lines_of(plan.title, column))
    rule_fmt = rule.paragraph_format
    rule_width = text_width - (rule_fmt.left_indent + rule_fmt.right_indent) / Mm(1)
    assert longest / 3 <= rule_width <= longest / 2, (rule_width, longest)


def title_boxes(document):
    """The boxes of the title block (`.doc-title`) as WeasyPrint lays the PDF out."""
    from weasyprint import HTML

    html = render_html(document, "documents/plan.html")
    page = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).render()
    boxes, stack = [], [(page.pages[0]._page_box, False)]
    while stack:
        box, inside = stack.pop()
        inside = inside or "doc-title" in classes(box)
        if inside:
            boxes.append(box)
        stack.extend((child, inside) for child in getattr(box, "children", []))
    return boxes


def classes(box):
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


@pytest.mark.parametrize("title", [SHORT, ONE_LINE, None])
def test_the_rule_under_the_title_is_a_third_to_a_half_of_its_line_in_the_pdf(world, plan, title):
    if title:
        plan.title = title
        plan.save()
    boxes = title_boxes(plan_document(plan))
    lines = [b for b in boxes if type(b).__name__ == "LineBox" and "summary" in classes(b)]
    widths = [
        max(c.position_x + c.margin_width() for c in line.children)
        - min(c.position_x for c in line.children)
        for line in lines
    ]
    rule = next(b for b in boxes if "rule" in classes(b))
    assert lines and max(widths) / 3 <= rule.width <= max(widths) / 2, (rule.width, widths)
