"""Control characters are refused in one place, before any view or database sees them: a NUL
in a search box used to reach PostgreSQL and answer 500. Word's line and page breaks in pasted
text become line breaks."""

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.activities.conftest import build_kp_plan, form_data
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db

REFUSED = "chứa ký tự điều khiển"


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


@pytest.mark.parametrize(
    "url",
    [
        "/units/?q=%00",
        "/plans/legal-documents/?q=%00",
        "/plans/?q=abc%00def",
        "/activities/?q=%01",
        "/reports/?status=%1b",
        "/notifications/?x%00=1",
        "/activities/dashboard/?year=2026%7f",
    ],
)
def test_a_control_character_in_the_query_string_is_a_400_in_vietnamese(world, client_for, url):
    response = client_for(world.kp_officer).get(url)

    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page and "Lỗi 400" in page


def test_ordinary_text_with_tabs_and_line_breaks_passes(world, client_for):
    response = client_for(world.kp_officer).get("/units/?q=Ph%C3%BA%09H%E1%BB%AFu")
    assert response.status_code == 200


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_written(world, kp, client_for):
    data = form_data(world, kp, title="Hội nghị\x00 quán triệt")

    response = client_for(world.kp_head).post(reverse("activities:create"), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page and "(trường <code>title</code>)" in page
    assert not Activity.objects.exists()


def test_words_line_and_page_breaks_in_pasted_text_become_line_breaks(world, kp, client_for):
    data = form_data(world, kp, description="Dòng một\x0bDòng hai\x0cTrang sau")

    response = client_for(world.kp_head).post(reverse("activities:create"), data)

    assert response.status_code == 302
    assert Activity.objects.get().description == "Dòng một\nDòng hai\nTrang sau"
