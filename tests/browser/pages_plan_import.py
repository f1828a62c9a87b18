"""Page objects for plans imported from their document: upload and review."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.pages_plans import PlanEditorPage, calm, choose


class PlanImportUploadPage:
    def __init__(self, page: Page):
        self.page = calm(page)
        expect(page.get_by_role("heading", name="Nhập kế hoạch từ văn bản")).to_be_visible()

    @classmethod
    def from_plan_list(cls, page: Page, base_url: str):
        page.goto(f"{base_url}/plans/")
        page.get_by_role("link", name="Nhập từ văn bản").click()
        return cls(page)

    def upload(self, path: Path, *, name: str | None = None):
        self.page.get_by_label("Văn bản kế hoạch (.txt, .docx hoặc .pdf)").set_input_files(
            {"name": name or path.name, "mimeType": "text/plain", "buffer": path.read_bytes()}
        )
        self.page.get_by_role("button", name="Đọc văn bản và tạo dự thảo").click()
        return PlanImportReviewPage(self.page)

    def expect_message(self, text: str):
        expect(self.page.get_by_role("alert").first).to_contain_text(text)
        return self


class PlanImportReviewPage:
    def __init__(self, page: Page):
        self.page = calm(page)
        expect(page.get_by_role("heading", name="Rà soát kế hoạch nhập từ văn bản")).to_be_visible()

    def part(self, section_id: str):
        return self.page.locator(f"#{section_id}")

    def unit_card(self, label: str):
        return self.page.locator(
            f'.unmatched-row[data-label="{label}"], .group-row[data-label="{label}"]'
        )

    def map_unit(self, label: str, unit: str, search: str | None = None):
        card = self.unit_card(label)
        form = card.locator("form.map-unit")
        choose(form, unit, search)
        # Pressed from the keyboard: a unit list the slow page reopens cannot catch the click.
        button = form.get_by_role("button", name="Chọn đơn vị này")
        button.focus()
        button.press("Enter")
        expect(self.page.get_by_role("alert").first).to_contain_text(f"Đã giao phần «{label}»")
        return self

    def create_unit(self, label: str, *, name: str, kind: str):
        form = self.unit_card(label).locator("form.create-unit")
        form.get_by_label("Tên đơn vị").fill(name)
        form.get_by_label("Loại đơn vị").select_option(label=kind)
        form.get_by_role("button", name="Tạo đơn vị").click()
        expect(self.page.get_by_role("alert").first).to_contain_text(f"Đã tạo đơn vị «{name}»")
        return self

    def target(self, number: int):
        return self.part("figures").get_by_role("group", name=f"Chỉ tiêu {number}")

    def budget_line(self, number: int):
        return self.part("figures").get_by_role("group", name=f"Dòng kinh phí {number}")

    def confirm_figures(self, message: str = "Đã xác nhận"):
        self.part("figures").get_by_role("button", name="Xác nhận chỉ tiêu và kinh phí").click()
        expect(self.page.get_by_role("alert").first).to_contain_text(message)
        return self

    def open_editor(self):
        self.page.get_by_role("link", name="Mở trình soạn thảo").click()
        return PlanEditorPage(self.page)

    def discard(self):
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.get_by_role("button", name="Hủy bản nhập").click()
        return PlanImportUploadPage(self.page)
