"""Redis down: every main page keeps working. The cache points at a port where nothing
listens; the pages answer from the database and the failure is logged."""

import pathlib

import pytest
from django.urls import reverse

from tests.activities.conftest import activity_adder, build_kp_plan
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: connection refused

PAGES = [
    "home",
    "activities:list",
    "activities:dashboard",
    "activities:review",
    "activities:tasks",
    "plans:list",
    "reports:list",
    "reports:matrix",
    "reports:rollup",
    "units:tree",
    "notifications:list",
    "notifications:preferences",
]


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.LOA_FIGURES_CACHE_AFTER = 0  # the dashboard tries to keep every figure


@pytest.fixture
def campaign(world):
    ensure_catalogue()
    kp = build_kp_plan(world)
    activity_adder(world, kp)()
    return kp


@pytest.mark.parametrize("who", ["kp_leader", "kp_officer", "kp_head", "hn_leader"])
def test_every_main_page_answers_with_the_cache_down(
    world, campaign, dead_cache, client_for, who, caplog
):
    client = client_for(getattr(world, who))
    pages = {name: client.get(reverse(name)) for name in PAGES}
    pages["plan"] = client.get(reverse("plans:detail", args=[campaign.plan.pk]))

    failed = {name: r.status_code for name, r in pages.items() if r.status_code not in (200, 403)}
    assert failed == {}
    assert pages["activities:dashboard"].status_code == 200
    assert "Cache unavailable" in caplog.text


def test_only_the_guarded_helper_touches_the_cache():
    """Every cache read and write goes through config/cache.py, which survives a dead Redis."""
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("config", "units", "plans", "activities", "reports", "imports", "notifications")
        for path in (ROOT / app).rglob("*.py")
        if "django.core.cache" in path.read_text()
        and path != ROOT / "config" / "cache.py"
        and path.name != "settings.py"
    ]
    assert offenders == []
