"""Plans uploaded as documents in the interface: the upload, the review (what was read, the
unmatched units mapped or created), keeping the draft by saving it in the editor, discarding
it, and who may do what."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from planreader import MAX_TEXT_BYTES, AssignmentReading, PlanReading, SectionReading, read_plan
from plans.demo.load_plans import DEMO_DIR, load_plan_file
from plans.demo.load_units import load_units
from plans.document_import.services import plan_import_draft
from plans.models import (
    Assignment,
    ContentSection,
    LegalBasis,
    LegalDocument,
    Plan,
    PlanImport,
    PlanStatus,
    Target,
)
from plans.services import legal_basis_add, legal_document_for_plan
from tests.factories import PlanFactory, UserFactory
from tests.planreader.conftest import FIXTURES, SEEDS
from tests.plans.conftest import editor_data
from units.models import Role, Unit

from .demo_plan import assert_same_plan_as_demo

UPLOAD = reverse("plans:import_upload")


def upload_file(client, name, content):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def seed_bytes(name):
    return (SEEDS / f"{name}.txt").read_bytes()


def review_url(plan):
    return reverse("plans:import_review", args=[plan.pk])


def map_url(assignment):
    return reverse("plans:import_map", args=[assignment.plan_id, assignment.pk])


def create_url(assignment):
    return reverse("plans:import_create_unit", args=[assignment.plan_id, assignment.pk])


def discard_url(plan):
    return reverse("plans:import_discard", args=[plan.pk])


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Plan,
            PlanImport,
            LegalDocument,
            LegalBasis,
            ContentSection,
            Assignment,
            Unit,
        )
    }


@pytest.fixture
def demo(db):
    """The demo's unit tree and an officer of each organisation that issued a seed plan."""
    load_units()
    units = {unit.code: unit for unit in Unit.objects.all()}

    def officer(code, unit_code):
        return UserFactory(username=code, unit=units[unit_code], role=Role.OFFICER)

    return {
        "units": units,
        "HN": officer("hn.officer", "HN-VPUBND"),
        "HN-TTPVHCC": officer("ttpvhcc.officer", "HN-TTPVHCC-VP"),
        "HP-GIAVIEN": officer("gv.demo.officer", "HP-GIAVIEN-VHXH"),
    }


@pytest.fixture
def kp_import(world, client_for):
    """Kiều Phú's officer uploaded the clean commune plan: three units did not match."""
    client = client_for(world.kp_officer)
    response = upload_file(client, "ke-hoach-27.txt", (FIXTURES / "commune_clean.txt").read_bytes())
    plan = Plan.objects.get(issuer=world.kp)
    assert response.status_code == 302 and response.url == review_url(plan)
    return plan


def unmatched(plan, label):
    return plan.assignments.get(label=label, unit=None)


# ---------------------------------------------------------------- upload


@pytest.mark.parametrize(
    ("seed", "organisation", "number"),
    [
        ("002_c9be10df9160e118", "HN", 179),
        ("000_9285562aa3143336", "HN-TTPVHCC", 50),
        ("004_5f6748069cf486e8", "HP-GIAVIEN", 36),
    ],
)
def test_each_seed_uploaded_by_its_organisation_becomes_a_draft_under_review(
    demo, client, seed, organisation, number
):
    client.force_login(demo[organisation])
    response = upload_file(client, f"{seed}.txt", seed_bytes(seed))

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == review_url(plan)
    assert plan.issuer.code == organisation
    assert plan.status == PlanStatus.DRAFT
    assert plan.number == number
    assert plan.created_by == demo[organisation]
    record = plan.source_import
    assert record.is_pending and record.filename == f"{seed}.txt"
    assert plan.sections.exists() and plan.assignments.exists()
    # Every unit these plans name exists in the demo's tree.
    assert not plan.assignments.filter(unit=None).exists()

    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dự thảo đang chờ rà soát" in html
    assert plan.number_display in html
    assert "Mọi đơn vị được phân công đều đã khớp" in html
    for assignment in plan.assignments.filter(includes_subunits=True):
        assert f'id="group-{assignment.pk}"' in html


