"""What the newer reading rules give the draft, and the review's confirmation of the targets
and budget read from the text: corrected, dropped, refused with the reason, kept to the plan."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Assignment, BudgetLine, Plan, PlanImport, Target
from tests.factories import PlanFactory

PLAN = """ỦY BAN NHÂN DÂN
XÃ KIỀU PHÚ
Số: 31/KH-UBND
Kiều Phú, ngày 02 tháng 3 năm 2026
KẾ HOẠCH
Tuyên truyền chuyển đổi số trên địa bàn xã năm 2026
Căn cứ Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân thành phố Hà Nội;
Ủy ban nhân dân xã Kiều Phú ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU, CHỈ TIÊU
1. Mục đích
- Nâng cao nhận thức của cán bộ và Nhân dân về chuyển đổi số.
2. Chỉ tiêu
Phấn đấu đến hết năm 2026:
- Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản.
- Đăng tải ít nhất 60 tin, bài trên Trang thông tin điện tử xã.
- Mỗi thôn tổ chức tối thiểu 01 buổi tuyên truyền trực tiếp mỗi quý.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Phổ cập kỹ năng số cho người dân
- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
- Cơ quan phối hợp: Tổ công nghệ số cộng đồng xã, các thôn.
- Thời gian hoàn thành: trước ngày 30/6/2026.
III. KINH PHÍ THỰC HIỆN
Tổng kinh phí: 45.000.000 đồng, trong đó:
- Ngân sách xã: 30.000.000 đồng;
- Nguồn xã hội hóa: 15.000.000 đồng.
IV. TỔ CHỨC THỰC HIỆN
1. Đồng chí Phó Chủ tịch UBND xã - Trưởng Ban Chỉ đạo: Chỉ đạo chung việc triển khai.
2. Phòng Văn hóa - Xã hội (cơ quan thường trực): Tham mưu UBND xã triển khai Kế hoạch, tổng
hợp kết quả, báo cáo UBND xã.
3. Trong quá trình thực hiện, nếu có khó khăn, các đơn vị báo cáo UBND xã để giải quyết.
Trên đây là Kế hoạch tuyên truyền chuyển đổi số năm 2026 của UBND xã Kiều Phú./.
Nơi nhận:
- UBND thành phố;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""
UPLOAD = reverse("plans:import_upload")


@pytest.fixture
def draft(world, client_for):
    client = client_for(world.kp_officer)
    response = client.post(
        UPLOAD, {"file": SimpleUploadedFile("ke-hoach-31.txt", PLAN.encode("utf-8"))}
    )
    plan = Plan.objects.get(issuer=world.kp, number=31)
    assert response.status_code == 302
    return plan


def figures_url(plan):
    return reverse("plans:import_figures", args=[plan.pk])


def review_url(plan):
    return reverse("plans:import_review", args=[plan.pk])


def confirm_data(plan, *, targets=None, budget=None):
    """The review's figures form as the officer sends it, with changes by position."""
    data = {}
    rows = list(plan.targets.order_by("position"))
    data |= {"target-TOTAL_FORMS": len(rows), "target-INITIAL_FORMS": len(rows)}
    for k, target in enumerate(rows):
        row = {
            "id": target.pk,
            "keep": "on",
            "indicator": target.indicator,
            "target_value": str(target.target_value).replace(".", ","),
            "measure": target.measure,
            "due_date": target.due_date.strftime("%d/%m/%Y") if target.due_date else "",
        } | (targets or {}).get(k, {})
        data |= {f"target-{k}-{name}": value for name, value in row.items() if value is not None}
    lines = list(plan.budget_lines.order_by("position"))
    data |= {"budget-TOTAL_FORMS": len(lines), "budget-INITIAL_FORMS": len(lines)}
    for k, line in enumerate(lines):
        row = {"id": line.pk, "keep": "on", "source": line.source, "amount": line.amount or ""}
        row |= (budget or {}).get(k, {})
        data |= {f"budget-{k}-{name}": value for name, value in row.items() if value is not None}
    return data


def test_the_draft_holds_the_targets_budget_and_deadlines_read_from_the_text(world, draft):
    targets = list(draft.targets.order_by("position"))
    assert [(t.target_value, t.measure, t.due_date) for t in targets] == [
        (Decimal(80), "%", datetime.date(2026, 12, 31)),
        (Decimal(60), "tin, bài", datetime.date(2026, 12, 31)),
        (Decimal(1), "buổi", datetime.date(2026, 12, 31)),
    ]
    assert targets[0].indicator == (
        "Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản"
    )
    assert [(b.source, b.amount) for b in draft.budget_lines.order_by("position")] == [
        ("commune", 30_000_000),
        ("socialised", 15_000_000),
    ]
    assignments = {a.label: a for a in draft.assignments.all()}
    assert set(assignments) == {
        "Phó Chủ tịch UBND xã - Trưởng Ban Chỉ đạo",
        "Phòng Văn hóa - Xã hội",
        "Tổ công nghệ số cộng đồng xã",
        "Các thôn",
    }
    # A person given tasks by title works for the body they head: here the commune itself.
    assert assignments["Phó Chủ tịch UBND xã - Trưởng Ban Chỉ đạo"].unit == world.kp
    culture = assignments["Phòng Văn hóa - Xã hội"]
    assert culture.is_focal_point and culture.role == "lead"
    assert culture.due_date == datetime.date(2026, 6, 30)
    assert "Chủ trì: Phổ cập kỹ năng số cho người dân" in culture.tasks
    assert assignments["Các thôn"].role == "coordinate"
    assert draft.signer_title == "PHÓ CHỦ TỊCH"


