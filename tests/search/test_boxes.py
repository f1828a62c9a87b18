"""Every search box finds what people remember, typed with or without accents, in any case
(SQLite folds only ASCII case in LIKE; the folded column makes both databases agree). Run the
same file on PostgreSQL with DATABASE_URL=postgres://…"""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityStatus
from plans.models import LegalBasis
from tests.activities.conftest import activity_adder, build_kp_plan
from tests.factories import LegalDocumentFactory, PlanFactory, UserFactory, make_unit
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


# ---------------------------------------------------------------- plans


@pytest.fixture
def movement_plan(world):
    return PlanFactory(
        issuer=world.kp,
        issued=True,
        number=21,
        title="Kế hoạch triển khai phong trào «Bình dân học vụ số» năm 2026",
        purpose="Mỗi thôn tổ chức ít nhất một buổi họp thôn về kỹ năng số.",
    )


@pytest.mark.parametrize(
    "query",
    [
        "Bình dân học vụ số",
        "binh dan hoc vu so",
        "BÌNH DÂN HỌC VỤ SỐ",
        "BINH DAN",
        "vụ số bình dân",  # any order
        "hop thon",  # the purpose, not only the title
        "kieu phu",  # the issuer
    ],
)
def test_the_plan_list_forgives_accents_and_case(world, client_for, movement_plan, query):
    PlanFactory(issuer=world.hn, issued=True, number=22, title="Tuyên truyền an toàn giao thông")

    found = client_for(world.kp_officer).get(reverse("plans:list"), {"q": query})

    assert [plan.pk for plan in found.context["plans"]] == [movement_plan.pk]


def test_the_plan_list_needs_every_word(world, client_for, movement_plan):
    found = client_for(world.kp_officer).get(reverse("plans:list"), {"q": "binh dan giao thong"})

    assert list(found.context["plans"]) == []


# ---------------------------------------------------------------- activities


@pytest.fixture
def activities(world, kp):
    add = activity_adder(world, kp)
    return {
        "meeting": add(
            title="Họp thôn triển khai chuyển đổi số",
            place="Nhà văn hóa thôn Phú Hữu",
            description="Hướng dẫn bà con cài đặt ứng dụng VNeID.",
        ),
        "broadcast": add(
            title="Phát thanh về Bình dân học vụ số",
            form=kp.loudspeaker,
            unit=world.kp_village,
            assignment=kp.village_task,
            status=ActivityStatus.APPROVED,
        ),
        "conference": add(title="Hội nghị quán triệt Nghị quyết 57"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("họp thôn", "meeting"),
        ("hop thon", "meeting"),
        ("HỌP THÔN", "meeting"),
        ("PHÁT THANH", "broadcast"),
        ("phat thanh", "broadcast"),
        ("Phát Thanh", "broadcast"),
        ("nha van hoa phu huu", "meeting"),  # the place
        ("VNEID cai dat", "meeting"),  # the description
        ("nghi quyet 57", "conference"),
    ],
)
def test_the_activity_list_forgives_accents_and_case(
    world, client_for, activities, query, expected
):
    found = client_for(world.kp_leader).get(reverse("activities:list"), {"q": query})

    assert list(found.context["activities"]) == [activities[expected]]


def test_an_edited_activity_is_found_by_its_new_words(world, client_for, activities):
    meeting = activities["meeting"]
    meeting.title = "Tọa đàm về Đề án 06"
    meeting.save(update_fields=["title"])

    client = client_for(world.kp_leader)

    def found(query):
        return list(client.get(reverse("activities:list"), {"q": query}).context["activities"])

    assert found("toa dam de an 06") == [meeting]
    assert found("hop thon") == []


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("query", ["Thôn Phú Hữu", "thon phu huu", "THÔN PHÚ HỮU", "phu huu"])
def test_the_unit_search_forgives_accents_and_case(world, client_for, query):
    make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Đồng Tâm")

    page = client_for(world.kp_leader).get(reverse("units:tree"), {"q": query})

    assert [unit.name for unit in page.context["found"]] == ["Thôn Phú Hữu"]


def test_the_unit_search_folds_d_with_stroke(world, client_for):
    make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Đồng Tâm")

    page = client_for(world.kp_leader).get(reverse("units:tree"), {"q": "dong tam"})

    assert [unit.name for unit in page.context["found"]] == ["Thôn Đồng Tâm"]


# ---------------------------------------------------------------- people


@pytest.fixture
def dao(world):
    return UserFactory(
        username="kp.dao",
        full_name="Nguyễn Thị Đào",
        unit=world.kp_village,
        role=Role.UNIT_HEAD,
        position="Trưởng thôn",
    )


@pytest.mark.parametrize(
    "query", ["Nguyễn Thị Đào", "nguyen thi dao", "NGUYỄN THỊ ĐÀO", "dao nguyen", "truong thon"]
)
def test_the_people_search_forgives_accents_and_case(world, client_for, dao, query):
    page = client_for(world.kp_leader).get(reverse("units:people"), {"q": query})

    assert [person.username for person in page.context["page_obj"]] == ["kp.dao"]


def test_the_people_search_finds_the_people_of_a_unit_by_its_name(world, client_for, dao):
    page = client_for(world.kp_leader).get(reverse("units:people"), {"q": "thon phu huu"})

    assert [person.username for person in page.context["page_obj"]] == ["kp.dao", "kp.village"]


# ---------------------------------------------------------------- legal documents


@pytest.mark.parametrize(
    "query",
    [
        "đột phá khoa học",
        "dot pha khoa hoc",
        "ĐỘT PHÁ KHOA HỌC",
        "bo chinh tri khoa hoc",
        "57-nq/tw",
    ],
)
def test_the_registry_search_forgives_accents_and_case(world, client_for, kp, query):
    for number, title in (
        ("57-NQ/TW", "Về đột phá phát triển khoa học, công nghệ"),
        ("71-NQ/TW", "Về đột phá phát triển giáo dục và đào tạo"),
    ):
        document = LegalDocumentFactory(number=number, title=title)
        LegalBasis.objects.create(plan=kp.plan, document=document, position=1)

    found = client_for(world.kp_officer).get(reverse("plans:legal_document_search"), {"q": query})

    assert [row["title"] for row in found.json()["results"]] == [
        "Về đột phá phát triển khoa học, công nghệ"
    ]


# ---------------------------------------------------------------- the folded column


def test_the_folded_column_follows_every_save(world, kp):
    activity = Activity.objects.create(
        plan=kp.plan,
        unit=world.kp_office,
        form=kp.conference,
        date=datetime.date(2026, 3, 2),
        title="Tuyên truyền ĐẢNG viên",
        description="Mời Đoàn viên",
        place="Hội trường UBND xã",
    )
    assert activity.search_text == "tuyen truyen dang vien moi doan vien hoi truong ubnd xa"

    # A row of the list page, loaded without its description and folded text.
    listed = Activity.objects.for_list_page().get(pk=activity.pk)
    listed.place = "Nhà văn hóa"
    listed.save()

    assert Activity.objects.get(pk=activity.pk).search_text == (
        "tuyen truyen dang vien moi doan vien nha van hoa"
    )


def test_a_restored_activity_is_found_again(world, client_for, activities):
    from activities.history import activity_restore

    meeting = activities["meeting"]
    pk = meeting.pk
    meeting.delete()
    record = Activity.history.get(id=pk, history_type="-")

    activity_restore(record=record, by=world.kp_head)

    found = client_for(world.kp_leader).get(reverse("activities:list"), {"q": "hop thon"})
    assert [activity.pk for activity in found.context["activities"]] == [pk]
