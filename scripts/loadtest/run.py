"""Run the load scenario (scripts/loadtest/locustfile.py) against gunicorn and PostgreSQL.

    uv run --group load python scripts/loadtest/run.py --prepare
    uv run --group load python scripts/loadtest/run.py            # again, on the same data

`--prepare` (re)creates the database named in --database-url, migrates it and loads the demo
plus `generate_scale --provinces 1 --communes 20 --activities 20000`. Then gunicorn is started
with production settings (plain HTTP on 127.0.0.1: HTTPS redirect and secure cookies off),
locust runs headless (50 people, 5 minutes by default), and the figures are printed and saved
under --output. Exits non-zero when any request failed.
"""

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args):
    print("+ manage.py", " ".join(args), flush=True)
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env, database_url, communes, activities):
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = f"host={parts.hostname} port={parts.port or 5432} user={parts.username} dbname=postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "-v0")
    manage(env, "load_demo")
    manage(
        env,
        "generate_scale",
        "--provinces",
        "1",
        "--communes",
        str(communes),
        "--activities",
        str(activities),
    )


def wait_healthy(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not become healthy")


def summary(prefix):
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    width = max(len(r["Name"]) for r in rows)
    print(f"\n{'request':<{width}}  {'count':>7} {'fail':>5} {'median':>7} {'p95':>7} {'max':>7}")
    for row in rows:
        print(
            f"{row['Name']:<{width}}  {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Max Response Time']):>7.0f}"
        )
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return int(total["Request Count"]), int(total["Failure Count"]), float(total["Requests/s"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOA_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loa_load"
        ),
    )
    parser.add_argument("--prepare", action="store_true", help="recreate and fill the database")
    parser.add_argument("--communes", type=int, default=20)
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", default="5m")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--output", type=Path, default=ROOT / "loadtest-results")
    options = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=options.database_url,
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOA_LOAD_COMMUNES=str(options.communes),
    )
    if options.prepare:
        prepare(env, options.database_url, options.communes, options.activities)

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    options.output.mkdir(parents=True, exist_ok=True)
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
            str(options.workers),
            "-k",
            "gthread",
            "--threads",
            str(options.threads),
            "--timeout",
            "120",
            # Longer than the scenario's pauses: a proxy-less client reusing a connection the
            # server has just closed would see «connection reset».
            "--keep-alive",
            "75",
            "--no-control-socket",
            "--access-logfile",
            str(options.output / "gunicorn-access.log"),
            "--error-logfile",
            str(options.output / "gunicorn-error.log"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_healthy(url)
        prefix = str(options.output / "loa")
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "scripts" / "loadtest" / "locustfile.py"),
                "--headless",
                "--host",
                url,
                "-u",
                str(options.users),
                "-r",
                str(options.spawn_rate),
                "-t",
                options.duration,
                "--stop-timeout",
                "30",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(60)
    requests, failures, rate = summary(prefix)
    print(
        f"\n{options.users} people, {elapsed / 60:.1f} min: {requests} requests, "
        f"{rate:.1f} requests/s, {failures} failed"
    )
    if failures:
        print(f"Failures: {prefix}_failures.csv")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
