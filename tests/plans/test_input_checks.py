"""Input that is checked in the plan editor: the message next to the field, what was typed kept."""

import pytest
from django.urls import reverse

from plans.models import Target
from tests.plans.conftest import editor_data

pytestmark = pytest.mark.django_db


def test_a_negative_target_is_refused_and_kept_on_the_page(world, client_for, kp_draft):
    target = Target.objects.get(plan=kp_draft)
    data = editor_data(kp_draft, world.kp_officer)
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("targets-") and key.endswith("-id") and str(value) == str(target.pk)
    )
    data[f"targets-{index}-target_value"] = "-10"
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    page = response.content.decode()
    assert "Giá trị chỉ tiêu không được âm." in page
    assert 'value="-10"' in page
    target.refresh_from_db()
    assert target.target_value == 60

    # Django's own messages, in Loa's wording.
    data[f"targets-{index}-target_value"] = "mười"
    response = client_for(world.kp_officer).post(reverse("plans:edit", args=[kp_draft.pk]), data)
    page = response.content.decode()
    assert "Hãy nhập một số." in page and "Nhập một số." not in page.replace("Hãy nhập", "")


def test_a_plan_download_keeps_the_letters_of_its_symbol(world, client_for):
    from tests.factories import PlanFactory

    plan = PlanFactory(issuer=world.kp, issued=True, number=4, symbol="KH-BCĐ")
    response = client_for(world.kp_officer).get(reverse("plans:docx", args=[plan.pk]))
    year = plan.issued_on.year
    assert response["Content-Disposition"].endswith(f'filename="ke-hoach-04-KH-BCD-{year}.docx"')


def test_the_editor_shows_a_count_target_as_a_whole_number_and_a_rate_without_trailing_zeros(
    world, client_for, kp_draft
):
    target = Target.objects.get(plan=kp_draft)
    target.target_value, target.actual_value = 250, "12.50"
    target.save()
    page = client_for(world.kp_officer).get(reverse("plans:edit", args=[kp_draft.pk]))
    page = page.content.decode()
    assert 'value="250"' in page and 'value="12,5"' in page
    assert "250,00" not in page and "12,50" not in page
