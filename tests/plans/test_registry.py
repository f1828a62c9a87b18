"""The legal-document registry keeps one row per real document: a central document cited
under different issuer names, with or without its date, by plans of different organisations
is one row."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import LegalDocument
from plans.services import legal_document_register
from plans.text import normalise_document_number
from tests.factories import PlanFactory
from tests.plans.conftest import add_row, editor_data, editor_errors
from tests.plans.test_workflow import issue_data

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


def test_an_undated_citation_of_a_symbol_two_documents_share_picks_neither(db):
    # Two documents numbered 57-NQ/TW (another year's reuse): an undated citation naming
    # neither issuer cannot say which it means, so it is recorded on its own.
    recent = legal_document_register(
        kind="resolution", number="57-NQ/TW", issued_on=datetime.date(2024, 12, 22)
    )
    older = legal_document_register(
        kind="resolution", number="57-NQ/TW", issued_on=datetime.date(2020, 1, 2)
    )
    undated = legal_document_register(
        kind="resolution", number="57-NQ/TW", issuer="Ban Chấp hành Trung ương"
    )
    assert undated.pk not in (recent.pk, older.pk)
    assert (undated.issued_on, undated.issuer) == (None, "Ban Chấp hành Trung ương")
    assert resolution_57().count() == 3


def test_a_dated_citation_lands_on_the_row_of_that_day_not_on_the_undated_one(db):
    undated = legal_document_register(kind="resolution", number="57-NQ/TW", issuer="Bộ Chính trị")
    dated = legal_document_register(
        kind="resolution",
        number="57-NQ/TW",
        issued_on=datetime.date(2024, 12, 22),
        issuer="Bộ Chính trị",
    )
    assert dated.pk != undated.pk  # the date is recorded beside the undated row

    again = legal_document_register(
        kind="resolution",
        number="57-NQ/TW",
        issued_on=datetime.date(2024, 12, 22),
        issuer="Ban Chấp hành Trung ương",
    )
    assert again.pk == dated.pk
    assert resolution_57().count() == 2


@pytest.fixture
def march_2026():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=True):
        yield


def issue(client, plan):
    response = client.post(reverse("plans:issue", args=[plan.pk]), issue_data(plan))
    assert response.status_code == 302
    return LegalDocument.objects.get(plan=plan)


def test_a_citation_of_an_issued_loa_plan_lands_on_the_plans_row(
    world, client_for, kp_draft, march_2026
):
    own = issue(client_for(world.kp_leader), kp_draft)

    cited = legal_document_register(
        kind="plan",
        number="05/KH-UBND",
        issued_on=datetime.date(2026, 3, 16),
        issuer="Ủy ban nhân dân xã Kiều Phú",
    )
    assert cited.pk == own.pk
    assert LegalDocument.objects.filter(number="05/KH-UBND").count() == 1


def test_issuing_a_number_the_commune_used_last_year_leaves_last_years_document(
    world, client_for, kp_draft, march_2026
):
    last_year = legal_document_register(
        kind="plan",
        number="05/KH-UBND",
        issued_on=datetime.date(2025, 3, 2),
        issuer="UBND xã Kiều Phú",
        title="về phòng, chống dịch bệnh",
    )

    own = issue(client_for(world.kp_leader), kp_draft)

    assert own.pk != last_year.pk
    assert own.citation == "Kế hoạch số 05/KH-UBND ngày 16/3/2026 của UBND xã Kiều Phú"
    last_year.refresh_from_db()
    assert (last_year.issued_on, last_year.title, last_year.plan_id) == (
        datetime.date(2025, 3, 2),
        "về phòng, chống dịch bệnh",
        None,
    )


def test_issuing_a_number_another_commune_used_the_same_day_leaves_its_document(
    world, client_for, kp_draft, march_2026
):
    gia_vien = legal_document_register(
        kind="plan",
        number="05/KH-UBND",
        issued_on=datetime.date(2026, 3, 16),
        issuer="UBND phường Gia Viên",
    )

    own = issue(client_for(world.kp_leader), kp_draft)

    assert own.pk != gia_vien.pk
    gia_vien.refresh_from_db()
    assert (gia_vien.issuer, gia_vien.plan_id) == ("UBND phường Gia Viên", None)


def test_a_plan_titled_ve_is_cited_without_a_second_ve(world, client_for, kp_draft, march_2026):
    kp_draft.title = "Về tuyên truyền chuyển đổi số năm 2026"
    kp_draft.save()

    own = issue(client_for(world.kp_leader), kp_draft)

    assert own.title == "về tuyên truyền chuyển đổi số năm 2026"


def test_issuing_reads_the_citations_in_a_number_of_queries_that_does_not_grow(
    world, client_for, march_2026
):
    def draft_citing(count):
        plan = PlanFactory(issuer=world.kp, title=f"Tuyên truyền {count}")
        for position in range(1, count + 1):
            document = legal_document_register(
                kind="decision", number=f"{position}/QĐ-UBND", issuer="UBND xã Kiều Phú"
            )
            plan.legal_bases.create(document=document, verb="pursuant", position=position)
        return plan

    client = client_for(world.kp_leader)
    first, one, six = draft_citing(1), draft_citing(1), draft_citing(6)
    issue(client, first)  # the first request of a client reads what later ones reuse
    with CaptureQueriesContext(connection) as issuing_one:
        client.post(reverse("plans:issue", args=[one.pk]), issue_data(one, number="6"))
    with CaptureQueriesContext(connection) as issuing_six:
        client.post(reverse("plans:issue", args=[six.pk]), issue_data(six, number="7"))

    assert six.legal_bases.first().printed == "Quyết định số 1/QĐ-UBND của UBND xã Kiều Phú"
    assert len(issuing_six) == len(issuing_one)
