"""Documents have a cost limit: text fields are bounded to what a real plan needs (said in
the form, in Vietnamese), and a PDF or Word file is rendered in a child process that is
stopped when it takes too long or needs too much memory."""

import io

import pytest
from django.urls import reverse
from docx import Document

from plans import printing
from plans.limits import DocumentTooCostly, run_limited
from plans.models import Plan
from tests.factories import PlanFactory, SectionFactory
from tests.plans.conftest import editor_data

pytestmark = pytest.mark.django_db

TOO_COSTLY = "Văn bản quá dài để in ngay lúc này"


@pytest.fixture
def plan(world):
    plan = PlanFactory(issuer=world.kp, issued=True, number=7, title="Tuyên truyền chuyển đổi số")
    SectionFactory(plan=plan, label="I.", title="MỤC ĐÍCH, YÊU CẦU", body="Nâng cao nhận thức.")
    return plan


def test_a_100_kb_title_is_refused_by_the_editor_and_nothing_is_saved(world, client_for):
    draft = PlanFactory(issuer=world.kp, title="Dự thảo ban đầu")
    data = editor_data(draft, world.kp_officer)
    data["plan-title"] = "Tuyên truyền " * 8_000

    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[draft.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Giá trị này chỉ có tối đa 1000 kí tự (hiện có 103999)" in page
    assert 'maxlength="1000"' in page
    assert response.context["editor"].header.errors["title"]
    draft.refresh_from_db()
    assert draft.title == "Dự thảo ban đầu"


def test_a_1_mb_section_is_refused(world, client_for):
    draft = PlanFactory(issuer=world.kp)
    section = SectionFactory(plan=draft, label="I.", title="Nội dung")
    data = editor_data(draft, world.kp_officer)
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(section.pk))
    data[index.replace("-id", "-body")] = "x" * 1_000_000

    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[draft.pk]), data)

    assert response.status_code == 200
    assert "Giá trị này chỉ có tối đa 50000 kí tự (hiện có 1000000)" in response.content.decode()
    section.refresh_from_db()
    assert section.body == ""


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_document_over_its_time_limit_is_stopped_and_explained(
    world, client_for, plan, settings, kind
):
    settings.LOA_DOCUMENT_SECONDS = 0.001

    response = client_for(world.kp_officer).get(reverse(f"plans:{kind}", args=[plan.pk]))

    assert response.status_code == 503
    assert TOO_COSTLY in response.content.decode()


def test_a_pdf_over_its_memory_limit_is_stopped_and_explained(
    world, client_for, plan, settings, monkeypatch
):
    # A document whose layout needs 64 MB more in one block: a block that large always needs
    # new address space. (Smaller allocations can reuse what a warm worker has freed, so a
    # real layout under a tiny budget passes or not depending on the worker's past.)
    layout = printing._layout_pdf

    def heavy_layout(html, fetcher):
        block = bytearray(64 * 1024 * 1024)
        return layout(html, fetcher) if block else None

    monkeypatch.setattr(printing, "_layout_pdf", heavy_layout)
    settings.LOA_DOCUMENT_MEGABYTES = 16

    response = client_for(world.kp_officer).get(reverse("plans:pdf", args=[plan.pk]))

    assert response.status_code == 503
    assert TOO_COSTLY in response.content.decode()


def grow(megabytes):
    return len([bytearray(1024 * 1024) for _ in range(megabytes)])


def test_the_rendering_process_cannot_grow_past_its_budget(settings):
    settings.LOA_DOCUMENT_MEGABYTES = 64

    assert run_limited(grow, 16) == 16
    with pytest.raises(DocumentTooCostly, match="more than 64 MB"):
        run_limited(grow, 256)


def test_within_the_limits_the_documents_come_out_whole(world, client_for, plan):
    client = client_for(world.kp_officer)

    pdf = client.get(reverse("plans:pdf", args=[plan.pk]))
    word = client.get(reverse("plans:docx", args=[plan.pk]))

    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "Nâng cao nhận thức." in text
    assert Plan.objects.count() == 1
