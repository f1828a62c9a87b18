"""Test runs sharing one PostgreSQL server: every database a run creates is named after the
run and its xdist worker, and a run drops only what dead runs left (tests/testrun.py)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import environ
import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests import testrun

ROOT = Path(__file__).resolve().parents[1]

postgres_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite's test databases are in memory",
)


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv(testrun.RUN_ID_VARIABLE, "3fa9c2d1")
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")


def test_names_carry_the_run_and_the_worker(run):
    assert testrun.database_name("loa_bench_quick") == "loa_bench_quick_loarun3fa9c2d1_gw1"
    first = testrun.database_name("loa_scratch", serial=True)
    second = testrun.database_name("loa_scratch", serial=True)
    assert first.startswith("loa_scratch_loarun3fa9c2d1_gw1_")
    assert first != second


def test_without_xdist_the_worker_is_main(run, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert testrun.database_name("test_loa") == "test_loa_loarun3fa9c2d1_main"


def test_a_run_id_given_by_hand_is_kept_to_letters_and_digits(monkeypatch):
    monkeypatch.setenv(testrun.RUN_ID_VARIABLE, "CI-Job 42")
    assert testrun.start_run() == "cijob42"
    assert os.environ[testrun.RUN_ID_VARIABLE] == "cijob42"
    with pytest.raises(ValueError):
        testrun.clean_run_id("--")


def test_a_new_run_id_is_made_up_when_none_is_given(monkeypatch):
    monkeypatch.delenv(testrun.RUN_ID_VARIABLE)
    first = testrun.start_run()
    monkeypatch.delenv(testrun.RUN_ID_VARIABLE)
    assert len(first) == 8 and testrun.start_run() != first


def test_a_name_longer_than_postgresql_allows_is_refused(run):
    with pytest.raises(ValueError, match="63"):
        testrun.database_name("test_" + "x" * 60)


def test_only_our_databases_are_recognised():
    assert testrun.run_of("test_loa_ci_loarun3fa9c2d1_gw0") == "3fa9c2d1"
    assert testrun.run_of("loa_scratch_loarunab12_main_3") == "ab12"
    assert testrun.run_of("loa_bench_quick_loarunab12_gw3") == "ab12"
    for other in ("loa_bench", "loa_ci", "test_loa_ci_gw0", "loa_bench_quick", "myapp_loarunab"):
        assert testrun.run_of(other) is None


def test_runs_lock_different_keys():
    assert testrun.lock_key("3fa9c2d1") != testrun.lock_key("3fa9c2d2")
    assert -(2**63) <= testrun.lock_key("3fa9c2d1") < 2**63


@postgres_only
@pytest.mark.django_db
def test_this_runs_database_is_named_after_the_run():
    configured = environ.Env.db_url_config(os.environ["DATABASE_URL"])["NAME"]
    expected = f"test_{configured}_loarun{testrun.run_id()}_{testrun.worker()}"
    assert connection.settings_dict["NAME"] == expected


@postgres_only
def test_a_starting_run_drops_dead_runs_databases_and_leaves_live_ones():
    dsn = testrun.admin_dsn(settings.DATABASES["default"])
    dead, live = (uuid.uuid4().hex[:8] for _ in range(2))
    names = {run: f"loa_scratch_loarun{run}_gw0_1" for run in (dead, live)}
    with (
        psycopg.connect(dsn, autocommit=True) as admin,
        psycopg.connect(dsn, autocommit=True) as live_run,
    ):
        live_run.execute("SELECT pg_advisory_lock(%s)", [testrun.lock_key(live)])
        for name in names.values():
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            dropped = testrun.drop_dead_runs(admin, own=testrun.run_id())
            existing = {
                row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()
            }
            assert names[dead] in dropped and names[dead] not in existing
            assert names[live] not in dropped and names[live] in existing
            # This run's own databases are never candidates.
            assert connection.settings_dict["NAME"] not in dropped
        finally:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@postgres_only
@pytest.mark.django_db
def test_a_second_run_against_the_same_server_at_the_same_time_leaves_this_one_alone():
    own = connection.settings_dict["NAME"]
    other = f"other{uuid.uuid4().hex[:6]}"
    env = {**os.environ, testrun.RUN_ID_VARIABLE: other}
    env.pop("PYTEST_XDIST_WORKER", None)
    nested = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist",
         f"{__file__}::test_this_runs_database_is_named_after_the_run"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert nested.returncode == 0, nested.stdout[-2000:] + nested.stderr[-2000:]
    assert "1 passed" in nested.stdout
    dsn = testrun.admin_dsn(settings.DATABASES["default"])
    with psycopg.connect(dsn, autocommit=True) as admin:
        existing = {row[0] for row in admin.execute("SELECT datname FROM pg_database")}
    assert own in existing  # ours is still there, in use
    assert not [name for name in existing if testrun.run_of(name) == other]  # it cleaned up
