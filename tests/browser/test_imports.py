from tests.browser.pages_imports import ImportsPage, fill_template
from units.models import Unit


def test_an_officer_imports_units_after_fixing_the_rows_the_preview_rejects(
    login_as, world, live_server, tmp_path
):
    page = login_as(world.kp_leader)
    imports = ImportsPage(page, live_server.url).open_from_menu().start_import("đơn vị")
    template = imports.download_template("đơn vị", tmp_path)
    assert template.name == "mau-units.xlsx"

    good = {
        "Mã đơn vị": "T-KP-KT",
        "Tên đơn vị": "Phòng Kinh tế",
        "Loại đơn vị": "Phòng, văn phòng",
    }
    wrong = {
        "Mã đơn vị": "T-KP-CNS",
        "Tên đơn vị": "Tổ công nghệ số thôn Phú Hữu",
        "Loại đơn vị": "Tổ công nghệ số cộng đồng",
        "Thuộc đơn vị (mã)": "T-GV-VHXH",
    }
    imports.upload(fill_template(template, [good, wrong], tmp_path / "loi.xlsx"))
    imports.expect_errors(
        "Dòng 3 · cột «Thuộc đơn vị (mã)»: Không có đơn vị mã «T-GV-VHXH» trong cơ quan của bạn."
    )
    assert not Unit.objects.filter(code__in=["T-KP-KT", "T-KP-CNS"]).exists()

    fixed = {**wrong, "Thuộc đơn vị (mã)": "T-KP-T1"}
    imports.upload(fill_template(template, [good, fixed], tmp_path / "dung.xlsx"))
    imports.confirm(2).expect_done("Đã nhập 2 dòng đơn vị: 2 dòng mới")
    team = Unit.objects.get(code="T-KP-CNS")
    assert Unit.objects.get_parent(team) == world.kp_village
