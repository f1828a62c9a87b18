"""The legal-document registry is shared: no organisation can change what another's plans
print. Citing links and never edits; an issued plan prints what it printed at issue."""

import datetime
import io

import pytest
from django.urls import reverse
from docx import Document

from plans.models import LegalDocument
from plans.services import legal_basis_add, legal_document_for_plan
from tests.factories import PlanFactory
from tests.imports.excel import xlsx
from tests.imports.test_excel import DOCUMENT_HEADERS, confirm_url, upload
from tests.plans.conftest import add_row, editor_data

pytestmark = pytest.mark.django_db

ATTACK = "UBND xã Kiều Phú bị giả mạo nội dung"
DAY = datetime.date(2026, 1, 12)


@pytest.fixture
def kp_issued(world):
    """Kiều Phú's issued plan 05/KH-UBND, in the registry, and a plan that cites it."""
    plan = PlanFactory(
        issuer=world.kp,
        issued=True,
        number=5,
        symbol="KH-UBND",
        issued_on=DAY,
        title="Tuyên truyền chuyển đổi số năm 2026",
    )
    document = legal_document_for_plan(plan=plan)
    citing = PlanFactory(issuer=world.kp, issued=True, number=6, issued_on=DAY)
    legal_basis_add(plan=citing, document=document, verb="implementing")
    from plans.services.registry import legal_bases_freeze

    legal_bases_freeze(plan=citing)
    return plan, document, citing


def printed(client, plan):
    return client.get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_another_commune_citing_the_same_number_in_its_editor_changes_nothing(
    world, client_for, kp_issued
):
    plan, document, citing = kp_issued
    before = citing.legal_bases.get().sentence
    gv_draft = PlanFactory(issuer=world.gv)
    data = editor_data(gv_draft, world.gv_officer)
    add_row(
        data,
        "bases",
        verb="pursuant",
        new_kind="plan",
        new_number="05/KH-UBND",
        new_issued_on=DAY.strftime("%d/%m/%Y"),
        new_issuer=f"Ủy ban nhân dân xã Kiều Phú {ATTACK}",
        position="1",
    )
    response = client_for(world.gv_officer).post(reverse("plans:edit", args=[gv_draft.pk]), data)

    assert response.status_code == 302
    document.refresh_from_db()
    assert ATTACK not in document.issuer and ATTACK not in document.title
    assert citing.legal_bases.get().sentence == before
    page = printed(client_for(world.kp_officer), citing)
    assert "05/KH-UBND" in page and ATTACK not in page


def test_an_excel_import_of_legal_documents_never_overwrites_a_recorded_row(
    world, client_for, kp_issued
):
    _, document, citing = kp_issued
    recorded = (document.issuer, document.title, document.issued_on)
    client = client_for(world.gv_officer)
    data = xlsx(
        DOCUMENT_HEADERS + ["Trích yếu"],
        [
            [
                "Kế hoạch",
                "05/KH-UBND",
                DAY.strftime("%d/%m/%Y"),
                f"UBND xã Kiều Phú {ATTACK}",
                ATTACK,
            ]
        ],
    )
    client.post(confirm_url(upload(client, "legal-documents", data)))

    document.refresh_from_db()
    assert (document.issuer, document.title, document.issued_on) == recorded
    assert ATTACK not in printed(client_for(world.kp_officer), citing)


def test_an_issued_plan_prints_its_citations_as_they_were_at_issue(world, client_for, kp_issued):
    _, document, citing = kp_issued
    draft = PlanFactory(issuer=world.kp)
    legal_basis_add(plan=draft, document=document, verb="implementing")
    LegalDocument.objects.filter(pk=document.pk).update(title="về một nội dung đã đổi")

    client = client_for(world.kp_officer)
    assert "về một nội dung đã đổi" not in printed(client, citing)
    assert "Tuyên truyền chuyển đổi số năm 2026".lower() in printed(client, citing).lower()
    assert "về một nội dung đã đổi" in printed(client, draft)
    word = Document(io.BytesIO(client.get(reverse("plans:docx", args=[citing.pk])).content))
    word_text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "05/KH-UBND" in word_text and "về một nội dung đã đổi" not in word_text


def test_the_registry_search_shows_no_other_communes_plan(world, client_for, kp_issued):
    gv_plan = PlanFactory(
        issuer=world.gv, issued=True, number=9, issued_on=DAY, title="Bí mật Gia Viên"
    )
    legal_document_for_plan(plan=gv_plan)

    found = (
        client_for(world.kp_officer)
        .get(reverse("plans:legal_document_search"), {"q": "KH-UBND"})
        .json()["results"]
    )

    assert all("Gia Viên" not in r["text"] and "Bí mật" not in r["title"] for r in found)
    assert any("05/KH-UBND" in r["text"] for r in found)
