"""Faults: the app recovers by itself when the database drops its connections."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest

from tests.waiting import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def server(scratch_env):
    if "LOA_ADMIN_DSN" not in scratch_env:
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    env = {
        **scratch_env,
        "SECRET_KEY": "fault-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn_conf.py",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
        ],  # fmt: skip
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            if get(f"{url}/healthz/") == 200:
                break
        except OSError:
            time.sleep(0.2)
    yield url, env["LOA_ADMIN_DSN"], env["DATABASE_URL"].rsplit("/", 1)[1]
    gunicorn.terminate()
    gunicorn.wait(10)


def test_the_app_reconnects_after_the_database_drops_every_connection(server):
    url, admin_dsn, name = server
    assert [get(f"{url}/healthz/") for _ in range(4)] == [200] * 4

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        dropped = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
            [name],
        ).fetchone()[0]
    assert dropped >= 1

    assert [get(f"{url}/healthz/") for _ in range(4)] == [200] * 4
    assert get(f"{url}/login/") == 200
