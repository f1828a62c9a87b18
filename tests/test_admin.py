import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import Plan
from tests.factories import AssignmentFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_every_admin_list_and_add_page_opens_in_vietnamese(admin_client, world, rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        views = ["changelist"]
        if model_admin.has_add_permission(request):
            views.append("add")
        for view in views:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            response = admin_client.get(url)
            assert response.status_code == 200, url
    page = admin_client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert "Chọn kế hoạch để thay đổi" in page


def test_the_plan_admin_edits_a_plan_with_all_its_parts_inline(admin_client, world):
    plan = PlanFactory(issuer=world.kp, issued=True)
    SectionFactory(plan=plan)
    AssignmentFactory(plan=plan, unit=world.kp_office)
    page = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    for inline in (
        "căn cứ",
        "mục nội dung",
        "hình thức của kế hoạch",
        "phân công",
        "kinh phí",
        "chỉ tiêu",
    ):
        assert inline in page.lower(), inline


def test_the_plan_list_in_admin_searches_by_title(admin_client, world):
    PlanFactory(issuer=world.kp, title="Tuyên truyền Bình dân học vụ số")
    PlanFactory(issuer=world.kp, title="Kế hoạch khác")
    page = admin_client.get(
        reverse("admin:plans_plan_changelist"), {"q": "Bình dân"}
    ).content.decode()
    assert "Tuyên truyền Bình dân học vụ số" in page and "Kế hoạch khác" not in page
    assert Plan.objects.count() == 2


def test_health_check_answers_without_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


ADMIN_ENGLISH = [
    "Access attempts",
    "Access failures",
    "Access logs",
    "Show counts",
    "Model name",
    "Add link",
    "Skip to main content",
    "Toggle theme",
    "Toggle navigation",
    "Attempt Time",
    "IP Address",
    "User Agent",
    "Relative to",
    "First child of",
    "First, enter a username",
    "After you’ve created a user",
]


def test_the_admin_speaks_vietnamese_in_its_own_words(admin_client, world):
    pages = [
        reverse("admin:index"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accesslog_changelist"),
        reverse("admin:units_unit_add"),
        reverse("admin:units_user_add"),
        reverse("admin:plans_plan_changelist") + "?_facets=True",
    ]
    text = " ".join(admin_client.get(url).content.decode() for url in pages)
    assert [phrase for phrase in ADMIN_ENGLISH if phrase in text] == []
    for phrase in ("Các lần đăng nhập bị chặn", "Nhật ký đăng nhập", "Chuyển đến nội dung chính"):
        assert phrase in text
    assert "Ẩn số lượng" in text  # the facets are shown, so the link offers to hide them
    assert "Đứng trước" in text and "Sau khi tạo tài khoản, có thể sửa" in text
