import re

import pytest
from django.urls import reverse

from plans.models import Assignment, ContentSection, LegalDocument, Plan
from plans.selectors import section_tree
from plans.services import legal_document_register
from tests.factories import PlanFactory
from tests.plans.conftest import add_row, editor_data, editor_errors

pytestmark = pytest.mark.django_db

CREATE = "/plans/new/"


def new_plan_data(client):
    """The create page's form as the officer finds it (five top sections prefilled)."""
    response = client.get(CREATE)
    assert response.status_code == 200
    editor = response.context["editor"]
    from tests.plans.conftest import field_values

    data = field_values(editor.header)
    for formset in editor.formsets.values():
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = "0"
        for form in formset.forms:
            data.update(field_values(form))
    return data


def tree(plan):
    sections = list(ContentSection.objects.filter(plan=plan))
    return [(depth, s.label, s.title) for s, depth in section_tree(sections)]


def test_an_officer_creates_a_plan_with_a_new_legal_basis_nested_sections_and_an_assignment(
    world, client_for
):
    client = client_for(world.kp_officer)
    data = new_plan_data(client)
    data["plan-title"] = "Tuyên truyền chuyển đổi số trên địa bàn xã năm 2026"
    add_row(
        data,
        "bases",
        verb="pursuant",
        new_kind="resolution",
        new_number="57- NQ/TW",
        new_issued_on="22/12/2024",
        new_issuer="Bộ Chính trị",
        new_title="về đột phá phát triển khoa học, công nghệ",
        position="1",
    )
    # Under «II. NỘI DUNG TUYÊN TRUYỀN» (the second prefilled row): 1. and its a).
    add_row(data, "sections", label="1.", title="Chính quyền số", depth="1", position="3")
    add_row(data, "sections", label="a)", title="Dịch vụ công", depth="2", position="4")
    for index, position in enumerate([1, 2, 5, 6, 7]):
        data[f"sections-{index}-position"] = str(position)
    add_row(
        data,
        "assignments",
        unit=str(world.kp_office.pk),
        role="lead",
        tasks="- Chủ trì tham mưu.",
        due_date="15/12/2026",
        is_focal_point="on",
        position="1",
    )

    response = client.post(CREATE, data)

    assert response.status_code == 302, editor_errors(response)
    plan = Plan.objects.get(issuer=world.kp)
    assert response["Location"] == reverse("plans:edit", kwargs={"pk": plan.pk})
    assert plan.status == "draft" and plan.created_by == world.kp_officer
    assert plan.symbol == "KH-UBND" and plan.place == "Kiều Phú"
    assert tree(plan) == [
        (0, "I.", "MỤC ĐÍCH, YÊU CẦU"),
        (0, "II.", "NỘI DUNG TUYÊN TRUYỀN"),
        (1, "1.", "Chính quyền số"),
        (2, "a)", "Dịch vụ công"),
        (0, "III.", "HÌNH THỨC TUYÊN TRUYỀN"),
        (0, "IV.", "KINH PHÍ THỰC HIỆN"),
        (0, "V.", "TỔ CHỨC THỰC HIỆN"),
    ]
    basis = plan.legal_bases.get()
    assert basis.document.number_key == "57-NQ/TW"
    assert basis.sentence.startswith("Căn cứ Nghị quyết số 57- NQ/TW ngày 22/12/2024 của Bộ")
    assignment = plan.assignments.get()
    assert assignment.unit == world.kp_office and assignment.is_focal_point
    assert plan.history.first().history_user == world.kp_officer


def test_a_new_plan_starts_with_the_skeleton_and_the_last_signer(world, client_for):
    PlanFactory(issuer=world.kp, issued=True, signer_name="Đỗ Minh Tuấn", recipients="Lưu: VT.")
    response = client_for(world.kp_officer).get(CREATE)
    content = response.content.decode()
    assert "MỤC ĐÍCH, YÊU CẦU" in content and "TỔ CHỨC THỰC HIỆN" in content
    assert response.context["editor"].header["signer_name"].value() == "Đỗ Minh Tuấn"


def test_the_same_registry_document_is_reused_when_typed_again(world, client_for, kp_draft):
    before = LegalDocument.objects.count()
    data = editor_data(kp_draft, world.kp_officer)
    data["bases-0-DELETE"] = "on"
    add_row(
        data,
        "bases",
        verb="implementing",
        new_kind="resolution",
        new_number="57-NQ/TW",
        new_issued_on="22/12/2024",
        position="1",
    )
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert response.status_code == 302
    assert LegalDocument.objects.count() == before
    assert kp_draft.legal_bases.get().get_verb_display() == "Thực hiện"


