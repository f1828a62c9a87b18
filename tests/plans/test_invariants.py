import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import Assignment, LegalDocument, Plan, PlanStatus
from plans.services import legal_document_register
from tests.factories import AssignmentFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_a_number_is_unique_per_issuer_and_year(world):
    PlanFactory(issuer=world.kp, issued=True, number=7)
    duplicate = PlanFactory.build(issuer=world.kp, issued=True, number=7)
    with pytest.raises(ValidationError) as error:
        duplicate.validate_constraints()
    assert "Số kế hoạch này đã được cơ quan dùng trong năm." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_same_number_is_free_next_year_and_for_another_issuer(world):
    PlanFactory(issuer=world.kp, issued=True, number=7)
    PlanFactory(issuer=world.kp, issued=True, number=7, issued_on=datetime.date(2027, 1, 5))
    PlanFactory(issuer=world.pt, issued=True, number=7)
    assert Plan.objects.filter(number=7).count() == 3


def test_an_issued_plan_has_a_number_a_date_and_a_signer(world):
    for missing in ({"number": None}, {"issued_on": None}, {"signer_name": ""}):
        plan = PlanFactory.build(issuer=world.kp, issued=True, **missing)
        with pytest.raises(ValidationError) as error:
            plan.validate_constraints()
        assert "phải có số, ngày ban hành và người ký" in str(error.value)
        with pytest.raises(IntegrityError), transaction.atomic():
            plan.save()


def test_a_draft_needs_none_of_them(world):
    plan = PlanFactory(issuer=world.kp)
    assert plan.status == PlanStatus.DRAFT and plan.number_display == ""


def test_numbers_below_ten_are_written_with_a_leading_zero(world):
    assert PlanFactory(issuer=world.kp, issued=True, number=5).number_display == "05/KH-UBND"
    assert PlanFactory(issuer=world.kp, issued=True, number=445).number_display == "445/KH-UBND"


def test_one_registry_row_per_legal_document_whatever_the_spelling():
    first = legal_document_register(
        kind="resolution",
        number="57-NQ/TW",
        issued_on=datetime.date(2024, 12, 22),
        issuer="Bộ Chính trị",
    )
    for spelling in ("57- NQ/TW", "57 - NQ/TW", "57–NQ/TW", "số 57-NQ/TW"):
        again = legal_document_register(
            kind="resolution", number=spelling, issued_on=datetime.date(2024, 12, 22)
        )
        assert again.pk == first.pk
    ocr = legal_document_register(kind="decision", number="8602 - QĐ/TU")
    assert legal_document_register(kind="decision", number="8602-QD/TU").pk == ocr.pk
    assert LegalDocument.objects.count() == 2


def test_an_undated_citation_finds_the_dated_document_and_a_dated_one_is_a_row_of_its_own():
    dated = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=datetime.date(2025, 7, 8)
    )
    assert legal_document_register(kind="plan", number="179/KH-UBND").pk == dated.pk

    undated = legal_document_register(kind="plan", number="139/KH-UBND")
    completed = legal_document_register(
        kind="plan",
        number="139/KH-UBND",
        issued_on=datetime.date(2025, 5, 16),
        issuer="UBND thành phố Hà Nội",
    )
    # Citing never edits a shared row: the dated citation is recorded beside it.
    assert completed.pk != undated.pk
    assert completed.issued_on == datetime.date(2025, 5, 16)
    undated.refresh_from_db()
    assert (undated.issued_on, undated.issuer) == (None, "")


def test_the_same_number_on_another_date_is_another_document():
    a = legal_document_register(
        kind="plan", number="12/KH-UBND", issued_on=datetime.date(2025, 1, 3)
    )
    b = legal_document_register(
        kind="plan", number="12/KH-UBND", issued_on=datetime.date(2026, 1, 12)
    )
    assert a.pk != b.pk


def test_the_registry_refuses_a_second_row_for_the_same_document():
    legal_document_register(kind="plan", number="179/KH-UBND", issued_on=datetime.date(2025, 7, 8))
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalDocument.objects.create(
            kind="plan", number="179 / KH-UBND", issued_on=datetime.date(2025, 7, 8)
        )


