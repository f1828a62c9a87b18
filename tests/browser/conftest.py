import pytest

from tests.browser.pages import LoginPage


@pytest.fixture
def login_as(page, live_server):
    """Log in through the real login form in Chromium; returns the page."""

    def login(user):
        LoginPage(page, live_server.url).open().log_in(user.username)
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login
