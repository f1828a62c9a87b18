"""The legal-document registry keeps one row per real document: a central document cited
under different issuer names, with or without its date, by plans of different organisations
is one row."""

import datetime

import pytest
from django.urls import reverse

from plans.models import LegalDocument
from plans.services import legal_document_register
from plans.text import normalise_document_number
from tests.factories import PlanFactory
from tests.plans.conftest import add_row, editor_data, editor_errors

pytestmark = pytest.mark.django_db


def cite(client, plan, user, **document):
    data = editor_data(plan, user)
    data["bases-0-DELETE"] = "on"
    add_row(data, "bases", verb="implementing", position="1", **document)
    response = client.post(reverse("plans:edit", args=[plan.pk]), data)
    assert response.status_code == 302, editor_errors(response)
    return plan.legal_bases.select_related("document").get().document


def resolution_57():
    return LegalDocument.objects.filter(number_key=normalise_document_number("57-NQ/TW"))


def test_57_nq_tw_cited_as_bo_chinh_tri_and_as_ban_chap_hanh_trung_uong_is_one_row(
    world, client_for, kp_draft
):
    # Kiều Phú's draft cites it as «Bộ Chính trị» (the fixture); Gia Viên types another issuer.
    first = kp_draft.legal_bases.get().document
    assert (first.number, first.issuer) == ("57-NQ/TW", "Bộ Chính trị")
    gv_draft = PlanFactory(issuer=world.gv, title="Tuyên truyền Nghị quyết 57")
    gv_draft.legal_bases.create(document=first, verb="pursuant", position=1)

    cited = cite(
        client_for(world.gv_officer),
        gv_draft,
        world.gv_officer,
        new_kind="resolution",
        new_number="57-NQ/TW",
        new_issued_on="22/12/2024",
        new_issuer="Ban Chấp hành Trung ương",
    )

    assert cited.pk == first.pk
    assert resolution_57().count() == 1


@pytest.mark.parametrize(
    ("number", "issued_on", "issuer"),
    [
        ("57-NQ/TW", datetime.date(2024, 12, 22), "Ban Chấp hành Trung ương"),
        ("57-NQ/TW", datetime.date(2024, 12, 22), "BCH Trung ương Đảng"),
        ("57 - NQ/TW", None, "Ban Chấp hành Trung ương"),
        ("57-NQ/TW", None, ""),
        ("57- NQ/TW", datetime.date(2024, 12, 22), "Bo Chinh tri"),  # OCR lost the diacritics
    ],
)
def test_every_citation_of_57_nq_tw_lands_on_the_one_row(db, number, issued_on, issuer):
    first = legal_document_register(
        kind="resolution",
        number="57-NQ/TW",
        issued_on=datetime.date(2024, 12, 22),
        issuer="Bộ Chính trị",
    )
    again = legal_document_register(
        kind="resolution", number=number, issued_on=issued_on, issuer=issuer
    )
    assert again.pk == first.pk
    assert resolution_57().count() == 1
    first.refresh_from_db()
    assert (first.issued_on, first.issuer) == (datetime.date(2024, 12, 22), "Bộ Chính trị")


def test_a_central_document_of_another_date_is_another_document(db):
    first = legal_document_register(
        kind="resolution", number="57-NQ/TW", issued_on=datetime.date(2024, 12, 22)
    )
    other = legal_document_register(
        kind="resolution", number="57-NQ/TW", issued_on=datetime.date(2020, 1, 2)
    )
    assert other.pk != first.pk


def test_local_documents_with_the_same_symbol_stay_apart_by_issuer(db):
    kieu_phu = legal_document_register(kind="plan", number="01/KH-UBND", issuer="UBND xã Kiều Phú")
    gia_vien = legal_document_register(
        kind="plan", number="01/KH-UBND", issuer="UBND phường Gia Viên"
    )
    assert kieu_phu.pk != gia_vien.pk
    again = legal_document_register(kind="plan", number="01/KH-UBND", issuer="UBND xã Kiều Phú")
    assert again.pk == kieu_phu.pk
