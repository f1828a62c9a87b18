"""Page objects for the notifications area: the navbar bell, the list, the preferences."""

from playwright.sync_api import Page, expect


class Bell:
    def __init__(self, page: Page):
        self.page = page
        self.link = page.locator("#notification-bell")

    def expect_unread(self, count):
        badge = self.link.get_by_test_id("unread-count")
        if count:
            expect(badge).to_have_text(str(count))
        else:
            expect(badge).to_have_count(0)

    def open(self):
        self.link.click()
        return NotificationListPage(self.page)


class NotificationListPage:
    def __init__(self, page: Page):
        self.page = page
        self.items = page.get_by_test_id("notification")

    def item(self, text):
        return self.items.filter(has_text=text)

    def mark_read(self, text):
        self.item(text).get_by_role("button", name="Đánh dấu đã đọc").click()

    def mark_all_read(self):
        self.page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()

    def show_unread(self):
        self.page.locator(".nav-tabs").get_by_role("link", name="Chưa đọc").click()

    def open_preferences(self):
        self.page.get_by_role("link", name="Cách nhận thông báo").click()
        return PreferencesPage(self.page)


class PreferencesPage:
    def __init__(self, page: Page):
        self.page = page
        self.email = page.get_by_label("Nhận thư tổng hợp hằng ngày")
        self.assignments = page.get_by_label("Đưa hạn nhiệm vụ vào thư")
        self.reports = page.get_by_label("Đưa hạn báo cáo định kỳ vào thư")
        self.events_not_by_email = page.get_by_label("Không gửi thư, chỉ báo trong Loa")

    def save(self):
        self.page.get_by_role("button", name="Lưu").click()