def test_a_failed_save_keeps_everything_typed_and_saves_nothing(world, client_for, kp_draft):
    data = editor_data(kp_draft, world.kp_officer)
    data["plan-title"] = ""
    data["plan-place"] = "Kiều Phú (đã sửa)"
    data["sections-1-title"] = "Chính quyền số và kinh tế số"
    new = add_row(data, "sections", label="2.", title="Mục mới chưa lưu", depth="1", position="3")
    add_row(data, "assignments", unit="", label="", tasks="- Việc chưa có người làm.")
    version = kp_draft.version

    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Chưa lưu được" in content
    assert "Nhập trích yếu của kế hoạch." in content
    assert "Chọn đơn vị hoặc ghi tên đơn vị được giao." in content
    for typed in ("Kiều Phú (đã sửa)", "Chính quyền số và kinh tế số", "Mục mới chưa lưu"):
        assert typed in content
    assert "Việc chưa có người làm." in content
    assert f'name="sections-{new}-depth" value="1"' in content
    kp_draft.refresh_from_db()
    assert kp_draft.version == version and kp_draft.place == "Kiều Phú"
    assert not ContentSection.objects.filter(title="Mục mới chưa lưu").exists()


def test_the_later_of_two_concurrent_saves_is_refused_and_overwrites_nothing(
    world, client, kp_draft
):
    colleague = world.kp_leader
    first = editor_data(kp_draft, world.kp_officer, **{"plan-title": "Bản của cán bộ"})
    second = editor_data(kp_draft, colleague, **{"plan-title": "Bản của lãnh đạo"})
    url = reverse("plans:edit", args=[kp_draft.pk])

    client.force_login(world.kp_officer)
    assert client.post(url, first).status_code == 302
    client.force_login(colleague)
    response = client.post(url, second)

    assert response.status_code == 409
    content = response.content.decode()
    assert "CHƯA được lưu" in content and world.kp_officer.full_name in content
    assert "Bản của lãnh đạo" in content  # still on the page to copy
    kp_draft.refresh_from_db()
    assert kp_draft.title == "Bản của cán bộ"


def test_citing_the_same_document_twice_is_refused(world, client_for, kp_draft):
    data = editor_data(kp_draft, world.kp_officer)
    document = kp_draft.legal_bases.get().document
    add_row(data, "bases", verb="pursuant", document=str(document.pk), position="2")
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert "Văn bản này đã có trong căn cứ của kế hoạch." in response.content.decode()
    assert kp_draft.legal_bases.count() == 1


def test_a_plan_has_one_focal_point_but_it_can_move_to_another_unit_in_one_save(
    world, client_for, kp_draft
):
    url = reverse("plans:edit", args=[kp_draft.pk])
    client = client_for(world.kp_officer)
    data = editor_data(kp_draft, world.kp_officer)
    add_row(data, "assignments", unit=str(world.kp_village.pk), role="lead", is_focal_point="on")
    response = client.post(url, data)
    assert "Mỗi kế hoạch chỉ có một đơn vị đầu mối." in response.content.decode()

    data.pop("assignments-0-is_focal_point")
    assert client.post(url, data).status_code == 302
    focal = Assignment.objects.get(plan=kp_draft, is_focal_point=True)
    assert focal.unit == world.kp_village


def test_units_outside_the_organisation_cannot_be_assigned(world, client_for, kp_draft):
    data = editor_data(kp_draft, world.kp_officer)
    add_row(data, "assignments", unit=str(world.gv_office.pk), role="lead")
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert response.status_code == 200
    assert kp_draft.assignments.count() == 1
    assert not Assignment.objects.filter(unit=world.gv_office).exists()


