"""Page objects for the «Nhập/xuất Excel» screens."""

from pathlib import Path

import openpyxl
from playwright.sync_api import Page, expect


class ImportsPage:
    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url

    def open_from_menu(self):
        self.page.goto(f"{self.base_url}/")
        self.page.get_by_role("link", name="Nhập/xuất Excel").click()
        expect(self.page.get_by_role("heading", name="Nhập/xuất Excel")).to_be_visible()
        return self

    def start_import(self, label):
        self.page.get_by_role("link", name=f"Nhập {label}").click()
        expect(self.page.get_by_role("heading", name=f"Nhập {label} từ Excel")).to_be_visible()
        return self

    def download_template(self, label, folder: Path) -> Path:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=f"Tải tệp mẫu {label}").click()
        path = folder / info.value.suggested_filename
        info.value.save_as(path)
        return path

    def upload(self, path: Path):
        self.page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
        self.page.get_by_role("button", name="Kiểm tra tệp").click()
        return self

    def expect_errors(self, *texts):
        alert = self.page.get_by_role("alert")
        expect(alert).to_contain_text("Chưa nhập gì")
        for text in texts:
            expect(alert).to_contain_text(text)
        expect(self.page.get_by_role("button", name="Xác nhận nhập")).to_have_count(0)

    def confirm(self, rows):
        expect(self.page.get_by_role("status")).to_contain_text("Mọi dòng đều hợp lệ")
        self.page.get_by_role("button", name=f"Xác nhận nhập {rows} dòng").click()
        return self

    def expect_done(self, text):
        expect(self.page.get_by_role("alert")).to_contain_text(text)


def fill_template(template: Path, rows, target: Path) -> Path:
    """The downloaded template with `rows` (dicts by column name) under its header."""
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    workbook.save(target)
    return target
