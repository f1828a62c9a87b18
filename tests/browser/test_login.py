from playwright.sync_api import expect

from tests.browser.pages import LoginPage


def test_an_officer_logs_in_and_lands_on_the_home_page(page, live_server, world):
    page.goto(f"{live_server.url}/units/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/units/")

    login = LoginPage(page, live_server.url)
    login.log_in("kp.officer", "sai-mat-khau")
    login.expect_error()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("kp.officer")

    login.log_in("kp.officer")
    expect(page).to_have_url(f"{live_server.url}/units/")
    expect(page.get_by_role("heading", name="Đơn vị", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Cây đơn vị")).to_have_attribute("aria-current", "page")
    expect(page.get_by_text("Thôn Phú Hữu")).to_be_visible()
    expect(page.get_by_text("Gia Viên")).to_have_count(0)


def test_the_user_logs_out_from_the_menu(login_as, world, live_server):
    page = login_as(world.kp_leader)
    expect(page.get_by_role("heading", name="Xin chào")).to_be_visible()
    page.get_by_role("button", name=world.kp_leader.full_name).click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{live_server.url}/login/")