def test_a_section_is_reparented_by_its_depth_and_deleting_a_section_deletes_its_children(
    world, client_for, kp_draft
):
    url = reverse("plans:edit", args=[kp_draft.pk])
    client = client_for(world.kp_officer)
    # Outdent «1. Chính quyền số» to the top level, between I. and II.
    data = editor_data(kp_draft, world.kp_officer, **{"sections-1-depth": "0"})
    assert client.post(url, data).status_code == 302
    assert tree(kp_draft) == [
        (0, "I.", "NỘI DUNG TUYÊN TRUYỀN"),
        (0, "1.", "Chính quyền số"),
        (0, "II.", "TỔ CHỨC THỰC HIỆN"),
    ]
    data = editor_data(kp_draft, world.kp_officer, **{"sections-1-depth": "1"})
    client.post(url, data)
    data = editor_data(kp_draft, world.kp_officer)
    data["sections-0-DELETE"] = "on"
    data["sections-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert tree(kp_draft) == [(0, "II.", "TỔ CHỨC THỰC HIỆN")]


def test_a_section_cannot_jump_two_levels(world, client_for, kp_draft):
    data = editor_data(kp_draft, world.kp_officer, **{"sections-1-depth": "2"})
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert "thụt vào quá một bậc" in response.content.decode()


def test_amounts_and_dates_are_typed_the_vietnamese_way(world, client_for, kp_draft):
    data = editor_data(
        kp_draft,
        world.kp_officer,
        **{"budget-0-amount": "200.000.000", "plan-period_start": "01/02/2026"},
    )
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert response.status_code == 302
    kp_draft.refresh_from_db()
    assert kp_draft.budget_lines.get().amount == 200_000_000
    assert kp_draft.period_start.isoformat() == "2026-02-01"
    page = client_for(world.kp_officer).get(reverse("plans:edit", args=[kp_draft.pk]))
    assert 'value="200.000.000"' in page.content.decode()


def test_the_editor_page_does_not_query_per_row(
    world, client_for, kp_draft, django_assert_max_num_queries
):
    for index in range(15):
        Assignment.objects.create(plan=kp_draft, unit=world.kp_village, position=index + 2)
        ContentSection.objects.create(plan=kp_draft, label=f"{index}.", title="Mục", position=9)
    client = client_for(world.kp_officer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("plans:edit", args=[kp_draft.pk]))
    assert response.status_code == 200


# ---------------------------------------------------------------- access


def test_an_issued_plan_cannot_be_edited(world, client_for):
    plan = PlanFactory(issuer=world.kp, issued=True)
    client = client_for(world.kp_officer)
    assert client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("plans:edit", args=[plan.pk]), {}).status_code == 403


def test_an_officer_of_another_commune_gets_404_on_the_editor(world, client_for, kp_draft):
    client = client_for(world.gv_officer)
    assert client.get(reverse("plans:edit", args=[kp_draft.pk])).status_code == 404
    data = editor_data(kp_draft, world.kp_officer, **{"plan-title": "Ghi đè"})
    assert client.post(reverse("plans:edit", args=[kp_draft.pk]), data).status_code == 404
    kp_draft.refresh_from_db()
    assert kp_draft.title != "Ghi đè"


def test_a_superior_reads_a_commune_draft_but_cannot_change_it(world, client_for, kp_draft):
    client = client_for(world.hn_leader)
    assert client.get(reverse("plans:detail", args=[kp_draft.pk])).status_code == 200
    assert client.get(reverse("plans:edit", args=[kp_draft.pk])).status_code == 403
    data = editor_data(kp_draft, world.kp_officer, **{"plan-title": "Ghi đè"})
    assert client.post(reverse("plans:edit", args=[kp_draft.pk]), data).status_code == 403
    kp_draft.refresh_from_db()
    assert kp_draft.title != "Ghi đè"


def test_unit_heads_and_superiors_cannot_create_plans_for_others(world, client_for):
    assert client_for(world.kp_head).get(CREATE).status_code == 403
    response = client_for(world.hn_leader).get(CREATE)
    assert response.status_code == 200
    assert response.context["plan"].issuer == world.hn


# ---------------------------------------------------------------- registry autocomplete


def test_the_autocomplete_finds_documents_cited_in_plans_the_user_can_read(
    world, client_for, city_plan
):
    gv_only = legal_document_register(kind="plan", number="192/KH-UBND", issuer="UBND Hải Phòng")
    gv_plan = PlanFactory(issuer=world.gv)
    gv_plan.legal_bases.create(document=gv_only, verb="pursuant")
    url = reverse("plans:legal_document_search")

    found = client_for(world.kp_officer).get(url, {"q": "57-nq/tw"}).json()["results"]
    assert [r["text"] for r in found] == ["Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị"]
    assert client_for(world.kp_officer).get(url, {"q": "192"}).json()["results"] == []
    found = client_for(world.gv_officer).get(url, {"q": "192"}).json()["results"]
    assert [r["id"] for r in found] == [gv_only.pk]
    assert client_for(world.gv_officer).get(url, {"q": "139"}).json()["results"] == []


