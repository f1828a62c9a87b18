"""The embedded defaults: SQLite and eager Celery with no configuration, PostgreSQL and Redis
when the environment says so. Each case starts a fresh interpreter with its own environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], 'debug': settings.DEBUG, "
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, "
    "'email': settings.EMAIL_BACKEND}))"
)
CONFIG_VARS = ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "EMAIL_URL", "ALLOWED_HOSTS")


def probe(**env):
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    run = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return run


def test_with_no_configuration_loa_runs_on_sqlite_with_eager_tasks():
    settings = json.loads(probe(DEBUG="1").stdout)
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["eager"] is True
    assert settings["cache"].endswith("LocMemCache")
    assert (settings["tz"], settings["lang"]) == ("Asia/Ho_Chi_Minh", "vi")


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    settings = json.loads(
        probe(
            SECRET_KEY="x" * 50,
            DATABASE_URL="postgres://postgres@127.0.0.1:5432/loa",
            REDIS_URL="redis://127.0.0.1:6379/3",
            EMAIL_URL="smtp://mail.example.com:587",
        ).stdout
    )
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["eager"] is False
    assert settings["broker"] == "redis://127.0.0.1:6379/3"
    assert settings["cache"].endswith("RedisCache")
    assert settings["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["debug"] is False


def test_production_refuses_to_start_without_a_secret_key():
    run = probe()
    assert run.returncode != 0
    assert "Set SECRET_KEY" in run.stderr
