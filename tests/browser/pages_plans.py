"""Page objects for the plan screens: list, editor, plan page, issuing."""

import re

from playwright.sync_api import Locator, Page, expect


def calm(page: Page):
    """Bootstrap scrolls smoothly; a click during a smooth scroll can land on the wrong row."""
    page.emulate_media(reduced_motion="reduce")
    return page


def choose(row: Locator, text: str, search: str | None = None):
    """Pick an option of a Tom Select control inside `row` by typing and clicking it."""
    # Type into the control's own input (focused first), not wherever the keyboard focus is:
    # on a busy machine the click can land before the control has taken the focus, and the
    # list may not have followed what was typed: then type it again.
    field = row.locator(".ts-control input").first
    option = row.locator(".ts-dropdown .option", has_text=text).first
    for attempt in range(3):
        row.locator(".ts-control").first.click()
        field.fill("")
        field.press_sequentially(search or text)
        try:
            expect(option).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            field.press("Escape")
    option.click()
    # Leave the control so it shows the chosen value and its list, closed, covers nothing.
    # Escape is pressed in the control's own input, again until the list stays closed: on a
    # busy machine the control can take the focus back late and reopen its list, and a
    # headless window without focus ignores the blur that would close it.
    dropdown = row.locator(".ts-dropdown").first
    for _ in range(20):
        field.press("Escape")
        try:
            expect(dropdown).to_be_hidden(timeout=500)
        except AssertionError:
            continue
        row.page.wait_for_timeout(100)
        if not dropdown.is_visible():
            break
    field.blur()
    if dropdown.is_visible():
        # Still open (seen under CI load, after an htmx swap re-created the control): a
        # click outside it closes it, as a person's tap elsewhere does.
        row.page.locator("h1").first.click()
    expect(dropdown).to_be_hidden()


class PlanListPage:
    def __init__(self, page: Page, base_url: str):
        self.page = calm(page)
        self.base_url = base_url

    def open(self):
        self.page.goto(f"{self.base_url}/plans/")
        expect(self.page.get_by_role("heading", name="Kế hoạch tuyên truyền")).to_be_visible()
        return self

    def new_plan(self):
        self.page.get_by_role("link", name="Lập kế hoạch mới").click()
        return PlanEditorPage(self.page)

    def open_plan(self, title_part: str):
        self.page.get_by_role("link", name=re.compile(re.escape(title_part))).first.click()
        return PlanPage(self.page)


