"""Page objects for browser tests: one class per main screen."""

from playwright.sync_api import Page, expect


class LoginPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/login/")
        return self

    def log_in(self, username, password="mat-khau-kiem-thu"):
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        return self

    def expect_error(self):
        expect(self.page.get_by_role("alert")).to_contain_text("không đúng")