def test_an_amount_the_text_gives_no_source_for_is_the_communes_own_budget(world, client_for):
    text = PLAN.replace(
        "- Ngân sách xã: 30.000.000 đồng;\n- Nguồn xã hội hóa: 15.000.000 đồng.\n", ""
    )
    client_for(world.kp_officer).post(
        UPLOAD, {"file": SimpleUploadedFile("ke-hoach.txt", text.encode("utf-8"))}
    )
    plan = Plan.objects.get(issuer=world.kp, number=31)
    assert [(b.source, b.amount) for b in plan.budget_lines.all()] == [("commune", 45_000_000)]


def test_the_review_asks_to_confirm_the_figures_read(world, client_for, draft):
    page = client_for(world.kp_officer).get(review_url(draft)).content.decode()
    assert 'data-figures-status="pending"' in page
    assert "Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản" in page
    assert 'value="30.000.000"' in page
    assert page.count('class="border rounded p-2 mb-2 figure-target"') == 3


def test_confirming_keeps_the_corrections_and_drops_what_the_officer_unticks(
    world, client_for, draft
):
    client = client_for(world.kp_officer)
    before = list(draft.targets.order_by("position"))
    data = confirm_data(
        draft,
        targets={1: {"target_value": "72", "measure": "tin, bài"}, 2: {"keep": None}},
        budget={1: {"amount": "20.000.000"}},
    )
    response = client.post(figures_url(draft), data)
    assert response.status_code == 302
    assert response.url == review_url(draft) + "#figures"
    targets = list(draft.targets.order_by("position"))
    assert [t.pk for t in targets] == [before[0].pk, before[1].pk]
    assert targets[1].target_value == Decimal(72)
    assert [b.amount for b in draft.budget_lines.order_by("position")] == [30_000_000, 20_000_000]
    record = PlanImport.objects.get(plan=draft)
    assert record.figures_confirmed_at is not None
    assert record.figures_confirmed_by == world.kp_officer
    assert targets[1].history.first().history_change_reason.startswith("Xác nhận chỉ tiêu")
    page = client.get(review_url(draft)).content.decode()
    assert 'data-figures-status="confirmed"' in page


def test_a_wrong_value_is_refused_with_the_reason_and_keeps_what_was_typed(
    world, client_for, draft
):
    client = client_for(world.kp_officer)
    data = confirm_data(
        draft, targets={0: {"target_value": "tám mươi"}}, budget={0: {"amount": "ba"}}
    )
    response = client.post(figures_url(draft), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập một số, ví dụ 80 hoặc 95,5." in page
    assert "Nhập số tiền bằng chữ số" in page
    assert 'value="tám mươi"' in page
    assert draft.targets.count() == 3
    assert PlanImport.objects.get(plan=draft).figures_confirmed_at is None


def test_a_kept_target_needs_its_words_and_value(world, client_for, draft):
    data = confirm_data(draft, targets={0: {"indicator": "", "target_value": ""}})
    page = client_for(world.kp_officer).post(figures_url(draft), data).content.decode()
    assert "Nhập nội dung chỉ tiêu, hoặc bỏ chọn «Giữ»." in page
    assert "Nhập giá trị chỉ tiêu, hoặc bỏ chọn «Giữ»." in page


def test_rows_of_another_plan_cannot_be_changed_through_this_review(world, client_for, draft):
    other = PlanFactory(issuer=world.kp)
    foreign = Target.objects.create(plan=other, indicator="Chỉ tiêu khác", target_value=5)
    data = confirm_data(draft, targets={0: {"id": foreign.pk, "keep": None}})
    response = client_for(world.kp_officer).post(figures_url(draft), data, follow=True)
    assert "Dòng này không thuộc bản nhập." in response.content.decode()
    assert Target.objects.filter(pk=foreign.pk).exists()
    assert draft.targets.count() == 3


def test_other_organisations_and_superiors_cannot_confirm(world, client_for, draft):
    data = confirm_data(draft, targets={0: {"keep": None}})
    assert client_for(world.gv_officer).post(figures_url(draft), data).status_code == 404
    assert client_for(world.hn_leader).post(figures_url(draft), data).status_code == 403
    assert client_for(world.kp_officer).get(figures_url(draft)).status_code == 405
    assert draft.targets.count() == 3


def test_after_the_draft_is_kept_the_figures_are_edited_in_the_editor(world, client_for, draft):
    PlanImport.objects.filter(plan=draft).update(kept_at=datetime.datetime.now(datetime.UTC))
    data = confirm_data(draft, targets={0: {"keep": None}})
    response = client_for(world.kp_officer).post(figures_url(draft), data)
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[draft.pk])
    assert draft.targets.count() == 3
    assert BudgetLine.objects.filter(plan=draft).count() == 2
    assert Assignment.objects.filter(plan=draft).count() == 4