def test_the_city_uploads_179_and_after_the_review_has_the_plan_the_demo_has(demo, client):
    client.force_login(demo["HN"])
    upload_file(client, "179-KH-UBND.txt", seed_bytes("002_c9be10df9160e118"))
    plan = Plan.objects.get()
    press = plan.assignments.get(label="Các cơ quan báo chí, truyền thông của Thành phố")
    assert press.includes_subunits and press.subunit_kinds == "press"

    # The review reads «Các cơ quan báo chí …» as every press unit of the city; the demo
    # gives it to the city's broadcaster: the officer picks it.
    client.post(map_url(press), {f"map-{press.pk}-unit": demo["units"]["HN-PTTH"].pk})
    response = client.post(
        reverse("plans:edit", args=[plan.pk]), editor_data(plan, demo["HN"], then="view")
    )
    assert response.status_code == 302
    assert response.url == reverse("plans:detail", args=[plan.pk])

    plan.refresh_from_db()
    assert plan.source_import.kept_at is not None
    assert_same_plan_as_demo(plan, "plan-hn-179.toml")


def test_a_group_read_from_the_document_covers_the_communes_it_names(demo):
    draft = plan_import_draft(
        reading=read_plan(seed_bytes("002_c9be10df9160e118").decode()),
        organisation=demo["units"]["HN"],
    )
    group = draft.plan.assignments.get(label="Các Sở, ban, ngành Thành phố; chính quyền cấp cơ sở")
    assert group.subunit_kinds == "agency,commune"
    assert group.covers(demo["units"]["HN-KIEUPHU"])
    assert group.covers(demo["units"]["HN-SKHCN"])
    assert not group.covers(demo["units"]["HN-KIEUPHU-VHXH"])

    communes = plan_import_draft(
        reading=PlanReading(
            title="Tuyên truyền",
            sections=[SectionReading(label="I", title="TỔ CHỨC THỰC HIỆN", kind="assignments")],
            assignments=[AssignmentReading(unit="Các xã, phường", role="lead")],
        ),
        organisation=demo["units"]["HN"],
    ).plan.assignments.get()
    assert communes.subunit_kinds == "commune"
    assert communes.covers(demo["units"]["HN-KIEUPHU"])
    assert not communes.covers(demo["units"]["HN-SKHCN"])


def test_an_ocr_upload_is_flagged_for_a_careful_spelling_check(demo, client):
    client.force_login(demo["HP-GIAVIEN"])
    upload_file(client, "36.txt", seed_bytes("004_5f6748069cf486e8"))
    plan = Plan.objects.get()
    assert plan.source_import.ocr
    assert "bản quét OCR" in client.get(review_url(plan)).content.decode()


def test_a_word_document_is_read_like_text(world, client_for):
    client = client_for(world.kp_officer)
    response = upload_file(client, "ke-hoach.docx", (FIXTURES / "ward_table.docx").read_bytes())
    plan = Plan.objects.get(issuer=world.kp)
    assert response.url == review_url(plan)
    assert plan.number == 9
    assert plan.source_import.filename == "ke-hoach.docx"


def test_the_review_says_which_legal_bases_were_in_the_registry_and_which_were_added(demo, client):
    client.force_login(demo["HN"])
    upload_file(client, "179.txt", seed_bytes("002_c9be10df9160e118"))
    first = Plan.objects.get()
    html = client.get(review_url(first)).content.decode()
    assert "0 đã có trong sổ văn bản · 5 mới thêm vào sổ" in html
    assert f"Nội dung: {first.sections.count()} mục, 5 mục lớn" in html
    assert "mọi đơn vị đã khớp" in html
    assert "Giao cho nhóm đơn vị: kiểm tra lại" in html

    client.force_login(demo["HN-TTPVHCC"])
    upload_file(client, "50.txt", seed_bytes("000_9285562aa3143336"))
    second = Plan.objects.exclude(pk=first.pk).get()
    html = client.get(review_url(second)).content.decode()
    assert "5 đã có trong sổ văn bản · 1 mới thêm vào sổ" in html
    assert html.count("Mới thêm vào sổ") == 1
    assert "Mọi đơn vị được phân công đều đã khớp" in html
    assert {d.number for d in second.source_import.new_documents.all()} == {"179/KH-UBND"}


