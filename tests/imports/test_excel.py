"""Nhập/xuất Excel through the pages: templates, previews with Vietnamese row errors, nothing
written unless every row is valid, exports scoped to the organisation and safe to open."""

import datetime
import re

import openpyxl.xml
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, ActivityStatus
from plans.models import LegalDocument, Target
from tests.factories import (
    LegalDocumentFactory,
    PlanFactory,
    UserFactory,
    outreach_form,
)
from units.models import Unit, User

from .excel import read, sheet_cells, xlsx

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Thuộc đơn vị (mã)"]
USER_HEADERS = ["Tên đăng nhập", "Họ và tên", "Đơn vị (mã)", "Vai trò"]
ACTIVITY_HEADERS = [
    "Kế hoạch",
    "Đơn vị thực hiện (mã)",
    "Hình thức (mã)",
    "Ngày thực hiện",
    "Tên hoạt động",
    "Số lượng",
]
TARGET_HEADERS = ["Kế hoạch", "Chỉ tiêu", "Giá trị chỉ tiêu"]
DOCUMENT_HEADERS = ["Loại văn bản", "Số, ký hiệu", "Ngày ban hành", "Cơ quan ban hành"]


def upload(client, kind, data, name="du-lieu.xlsx"):
    return client.post(f"/imports/{kind}/import/", {"file": SimpleUploadedFile(name, data)})


def errors_of(response):
    html = response.content.decode()
    return [re.sub(r"\s+", " ", e).strip() for e in re.findall(r"<li>(Dòng.*?)</li>", html, re.S)]


def confirm_url(response):
    found = re.findall(r'action="(/imports/[\w-]+/import/\w+/)"', response.content.decode())
    return found[0] if found else None


@pytest.fixture
def gv_plan(world):
    return PlanFactory(issuer=world.gv, issued=True, number=36, symbol="KH-UBND")


# --------------------------------------------------------------------------- templates
@pytest.mark.parametrize("kind", ["units", "users", "legal-documents", "activities", "targets"])
def test_a_blank_template_has_the_columns_and_a_guide_of_the_organisations_codes(
    client_for, world, kind
):
    response = client_for(world.kp_leader).get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="mau-{kind}.xlsx"'
    rows = read(response.content)
    assert len(rows) == 1 and all(rows[0])
    guide = [cell for row in read(response.content, 1) for cell in row if cell]
    assert "Ủy ban nhân dân xã Kiều Phú" in guide[0]
    if kind in {"units", "users", "activities"}:
        assert "T-KP-VHXH" in guide
    assert not any("T-GV" in str(cell) for cell in guide)


def test_neither_the_user_template_nor_its_export_has_a_password_column(client_for, world):
    client = client_for(world.kp_leader)
    for url in ("/imports/users/template.xlsx", "/imports/users/export.xlsx"):
        content = client.get(url).content
        headers = read(content)[0]
        assert not any("mật khẩu" in h.lower() or "password" in h.lower() for h in headers)
        assert world.kp_leader.password not in str(read(content))


# --------------------------------------------------------------------------- units
def test_units_are_previewed_then_written_only_after_confirming(client_for, world):
    client = client_for(world.kp_leader)
    data = xlsx(
        UNIT_HEADERS,
        [
            ["T-KP-KT", "Phòng Kinh tế", "Phòng, văn phòng", ""],
            ["T-KP-CNS1", "Tổ công nghệ số thôn Phú Hữu", "tổ công nghệ số cộng đồng", "T-KP-T1"],
        ],
    )
    preview = upload(client, "units", data)
    assert "Mọi dòng đều hợp lệ" in preview.content.decode()
    assert '<th scope="col">Thuộc đơn vị (mã)</th>' in preview.content.decode()
    assert not Unit.objects.filter(code="T-KP-KT").exists()

    done = client.post(confirm_url(preview), follow=True)
    assert "Đã nhập 2 dòng đơn vị: 2 dòng mới" in done.content.decode()
    team = Unit.objects.get(code="T-KP-CNS1")
    assert team.organisation == world.kp
    assert Unit.objects.get_parent(team) == world.kp_village
    assert Unit.objects.get(code="T-KP-KT").is_active


