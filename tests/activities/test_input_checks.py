"""Input that is checked when logging and filtering activities."""

import datetime

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.activities.conftest import form_data

pytestmark = pytest.mark.django_db


def test_an_activity_outside_its_plans_period_is_refused(world, kp, client_for):
    response = client_for(world.kp_head).post(
        reverse("activities:create"), form_data(world, kp, date="20/12/2025")
    )
    page = response.content.decode()
    assert (
        "Ngày 20/12/2025 nằm ngoài thời gian thực hiện của kế hoạch (01/01/2026 – 31/12/2026)"
        in page
    )
    assert 'value="20/12/2025"' in page
    assert not Activity.objects.filter(date=datetime.date(2025, 12, 20)).exists()


def test_a_filter_date_that_is_not_a_date_says_so_next_to_it(world, client_for):
    page = (
        client_for(world.kp_officer)
        .get(reverse("activities:list"), {"date_from": "99/99/2026"})
        .content.decode()
    )
    assert "Ngày không hợp lệ: viết theo dạng dd/mm/yyyy, ví dụ 05/03/2026." in page
    assert 'value="99/99/2026"' in page


def test_an_excel_row_outside_the_plans_period_is_refused(world, kp, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.imports.excel import xlsx
    from tests.imports.test_excel import ACTIVITY_HEADERS

    data = xlsx(
        ACTIVITY_HEADERS,
        [[kp.plan.number_display, "T-KP-VHXH", "conference", "03/01/2027", "Năm sau", 1]],
    )
    response = client_for(world.kp_officer).post(
        "/imports/activities/import/", {"file": SimpleUploadedFile("hd.xlsx", data)}
    )
    assert "nằm ngoài thời gian thực hiện của kế hoạch" in response.content.decode()
    assert not Activity.objects.filter(title="Năm sau").exists()