def test_a_number_already_used_is_left_for_the_officer_and_said_on_the_review(world, client_for):
    PlanFactory(issuer=world.kp, issued=True, number=27, issued_on=datetime.date(2026, 1, 5))
    client = client_for(world.kp_officer)
    upload_file(client, "27.txt", (FIXTURES / "commune_clean.txt").read_bytes())
    plan = Plan.objects.get(issuer=world.kp, status=PlanStatus.DRAFT)
    assert plan.number is None
    assert "27/KH-UBND đã được dùng trong năm" in client.get(review_url(plan)).content.decode()


def test_a_commune_plan_citing_its_citys_plan_in_loa_implements_it(world, client_for):
    city_plan = PlanFactory(
        issuer=world.hn,
        issued=True,
        number=179,
        issued_on=datetime.date(2025, 7, 8),
        title="Tuyên truyền thực hiện Nghị quyết số 57-NQ/TW",
    )
    legal_document_for_plan(plan=city_plan)

    client = client_for(world.kp_officer)
    upload_file(client, "27.txt", (FIXTURES / "commune_clean.txt").read_bytes())

    plan = Plan.objects.get(issuer=world.kp)
    assert plan.superior_plan == city_plan
    html = client.get(review_url(plan)).content.decode()
    assert reverse("plans:detail", args=[city_plan.pk]) in html
    assert "Kế hoạch số 179/KH-UBND của Thành phố Hà Nội" in html


def test_the_centres_plan_implements_hanois_179_loaded_by_the_demo(demo, client):
    city_plan, _ = load_plan_file(DEMO_DIR / "plan-hn-179.toml")
    client.force_login(demo["HN-TTPVHCC"])
    upload_file(client, "50.txt", seed_bytes("000_9285562aa3143336"))
    plan = Plan.objects.get(issuer__code="HN-TTPVHCC")
    assert plan.superior_plan == city_plan
    # 179/KH-UBND was in the registry already (the demo issued it), so nothing was added.
    assert not plan.source_import.new_documents.exists()


