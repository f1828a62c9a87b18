import os

import psycopg
import pytest
from django.conf import settings

from tests import testrun
from tests.storage.conftest import s3, s3_endpoint  # noqa: F401


@pytest.fixture
def scratch_env(tmp_path):
    """Environment for a throwaway Loa installation of the engine under test: its own
    database (a new PostgreSQL database, or a SQLite file) and its own uploads folder."""
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")}
    env.update(MEDIA_ROOT=str(tmp_path / "media"), DJANGO_SETTINGS_MODULE="config.settings")
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'loa.sqlite3'}"
        yield env
        return
    host, port, user = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"]
    name = testrun.database_name("loa_scratch", serial=True)
    admin_dsn = testrun.admin_dsn(db)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env.update(DATABASE_URL=f"postgres://{user}@{host}:{port}/{name}", LOA_ADMIN_DSN=admin_dsn)
    yield env
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