class PlanEditorPage:
    def __init__(self, page: Page):
        self.page = calm(page)
        expect(page.locator("#plan-editor")).to_be_visible()

    # Header -------------------------------------------------------------
    def set_title(self, title: str):
        self.page.get_by_label("Trích yếu").first.fill(title)
        return self

    def field(self, label: str):
        return self.page.get_by_label(label, exact=True).first

    # Legal bases ----------------------------------------------------------
    def bases(self):
        return self.page.locator(".basis-row:not(.is-deleted)")

    def add_new_legal_document(self, *, kind, number, issued_on, issuer, title=""):
        self.page.get_by_role("button", name="Thêm căn cứ").click()
        row = self.bases().last
        row.get_by_role("button", name=re.compile("Nhập văn bản mới")).click()
        row.get_by_label("Loại văn bản").select_option(label=kind)
        row.get_by_label("Số, ký hiệu").fill(number)
        row.get_by_label("Ngày ban hành").fill(issued_on)
        row.get_by_label("Cơ quan ban hành").fill(issuer)
        if title:
            row.get_by_label(re.compile("^Trích yếu")).fill(title)
        return row

    # Content tree ------------------------------------------------------------
    def sections(self):
        return self.page.locator(".section-row:not(.is-deleted)")

    def section(self, title: str) -> Locator:
        return self.sections().filter(
            has=self.page.locator(f'textarea[data-role="title"]:text-is("{title}")')
        )

    def section_by_index(self, index: int) -> Locator:
        return self.sections().nth(index)

    def add_child(self, parent: Locator, title: str, body: str = ""):
        parent.get_by_role("button", name="Mục con").click()
        row = self.page.locator(".section-row:focus-within")
        row.locator('[data-role="title"]').fill(title)
        if body:
            row.locator('[data-role="body"]').fill(body)
        return row

    def outline(self):
        """[(depth, label, title)] of the tree as shown."""
        rows = self.sections()
        return [
            (
                int(rows.nth(i).locator('[data-role="depth"]').input_value()),
                rows.nth(i).locator('[data-role="label"]').input_value(),
                rows.nth(i).locator('[data-role="title"]').input_value(),
            )
            for i in range(rows.count())
        ]

    # Assignments --------------------------------------------------------------
    def add_assignment(self, *, unit: str, tasks: str, due: str = "", focal=False, role=None):
        self.page.get_by_role("button", name="Thêm phân công").click()
        row = self.page.locator(".assignment-row:not(.is-deleted)").last
        choose(row, unit)
        if role:
            row.get_by_label("Vai trò").select_option(label=role)
        row.get_by_label("Nhiệm vụ (mỗi dòng một ý)").fill(tasks)
        if due:
            row.get_by_label("Hạn hoàn thành").fill(due)
        if focal:
            row.get_by_label("Đầu mối tổng hợp, báo cáo").check()
        return row

    # Saving -----------------------------------------------------------------------
    def save(self):
        self.page.get_by_role("button", name="Lưu", exact=True).click()
        self.page.wait_for_load_state()
        return self

    def save_and_view(self):
        self.page.get_by_role("button", name="Lưu và xem văn bản").click()
        expect(self.page.get_by_role("heading", name="Văn bản")).to_be_visible()
        return PlanPage(self.page)

    def expect_saved(self):
        expect(self.page.get_by_role("alert").first).to_contain_text("Đã")
        return self

    def expect_error(self, text: str):
        expect(self.page.locator("#editor-errors")).to_contain_text("Chưa lưu được")
        expect(self.page.locator(".invalid-feedback", has_text=text).first).to_be_visible()
        return self


class PlanPage:
    def __init__(self, page: Page):
        self.page = calm(page)

    @property
    def document(self):
        return self.page.get_by_role("article", name="Nội dung văn bản")

    def build_implementing_plan(self):
        self.page.get_by_role("button", name="Xây dựng kế hoạch thực hiện").click()
        return PlanEditorPage(self.page)

    def issue(self, *, signer: str):
        self.page.get_by_role("link", name="Ban hành").click()
        expect(self.page.get_by_role("heading", name="Ban hành kế hoạch")).to_be_visible()
        self.page.get_by_label("Họ tên người ký").fill(signer)
        number = self.page.get_by_label("Số kế hoạch").input_value()
        self.page.get_by_role("button", name="Ban hành kế hoạch").click()
        expect(self.page.get_by_role("alert").first).to_contain_text("Đã ban hành")
        return number

    def submit_for_signature(self):
        """«Trình ký», accepting the confirmation the form asks for."""
        self.page.once("dialog", lambda dialog: dialog.accept())
        self.page.get_by_role("button", name="Trình ký").click()
        expect(self.page.get_by_role("alert").first).to_contain_text("Đã trình ký")
        return self

    def return_with(self, comment: str):
        """«Trả lại»: an empty comment is refused first, then `comment` is sent."""
        self.page.get_by_role("link", name="Trả lại").click()
        self.page.get_by_role("button", name="Trả lại").click()
        expect(self.page.locator(".invalid-feedback").first).to_contain_text("Ghi rõ lý do")
        self.page.get_by_label("Ý kiến trả lại").fill(comment)
        self.page.get_by_role("button", name="Trả lại").click()
        expect(self.page.get_by_role("alert").first).to_contain_text("Đã trả lại")
        return self

    def download(self, link_name: str, path):
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=link_name).click()
        info.value.save_as(path)
        return info.value.suggested_filename
