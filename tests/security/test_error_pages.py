"""Error pages in Vietnamese: 403 and 404 inside the app's layout, 500 standalone (it is
rendered without a request and may be shown while the database is down)."""

import pytest
from django.template import loader
from django.urls import path, reverse

from tests.factories import PlanFactory


def broken_view(request):
    raise RuntimeError("hỏng")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.django_db
def test_404_is_in_vietnamese_inside_the_layout(world, client_for):
    response = client_for(world.kp_officer).get("/plans/987654/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page
    assert "/plans/987654/" in page
    assert 'class="navbar' in page and "Về trang chủ" in page


@pytest.mark.django_db
def test_404_for_anonymous_visitors_needs_no_user(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_403_says_why_in_vietnamese(world, client_for):
    plan = PlanFactory(issuer=world.kp, issued=True)
    # The superior reads Kiều Phú's plan but may not close it.
    response = client_for(world.hn_leader).post(reverse("plans:close", args=[plan.pk]))

    assert response.status_code == 403
    page = response.content.decode()
    assert "Bạn không có quyền thực hiện việc này" in page
    assert "không được thay đổi" in page
    assert 'class="navbar' in page


def test_500_template_renders_without_request_or_database():
    """No `db` fixture: any query while rendering would fail the test."""
    page = loader.get_template("500.html").render({})

    assert "Hệ thống đang gặp sự cố" in page
    assert 'lang="vi"' in page


@pytest.mark.django_db
@pytest.mark.urls("tests.security.test_error_pages")
def test_500_is_served_when_a_view_fails(client):
    client.raise_request_exception = False
    response = client.get("/broken/")

    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()
