import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from activities.catalogue import sync_target_groups
from activities.models import TargetGroup
from plans.catalogue import sync_outreach_forms
from plans.models import OutreachForm
from tests.browser.pages import LoginPage
from tests.storage.conftest import s3, s3_endpoint  # noqa: F401


# On SQLite the live server's threads share the test database's one in-memory connection,
# and two requests at once (a page and the offline form's choice lists it fetches in the
# background) can block each other for good. One request at a time there (Django then
# closes each connection, so the browser never waits on a kept-alive one); PostgreSQL gives
# each thread its own connection and keeps the threaded server.
class OneRequestAtATime(WSGIServer):
    """The live server without threads: requests run in the server's own thread, which
    already uses the test database's connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = OneRequestAtATime


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
