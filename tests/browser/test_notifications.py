import datetime
import uuid

import pytest
from playwright.sync_api import expect

from notifications.models import NotificationPreference
from notifications.services import reminders_run
from tests.browser.pages_notifications import Bell
from tests.factories import AssignmentFactory, PlanFactory

DAY = datetime.date(2026, 12, 12)


@pytest.fixture(autouse=True)
def own_cache(settings):
    # Unread counts are cached by user id; ids repeat between tests.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"browser-notifications-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def reminded(world):
    plan = PlanFactory(issuer=world.kp, issued=True, number=12)
    AssignmentFactory(
        plan=plan,
        unit=world.kp_office,
        label="Phòng Văn hóa - Xã hội",
        due_date=DAY.replace(day=15),
    )
    reminders_run(day=DAY)


def test_an_officer_sees_the_bell_reads_the_reminders_and_marks_them_read(
    login_as, world, reminded
):
    page = login_as(world.kp_officer)
    bell = Bell(page)
    bell.expect_unread(2)

    listing = bell.open()
    expect(page.get_by_role("heading", name="Thông báo")).to_be_visible()
    expect(listing.items).to_have_count(2)
    task = listing.item("Nhiệm vụ của Phòng Văn hóa - Xã hội, Kế hoạch số 12/KH-UBND")
    expect(task).to_contain_text("Còn 3 ngày đến hạn (15/12/2026)")

    listing.mark_read("Nhiệm vụ của Phòng Văn hóa - Xã hội")
    expect(task).to_contain_text("đã đọc")
    bell.expect_unread(1)  # refreshed in place by htmx

    listing.show_unread()
    expect(listing.items).to_have_count(1)
    expect(listing.items).to_contain_text("Báo cáo Năm 2026 của Xã Kiều Phú")

    listing.mark_all_read()
    expect(page.get_by_text("Đã đánh dấu 1 thông báo là đã đọc.")).to_be_visible()
    expect(page.get_by_text("Bạn đã đọc hết thông báo.")).to_be_visible()
    bell.expect_unread(0)


def test_an_officer_turns_report_deadlines_off_in_the_daily_email(login_as, world, reminded):
    page = login_as(world.kp_officer)
    preferences = Bell(page).open().open_preferences()
    expect(preferences.email).to_be_checked()

    preferences.email.uncheck()
    preferences.assignments.uncheck()
    preferences.reports.uncheck()
    preferences.events_not_by_email.check()
    preferences.email.check()
    preferences.save()
    expect(page.get_by_role("alert")).to_contain_text("Chọn ít nhất một loại việc")
    expect(preferences.email).to_be_checked()
    expect(preferences.assignments).not_to_be_checked()

    preferences.assignments.check()
    preferences.save()
    expect(page.get_by_text("Đã lưu cách nhận thông báo.")).to_be_visible()
    expect(preferences.reports).not_to_be_checked()
    saved = NotificationPreference.objects.get(user=world.kp_officer)
    assert (saved.email_enabled, saved.email_assignments, saved.email_reports) == (
        True,
        True,
        False,
    )