def test_a_plan_has_at_most_one_focal_point(world):
    plan = PlanFactory(issuer=world.kp)
    AssignmentFactory(plan=plan, unit=world.kp_office, is_focal_point=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(plan=plan, unit=world.kp_village, is_focal_point=True)


def test_a_group_assignment_covers_the_units_of_its_kind_below(world):
    plan = PlanFactory(issuer=world.kp)
    villages = AssignmentFactory(
        plan=plan, unit=world.kp, label="Các thôn", includes_subunits=True, subunit_kinds="village"
    )
    office = AssignmentFactory(plan=plan, unit=world.kp_office)

    assert villages.covers(world.kp_village) and not villages.covers(world.kp_office)
    assert set(Assignment.objects.for_unit(world.kp_village)) == {villages}
    assert set(Assignment.objects.for_unit(world.kp_office)) == {office}


def test_two_communes_plans_with_the_same_number_and_day_are_two_documents():
    day = datetime.date(2026, 1, 12)
    kieu_phu = legal_document_register(
        kind="plan", number="01/KH-UBND", issued_on=day, issuer="UBND xã Kiều Phú"
    )
    gia_vien = legal_document_register(
        kind="plan", number="01/KH-UBND", issued_on=day, issuer="UBND phường Gia Viên"
    )
    assert kieu_phu.pk != gia_vien.pk
    again = legal_document_register(
        kind="plan", number="01 / KH-UBND", issued_on=day, issuer="Ủy ban nhân dân xã Kiều Phú"
    )
    assert again.pk == kieu_phu.pk


def test_a_fuller_issuer_never_rewrites_a_row_it_is_recorded_beside_it():
    day = datetime.date(2025, 7, 8)
    partial = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND Thành phố"
    )
    full = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND thành phố Hà Nội"
    )
    # The fuller citation is recorded beside the row; the row stays as its citers print it.
    assert full.pk != partial.pk and full.issuer == "UBND thành phố Hà Nội"
    partial.refresh_from_db()
    assert partial.issuer == "UBND Thành phố"
    assert (
        legal_document_register(kind="plan", number="179/KH-UBND", issuer="UBND Thành phố").pk
        == partial.pk
    )
    assert (
        legal_document_register(
            kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND thành phố Hà Nội"
        ).pk
        == full.pk
    )
    other_city = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND thành phố Hải Phòng"
    )
    assert other_city.pk != full.pk


def test_party_committees_of_two_cities_share_a_symbol_but_not_a_document():
    day = datetime.date(2025, 5, 15)
    hanoi = legal_document_register(
        kind="decision", number="8602-QĐ/TU", issued_on=day, issuer="Thành ủy Hà Nội"
    )
    haiphong = legal_document_register(
        kind="decision", number="8602-QĐ/TU", issued_on=day, issuer="Thành ủy Hải Phòng"
    )
    assert hanoi.pk != haiphong.pk
    assert (
        legal_document_register(
            kind="decision", number="8602 - QD/TU", issued_on=day, issuer="Thành ủy Hà Nội"
        ).pk
        == hanoi.pk
    )


def test_an_ocr_slip_in_the_issuer_still_finds_the_document():
    day = datetime.date(2025, 4, 1)
    clean = legal_document_register(
        kind="resolution", number="71/NQ-CP", issued_on=day, issuer="Chính phủ"
    )
    assert (
        legal_document_register(
            kind="resolution", number="71/NQ -CP", issued_on=day, issuer="Chính phá"
        ).pk
        == clean.pk
    )
    party = legal_document_register(
        kind="decision", number="8602-QĐ/TU", issued_on=day, issuer="Thành ủy Hà Nội"
    )
    assert (
        legal_document_register(
            kind="decision", number="8602-QD/TU", issued_on=day, issuer="Thanh uy Ha Nbi"
        ).pk
        == party.pk
    )


def test_an_ambiguous_citation_gets_its_own_row_rather_than_the_wrong_document():
    day = datetime.date(2025, 7, 8)
    hanoi = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND thành phố Hà Nội"
    )
    haiphong = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND thành phố Hải Phòng"
    )
    vague = legal_document_register(
        kind="plan", number="179/KH-UBND", issued_on=day, issuer="UBND Thành phố"
    )
    assert vague.pk not in (hanoi.pk, haiphong.pk)
