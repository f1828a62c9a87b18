"""Page objects for the report screens."""

from pathlib import Path

from playwright.sync_api import Page, expect


class ReportListPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self, year=2026):
        self.page.goto(f"{self.base_url}/reports/?year={year}")
        return self

    def open_period(self, notation):
        row = self.page.locator(f"tr[data-period='{notation}']")
        row.get_by_role("button", name="Lập báo cáo").or_(
            row.get_by_role("link", name="Mở báo cáo")
        ).click()
        return ReportPage(self.page)


class ReportPage:
    def __init__(self, page: Page):
        self.page = page

    def expect_status(self, text):
        expect(self.page.locator("#report-status")).to_have_text(text)
        return self

    def edit(self):
        self.page.locator("#edit-report").click()
        return ReportEditor(self.page)

    def download(self, link_id, path: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.locator(f"#{link_id}").click()
        info.value.save_as(path)
        return path

    def submit(self):
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.locator("#submit-report").click()
        return self

    def accept(self, comment=""):
        self.page.get_by_label("Ý kiến của cấp trên").fill(comment)
        self.page.locator("#accept-report").click()
        return self


class ReportEditor:
    def __init__(self, page: Page):
        self.page = page

    def fill(self, label, text):
        self.page.get_by_label(label, exact=True).fill(text)
        return self

    def save(self):
        self.page.locator("#save-report").click()
        return self

    def expect_error(self, text):
        expect(self.page.locator("#form-errors")).to_be_visible()
        expect(self.page.locator("#report-form")).to_contain_text(text)
        return self

    def save_and_view(self):
        self.save()
        return ReportPage(self.page)


class MatrixPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open(self, year=2026):
        self.page.goto(f"{self.base_url}/reports/matrix/?year={year}")
        return self

    def cell(self, code, column=0):
        return self.page.locator(f"tr[data-organisation='{code}'] td[data-state]").nth(column)

    def open_report(self, code, column=0):
        self.cell(code, column).get_by_role("link").click()
        return ReportPage(self.page)
