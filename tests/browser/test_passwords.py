"""Chromium, at desktop and phone width: a person who forgot their password asks for a link
from the login page, opens it from the mail, sets a new password and logs in with it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.pages import LoginPage
from tests.browser.pages_tasks import DESKTOP, PHONE, screenshot

NEW = "Kieu-Phu-2026-moi!"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_forgotten_password_is_reset_from_the_login_page(browser, live_server, world, viewport):
    world.kp_head.email = "truongphong@kieuphu.gov.vn"
    world.kp_head.save()
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()

    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Thư điện tử").fill("truongphong@kieuphu.gov.vn")
    screenshot(page, f"password-reset-{viewport['width']}")
    page.get_by_role("button", name="Gửi đường dẫn đặt lại mật khẩu").click()
    expect(page.get_by_role("heading", name="Hãy kiểm tra hộp thư")).to_be_visible()

    link = re.search(r"http://[^/\s]+(/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_label("Mật khẩu mới", exact=True).fill(NEW)
    page.get_by_label("Xác nhận mật khẩu mới").fill(NEW)
    screenshot(page, f"password-new-{viewport['width']}")
    page.get_by_role("button", name="Lưu mật khẩu").click()
    expect(page.get_by_role("heading", name="Đã đặt mật khẩu mới")).to_be_visible()

    page.get_by_role("link", name="Đăng nhập").click()
    LoginPage(page, live_server.url).log_in("kp.head", NEW)
    expect(page.get_by_role("heading", name="Xin chào")).to_be_visible()
    context.close()
