"""What a records clerk checks in a plan's PDF and Word file: «Căn cứ …» in italic, points
«a)», «b)» upright, the plan's targets and budget printed, and the rule under the summary
title a third to a half of the title's line in Word as in the PDF."""

import datetime
import io

import pytest
from docx import Document

from plans.document import plan_document
from plans.models import BudgetLine, Target
from plans.printing import TITLE_LINE_MM, render_docx, title_rule_mm
from tests.plans.conftest import section
from tests.plans.test_documents import pdf_of, pdf_text

pytestmark = pytest.mark.django_db


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


def test_legal_bases_are_italic_and_points_upright_in_word(world, plan):
    paragraphs = word_paragraphs(plan)
    assert all(run.italic for run in runs_of(paragraphs, "Thực hiện Nghị quyết số 57-NQ/TW"))
    assert all(run.italic for run in runs_of(paragraphs, "Căn cứ Kế hoạch số 139/KH-UBND"))
    point = runs_of(paragraphs, "a) Thành phố thông minh")
    assert point and not any(run.italic for run in point) and not any(run.bold for run in point)


def test_legal_bases_are_italic_and_points_upright_in_the_pdf(world, plan):
    from django.template.loader import render_to_string

    html = render_to_string(
        "documents/plan.html", {"doc": plan_document(plan), "plan": plan, "flow": None}
    )
    assert '<p class="italic ">Thực hiện Nghị quyết số' in html
    assert '<p class="italic ">Căn cứ Kế hoạch số' in html
    assert '<p class="heading ">a) Thành phố thông minh' in html


def test_the_plan_prints_its_targets_and_its_budget(world, plan):
    _pages, text = pdf_text(pdf_of(plan))
    for line in (
        "Chỉ tiêu",
        "- Tin, bài trên Cổng thông tin: 60 tin, hoàn thành trước 31/12/2025.",
        "- Tỷ lệ người dân được tiếp cận: 95,5 %.",
    ):
        assert line in text, line
    body = [p.text for p in word_paragraphs(plan)]
    assert "- Tin, bài trên Cổng thông tin: 60 tin, hoàn thành trước 31/12/2025." in body
    assert "V. KINH PHÍ THỰC HIỆN" in body and "Tổng kinh phí: 200.000.000 đồng." in body


@pytest.mark.parametrize("title", ["Tuyên truyền bầu cử", "Tuyên truyền " * 20])
def test_the_rule_under_the_title_is_a_third_to_a_half_of_its_line(title):
    line = min(len(title) * 2.6, TITLE_LINE_MM)
    assert line / 3 <= title_rule_mm(title) <= line / 2
