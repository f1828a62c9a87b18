import copy
import datetime
import math
import os
import uuid
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from tests import testrun
from tests.factories import UserFactory, make_organisation, make_unit
from units.models import Role

# Playwright's sync API runs an event loop in the test thread; the ORM calls that tests make
# around it are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOA_CHROMIUM", "/usr/bin/chromium")


def _postgres():
    from django.conf import settings

    db = settings.DATABASES["default"]
    return db if db["ENGINE"] == "django.db.backends.postgresql" else None


def pytest_configure(config):
    """The run id (tests/testrun.py): chosen by the controller before the xdist workers
    start, which inherit it; on PostgreSQL the run holds its lock and drops dead runs'
    databases."""
    if hasattr(config, "workerinput"):
        return
    run = testrun.start_run()
    if hasattr(config.option, "testrunuid"):
        config.option.testrunuid = config.option.testrunuid or run
    db = _postgres()
    if db is not None:
        config._loa_run_lock = testrun.hold_run_lock(testrun.admin_dsn(db), run)


def pytest_unconfigure(config):
    lock = getattr(config, "_loa_run_lock", None)
    if lock is not None:
        lock.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """pytest-django's test database, named after the run and the worker (on PostgreSQL;
    SQLite's is in memory, one per process): `test_loa_ci_loarun3fa9c2d1_gw0`.

    LOA_TEST_SQLITE_FILE puts SQLite's in a file instead, which `--reuse-db` keeps migrated
    between runs (scripts/mutation.py runs the tests once per mutant)."""
    db = _postgres()
    if db is not None:
        db.setdefault("TEST", {})["NAME"] = testrun.database_name(f"test_{db['NAME']}")
    elif os.environ.get("LOA_TEST_SQLITE_FILE"):
        from django.conf import settings

        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ[
            "LOA_TEST_SQLITE_FILE"
        ]


@pytest.fixture
def world(db):
    """Two provinces, each with communes and people in every role.

    Hà Nội (HN) → xã Kiều Phú (KP) and xã Phúc Thọ (PT); Hải Phòng (HP) → phường Gia Viên (GV).
    Cross-tenant checks read as `world.kp_officer` against `world.gv`.
    """
    hn = make_organisation(
        None, kind="province", code="T-HN", name="Thành phố Hà Nội", place_name="Hà Nội"
    )
    kp = make_organisation(
        hn,
        code="T-KP",
        name="Xã Kiều Phú",
        place_name="Kiều Phú",
        full_name="Ủy ban nhân dân xã Kiều Phú",
    )
    kp_office = make_unit(kp, code="T-KP-VHXH", name="Phòng Văn hóa - Xã hội")
    kp_village = make_unit(kp, kind="village", code="T-KP-T1", name="Thôn Phú Hữu")
    pt = make_organisation(hn, code="T-PT", name="Xã Phúc Thọ", place_name="Phúc Thọ")
    pt_office = make_unit(pt, code="T-PT-VHXH", name="Phòng Văn hóa - Xã hội")
    hp = make_organisation(None, kind="province", code="T-HP", name="Thành phố Hải Phòng")
    gv = make_organisation(hp, code="T-GV", name="Phường Gia Viên", place_name="Gia Viên")
    gv_office = make_unit(gv, code="T-GV-VHXH", name="Phòng Văn hóa - Xã hội phường")

    return SimpleNamespace(
        hn=hn,
        kp=kp,
        kp_office=kp_office,
        kp_village=kp_village,
        pt=pt,
        pt_office=pt_office,
        hp=hp,
        gv=gv,
        gv_office=gv_office,
        hn_leader=UserFactory(username="hn.leader", unit=hn, role=Role.LEADER),
        kp_officer=UserFactory(username="kp.officer", unit=kp_office, role=Role.OFFICER),
        kp_head=UserFactory(username="kp.head", unit=kp_office, role=Role.UNIT_HEAD),
        kp_village_head=UserFactory(username="kp.village", unit=kp_village, role=Role.UNIT_HEAD),
        kp_leader=UserFactory(username="kp.leader", unit=kp, role=Role.LEADER),
        pt_officer=UserFactory(username="pt.officer", unit=pt_office, role=Role.OFFICER),
        gv_officer=UserFactory(username="gv.officer", unit=gv_office, role=Role.OFFICER),
        gv_leader=UserFactory(username="gv.leader", unit=gv, role=Role.LEADER),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login


# Browser tests: Debian's Chromium driven by Playwright (its own browser download does not
# work on these machines).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def pytest_collection_modifyitems(config, items):
    ocr_missing = None
    if any(item.get_closest_marker("ocr") for item in items):
        from planreader import tesseract_ready

        ocr_missing = tesseract_ready()
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
        # Tesseract may be absent from a developer's SQLite machine (scripts/install-ocr);
        # CI installs it, and a PostgreSQL run is taken as CI: there the tests fail instead.
        if ocr_missing and item.get_closest_marker("ocr") and not os.environ.get("DATABASE_URL"):
            item.add_marker(pytest.mark.skip(reason=f"{ocr_missing}: run scripts/install-ocr"))


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Tasks run in-process unless the test needs the real worker (`@pytest.mark.worker`):
    with REDIS_URL set they would otherwise sit in Redis with nobody to run them, and what
    they do (an email sent at once) would happen after the test, or never."""
    from config.celery import app as celery_app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of each test land in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own cache namespace: cached values are keyed by user id, and ids
    repeat across tests and across xdist workers that share one Redis."""
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def documents_rendered_on_download(settings):
    """Issuing a plan or sending a report does not render its files ahead (seconds each);
    the tests of stored documents turn it on."""
    settings.LOA_PRERENDER_DOCUMENTS = False


@pytest.fixture(autouse=True)
def figures_never_kept(settings):
    """Dashboard figures are kept when computing them takes LOA_FIGURES_CACHE_AFTER seconds of
    wall time, which a busy machine reaches by itself: the suite pins it to "never", and the
    tests of caching set it to 0 ("always")."""
    settings.LOA_FIGURES_CACHE_AFTER = math.inf


@pytest.fixture
def private_queue_for():
    """`private_queue_for("exports.*")` sends the tasks matching the route pattern to a queue of
    this test's own, so that a real worker of another test process (pytest-xdist) sharing the
    Redis database never takes them; the queue leaves nothing behind in Redis."""
    import redis

    from config.celery import app as celery_app

    conf = celery_app.conf
    assert conf.broker_url == os.environ["REDIS_URL"]
    previous = {
        "task_routes": conf.task_routes,
        "task_always_eager": conf.task_always_eager,
        "worker_hijack_root_logger": conf.worker_hijack_root_logger,
    }
    queues = []

    def route(pattern):
        queue = f"loa-test-{uuid.uuid4().hex}"
        conf.update(
            task_routes={pattern: {"queue": queue}},
            task_always_eager=False,
            worker_hijack_root_logger=False,
        )
        queues.append(queue)
        return queue

    yield route
    conf.update(previous)
    for queue in queues:
        redis.Redis.from_url(conf.broker_url).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )


@pytest.fixture
def catalogue_restored(transactional_db):
    """The outreach-form catalogue comes from a data migration, which an earlier transactional
    test may have flushed: tests that commit their rows load it again."""
    from tests.plans.conftest import ensure_catalogue

    ensure_catalogue()


@pytest.fixture
def on_20_april_2026(time_machine):
    """The clock stopped at 09:00 on 20/04/2026, Hà Nội time: the first quarter is over (under
    Decree 09 and the calendar alike) and its reports are due or late."""
    moment = datetime.datetime(2026, 4, 20, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    time_machine.move_to(moment, tick=False)
