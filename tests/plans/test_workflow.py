import datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import LegalDocument, Plan
from plans.services import plan_issue, plan_next_number
from reports.models import Report, ReportingPeriod
from tests.factories import PlanFactory
from tests.plans.conftest import editor_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)


def issue_data(plan, **changes):
    data = {
        "number": "5",
        "symbol": "KH-UBND",
        "issued_on": "16/03/2026",
        "place": "Kiều Phú",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_on_behalf": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Đỗ Minh Tuấn",
        "version": str(plan.version),
    }
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 3, 16, 9, 0), tick=True):
        yield


def test_issuing_suggests_the_next_number_of_the_issuer_in_the_year(world, client_for, kp_draft):
    PlanFactory(issuer=world.kp, issued=True, number=7, issued_on=datetime.date(2026, 1, 5))
    PlanFactory(issuer=world.kp, issued=True, number=30, issued_on=datetime.date(2025, 6, 1))
    PlanFactory(issuer=world.pt, issued=True, number=40, issued_on=datetime.date(2026, 2, 1))
    response = client_for(world.kp_leader).get(reverse("plans:issue", args=[kp_draft.pk]))
    assert response.context["form"]["number"].value() == 8
    assert "Số tiếp theo trong dãy số kế hoạch của cơ quan năm nay là 08" in (
        response.content.decode()
    )


def test_a_shared_counter_suggests_after_plans_and_reports_and_refuses_a_report_number(
    world, kp_draft
):
    world.kp.plan_numbering = "shared"
    world.kp.save()
    PlanFactory(issuer=world.kp, issued=True, number=7, issued_on=datetime.date(2026, 1, 5))
    period = ReportingPeriod.objects.create(
        kind="month",
        year=2026,
        index=2,
        start=datetime.date(2026, 1, 15),
        end=datetime.date(2026, 2, 14),
        label="Tháng 2/2026",
    )
    Report.objects.create(
        organisation=world.kp,
        period=period,
        number=21,
        symbol="BC-UBND",
        issued_on=datetime.date(2026, 2, 20),
        title="Báo cáo tháng 2",
    )
    assert plan_next_number(issuer=world.kp, year=2026) == 22
    with pytest.raises(Exception) as error:
        plan_issue(
            plan=kp_draft,
            by=world.kp_officer,
            number=21,
            issued_on=TODAY,
            signer_name="Đỗ Minh Tuấn",
        )
    assert "đã dùng cho báo cáo 21/BC-UBND" in str(error.value)


def test_issuing_makes_the_plan_read_only_and_enters_it_in_the_registry(
    world, client_for, kp_draft
):
    client = client_for(world.kp_leader)
    response = client.post(reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft))
    assert response.status_code == 302
    kp_draft.refresh_from_db()
    assert kp_draft.status == "issued" and kp_draft.number_display == "05/KH-UBND"
    assert kp_draft.issued_on == TODAY and kp_draft.signer_name == "Đỗ Minh Tuấn"
    document = LegalDocument.objects.get(plan=kp_draft)
    assert document.citation == "Kế hoạch số 05/KH-UBND ngày 16/3/2026 của UBND xã Kiều Phú"
    assert document.title == "về tuyên truyền chuyển đổi số năm 2026"
    page = client.get(reverse("plans:detail", args=[kp_draft.pk])).content.decode()
    assert "Đã ban hành Kế hoạch số 05/KH-UBND" in page
    assert reverse("plans:edit", args=[kp_draft.pk]) not in page
    assert client.get(reverse("plans:edit", args=[kp_draft.pk])).status_code == 403
    assert client.get(reverse("plans:issue", args=[kp_draft.pk])).status_code == 403


def test_a_duplicate_number_is_refused_with_the_vietnamese_message(world, client_for, kp_draft):
    PlanFactory(issuer=world.kp, issued=True, number=5, issued_on=datetime.date(2026, 2, 2))
    response = client_for(world.kp_leader).post(
        reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Số kế hoạch này đã được cơ quan dùng trong năm."
    ]
    kp_draft.refresh_from_db()
    assert kp_draft.status == "draft" and kp_draft.number is None