def test_a_unit_row_under_another_organisation_is_an_error_and_nothing_is_written(
    client_for, world
):
    client = client_for(world.kp_leader)
    data = xlsx(
        UNIT_HEADERS,
        [
            ["T-KP-KT", "Phòng Kinh tế", "Phòng, văn phòng", ""],
            ["T-KP-X", "Tổ X", "Hội đồng", "T-GV-VHXH"],
            ["T-GV-VHXH", "Đổi tên phòng của Gia Viên", "Phòng, văn phòng", ""],
        ],
    )
    response = upload(client, "units", data)
    errors = errors_of(response)
    assert "Dòng 3 · cột «Loại đơn vị»: «Hội đồng» không có trong danh sách" in errors[0]
    assert any("Không có đơn vị mã «T-GV-VHXH» trong cơ quan của bạn." in e for e in errors)
    assert not any(e.startswith("Dòng 4") for e in errors)  # Gia Viên's code: see below
    assert confirm_url(response) is None
    assert not Unit.objects.filter(code__in=["T-KP-KT", "T-KP-X"]).exists()
    assert Unit.objects.get(code="T-GV-VHXH").name == "Phòng Văn hóa - Xã hội phường"


def test_a_code_used_in_another_organisation_is_neither_revealed_nor_touched(client_for, world):
    """Codes are unique inside an organisation: Kiều Phú may use Gia Viên's code for a unit
    of its own, so the import cannot tell that the code exists there."""
    client = client_for(world.kp_leader)
    data = xlsx(UNIT_HEADERS, [["T-GV-VHXH", "Tổ truyền thông", "Phòng, văn phòng", ""]])

    preview = upload(client, "units", data)
    assert "Mọi dòng đều hợp lệ" in preview.content.decode()
    assert "1 dòng mới" in client.post(confirm_url(preview), follow=True).content.decode()

    ours = Unit.objects.get(code="T-GV-VHXH", organisation=world.kp)
    assert ours.name == "Tổ truyền thông"
    assert Unit.objects.get(code="T-GV-VHXH", organisation=world.gv).name == (
        "Phòng Văn hóa - Xã hội phường"
    )


# --------------------------------------------------------------------------- users
def test_imported_users_get_no_usable_password_and_must_set_one(client_for, world):
    client = client_for(world.kp_leader)
    data = xlsx(
        USER_HEADERS + ["Mật khẩu"],
        [["kp.moi", "Trần Thị Mới", "T-KP-T1", "Trưởng đơn vị", "matkhau123"]],
    )
    client.post(confirm_url(upload(client, "users", data)))
    user = User.objects.get(username="kp.moi")
    assert user.unit == world.kp_village and user.role == "unit_head"
    assert not user.has_usable_password()
    assert not user.check_password("matkhau123")


def test_a_user_of_another_organisation_cannot_be_taken_over(client_for, world):
    client = client_for(world.kp_leader)
    data = xlsx(USER_HEADERS, [["gv.officer", "Đã đổi", "T-KP-VHXH", "Lãnh đạo"]])
    response = upload(client, "users", data)
    assert errors_of(response)
    assert confirm_url(response) is None
    world.gv_officer.refresh_from_db()
    assert world.gv_officer.unit == world.gv_office
    assert world.gv_officer.role == "officer"


def test_an_administrator_role_cannot_be_given_by_import(client_for, world):
    data = xlsx(USER_HEADERS, [["kp.quantri", "Quản trị", "T-KP", "Quản trị"]])
    errors = errors_of(upload(client_for(world.kp_leader), "users", data))
    assert "cột «Vai trò»" in errors[0]


def test_a_leader_cannot_take_over_an_administrators_account_by_import(client_for, world):
    admin = UserFactory(username="kp.quantri", unit=world.kp, role="admin", email="qt@kp.vn")
    data = xlsx(
        USER_HEADERS + ["Thư điện tử"],
        [["kp.quantri", "Quản trị", "T-KP", "Lãnh đạo", "leader-owns-it@example.com"]],
    )
    errors = errors_of(upload(client_for(world.kp_leader), "users", data))
    assert "Chỉ quản trị của cơ quan mới thay đổi được tài khoản quản trị." in errors[0]
    admin.refresh_from_db()
    assert admin.email == "qt@kp.vn" and admin.role == "admin"


