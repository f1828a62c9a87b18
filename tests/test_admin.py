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