FAKE_DOCX = io.BytesIO()
with zipfile.ZipFile(FAKE_DOCX, "w") as archive:
    archive.writestr("[Content_Types].xml", "<Types/>")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("ke-hoach.txt", b"", "Tệp trống"),
        ("ke-hoach.txt", b"   \n\n  \n", "Tệp trống"),
        ("ke-hoach.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40, "nhị phân"),
        ("ke-hoach.txt", b"a" * (MAX_TEXT_BYTES + 1), "Tệp quá lớn"),
        ("ke-hoach.txt", "Kế hoạch của Hà Nam".encode("cp1258", "replace"), "UTF-8"),
        ("ke-hoach.docx", b"PK\x03\x04 this is not really a zip", "Tệp .docx bị hỏng"),
        ("ke-hoach.docx", FAKE_DOCX.getvalue(), "Tệp .docx bị hỏng"),
        ("ke-hoach.pdf", b"%PDF-1.7\n", "Tệp .pdf bị hỏng"),
        ("ke-hoach.odt", b"PK\x03\x04", "Chỉ nhận văn bản dạng .txt, .docx hoặc .pdf"),
        (
            "ghi-chu.txt",
            "Danh sách việc cần làm\nMua giấy in, mực in.\nGọi điện cho anh Nam.".encode(),
            "Không nhận ra kế hoạch",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_plan_is_refused_with_the_reason_and_nothing_written(
    world, client_for, name, content, reason
):
    before = counts()
    response = upload_file(client_for(world.kp_officer), name, content)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert counts() == before


def test_an_upload_without_a_file_asks_for_one(world, client_for):
    response = client_for(world.kp_officer).post(UPLOAD, {})
    assert "Chọn tệp văn bản kế hoạch để tải lên." in response.content.decode()
    assert not Plan.objects.exists()


def test_the_command_refuses_a_text_with_nothing_of_a_plan_and_creates_nothing(world, tmp_path):
    path = tmp_path / "ghi-chu.txt"
    path.write_text("Danh sách việc cần làm\nMua giấy in.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Không nhận ra kế hoạch"):
        call_command("import_plan", str(path), "--unit", "T-KP")
    assert not Plan.objects.exists()


def test_officers_find_the_upload_on_the_plan_list_and_the_import_page(world, client_for):
    client = client_for(world.kp_officer)
    assert UPLOAD in client.get(reverse("plans:list")).content.decode()
    assert UPLOAD in client.get(reverse("imports:index")).content.decode()
    assert client.get(UPLOAD).status_code == 200


def test_a_unit_head_neither_sees_nor_opens_the_upload(world, client_for):
    client = client_for(world.kp_head)
    assert UPLOAD not in client.get(reverse("plans:list")).content.decode()
    assert UPLOAD not in client.get(reverse("imports:index")).content.decode()
    assert client.get(UPLOAD).status_code == 403
    response = upload_file(client, "27.txt", (FIXTURES / "commune_clean.txt").read_bytes())
    assert response.status_code == 403
    assert not Plan.objects.exists()


# ---------------------------------------------------------------- review: map or create


def test_an_unmatched_unit_is_mapped_to_one_of_the_communes_units(world, client_for, kp_import):
    client = client_for(world.kp_officer)
    centre = unmatched(kp_import, "Trung tâm Dịch vụ tổng hợp")
    version = kp_import.version

    response = client.post(map_url(centre), {f"map-{centre.pk}-unit": world.kp_office.pk})

    assert response.status_code == 302
    assert response.url == review_url(kp_import) + "#unmatched"
    centre.refresh_from_db()
    assert centre.unit == world.kp_office
    kp_import.refresh_from_db()
    assert kp_import.version == version + 1  # an editor opened before must reload
    html = client.get(response.url).content.decode()
    assert f'id="unmatched-{centre.pk}"' not in html
    assert "2 đơn vị chưa khớp" in html


def test_the_picker_offers_only_units_the_commune_can_assign(world, client_for, kp_import):
    html = client_for(world.kp_officer).get(review_url(kp_import)).content.decode()
    assert "Phòng Văn hóa - Xã hội" in html
    assert "Thôn Phú Hữu" in html
    assert "Phòng Văn hóa - Xã hội phường" not in html  # Gia Viên's office
    assert world.pt.name not in html


def test_mapping_to_another_communes_unit_is_refused_and_changes_nothing(
    world, client_for, kp_import
):
    centre = unmatched(kp_import, "Trung tâm Dịch vụ tổng hợp")
    response = client_for(world.kp_officer).post(
        map_url(centre), {f"map-{centre.pk}-unit": world.gv_office.pk}
    )
    assert response.status_code == 200
    assert "Đơn vị này không thuộc cơ quan ban hành kế hoạch." in response.content.decode()
    centre.refresh_from_db()
    assert centre.unit is None


def test_the_unit_is_created_in_the_commune_and_remembered_for_a_discard(
    world, client_for, kp_import
):
    police = unmatched(kp_import, "Công an xã")
    response = client_for(world.kp_officer).post(
        create_url(police),
        {f"new-{police.pk}-name": "Công an xã Kiều Phú", f"new-{police.pk}-kind": "office"},
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.unit.name == "Công an xã Kiều Phú"
    assert police.unit.kind == "office"
    assert police.unit.organisation == world.kp
    assert list(kp_import.source_import.created_units.all()) == [police.unit]


def test_the_create_form_suggests_the_name_and_kind_from_the_document(world, client_for, kp_import):
    front = unmatched(kp_import, "Ủy ban MTTQ Việt Nam xã và các đoàn thể chính trị - xã hội")
    response = client_for(world.kp_officer).get(review_url(kp_import))
    form = next(
        r["create_form"] for r in response.context["unmatched_rows"] if r["assignment"] == front
    )
    assert form.initial == {"name": front.label, "kind": "mass_org"}


def test_a_failed_create_keeps_what_was_typed_and_says_why(world, client_for, kp_import):
    police = unmatched(kp_import, "Công an xã")
    before = Unit.objects.count()
    response = client_for(world.kp_officer).post(
        create_url(police), {f"new-{police.pk}-name": "  ", f"new-{police.pk}-kind": "village"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nhập tên đơn vị." in html
    assert '<option value="village" selected>' in html
    assert Unit.objects.count() == before

    response = client_for(world.kp_officer).post(
        create_url(police), {f"new-{police.pk}-name": "Xã mới", f"new-{police.pk}-kind": "commune"}
    )
    assert "Chọn loại đơn vị trong danh sách." in response.content.decode()
    assert Unit.objects.count() == before


# ---------------------------------------------------------------- keep or discard


def test_saving_in_the_editor_keeps_the_import(world, client_for, kp_import):
    client = client_for(world.kp_officer)
    html = client.get(reverse("plans:edit", args=[kp_import.pk])).content.decode()
    assert "bấm «Lưu» để giữ lại bản nhập này" in html
    assert (
        review_url(kp_import)
        in client.get(reverse("plans:detail", args=[kp_import.pk])).content.decode()
    )

    response = client.post(
        reverse("plans:edit", args=[kp_import.pk]), editor_data(kp_import, world.kp_officer)
    )
    assert response.status_code == 302

    record = PlanImport.objects.get(plan=kp_import)
    assert record.kept_at is not None and record.kept_by == world.kp_officer
    detail = client.get(reverse("plans:detail", args=[kp_import.pk])).content.decode()
    assert review_url(kp_import) not in detail
    # The review is over: its page leads to the plan, and it can no longer be discarded.
    response = client.get(review_url(kp_import))
    assert response.status_code == 302 and response.url == reverse(
        "plans:detail", args=[kp_import.pk]
    )
    client.post(discard_url(kp_import))
    assert Plan.objects.filter(pk=kp_import.pk).exists()


def test_issuing_an_imported_plan_offers_the_number_and_date_it_was_read_with(
    world, client_for, kp_import
):
    # The leader signs it (officers issue only where the organisation allows it).
    response = client_for(world.kp_leader).get(reverse("plans:issue", args=[kp_import.pk]))
    form = response.context["form"]
    assert form.initial["number"] == 27
    assert form.initial["issued_on"] == datetime.date(2026, 2, 12)


def test_discarding_removes_the_draft_and_what_was_created_only_for_it(
    world, client_for, kp_import
):
    client = client_for(world.kp_officer)
    police = unmatched(kp_import, "Công an xã")
    client.post(
        create_url(police),
        {f"new-{police.pk}-name": "Công an xã", f"new-{police.pk}-kind": "office"},
    )
    front = unmatched(kp_import, "Ủy ban MTTQ Việt Nam xã và các đoàn thể chính trị - xã hội")
    client.post(
        create_url(front),
        {f"new-{front.pk}-name": "Ủy ban MTTQ xã", f"new-{front.pk}-kind": "mass_org"},
    )
    front.refresh_from_db()
    # Meanwhile the front's chairwoman got her account: that unit is in use now.
    UserFactory(unit=front.unit, role=Role.UNIT_HEAD)
    # Another plan cites one of the documents the import added to the registry.
    added = list(kp_import.source_import.new_documents.order_by("number"))
    assert len(added) == 4
    other = PlanFactory(issuer=world.pt)
    legal_basis_add(plan=other, document=added[0], verb="pursuant")

    response = client.post(discard_url(kp_import))

    assert response.status_code == 302 and response.url == UPLOAD
    assert not Plan.objects.filter(pk=kp_import.pk).exists()
    assert not PlanImport.objects.exists()
    assert not Unit.objects.filter(name="Công an xã").exists()
    assert Unit.objects.filter(pk=front.unit_id).exists()
    assert list(LegalDocument.objects.filter(pk__in=[d.pk for d in added])) == [added[0]]
    assert set(Unit.objects.values_list("pk", flat=True)) >= {world.kp_office.pk, world.kp.pk}
    message = client.get(UPLOAD).content.decode()
    assert "Đã hủy bản nhập «ke-hoach-27.txt»" in message
    assert "Giữ lại đơn vị Ủy ban MTTQ xã" in message


def test_discarding_never_deletes_registry_rows_that_were_there_before(demo, client):
    client.force_login(demo["HN"])
    upload_file(client, "179.txt", seed_bytes("002_c9be10df9160e118"))
    client.force_login(demo["HN-TTPVHCC"])
    upload_file(client, "50.txt", seed_bytes("000_9285562aa3143336"))
    centre_plan = Plan.objects.get(issuer__code="HN-TTPVHCC")
    documents = LegalDocument.objects.count()

    client.post(discard_url(centre_plan))

    assert not Plan.objects.filter(pk=centre_plan.pk).exists()
    # Only 179/KH-UBND was new with this import; the five others are cited by the city's plan.
    assert LegalDocument.objects.count() == documents - 1
    assert Plan.objects.get(issuer__code="HN").legal_bases.count() == 5


# ---------------------------------------------------------------- who may do what


def test_another_commune_cannot_see_or_touch_kieu_phus_import(world, client_for, kp_import):
    client = client_for(world.gv_officer)
    centre = unmatched(kp_import, "Trung tâm Dịch vụ tổng hợp")
    assert client.get(review_url(kp_import)).status_code == 404
    assert (
        client.post(map_url(centre), {f"map-{centre.pk}-unit": world.gv_office.pk}).status_code
        == 404
    )
    assert (
        client.post(
            create_url(centre), {f"new-{centre.pk}-name": "X", f"new-{centre.pk}-kind": "office"}
        ).status_code
        == 404
    )
    assert client.post(discard_url(kp_import)).status_code == 404
    centre.refresh_from_db()
    assert centre.unit is None
    assert Plan.objects.filter(pk=kp_import.pk).exists()


def test_the_city_reads_but_cannot_change_a_communes_import(world, client_for, kp_import):
    client = client_for(world.hn_leader)
    centre = unmatched(kp_import, "Trung tâm Dịch vụ tổng hợp")
    units = Unit.objects.count()
    assert client.get(review_url(kp_import)).status_code == 403
    assert (
        client.post(map_url(centre), {f"map-{centre.pk}-unit": world.kp_office.pk}).status_code
        == 403
    )
    assert (
        client.post(
            create_url(centre), {f"new-{centre.pk}-name": "X", f"new-{centre.pk}-kind": "office"}
        ).status_code
        == 403
    )
    assert client.post(discard_url(kp_import)).status_code == 403
    centre.refresh_from_db()
    assert centre.unit is None
    assert Unit.objects.count() == units
    assert Plan.objects.filter(pk=kp_import.pk).exists()


def test_the_city_cannot_upload_into_a_commune(world, client_for):
    client = client_for(world.hn_leader)
    response = client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("27.txt", (FIXTURES / "commune_clean.txt").read_bytes()),
            "organisation": world.kp.pk,
        },
    )
    # The upload always lands in the uploader's own organisation.
    assert response.status_code == 302
    assert not world.kp.plans.exists()
    assert Plan.objects.get().issuer == world.hn


def test_an_assignment_of_another_plan_cannot_be_mapped_through_this_review(
    world, client_for, kp_import
):
    other = PlanFactory(issuer=world.kp)
    foreign = Assignment.objects.create(plan=other, label="Đơn vị khác")
    response = client_for(world.kp_officer).post(
        reverse("plans:import_map", args=[kp_import.pk, foreign.pk]),
        {f"map-{foreign.pk}-unit": world.kp_office.pk},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.unit is None


def test_a_plan_not_imported_has_no_review(world, client_for):
    plan = PlanFactory(issuer=world.kp)
    assert client_for(world.kp_officer).get(review_url(plan)).status_code == 404


def test_the_review_reads_a_long_plan_in_a_fixed_number_of_queries(
    world, client_for, kp_import, django_assert_max_num_queries
):
    Assignment.objects.bulk_create(
        Assignment(plan=kp_import, label=f"Tổ công tác số {n}", position=100 + n) for n in range(40)
    )
    Target.objects.bulk_create(
        Target(plan=kp_import, indicator=f"Chỉ tiêu {n}", target_value=n) for n in range(30)
    )
    client = client_for(world.kp_officer)
    client.get(review_url(kp_import))
    with django_assert_max_num_queries(13):  # 13: the figures card reads targets and budget
        response = client.get(review_url(kp_import))
    assert response.content.decode().count('class="card shadow-sm mb-3 unmatched-row"') == 43
    assert response.content.decode().count('figure-target"') == 30