def test_nobody_locks_themselves_out_by_import(client_for, world):
    data = xlsx(
        USER_HEADERS + ["Đang hoạt động"],
        [["kp.leader", "Lãnh đạo", "T-KP", "Lãnh đạo", "không"]],
    )
    errors = errors_of(upload(client_for(world.kp_leader), "users", data))
    assert "không thể tự khóa" in errors[0]
    world.kp_leader.refresh_from_db()
    assert world.kp_leader.is_active


# --------------------------------------------------------------------------- documents
def test_legal_documents_land_in_the_shared_registry_once(client_for, world, kp_plan):
    known = LegalDocumentFactory(number="57-NQ/TW", issuer="Bộ Chính trị")
    client = client_for(world.kp_officer)
    data = xlsx(
        DOCUMENT_HEADERS,
        [
            ["Nghị quyết", "57- NQ/TW", "22/12/2024", "Bộ Chính trị"],
            ["quyet dinh", "1169/QĐ-TTg", "16/06/2025", "Thủ tướng Chính phủ"],
        ],
    )
    client.post(confirm_url(upload(client, "legal-documents", data)))
    assert LegalDocument.objects.filter(number_key=known.number_key).count() == 1
    decision = LegalDocument.objects.get(number="1169/QĐ-TTg")
    assert (decision.kind, decision.issued_on) == ("decision", datetime.date(2025, 6, 16))


def test_a_bad_date_is_explained_in_vietnamese(client_for, world):
    data = xlsx(DOCUMENT_HEADERS, [["Nghị quyết", "05-NQ/ĐU", "31/02/2026", ""]])
    errors = errors_of(upload(client_for(world.kp_officer), "legal-documents", data))
    assert errors == ["Dòng 2 · cột «Ngày ban hành»: Ngày «31/02/2026» không đúng dạng dd/mm/yyyy."]


# --------------------------------------------------------------------------- activities
def test_activities_are_imported_for_the_organisations_plans_and_units(client_for, world, kp_plan):
    client = client_for(world.kp_officer)
    data = xlsx(
        ACTIVITY_HEADERS,
        [
            ["12/KH-UBND", "T-KP-VHXH", "loudspeaker", "05/03/2026", "Phát thanh tuần 1", 2],
            ["12/KH-UBND", "T-KP-T1", "banner", datetime.date(2026, 3, 6), "Treo băng rôn", "3"],
        ],
    )
    client.post(confirm_url(upload(client, "activities", data)))
    broadcast = Activity.objects.get(title="Phát thanh tuần 1")
    assert broadcast.plan == kp_plan and broadcast.quantity == 2
    assert broadcast.status == ActivityStatus.SUBMITTED
    assert broadcast.created_by == world.kp_officer
    assert broadcast.assignment.unit == world.kp_office
    assert Activity.objects.get(title="Treo băng rôn").date == datetime.date(2026, 3, 6)


def test_activity_rows_naming_another_organisations_plan_or_unit_are_errors(
    client_for, world, kp_plan, gv_plan
):
    client = client_for(world.kp_officer)
    data = xlsx(
        ACTIVITY_HEADERS,
        [
            ["12/KH-UBND", "T-KP-VHXH", "loudspeaker", "05/03/2026", "Hợp lệ", 1],
            ["36/KH-UBND", "T-KP-VHXH", "loudspeaker", "05/03/2026", "Kế hoạch Gia Viên", 1],
            ["12/KH-UBND", "T-GV-VHXH", "loudspeaker", "05/03/2026", "Phòng Gia Viên", 1],
            ["12/KH-UBND", "T-KP-VHXH", "khong-co", "05/03/2026", "Sai hình thức", "-1"],
        ],
    )
    response = upload(client, "activities", data)
    errors = errors_of(response)
    assert "Dòng 3 · cột «Kế hoạch»: Không có kế hoạch «36/KH-UBND» của cơ quan bạn." in errors
    unit_error = "Không có đơn vị mã «T-GV-VHXH» trong cơ quan của bạn."
    assert f"Dòng 4 · cột «Đơn vị thực hiện (mã)»: {unit_error}" in errors
    assert any(e.startswith("Dòng 5 · cột «Hình thức (mã)»") for e in errors)
    assert any(e.startswith("Dòng 5 · cột «Số lượng»") for e in errors)
    assert not Activity.objects.exists()


