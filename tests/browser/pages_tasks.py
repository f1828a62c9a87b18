"""Page objects for tasks: the navbar (collapsed on a phone), the task page, the home page's
and the dashboard's lists of tasks."""

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def screenshot(page: Page, name: str):
    """Save a full-page screenshot under $LOA_SCREENSHOTS (for looking at the pages as their
    users do); nothing when the variable is unset."""
    folder = os.environ.get("LOA_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


class Navbar:
    def __init__(self, page: Page):
        self.page = page

    def _open(self):
        toggler = self.page.locator(".navbar-toggler")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            # «show» comes when Bootstrap's collapse transition ends: a click on a link still
            # sliding open can be lost.
            expect(self.page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))

    def go(self, name):
        self._open()
        self.page.locator("#main-nav").get_by_role("link", name=name, exact=True).click()

    def open_search(self):
        """The navigation bar's search box: behind its icon on a wide screen, in the folded
        menu on a phone."""
        self._open()
        icon = self.page.locator("#nav-search > .nav-link")
        if icon.is_visible():
            icon.click()
        return self.page.locator("#main-nav").get_by_role("searchbox", name="Tìm trong Loa")

    def bell(self):
        self._open()
        return self.page.locator("#notification-bell")


class TaskPage:
    def __init__(self, page: Page):
        self.page = page
        self.state = page.get_by_test_id("task-state").first

    def report_done(self, result, link=""):
        self.page.get_by_label("Kết quả thực hiện").fill(result)
        if link:
            self.page.get_by_label("Đường dẫn minh chứng").fill(link)
        self.page.get_by_role("button", name="Báo hoàn thành").click()
        return self

    def report_progress(self, percent):
        self.page.get_by_label("Tiến độ (%)").fill(str(percent))
        self.page.get_by_role("button", name="Cập nhật tiến độ").click()
        return self

    def reopen(self, unit_name, comment):
        self.page.get_by_label(f"Lý do mở lại phần của {unit_name}").fill(comment)
        self.page.get_by_role("button", name="Mở lại").click()
        return self


class HomePage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.tasks = page.get_by_test_id("home-task")

    def open(self):
        self.page.goto(f"{self.base_url}/")
        return self


class DashboardTasks:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.late = page.locator("[aria-labelledby=late-title] li.list-group-item")

    def open(self):
        self.page.goto(f"{self.base_url}/activities/dashboard/")
        return self
