import pytest
from django.urls import reverse

from plans.models import Plan
from plans.selectors import section_tree
from plans.services import plan_cascade
from tests.factories import PlanFactory, UserFactory, make_organisation
from units.models import Role

pytestmark = pytest.mark.django_db


def outline(plan):
    return [(depth, s.label, s.title) for s, depth in section_tree(list(plan.sections.all()))]


def test_a_commune_builds_its_plan_from_the_city_plan(world, client_for, city_plan):
    response = client_for(world.kp_officer).post(reverse("plans:cascade", args=[city_plan.pk]))

    draft = Plan.objects.get(issuer=world.kp)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:edit", args=[draft.pk])
    assert draft.status == "draft" and draft.superior_plan == city_plan
    assert draft.created_by == world.kp_officer
    bases = [b.sentence for b in draft.legal_bases.select_related("document")]
    assert bases[0].startswith(
        "Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND thành phố Hà Nội về "
        "tuyên truyền thực hiện Nghị quyết số 57-NQ/TW"
    )
    assert bases[1:] == [b.sentence for b in city_plan.legal_bases.select_related("document")]
    assert outline(draft) == outline(city_plan)
    assert draft.sections.get(label="a)").body == "- Giao thông thông minh."
    assert draft.purpose == city_plan.purpose and draft.requirements == city_plan.requirements
    assert list(draft.outreach_forms.values_list("form__code", "heading", "description")) == list(
        city_plan.outreach_forms.values_list("form__code", "heading", "description")
    )
    assert not draft.assignments.exists()
    assert draft.preamble == (
        "Ủy ban nhân dân xã Kiều Phú ban hành Kế hoạch tuyên truyền, cụ thể như sau:"
    )
    assert draft.history.first().history_change_reason == "Tạo từ kế hoạch cấp trên"


def test_the_superior_plan_shows_which_organisations_below_have_implemented_it(
    world, client_for, city_plan, django_assert_max_num_queries
):
    for index in range(12):
        make_organisation(world.hn, code=f"T-X{index}", name=f"Xã Thử {index}")
    PlanFactory(issuer=world.kp, superior_plan=city_plan, issued=True, number=12)
    PlanFactory(issuer=world.pt, superior_plan=city_plan)
    client = client_for(world.hn_leader)
    with django_assert_max_num_queries(24):
        response = client.get(reverse("plans:detail", args=[city_plan.pk]))
    rows = {row["organisation"].name: row for row in response.context["status_rows"]}
    assert rows["Xã Kiều Phú"]["number"] == "12/KH-UBND"
    assert rows["Xã Kiều Phú"]["status_label"] == "Đã ban hành"
    assert rows["Xã Phúc Thọ"]["status_label"] == "Dự thảo"
    assert rows["Xã Thử 3"]["plan_pk"] is None
    assert "Thành phố Hải Phòng" not in rows and "Phường Gia Viên" not in rows
    content = response.content.decode()
    assert "Kế hoạch thực hiện ở cấp dưới" in content and "2/14" in content


def test_a_commune_sees_its_own_implementation_of_the_city_plan_but_not_its_neighbours(
    world, client_for, city_plan
):
    PlanFactory(issuer=world.pt, superior_plan=city_plan, issued=True, number=3)
    response = client_for(world.kp_officer).get(reverse("plans:detail", args=[city_plan.pk]))
    rows = response.context["status_rows"]
    assert [row["organisation"] for row in rows] == [world.kp]
    assert "Xã Phúc Thọ" not in response.content.decode()


def test_only_lower_organisations_build_from_an_issued_plan(world, client_for, city_plan):
    url = reverse("plans:cascade", args=[city_plan.pk])
    assert client_for(world.gv_officer).post(url).status_code == 404
    assert client_for(world.hn_leader).post(url).status_code == 403
    assert client_for(world.kp_head).post(url).status_code == 403
    assert client_for(world.kp_officer).get(url).status_code == 405
    draft = PlanFactory(issuer=world.hn)
    assert (
        client_for(world.kp_officer).post(reverse("plans:cascade", args=[draft.pk])).status_code
        == 404
    )
    assert not Plan.objects.filter(issuer__in=[world.kp, world.gv]).exists()


def test_the_cascade_button_shows_only_where_it_works(world, client_for, city_plan):
    button = "Xây dựng kế hoạch thực hiện</button>"
    kp_page = client_for(world.kp_officer).get(reverse("plans:detail", args=[city_plan.pk]))
    assert button in kp_page.content.decode()
    hn_page = client_for(world.hn_leader).get(reverse("plans:detail", args=[city_plan.pk]))
    assert button not in hn_page.content.decode()


CITY_CLOSING = (
    "Trên đây là Kế hoạch tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ "
    "Chính trị và Phong trào “Bình dân học vụ số” trên địa bàn thành phố Hà Nội.\n"
    "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.\n"
    "Trong quá trình thực hiện, nếu có phát sinh vướng mắc, các cơ quan, đơn vị, địa phương báo "
    "cáo UBND Thành phố (qua Sở Văn hóa và Thể thao thành phố Hà Nội) để xem xét, giải quyết./."
)