def test_another_organisations_activity_cannot_be_overwritten_by_its_id(client_for, world, gv_plan):
    theirs = Activity.objects.create(
        unit=world.gv_office,
        plan=gv_plan,
        form=outreach_form("loudspeaker"),
        date=datetime.date(2026, 3, 1),
        title="Của Gia Viên",
    )
    headers = ["Mã hoạt động (để trống nếu thêm mới)", *ACTIVITY_HEADERS]
    data = xlsx(headers, [[theirs.pk, "#1", "T-KP-VHXH", "loudspeaker", "01/03/2026", "Đè", 1]])
    errors = errors_of(upload(client_for(world.kp_officer), "activities", data))
    assert f"Không có dòng mã «{theirs.pk}» trong dữ liệu của cơ quan bạn" in errors[0]
    theirs.refresh_from_db()
    assert theirs.title == "Của Gia Viên"


# --------------------------------------------------------------------------- targets
def test_targets_go_into_draft_plans_only(client_for, world, kp_plan):
    draft = PlanFactory(issuer=world.kp)
    client = client_for(world.kp_officer)
    data = xlsx(
        TARGET_HEADERS,
        [[f"#{draft.pk}", "Tỷ lệ người dân có kỹ năng số cơ bản", "80"]],
    )
    client.post(confirm_url(upload(client, "targets", data)))
    assert Target.objects.get(plan=draft).target_value == 80

    data = xlsx(TARGET_HEADERS, [["12/KH-UBND", "Chỉ tiêu mới", "5"]])
    errors = errors_of(upload(client, "targets", data))
    assert errors == [
        "Dòng 2 · cột «Kế hoạch»: Kế hoạch 12/KH-UBND đã ban hành, không sửa chỉ tiêu được."
    ]


# --------------------------------------------------------------------------- files
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.xlsx", "Tệp trống"),
        (b"plain text", "a.csv", "Chỉ nhận tệp Excel .xlsx"),
        (b"not a zip at all", "a.xlsx", "không phải tệp Excel (.xlsx) hoặc đã bị hỏng"),
        (xlsx(["Cột lạ"], [["x"]]), "a.xlsx", "Thiếu cột"),
        (xlsx(UNIT_HEADERS, []), "a.xlsx", "không có dòng dữ liệu"),
    ],
    ids=["empty", "csv", "broken", "wrong-columns", "no-rows"],
)
def test_a_broken_upload_is_refused_with_the_reason(client_for, world, data, name, message):
    response = upload(client_for(world.kp_leader), "units", data, name=name)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert confirm_url(response) is None


def test_an_oversized_workbook_is_refused(client_for, world, settings):
    big = b"PK" + b"0" * (5 * 1024 * 1024)
    response = upload(client_for(world.kp_leader), "units", big)
    assert "Tệp quá lớn" in response.content.decode()


def test_workbooks_are_parsed_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