def test_a_document_outside_the_users_scope_cannot_be_cited_by_its_id(world, client_for, kp_draft):
    hidden = legal_document_register(kind="plan", number="36/KH-UBND", issuer="UBND Gia Viên")
    PlanFactory(issuer=world.gv).legal_bases.create(document=hidden, verb="pursuant")
    data = editor_data(kp_draft, world.kp_officer)
    add_row(data, "bases", verb="pursuant", document=str(hidden.pk), position="2")
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert "không có trong sổ văn bản của bạn" in response.content.decode()
    assert kp_draft.legal_bases.count() == 1


def test_saving_text_the_browser_posts_with_crlf_records_no_change(world, client_for, kp_draft):
    kp_draft.purpose = "- Dòng một.\n- Dòng hai."
    kp_draft.save()
    data = editor_data(kp_draft, world.kp_officer, **{"plan-purpose": "- Dòng một.\r\n- Dòng hai."})
    client = client_for(world.kp_officer)
    assert client.post(reverse("plans:edit", args=[kp_draft.pk]), data).status_code == 302
    kp_draft.refresh_from_db()
    assert kp_draft.purpose == "- Dòng một.\n- Dòng hai."
    history = client.get(reverse("plans:detail", args=[kp_draft.pk])).context["history"]
    assert history[0].reason == "Soạn thảo"
    assert "Mục đích" not in [c.label for e in history[0].entries for c in e.changes]


def test_a_structured_part_prints_in_one_section_only(world, client_for, kp_draft):
    data = editor_data(kp_draft, world.kp_officer, **{"sections-0-kind": "assignments"})
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    assert "Đã có mục loại «Tổ chức thực hiện»" in response.content.decode()


def test_the_plan_page_warns_when_a_part_has_no_section_to_print_in(world, client_for, kp_draft):
    kp_draft.sections.filter(kind="assignments").update(kind="text")
    page = client_for(world.kp_officer).get(reverse("plans:detail", args=[kp_draft.pk]))
    # Targets and budget lines print in sections of their own: never left out.
    assert page.context["unprinted"] == ["Hình thức tuyên truyền", "Tổ chức thực hiện"]
    assert "Văn bản chưa in phần Hình thức tuyên truyền, Tổ chức thực hiện" in (
        page.content.decode()
    )


def test_the_autocomplete_puts_documents_numbered_like_the_query_first(
    world, client_for, city_plan
):
    titled = legal_document_register(
        kind="plan", number="12/KH-UBND", title="về thực hiện Nghị quyết số 57-NQ/TW"
    )
    city_plan.legal_bases.create(document=titled, verb="pursuant", position=3)
    found = (
        client_for(world.kp_officer)
        .get(reverse("plans:legal_document_search"), {"q": "57"})
        .json()["results"]
    )
    assert [r["text"].split(" ngày")[0] for r in found] == [
        "Nghị quyết số 57-NQ/TW",
        "Kế hoạch số 12/KH-UBND",
    ]


def test_after_a_failed_save_the_banner_and_side_menu_say_which_parts_hold_errors(
    world, client_for
):
    client = client_for(world.kp_officer)
    data = new_plan_data(client)
    data["plan-title"] = ""  # the header
    data["plan-signer_name"] = "x" * 300  # the closing part
    for _ in range(2):  # two rows of the assignments, each without a unit
        add_row(data, "assignments", role="lead", tasks="- Chủ trì.", position="1")

    response = client.post(CREATE, data)

    assert response.status_code == 200
    page = response.content.decode()
    banner = page.split('id="editor-error-parts"')[1].split("</ul>")[0]
    links = re.findall(r'<a class="alert-link" href="#([a-z-]+)">([^<]+)</a>: ([^<]+)</li>', banner)
    assert links == [
        ("part-header", "Tiêu đề", "có lỗi"),
        ("part-assignments", "Phân công", "2 dòng có lỗi"),
        ("part-closing", "Kết thúc, ký", "có lỗi"),
    ]
    menu = page.split('class="editor-nav"')[1].split("</ul>")[0]
    marked = re.findall(r'text-danger fw-semibold" href="#([a-z-]+)"', menu)
    assert marked == ["part-header", "part-assignments", "part-closing"]
    # What was typed stays.
    assert "x" * 300 in page and page.count("- Chủ trì.") == 2


def test_an_untouched_editor_marks_no_part(world, client_for):
    page = client_for(world.kp_officer).get(CREATE).content.decode()
    assert "editor-error-parts" not in page and "text-danger fw-semibold" not in page
    assert page.count('class="btn btn-sm btn-link p-0 text-nowrap editor-fold"') == 9
