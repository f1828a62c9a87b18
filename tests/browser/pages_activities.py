"""Page objects for the activities screens: logging, review, list and dashboard."""

from playwright.sync_api import Page, expect


class ActivityFormPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/activities/new/")
        expect(self.page.get_by_role("heading", name="Ghi nhận hoạt động")).to_be_visible()
        return self

    @property
    def measure(self):
        return self.page.locator("[data-role=measure]")

    def choose_form(self, name):
        self.page.get_by_label("Hình thức tuyên truyền").select_option(label=name)
        return self

    def fill(self, *, title, participants="", cost="", place="", section=None, group=None):
        self.page.get_by_label("Tên hoạt động").fill(title)
        if place:
            self.page.get_by_label("Địa điểm").fill(place)
        if participants:
            self.page.get_by_label("Số người tham dự").fill(participants)
        if cost:
            self.page.get_by_label("Kinh phí (đồng)").fill(cost)
        if section:
            self.page.get_by_label(section).check()
        if group:
            self.page.get_by_label(group, exact=True).check()
        return self

    def attach(self, *files):
        """`files`: (name, mime type, bytes) triples."""
        self.page.get_by_label("Ảnh, tệp PDF").set_input_files(
            [{"name": name, "mimeType": mime, "buffer": content} for name, mime, content in files]
        )
        return self

    def send(self):
        self.page.get_by_role("button", name="Gửi duyệt", exact=True).click()
        return ActivityDetailPage(self.page)

    def send_and_next(self, title):
        self.page.get_by_role("button", name="Gửi duyệt và nhập tiếp").click()
        expect(self.page.get_by_text(f"Đã gửi duyệt hoạt động «{title}».")).to_be_visible()
        expect(self.page.get_by_label("Tên hoạt động")).to_have_value("")
        return self


class ActivityDetailPage:
    def __init__(self, page: Page):
        self.page = page

    def expect_title(self, title):
        expect(self.page.get_by_role("heading", level=1)).to_have_text(title)
        return self

    def expect_photo_shown(self):
        photo = self.page.get_by_role("img", name="Ảnh minh chứng 1")
        expect(photo).to_be_visible()
        self.page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
        )
        return self


class ReviewQueuePage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/activities/review/")
        expect(self.page.get_by_role("heading", name="Duyệt hoạt động")).to_be_visible()
        return self

    def item(self, title):
        return self.page.locator("article.review-item").filter(has_text=title)

    def approve(self, title):
        item = self.item(title)
        item.get_by_role("button", name="Duyệt", exact=True).click()
        expect(item.get_by_role("status")).to_contain_text("Đã duyệt")
        return self

    def give_back(self, title, comment):
        item = self.item(title)
        item.get_by_label("Ý kiến").fill(comment)
        item.get_by_role("button", name="Trả lại").click()
        expect(self.item(title).get_by_role("status")).to_contain_text("Đã trả lại")
        return self


class ActivityListPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/activities/")
        return self

    @property
    def rows(self):
        return self.page.locator("tbody tr")

    def edit(self, title):
        self.rows.filter(has_text=title).get_by_role("link", name="Sửa").click()
        return self


class DashboardPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/activities/dashboard/")
        expect(self.page.get_by_role("heading", name="Theo dõi tiến độ")).to_be_visible()
        return self

    def figure(self, name):
        return self.page.locator(f"[data-figure={name}]")

    def expect_charts_drawn(self):
        for name in ("months", "forms", "places"):
            self.page.wait_for_function(
                f"() => Chart.getChart(document.querySelector('canvas[data-chart={name}]'))"
            )
        return self
