"""An Excel import that passed its preview but fails when confirmed (the data changed in
between) writes no row at all, and says which line failed."""

import pytest

from activities.models import Activity
from units.models import Unit

from .excel import xlsx
from .test_excel import ACTIVITY_HEADERS, confirm_url, errors_of, upload

pytestmark = pytest.mark.django_db


def test_activities_that_fail_at_confirm_write_no_row(client_for, world, kp_plan):
    client = client_for(world.kp_officer)
    data = xlsx(
        ACTIVITY_HEADERS,
        [
            ["12/KH-UBND", "T-KP-VHXH", "loudspeaker", "05/03/2026", "Phát thanh tuần 1", 1],
            ["12/KH-UBND", "T-KP-VHXH", "loudspeaker", "12/03/2026", "Phát thanh tuần 2", 1],
            ["12/KH-UBND", "T-KP-T1", "banner", "06/03/2026", "Treo băng rôn ở thôn", 3],
        ],
    )
    preview = upload(client, "activities", data)
    assert "Mọi dòng đều hợp lệ" in preview.content.decode()
    # Meanwhile the village is merged away: its row can no longer be written.
    Unit.objects.filter(pk=world.kp_village.pk).update(is_active=False)

    response = client.post(confirm_url(preview))

    assert response.status_code == 200
    errors = errors_of(response)
    assert errors and all(error.startswith("Dòng 4 ") for error in errors)
    assert Activity.objects.count() == 0
    # The file is gone with its token: confirming again finds nothing to import.
    assert client.post(confirm_url(preview)).status_code == 404
