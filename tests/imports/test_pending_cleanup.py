"""A workbook previewed and never confirmed does not stay on the server: the hourly beat task
deletes it after LOA_IMPORT_PENDING_HOURS, and confirming it then says why and to upload it
again."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from activities.models import Activity
from imports.tasks import cleanup_pending_imports
from imports.uploads import pending_cleanup

from .excel import xlsx
from .test_excel import ACTIVITY_HEADERS, confirm_url, upload

pytestmark = pytest.mark.django_db


def previewed(client):
    data = xlsx(
        ACTIVITY_HEADERS,
        [["12/KH-UBND", "T-KP-VHXH", "loudspeaker", "05/03/2026", "Phát thanh tuần 1", 1]],
    )
    preview = upload(client, "activities", data)
    assert "Mọi dòng đều hợp lệ" in preview.content.decode()
    return preview


def waiting():
    return sorted(default_storage.listdir("imports")[1])


def test_a_preview_left_a_day_is_deleted_and_confirming_it_asks_for_the_file_again(
    world, client_for, kp_plan
):
    client = client_for(world.kp_officer)
    left = previewed(client)
    assert len(waiting()) == 1

    assert pending_cleanup(now=timezone.now() + datetime.timedelta(hours=23)) == 0
    assert len(waiting()) == 1
    assert pending_cleanup(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert waiting() == []

    response = client.post(confirm_url(left), follow=True)
    assert response.redirect_chain == [("/imports/activities/import/", 302)]
    assert (
        "Tệp đã xem trước quá 24 giờ mà chưa được xác nhận nên đã được xóa; chưa có dòng nào "
        "được nhập. Hãy tải tệp lên lại." in response.content.decode()
    )
    assert Activity.objects.count() == 0


def test_the_task_keeps_a_fresh_preview_which_can_still_be_confirmed(world, client_for, kp_plan):
    client = client_for(world.kp_officer)
    fresh = previewed(client)

    assert cleanup_pending_imports.delay().get() == 0

    assert client.post(confirm_url(fresh)).status_code == 302
    assert Activity.objects.filter(title="Phát thanh tuần 1").count() == 1
    assert waiting() == []


def test_nothing_previewed_yet_is_nothing_to_delete(db):
    assert pending_cleanup() == 0


def test_the_cleanup_runs_every_hour_in_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["cleanup-imports"]
    assert entry["task"] == "imports.cleanup"
    assert entry["schedule"].minute == {23} and len(entry["schedule"].hour) == 24
