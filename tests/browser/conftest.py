import pytest

from activities.catalogue import sync_target_groups
from activities.models import TargetGroup
from plans.catalogue import sync_outreach_forms
from plans.models import OutreachForm
from tests.browser.pages import LoginPage


@pytest.fixture(autouse=True)
def catalogues(transactional_db):
    """Live-server tests empty every table afterwards, the catalogues the migrations load
    included (serialized rollback does not survive Playwright's event loop): load them."""
    sync_outreach_forms(OutreachForm)
    sync_target_groups(TargetGroup)


@pytest.fixture
def login_as(page, live_server):
    """Log in through the real login form in Chromium; returns the page."""

    def login(user):
        LoginPage(page, live_server.url).open().log_in(user.username)
        page.wait_for_url(f"{live_server.url}/")
        return page

    return login