def test_issuing_needs_a_signer_and_refuses_a_date_in_the_future(world, client_for, kp_draft):
    client = client_for(world.kp_leader)
    url = reverse("plans:issue", args=[kp_draft.pk])
    response = client.post(url, issue_data(kp_draft, signer_name="", issued_on="17/03/2026"))
    errors = response.context["form"].errors
    assert errors["signer_name"] == ["Nhập họ tên người ký."]
    assert errors["issued_on"] == ["Ngày ban hành không được sau hôm nay."]
    kp_draft.refresh_from_db()
    assert kp_draft.status == "draft"


def test_a_plan_changed_since_the_issue_form_was_opened_is_not_issued(world, client_for, kp_draft):
    client = client_for(world.kp_officer)
    stale = issue_data(kp_draft)
    client.post(
        reverse("plans:edit", args=[kp_draft.pk]),
        editor_data(kp_draft, world.kp_officer, **{"plan-title": "Sửa lần cuối"}),
    )
    response = client_for(world.kp_leader).post(reverse("plans:issue", args=[kp_draft.pk]), stale)
    assert "vừa được người khác thay đổi" in response.content.decode()
    kp_draft.refresh_from_db()
    assert kp_draft.status == "draft"


def test_closing_an_issued_plan(world, client_for):
    plan = PlanFactory(issuer=world.kp, issued=True)
    response = client_for(world.kp_officer).post(reverse("plans:close", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "closed"


def test_deleting_a_draft(world, client_for, kp_draft):
    response = client_for(world.kp_officer).post(reverse("plans:delete", args=[kp_draft.pk]))
    assert response.status_code == 302
    assert not Plan.objects.filter(pk=kp_draft.pk).exists()


@pytest.mark.parametrize("name", ["issue", "close", "delete"])
def test_workflow_actions_answer_404_to_another_commune_and_403_to_a_superior(
    world, client_for, name
):
    plan = PlanFactory(issuer=world.kp, issued=name == "close")
    url = reverse(f"plans:{name}", args=[plan.pk])
    assert client_for(world.gv_officer).post(url, issue_data(plan)).status_code == 404
    assert client_for(world.hn_leader).post(url, issue_data(plan)).status_code == 403
    assert client_for(world.kp_head).post(url, issue_data(plan)).status_code == 403
    fresh = Plan.objects.get(pk=plan.pk)
    assert (fresh.status, fresh.number) == (plan.status, plan.number)


def test_the_plan_page_shows_who_changed_what_with_vietnamese_field_names(
    world, client_for, kp_draft
):
    client = client_for(world.kp_officer)
    data = editor_data(
        kp_draft,
        world.kp_officer,
        **{"plan-title": "Tuyên truyền chuyển đổi số năm 2026 (sửa)", "sections-1-title": "CQS"},
    )
    data["assignments-0-DELETE"] = "on"
    client.post(reverse("plans:edit", args=[kp_draft.pk]), data)
    kp_draft.refresh_from_db()
    leader = client_for(world.kp_leader)
    assert (
        leader.post(reverse("plans:issue", args=[kp_draft.pk]), issue_data(kp_draft)).status_code
        == 302
    )

    response = client_for(world.hn_leader).get(reverse("plans:detail", args=[kp_draft.pk]))
    history = response.context["history"]
    newest = history[0]
    assert newest.reason == "Ban hành" and newest.user == world.kp_leader
    issued = {c.label: (c.old, c.new) for c in newest.entries[0].changes}
    assert issued["Trạng thái"] == ("Dự thảo", "Đã ban hành")
    assert issued["Số"] == ("(trống)", "5")
    edit = history[1]
    subjects = {entry.subject: entry for entry in edit.entries}
    title = {c.label: c for c in subjects["Kế hoạch"].changes}["Trích yếu"]
    assert title.new == "Tuyên truyền chuyển đổi số năm 2026 (sửa)"
    assert subjects["Phân công: Phòng Văn hóa - Xã hội"].action == "Xóa"
    assert any(e.subject.startswith("Mục 1. CQS") and e.action == "Sửa" for e in edit.entries)
    created = [e for group in history for e in group.entries if e.subject == "Kế hoạch được tạo"]
    assert [e.action for e in created] == ["Thêm"]
    content = response.content.decode()
    assert "Lịch sử thay đổi" in content and world.kp_officer.full_name in content
