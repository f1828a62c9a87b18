"""Activities end to end in Chromium: log with a photo, review, follow on the dashboard."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity, ActivityStatus
from tests.activities.conftest import activity_adder, build_kp_plan, jpeg_bytes
from tests.browser.pages_activities import (
    ActivityFormPage,
    ActivityListPage,
    DashboardPage,
    ReviewQueuePage,
)


@pytest.fixture
def kp(world, catalogues):
    return build_kp_plan(world)


@pytest.fixture
def add_activity(world, kp):
    return activity_adder(world, kp)


def photo(name="hoi-nghi.jpg"):
    return (name, "image/jpeg", jpeg_bytes())


def test_a_village_head_logs_a_broadcast_with_a_photo(login_as, live_server, world, kp):
    page = login_as(world.kp_village_head)
    form = ActivityFormPage(page, live_server.url).open()
    # The village's only task and the plan's first form are preselected, with its measure.
    expect(page.get_by_label("Nhiệm vụ được giao")).to_have_value(str(kp.village_task.pk))
    expect(form.measure).to_have_text("lượt phát")
    form.choose_form("Hội nghị phổ biến, quán triệt")
    expect(form.measure).to_have_text("hội nghị")
    form.choose_form("Phát thanh trên hệ thống truyền thanh cơ sở")
    form.fill(
        title="Phát thanh chuyên mục Chuyển đổi số",
        participants="1.200",
        section="1. Chuyển đổi số",
        group="Người dân",
    )
    form.attach(photo())
    detail = form.send()
    detail.expect_title("Phát thanh chuyên mục Chuyển đổi số")
    expect(page.get_by_text("Đã gửi duyệt hoạt động")).to_be_visible()
    detail.expect_photo_shown()
    activity = Activity.objects.get()
    assert activity.participants == 1200 and activity.unit == world.kp_village
    assert activity.evidence.get().kind == "photo"


def test_a_broken_photo_is_refused_and_the_typed_title_stays(login_as, live_server, world, kp):
    page = login_as(world.kp_head)
    form = ActivityFormPage(page, live_server.url).open()
    form.fill(title="Hội nghị quán triệt", place="Hội trường UBND xã")
    form.attach(("anh-loi.jpg", "image/jpeg", jpeg_bytes()[:300]))
    form.send()
    expect(page.get_by_text("Ảnh «anh-loi.jpg» bị hỏng hoặc chưa tải lên hết")).to_be_visible()
    expect(page.get_by_label("Tên hoạt động")).to_have_value("Hội nghị quán triệt")
    expect(page.get_by_label("Địa điểm")).to_have_value("Hội trường UBND xã")
    assert not Activity.objects.exists()


def test_the_focal_unit_approves_one_activity_and_returns_another(
    login_as, live_server, world, kp, add_activity
):
    add_activity(title="Hội nghị quán triệt tháng 3")
    add_activity(title="Hội nghị thiếu ảnh", date=datetime.date(2026, 3, 3))
    page = login_as(world.kp_officer)
    queue = ReviewQueuePage(page, live_server.url).open()
    queue.approve("Hội nghị quán triệt tháng 3")
    queue.give_back("Hội nghị thiếu ảnh", "Bổ sung ảnh hội nghị.")

    page.context.clear_cookies()
    page = login_as(world.kp_head)
    listing = ActivityListPage(page, live_server.url).open()
    expect(page.get_by_text("1 hoạt động của đơn vị bạn bị trả lại")).to_be_visible()
    expect(listing.rows.first).to_contain_text("Hội nghị thiếu ảnh")
    expect(listing.rows.first).to_contain_text("Ý kiến: Bổ sung ảnh hội nghị.")
    listing.edit("Hội nghị thiếu ảnh")
    expect(page.get_by_text("Ý kiến: Bổ sung ảnh hội nghị.")).to_be_visible()
    form = ActivityFormPage(page, live_server.url)
    form.attach(photo("anh-bo-sung.jpg"))
    page.get_by_role("button", name="Gửi lại để duyệt").click()
    expect(page.get_by_text("Đã lưu và gửi duyệt hoạt động.")).to_be_visible()
    statuses = dict(Activity.objects.values_list("title", "status"))
    assert statuses == {
        "Hội nghị quán triệt tháng 3": ActivityStatus.APPROVED,
        "Hội nghị thiếu ảnh": ActivityStatus.SUBMITTED,
    }


def test_three_activities_logged_in_a_row_show_on_the_leaders_dashboard(
    login_as, live_server, world, kp
):
    page = login_as(world.kp_head)
    form = ActivityFormPage(page, live_server.url).open()
    for number, people in enumerate(["120", "45", "80"], start=1):
        form.fill(title=f"Hội nghị số {number}", participants=people)
        form.attach(photo(f"hoi-nghi-{number}.jpg"))
        form.send_and_next(f"Hội nghị số {number}")
        # The next form opens with the same task and form already chosen.
        expect(page.get_by_label("Nhiệm vụ được giao")).to_have_value(str(kp.office_task.pk))
    assert Activity.objects.filter(date=timezone.localdate()).count() == 3

    page.context.clear_cookies()
    page = login_as(world.kp_leader)
    dashboard = DashboardPage(page, live_server.url).open()
    expect(dashboard.figure("count")).to_have_text("3")
    expect(dashboard.figure("participants")).to_have_text("245")
    expect(page.get_by_text("0 đã duyệt · 3 chờ duyệt")).to_be_visible()
    dashboard.expect_charts_drawn()
