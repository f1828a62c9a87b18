"""Chromium: an officer uploads a plan document, reviews what Loa read, settles the units it
could not match, and keeps the draft from the editor, or discards it."""

import pytest
from playwright.sync_api import expect

from plans.demo.load_units import load_units
from plans.models import Plan, PlanImport
from tests.browser.pages_plan_import import PlanImportUploadPage
from tests.document_import.demo_plan import assert_same_plan_as_demo
from tests.factories import UserFactory
from tests.planreader.conftest import FIXTURES, SEEDS
from units.models import Role, Unit


@pytest.fixture
def hanoi_officer(transactional_db):
    """The demo's unit tree, and an officer of Hà Nội's People's Committee office."""
    load_units()
    return UserFactory(
        username="hn.vp.canbo", unit=Unit.objects.get(code="HN-VPUBND"), role=Role.OFFICER
    )


def test_a_hanoi_officer_uploads_179_reviews_it_and_keeps_the_plan_the_demo_has(
    login_as, live_server, hanoi_officer
):
    page = login_as(hanoi_officer)
    upload = PlanImportUploadPage.from_plan_list(page, live_server.url)
    review = upload.upload(SEEDS / "002_c9be10df9160e118.txt", name="179-KH-UBND.txt")

    expect(review.part("read-header")).to_contain_text("179/KH-UBND")
    expect(review.part("read-header")).to_contain_text("Trương Việt Dũng")
    expect(review.part("read-bases")).to_contain_text("0 đã có trong sổ văn bản · 5 mới thêm")
    expect(review.part("read-sections")).to_contain_text("5 mục lớn")
    expect(review.part("unmatched")).to_contain_text("Mọi đơn vị được phân công đều đã khớp")
    # «Các cơ quan báo chí …» was read as every press unit of the city; the plan means the
    # city's broadcaster.
    review.map_unit(
        "Các cơ quan báo chí, truyền thông của Thành phố",
        "Báo và Phát thanh, Truyền hình Hà Nội",
        search="Phát thanh",
    )
    expect(review.part("read-assignments")).to_contain_text("Báo và Phát thanh, Truyền hình Hà Nội")

    editor = review.open_editor()
    expect(page.locator("#import-banner")).to_contain_text("bấm «Lưu» để giữ lại bản nhập này")
    plan_page = editor.save_and_view()
    expect(page.locator("#import-banner")).to_have_count(0)
    expect(plan_page.document).to_contain_text("Số: 179/KH-UBND")
    expect(plan_page.document).to_contain_text(
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"
    )
    expect(plan_page.document).to_contain_text("8. Trân trọng đề nghị Ủy ban Mặt trận Tổ quốc")

    plan = Plan.objects.get()
    assert PlanImport.objects.get(plan=plan).kept_at is not None
    assert_same_plan_as_demo(plan, "plan-hn-179.toml")


def test_a_commune_officer_settles_the_unmatched_units_then_discards_the_import(
    login_as, live_server, world
):
    page = login_as(world.kp_officer)
    review = PlanImportUploadPage.from_plan_list(page, live_server.url).upload(
        FIXTURES / "commune_clean.txt", name="ke-hoach-27.txt"
    )
    expect(review.part("read-assignments")).to_contain_text("3 đơn vị chưa khớp")

    review.map_unit("Trung tâm Dịch vụ tổng hợp", "Phòng Văn hóa - Xã hội", search="Văn hóa")
    review.create_unit("Công an xã", name="Công an xã Kiều Phú", kind="Phòng, văn phòng")
    expect(review.part("read-assignments")).to_contain_text("1 đơn vị chưa khớp")
    assert Unit.objects.get(name="Công an xã Kiều Phú").organisation == world.kp

    upload = review.discard()
    upload.expect_message("Đã hủy bản nhập «ke-hoach-27.txt»")
    expect(page.get_by_text("Không có bản nhập nào đang chờ.")).to_be_visible()
    assert not Plan.objects.exists()
    assert not Unit.objects.filter(name="Công an xã Kiều Phú").exists()


def test_a_broken_word_file_is_refused_in_the_browser_with_the_reason(
    login_as, live_server, world, tmp_path
):
    broken = tmp_path / "ke-hoach.docx"
    broken.write_bytes(b"PK\x03\x04 not a real Word file")
    page = login_as(world.kp_officer)
    upload = PlanImportUploadPage.from_plan_list(page, live_server.url)
    upload.page.get_by_label("Văn bản kế hoạch (.txt, .docx hoặc .pdf)").set_input_files(
        str(broken)
    )
    upload.page.get_by_role("button", name="Đọc văn bản và tạo dự thảo").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("Tệp .docx bị hỏng")
    assert not Plan.objects.exists()
