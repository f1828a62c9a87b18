import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from activities.models import Activity, ActivityStatus
from plans.demo.load_units import DEMO_PASSWORD, DEMO_USERS
from plans.models import LegalDocument, Plan
from units.models import Unit

pytestmark = pytest.mark.django_db

GOLD = Path(__file__).resolve().parent / "fixtures" / "seeds" / "gold"
SEED_PLANS = [
    ("HN", 179, "002_c9be10df9160e118"),
    ("HN-TTPVHCC", 50, "000_9285562aa3143336"),
    ("HP-GIAVIEN", 36, "004_5f6748069cf486e8"),
]


@pytest.fixture
def demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_plan_179_of_hanoi_is_entered_as_the_document_reads(demo):
    plan = Plan.objects.get(issuer__code="HN", number=179, year=2025)
    assert plan.number_display == "179/KH-UBND"
    assert plan.issued_on.isoformat() == "2025-07-08"
    assert plan.legal_bases.count() == 5
    assert plan.sections.filter(parent=None).count() == 5
    assert plan.assignments.count() == 8
    requested = plan.assignments.filter(role="requested").select_related("unit")
    assert {a.unit.code for a in requested} == {"HN-BTGDV", "HN-MTTQ"}
    assert plan.signer_name == "Trương Việt Dũng"


@pytest.mark.parametrize(("issuer", "number", "gold"), SEED_PLANS)
def test_each_seed_plan_is_complete_against_its_gold_file(demo, issuer, number, gold):
    expected = json.loads((GOLD / f"{gold}.json").read_text(encoding="utf-8"))
    plan = Plan.objects.get(issuer__code=issuer, number=number)
    bases = [b.document.number_key for b in plan.legal_bases.select_related("document")]
    gold_numbers = [LegalDocument(number=b["number"]) for b in expected["legal_bases"]]
    for document in gold_numbers:
        document.number_key = __import__("plans.text").text.normalise_document_number(
            document.number
        )
    assert sorted(bases) == sorted(d.number_key for d in gold_numbers)
    titles = list(
        plan.sections.filter(parent=None).order_by("position").values_list("title", flat=True)
    )
    assert titles == [s["title"] for s in expected["sections"]]
    roles = list(plan.assignments.order_by("position").values_list("role", flat=True))
    assert roles == [a["role"] for a in expected["assignments"]]
    assert plan.status == "issued" and plan.signer_name


def test_resolution_57_is_one_registry_row_cited_by_every_demo_plan(demo):
    document = LegalDocument.objects.get(number_key="57-NQ/TW")
    assert document.citations.count() == Plan.objects.count() == 4


def test_kieu_phu_implements_the_city_plan_with_a_quarter_of_activities(demo):
    plan = Plan.objects.get(issuer__code="HN-KIEUPHU", year=2026)
    assert plan.superior_plan.number_display == "179/KH-UBND"
    first = plan.legal_bases.select_related("document").first()
    assert first.get_verb_display() == "Thực hiện" and first.document.plan == plan.superior_plan
    activities = Activity.objects.filter(plan=plan)
    assert activities.count() >= 30
    months = {d.month for d in activities.values_list("date", flat=True)}
    assert {1, 2, 3} <= months
    assert set(activities.values_list("status", flat=True)) == {
        ActivityStatus.APPROVED,
        ActivityStatus.SUBMITTED,
        ActivityStatus.RETURNED,
    }
    assert activities.filter(evidence__kind="photo").exists()
    assert activities.filter(evidence__kind="link").exists()
    offices_and_villages = {a.unit.kind for a in plan.assignments.select_related("unit") if a.unit}
    assert {"office", "commune"} <= offices_and_villages


def test_the_demo_has_the_unit_codes_other_work_relies_on(demo):
    codes = set(Unit.objects.values_list("code", flat=True))
    assert {"HN", "HN-TTPVHCC", "HN-KIEUPHU", "HP", "HP-GIAVIEN", "HP-SKHCN"} <= codes
    kieuphu = Unit.objects.get(code="HN-KIEUPHU")
    names = set(Unit.objects.subtree_of(kieuphu).values_list("name", flat=True))
    assert {
        "Phòng Văn hóa - Xã hội",
        "Phòng Kinh tế",
        "Trung tâm Dịch vụ tổng hợp",
        "Văn phòng HĐND và UBND",
    } <= names
    assert Unit.objects.subtree_of(kieuphu).filter(kind="village").count() >= 3
    assert Unit.objects.subtree_of(kieuphu).filter(kind="mass_org").exists()


def test_running_load_demo_twice_changes_nothing(demo):
    before = row_counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert row_counts() == before
    assert "Kế hoạch mới: 0" in out.getvalue()


def test_demo_logins_are_printed_and_work(demo, client):
    for username, *_ in DEMO_USERS:
        assert username in demo
        assert client.login(username=username, password=DEMO_PASSWORD), username
    assert DEMO_PASSWORD in demo


def test_the_demo_bell_tells_each_person_what_the_story_sent_them(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    expected = {
        # the city's plan to implement, and their own task in the commune's plan
        "kieuphu.lanhdao": ["Thông báo: 2 chưa đọc", "Kế hoạch số 179/KH-UBND"],
        # the village's task in plan 12/KH-UBND
        "kieuphu.truongthon": ["Thông báo: 1 chưa đọc", "12/KH-UBND"],
        # the focal unit's head: three units' activities waiting for review, and a task
        "kieuphu.truongphong": ["Thông báo: 4 chưa đọc", "Phát thanh chuyên mục"],
        # the officer who logged them: two returned activities
        "kieuphu.canbo": ["Thông báo: 4 chưa đọc", "trả lại"],
    }
    for username, texts in expected.items():
        client.login(username=username, password=DEMO_PASSWORD)
        page = client.get("/notifications/").content.decode()
        for text in texts:
            assert text in page, (username, text)
    client.login(username="giavien.canbo", password=DEMO_PASSWORD)
    assert "chưa đọc" not in client.get("/").content.decode().split("notification-bell")[1][:300]
