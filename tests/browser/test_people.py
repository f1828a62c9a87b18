"""Chromium, at desktop and phone width: Kiều Phú's leader adds a village and its head, who
receives the invitation, sets a password and logs in; the leader then locks an account that
is no longer used."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import DESKTOP, PHONE, Navbar, screenshot
from units.models import Unit, User

PASSWORD = "Dong-Tam-2026-moi!"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_leader_adds_a_village_and_its_head_who_then_logs_in(
    browser, live_server, world, viewport
):
    width = viewport["width"]
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    LoginPage(page, live_server.url).open().log_in(world.kp_leader.username)
    page.wait_for_url(f"{live_server.url}/")

    # A new village in the unit tree.
    Navbar(page).go("Đơn vị")
    page.get_by_role("link", name="Thêm đơn vị").click()
    page.get_by_label("Thuộc đơn vị").select_option(label="Xã Kiều Phú")
    page.get_by_label("Tên đơn vị").fill("Thôn Đồng Tâm")
    page.get_by_label("Mã đơn vị").fill("T-KP-T2")
    page.get_by_label("Loại đơn vị").select_option(label="Thôn, tổ dân phố")
    screenshot(page, "unit-new")
    page.get_by_role("button", name="Thêm đơn vị").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã thêm đơn vị «Thôn Đồng Tâm»")
    expect(page.locator(".unit-tree")).to_contain_text("Thôn Đồng Tâm")
    screenshot(page, "unit-tree")

    # Its head, invited by e-mail.
    page.get_by_role("link", name="Người dùng", exact=True).click()
    page.get_by_role("link", name="Thêm người dùng").click()
    page.get_by_label("Tên đăng nhập").fill("kp.dongtam")
    page.get_by_label("Họ và tên").fill("Phạm Văn Tâm")
    village = Unit.objects.get(organisation=world.kp, code="T-KP-T2")
    page.get_by_label("Đơn vị").select_option(value=str(village.pk))
    page.get_by_label("Vai trò").select_option(label="Trưởng đơn vị")
    page.get_by_label("Chức vụ").fill("Trưởng thôn")
    page.get_by_label("Thư điện tử").fill("tam.pham@kieuphu.gov.vn")
    screenshot(page, "person-new")
    page.get_by_role("button", name="Thêm và gửi thư mời").click()
    expect(page.get_by_role("heading", name="Phạm Văn Tâm")).to_be_visible()
    expect(page.get_by_test_id("person-facts")).to_contain_text("Chưa đặt mật khẩu")
    screenshot(page, "person-detail")

    # The unused account of the village's former head is locked.
    page.get_by_role("link", name="Về danh sách").click()
    page.get_by_test_id("people").get_by_role(
        "link", name=world.kp_village_head.get_full_name()
    ).click()
    page.get_by_role("button", name="Khóa tài khoản").click()
    expect(page.get_by_role("alert").first).to_contain_text("Đã khóa tài khoản")
    assert not User.objects.get(pk=world.kp_village_head.pk).is_active
    context.close()

    # The new head opens the invitation, sets a password and logs in.
    (invitation,) = [m for m in mail.outbox if m.to == ["tam.pham@kieuphu.gov.vn"]]
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+/)", invitation.body).group(1)
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}{link}")
    page.get_by_label("Mật khẩu mới", exact=True).fill(PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới").fill(PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page.get_by_role("heading", name="Đã đặt mật khẩu mới")).to_be_visible()
    LoginPage(page, live_server.url).open().log_in("kp.dongtam", PASSWORD)
    expect(page.get_by_role("heading", name="Xin chào, Phạm Văn Tâm")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