# --------------------------------------------------------------------------- exports
def test_exports_neutralise_formulas(client_for, world, kp_plan):
    for k, title in enumerate(['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tcmd"]):
        Activity.objects.create(
            unit=world.kp_office,
            plan=kp_plan,
            form=outreach_form("loudspeaker"),
            date=datetime.date(2026, 3, 1 + k),
            title=title,
            place="=1+2",
        )
    content = client_for(world.kp_officer).get("/imports/activities/export.xlsx").content
    cells = [cell for row in sheet_cells(content)[1:] for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    titles = [row[5] for row in read(content)[1:]]
    assert titles == ['\'=HYPERLINK("http://x")', "'+1+1", "'-2", "'@SUM(A1)", "'\tcmd"]


def test_an_exported_file_imports_back_unchanged(client_for, world, kp_plan):
    Activity.objects.create(
        unit=world.kp_office,
        plan=kp_plan,
        form=outreach_form("loudspeaker"),
        date=datetime.date(2026, 3, 1),
        title="=Phát thanh",
        quantity=4,
    )
    client = client_for(world.kp_officer)
    exported = client.get("/imports/activities/export.xlsx").content
    preview = upload(client, "activities", exported)
    assert "1 dòng cập nhật" in preview.content.decode()
    client.post(confirm_url(preview))
    assert Activity.objects.get().title == "=Phát thanh"


def test_exports_hold_only_the_users_organisation(client_for, world, kp_plan, gv_plan):
    for plan, unit in ((kp_plan, world.kp_office), (gv_plan, world.gv_office)):
        Activity.objects.create(
            unit=unit,
            plan=plan,
            form=outreach_form("loudspeaker"),
            date=datetime.date(2026, 3, 1),
            title=f"Của {unit.organisation.name}",
        )
    gv = client_for(world.gv_officer)
    for kind in ("units", "activities", "legal-documents", "targets"):
        text = str(read(gv.get(f"/imports/{kind}/export.xlsx").content))
        assert "T-KP" not in text and "Kiều Phú" not in text
    text = str(read(gv.get("/imports/activities/export.xlsx").content))
    assert "Của Phường Gia Viên" in text


def test_the_export_needs_no_query_per_row(
    client_for, world, kp_plan, django_assert_max_num_queries
):
    for k in range(30):
        Activity.objects.create(
            unit=world.kp_village if k % 2 else world.kp_office,
            plan=kp_plan,
            form=outreach_form("banner" if k % 3 else "loudspeaker"),
            date=datetime.date(2026, 3, 1),
            title=f"Hoạt động {k}",
        )
        Target.objects.create(plan=kp_plan, indicator=f"Chỉ tiêu {k}", target_value=k, form=None)
    client = client_for(world.kp_leader)
    for kind in ("activities", "targets", "units", "users"):
        with django_assert_max_num_queries(8):
            assert client.get(f"/imports/{kind}/export.xlsx").status_code == 200


# --------------------------------------------------------------------------- access
@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("kp_officer", "/imports/units/import/", 403),
        ("kp_officer", "/imports/users/export.xlsx", 403),
        ("kp_head", "/imports/activities/import/", 403),
        ("kp_head", "/imports/targets/template.xlsx", 403),
        ("kp_officer", "/imports/activities/import/", 200),
        ("kp_leader", "/imports/users/import/", 200),
        ("kp_officer", "/imports/khong-co/import/", 404),
    ],
)
def test_who_may_import_and_export_what(client_for, world, user, url, status):
    assert client_for(getattr(world, user)).get(url).status_code == status


def test_a_pending_import_of_one_user_cannot_be_confirmed_by_another(client, world):
    client.force_login(world.kp_leader)
    preview = upload(
        client, "units", xlsx(UNIT_HEADERS, [["T-KP-KT", "Phòng Kinh tế", "Phòng, văn phòng", ""]])
    )
    url = confirm_url(preview)
    client.force_login(world.gv_leader)
    assert client.post(url.replace("/units/", "/units/")).status_code == 404
    assert not Unit.objects.filter(code="T-KP-KT").exists()


def test_a_superior_leader_cannot_import_into_a_commune(client_for, world):
    client = client_for(world.hn_leader)
    data = xlsx(UNIT_HEADERS, [["T-KP-KT", "Phòng Kinh tế", "Phòng, văn phòng", "T-KP"]])
    response = upload(client, "units", data)
    assert "Không có đơn vị mã «T-KP» trong cơ quan của bạn." in " ".join(errors_of(response))
    data = xlsx(USER_HEADERS, [["kp.officer", "Đổi tên", "T-KP-VHXH", "Lãnh đạo"]])
    assert errors_of(upload(client, "users", data))
    assert not Unit.objects.filter(code="T-KP-KT").exists()
    world.kp_officer.refresh_from_db()
    assert world.kp_officer.role == "officer"
    text = str(read(client.get("/imports/units/export.xlsx").content))
    assert "T-KP" not in text


def test_the_page_lists_what_the_user_may_do(client_for, world):
    html = client_for(world.kp_officer).get("/imports/").content.decode()
    assert "Nhập hoạt động" in html and "Tải tệp mẫu hoạt động" in html
    assert "Nhập đơn vị" not in html
    assert 'href="/imports/"' in html  # the navigation entry