@pytest.mark.parametrize(
    ("commune", "expected"),
    [
        (
            "kp",
            "Trên đây là Kế hoạch tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
            "của Bộ Chính trị và Phong trào “Bình dân học vụ số” trên địa bàn xã Kiều Phú.\n"
            "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.\n"
            "Trong quá trình thực hiện, nếu có phát sinh vướng mắc, các cơ quan, đơn vị, địa "
            "phương báo cáo UBND xã để xem xét, giải quyết./.",
        ),
        (
            # No full name: the locality comes from its name, «Xã Phúc Thọ».
            "pt",
            "Trên đây là Kế hoạch tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
            "của Bộ Chính trị và Phong trào “Bình dân học vụ số” trên địa bàn xã Phúc Thọ.\n"
            "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.\n"
            "Trong quá trình thực hiện, nếu có phát sinh vướng mắc, các cơ quan, đơn vị, địa "
            "phương báo cáo UBND xã để xem xét, giải quyết./.",
        ),
    ],
)
def test_a_cascaded_plans_closing_names_the_commune_not_the_city(
    world, client_for, city_plan, commune, expected
):
    city_plan.closing = CITY_CLOSING
    city_plan.preamble = (
        "Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch tuyên truyền trên địa bàn thành phố "
        "Hà Nội, cụ thể như sau:"
    )
    city_plan.save()
    officer = {"kp": world.kp_officer, "pt": world.pt_officer}[commune]
    client_for(officer).post(reverse("plans:cascade", args=[city_plan.pk]))

    draft = Plan.objects.get(issuer=getattr(world, commune))
    assert draft.closing == expected
    for city in ("Hà Nội", "Thành phố", "thành phố"):
        assert city not in draft.closing
    name = {"kp": "Ủy ban nhân dân xã Kiều Phú", "pt": "Xã Phúc Thọ"}[commune]
    locality = {"kp": "xã Kiều Phú", "pt": "xã Phúc Thọ"}[commune]
    assert draft.preamble == (
        f"{name} ban hành Kế hoạch tuyên truyền trên địa bàn {locality}, cụ thể như sau:"
    )


def test_the_cascade_records_who_made_each_copied_part(world, client_for, city_plan):
    client_for(world.kp_officer).post(reverse("plans:cascade", args=[city_plan.pk]))
    draft = Plan.objects.get(issuer=world.kp)
    parts = [
        *(basis.history.get() for basis in draft.legal_bases.all()),
        *(form.history.get() for form in draft.outreach_forms.all()),
        *(section.history.get() for section in draft.sections.all()),
        draft.history.get(),
    ]
    assert len(parts) == 3 + 1 + 6 + 1  # bases (179, 57, 139), a form, sections, the plan
    assert {(h.history_user, h.history_change_reason) for h in parts} == {
        (world.kp_officer, "Tạo từ kế hoạch cấp trên")
    }


def test_a_cascade_outside_a_request_records_who_made_each_part(world, city_plan):
    # Commands and benchmarks call the service without a request to name the user.
    draft = plan_cascade(superior=city_plan, organisation=world.kp, by=world.kp_officer)

    parts = [
        *(basis.history.get() for basis in draft.legal_bases.all()),
        *(form.history.get() for form in draft.outreach_forms.all()),
        *(section.history.get() for section in draft.sections.all()),
        draft.history.get(),
    ]
    assert len(parts) == 3 + 1 + 6 + 1
    assert {(h.history_user, h.history_change_reason) for h in parts} == {
        (world.kp_officer, "Tạo từ kế hoạch cấp trên")
    }


def test_the_cascade_keeps_each_parts_kind(world, client_for, city_plan):
    client_for(world.kp_officer).post(reverse("plans:cascade", args=[city_plan.pk]))

    draft = Plan.objects.get(issuer=world.kp)
    assert [(s.label, s.kind, s.position) for s in draft.sections.filter(parent=None)] == [
        ("I.", "purpose", 1),
        ("II.", "text", 2),
        ("III.", "forms", 3),
        ("IV.", "assignments", 4),
    ]


def test_the_city_named_with_a_capital_and_another_city_are_told_apart(
    world, client_for, city_plan
):
    city_plan.preamble = ""
    city_plan.closing = (
        "Các cơ quan trên địa bàn Thành phố Hà Nội phối hợp với UBND thành phố Hải Phòng; "
        "vướng mắc báo cáo UBND Thành phố."
    )
    city_plan.save()
    client_for(world.kp_officer).post(reverse("plans:cascade", args=[city_plan.pk]))

    draft = Plan.objects.get(issuer=world.kp)
    assert draft.closing == (
        "Các cơ quan trên địa bàn xã Kiều Phú phối hợp với UBND thành phố Hải Phòng; "
        "vướng mắc báo cáo UBND xã."
    )
    assert draft.preamble == ""


def test_an_agency_of_the_city_names_itself_and_keeps_the_citys_area(world, client_for, city_plan):
    agency = make_organisation(
        world.hn, kind="agency", code="T-HN-SVHTT", name="Sở Văn hóa và Thể thao"
    )
    officer = UserFactory(username="svhtt.officer", unit=agency, role=Role.OFFICER)
    city_plan.preamble = "UBND thành phố Hà Nội ban hành Kế hoạch tuyên truyền, cụ thể như sau:"
    city_plan.closing = CITY_CLOSING
    city_plan.save()

    response = client_for(officer).post(reverse("plans:cascade", args=[city_plan.pk]))

    draft = Plan.objects.get(issuer=agency)
    assert response["Location"] == reverse("plans:edit", args=[draft.pk])
    assert (
        draft.preamble == "Sở Văn hóa và Thể thao ban hành Kế hoạch tuyên truyền, cụ thể như sau:"
    )
    assert draft.closing == (
        "Trên đây là Kế hoạch tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của "
        "Bộ Chính trị và Phong trào “Bình dân học vụ số” trên địa bàn thành phố Hà Nội.\n"
        "Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện.\n"
        "Trong quá trình thực hiện, nếu có phát sinh vướng mắc, các cơ quan, đơn vị, địa phương "
        "báo cáo UBND Thành phố để xem xét, giải quyết./."
    )
