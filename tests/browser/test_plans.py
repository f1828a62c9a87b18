import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.models import Plan
from tests.browser.pages import LoginPage
from tests.browser.pages_plans import PlanListPage
from tests.browser.pages_tasks import screenshot
from tests.plans.conftest import build_city_plan


@pytest.fixture
def city_plan(world):
    return build_city_plan(world)


def pdf_text(path):
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def test_an_officer_writes_a_plan_fixes_a_mistake_issues_it_and_downloads_the_pdf(
    login_as, live_server, world, tmp_path
):
    world.kp.officers_may_issue = True  # Kiều Phú lets its officers issue plans themselves
    world.kp.save()
    page = login_as(world.kp_officer)
    editor = PlanListPage(page, live_server.url).open().new_plan()

    editor.add_new_legal_document(
        kind="Nghị quyết",
        number="57-NQ/TW",
        issued_on="22/12/2024",
        issuer="Bộ Chính trị",
        title="về đột phá phát triển khoa học, công nghệ",
    )
    content = editor.section_by_index(1)  # II. NỘI DUNG TUYÊN TRUYỀN, prefilled
    editor.add_child(content, "Tuyên truyền về chính quyền số", "- Dịch vụ công trực tuyến.")
    child = editor.sections().nth(2)
    editor.add_child(child, "Hướng dẫn người dân dùng VNeID")
    editor.add_assignment(
        unit="Phòng Văn hóa - Xã hội",
        tasks="- Chủ trì, tham mưu triển khai Kế hoạch.",
        due="15/12/2026",
        focal=True,
    )
    # The title is forgotten: the save is refused and everything typed is still there.
    editor.save().expect_error("Nhập trích yếu của kế hoạch.")
    assert editor.outline()[:4] == [
        (0, "I.", "MỤC ĐÍCH, YÊU CẦU"),
        (0, "II.", "NỘI DUNG TUYÊN TRUYỀN"),
        (1, "1.", "Tuyên truyền về chính quyền số"),
        (2, "a)", "Hướng dẫn người dân dùng VNeID"),
    ]
    expect(editor.bases().first.get_by_label("Số, ký hiệu")).to_have_value("57-NQ/TW")
    expect(page.get_by_label("Nhiệm vụ (mỗi dòng một ý)")).to_have_value(
        "- Chủ trì, tham mưu triển khai Kế hoạch."
    )
    assert not Plan.objects.exists()

    editor.set_title("Tuyên truyền chuyển đổi số trên địa bàn xã Kiều Phú năm 2026")
    plan_page = editor.save_and_view()
    document = plan_page.document
    expect(document).to_contain_text("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ")
    expect(document).to_contain_text("1. Tuyên truyền về chính quyền số")
    expect(document).to_contain_text("a) Hướng dẫn người dân dùng VNeID")
    expect(document).to_contain_text("1. Phòng Văn hóa - Xã hội")

    number = plan_page.issue(signer="Đỗ Minh Tuấn")
    assert number == "1"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch số 01/KH-UBND")
    expect(page.get_by_role("link", name="Soạn thảo")).to_have_count(0)

    filename = plan_page.download("Tải PDF", tmp_path / "plan.pdf")
    assert filename.startswith("ke-hoach-01-KH-UBND-")
    text = pdf_text(tmp_path / "plan.pdf")
    assert "Số: 01/KH-UBND" in text and "Kiều Phú, ngày" in text
    assert "Tuyên truyền chuyển đổi số trên địa bàn xã Kiều Phú năm 2026" in text
    assert "Đỗ Minh Tuấn" in text


def test_a_commune_officer_builds_the_commune_plan_from_the_city_plan(
    login_as, live_server, world, city_plan
):
    page = login_as(world.kp_officer)
    plan_page = PlanListPage(page, live_server.url).open().open_plan("Đột phá phát triển")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kế hoạch số 179/KH-UBND")
    editor = plan_page.build_implementing_plan()

    expect(page.get_by_role("alert").first).to_contain_text("Đã tạo dự thảo thực hiện")
    expect(editor.bases().first.locator(".ts-control")).to_contain_text(
        "Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND thành phố Hà Nội"
    )
    assert editor.outline() == [
        (0, "I.", "MỤC ĐÍCH, YÊU CẦU"),
        (0, "II.", "NỘI DUNG TUYÊN TRUYỀN"),
        (1, "1.", "Tuyên truyền về vai trò của Thủ đô"),
        (2, "a)", "Thành phố thông minh"),
        (0, "III.", "HÌNH THỨC TUYÊN TRUYỀN"),
        (0, "IV.", "TỔ CHỨC THỰC HIỆN"),
    ]
    # Adapt: the city's item moves up a level, under II. it becomes «2.».
    editor.sections().nth(3).get_by_role("button", name="Lùi ra").click()
    assert editor.outline()[2:4] == [
        (1, "1.", "Tuyên truyền về vai trò của Thủ đô"),
        (1, "2.", "Thành phố thông minh"),
    ]
    editor.set_title("Tuyên truyền thực hiện Kế hoạch số 179/KH-UBND trên địa bàn xã Kiều Phú")
    editor.add_assignment(unit="Thôn Phú Hữu", tasks="- Tuyên truyền trên loa thôn.")
    plan_page = editor.save_and_view()
    expect(plan_page.document).to_contain_text(
        "Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND thành phố Hà Nội"
    )
    expect(plan_page.document).to_contain_text("2. Thành phố thông minh")
    expect(
        page.get_by_text("Thực hiện Kế hoạch số 179/KH-UBND của Thành phố Hà Nội")
    ).to_be_visible()
    draft = Plan.objects.get(issuer=world.kp)
    assert draft.superior_plan == city_plan and draft.assignments.count() == 1

    # Nobody in Gia Viên can open it, even by typing its address.
    response = page.request.get(f"{live_server.url}/plans/{draft.pk}/")
    assert response.status == 200
    page.context.clear_cookies()
    LoginPage(page, live_server.url).open().log_in(world.gv_officer.username)
    page.wait_for_url(f"{live_server.url}/")
    for path in ("", "edit/", "pdf/"):
        response = page.goto(f"{live_server.url}/plans/{draft.pk}/{path}")
        assert response.status == 404, path
    page.goto(f"{live_server.url}/plans/")
    expect(page.get_by_text("Kiều Phú")).to_have_count(0)
    expect(page.get_by_text("179/KH-UBND")).to_have_count(0)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_error_banner_leads_to_the_part_to_fix_and_folded_parts_open(
    login_as, live_server, world, width
):
    page = login_as(world.kp_officer)
    page.set_viewport_size({"width": width, "height": 900})
    editor = PlanListPage(page, live_server.url).open().new_plan()
    editor.save().expect_error("Nhập trích yếu của kế hoạch.")
    screenshot(page, f"editor-errors-{width}")

    banner = page.locator("#editor-error-parts")
    expect(banner.get_by_role("link")).to_have_text(["Tiêu đề"])
    header = page.locator("#part-header")
    title = page.get_by_label("Trích yếu")
    if width >= 1200:  # the side menu marks the part and folds every part at once
        expect(page.locator(".editor-nav a.text-danger")).to_have_text(["Tiêu đề (có lỗi)"])
        page.get_by_role("button", name="Thu gọn mọi phần").click()
        expect(page.locator(".editor-part.is-folded")).to_have_count(9)
    else:
        header.get_by_role("button", name="Thu gọn").click()
    expect(title).to_be_hidden()

    banner.get_by_role("link", name="Tiêu đề").click()
    expect(title).to_be_visible()
    expect(header.get_by_role("button", name="Thu gọn")).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
