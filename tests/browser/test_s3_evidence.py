"""A photo logged in Chromium lands in the S3 bucket (a real S3 server, tests/storage) and is
shown on the activity's page, streamed by Loa from the bucket, at a desktop's and a phone's
width."""

import pytest

from activities.models import Activity
from tests.activities.conftest import build_kp_plan, jpeg_bytes
from tests.browser.pages_activities import ActivityFormPage


@pytest.fixture
def kp(world, catalogues):
    return build_kp_plan(world)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_photo_logged_in_the_browser_is_kept_in_the_bucket_and_shown(
    login_as, live_server, world, kp, s3, width
):
    page = login_as(world.kp_village_head)
    page.set_viewport_size({"width": width, "height": 900})
    form = ActivityFormPage(page, live_server.url).open()
    form.choose_form("Phát thanh trên hệ thống truyền thanh cơ sở")
    form.fill(
        title="Phát thanh chuyên mục Chuyển đổi số",
        participants="1.200",
        section="1. Chuyển đổi số",
        group="Người dân",
    )
    form.attach(("phat-thanh.jpg", "image/jpeg", jpeg_bytes(size=(320, 200))))
    detail = form.send()
    detail.expect_title("Phát thanh chuyên mục Chuyển đổi số")
    detail.expect_photo_shown()
    evidence = Activity.objects.get().evidence.get()
    assert s3.objects() == [evidence.file.name]
    size = page.get_by_role("img", name="Ảnh minh chứng 1").evaluate(
        "img => [img.naturalWidth, img.naturalHeight]"
    )
    assert size == [320, 200]
