"""Faults: a Celery worker killed (SIGKILL) in the middle of a reminder run loses and doubles
nothing. The demo's 12/12/2026 run records 7 notifications and sends 6 digests; the worker
dies while sending them, a new worker takes over, and in the end every person has exactly one
mail and every notification exists once."""

import email
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import redis

from config.celery import app as celery_app
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
DAY = "2026-12-12"
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis: set REDIS_URL"),
]


@pytest.fixture
def demo_env(scratch_env, tmp_path):
    if "LOA_ADMIN_DSN" not in scratch_env:
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker is another process")
    env = {**scratch_env, "DEBUG": "1", "REDIS_URL": os.environ["REDIS_URL"]}
    for command in (["migrate", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    mails = tmp_path / "mail"
    mails.mkdir()
    queue = f"loa-kill-{uuid.uuid4().hex}"
    workers = []

    def start_worker():
        log = open(tmp_path / f"worker-{len(workers)}.log", "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.ops.slow_worker", queue, str(mails)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append(process)
        return process

    yield env, queue, mails, start_worker
    for process in workers:
        if process.poll() is None:
            process.terminate()
            process.wait(20)
    redis.Redis.from_url(os.environ["REDIS_URL"]).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )


def query(env, sql):
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return conn.execute(sql).fetchall()


def recipients(mails):
    return sorted(email.message_from_bytes(path.read_bytes())["To"] for path in mails.glob("*.eml"))


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(demo_env):
    env, queue, mails, start_worker = demo_env
    first = start_worker()
    celery_app.send_task("notifications.send_reminders", args=[DAY], queue=queue)

    # Kill it in the middle of the run: a digest or two out, the next one being «sent».
    assert wait_for(lambda: len(list(mails.glob("*.eml"))) >= 2, timeout=90), (
        "the first worker sent nothing"
    )
    time.sleep(0.5)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(10)
    sent_before = len(list(mails.glob("*.eml")))
    assert sent_before < 6, "the run finished before the kill: nothing was tested"
    statuses = dict(query(env, "SELECT status, count(*) FROM notifications_digest GROUP BY 1"))
    assert statuses.get("sending") == 1  # the killed worker's claim

    start_worker()
    assert wait_for(lambda: len(list(mails.glob("*.eml"))) >= 6, timeout=120)
    time.sleep(3)  # anything doubled would arrive now

    assert recipients(mails) == [
        "giavien.canbo@example.com",
        "giavien.lanhdao@example.com",
        "hanoi.lanhdao@example.com",
        "kieuphu.canbo@example.com",
        "kieuphu.lanhdao@example.com",
        "kieuphu.truongphong@example.com",
    ]
    assert query(env, "SELECT status, count(*) FROM notifications_digest GROUP BY 1") == [
        ("sent", 6)
    ]
    assert query(
        env,
        "SELECT count(*), count(DISTINCT (recipient_id, item_key, rule)) "
        "FROM notifications_notification WHERE kind <> 'event'",  # the demo's events aside
    ) == [(7, 7)]
    ids = {email.message_from_bytes(p.read_bytes())["Message-ID"] for p in mails.glob("*.eml")}
    assert len(ids) == 6
