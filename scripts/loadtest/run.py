"""Run the load scenario (scripts/loadtest/locustfile.py) against gunicorn and PostgreSQL.

    uv run --group load python scripts/loadtest/run.py --prepare
    uv run --group load python scripts/loadtest/run.py            # again, on the same data

`--prepare` (re)creates the database named in --database-url, migrates it and loads the demo
plus `generate_scale --provinces 1 --communes 20 --activities 20000`. Then gunicorn is started
with production settings (plain HTTP on 127.0.0.1: HTTPS redirect and secure cookies off),
locust runs headless (50 people, 5 minutes by default, arriving over --ramp seconds), and the
figures are printed and saved under --output. Exits non-zero when any request failed.

Before the load, a calibration run (one person of each kind, --calibrate seconds) measures
what each kind of request costs in CPU when the server is otherwise idle (gunicorn logs each
request's CPU time: config/gunicorn_conf.py, LOA_REQUEST_CPU_LOG). From those costs, the
load's mix of requests and the CPU the gunicorn processes actually got during the load, it
predicts the throughput the server could reach and prints the share it reached.
"""

import argparse
import csv
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.waiting import free_port  # noqa: E402


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


def process_cpu(pid):
    """CPU seconds (user and system) a process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_cpu(master):
    """CPU seconds of gunicorn's master and its workers."""
    with open(f"/proc/{master}/task/{master}/children") as children:
        pids = [master, *map(int, children.read().split())]
    return sum(process_cpu(pid) for pid in pids)


def request_name(method, path):
    """The locust name of a logged request: ids become [pk], POSTs are marked."""
    name = re.sub(r"/\d+(?=/)", "/[pk]", path)
    return f"{name} (POST)" if method == "POST" else name


def logged_costs(folder):
    """[(name, cpu ms)] of every request gunicorn's workers logged into `folder`."""
    costs = []
    for log in Path(folder).glob("*.tsv"):
        for line in log.read_text().splitlines():
            method, path, ms = line.split("\t")
            costs.append((request_name(method, path), float(ms)))
    return costs


def median_by_name(costs):
    """Each request name's median cost: a worker's first requests (templates compiled,
    caches filled) do not stand for what the request costs."""
    by_name = {}
    for name, ms in costs:
        by_name.setdefault(name, []).append(ms)
    return {name: statistics.median(values) for name, values in by_name.items()}


def throughput_figures(alone, load, cpu_seconds, elapsed):
    """What the server reached against what its CPU allowed: `alone` maps a request's name
    to its CPU cost (ms) measured with the server otherwise idle, `load` lists the requests
    served under load; `cpu_seconds` is the CPU gunicorn got meanwhile."""
    under_load = median_by_name(load)
    # A kind of request the calibration did not make is costed as under load.
    mean_cost = sum(alone.get(name, under_load[name]) for name, _ in load) / len(load)
    predicted = cpu_seconds / (mean_cost / 1000) / elapsed
    reached = len(load) / elapsed
    return {
        "requests": len(load),
        "seconds": round(elapsed, 1),
        "server_cpu_seconds": round(cpu_seconds, 1),
        "mean_cost_alone_ms": round(mean_cost, 1),
        "by_request_alone_ms": {name: round(ms, 1) for name, ms in sorted(alone.items())},
        "mean_cost_under_load_ms": round(sum(ms for _, ms in load) / len(load), 1),
        "predicted_per_second": round(predicted, 2),
        "reached_per_second": round(reached, 2),
        "share": round(reached / predicted, 3),
    }


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


def start_gunicorn(env, options, cpu_log):
    port = free_port()
    env = {**env, "LOA_REQUEST_CPU_LOG": str(cpu_log)}
    cpu_log.mkdir(parents=True, exist_ok=True)
    for old in cpu_log.glob("*.tsv"):
        old.unlink()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi",
            "-b", f"127.0.0.1:{port}", "-w", str(options.workers),
            "-k", "gthread", "--threads", str(options.threads), "--timeout", "120",
            # Longer than the scenario's pauses: a proxy-less client reusing a connection the
            # server has just closed would see «connection reset».
            "--keep-alive", "75", "--no-control-socket",
            "--access-logfile", str(options.output / "gunicorn-access.log"),
            "--error-logfile", str(options.output / "gunicorn-error.log"),
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url)
    return process, url


def run_locust(env, url, *, users, spawn_rate, duration, prefix, classes=()):
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f",
            str(ROOT / "scripts" / "loadtest" / "locustfile.py"), "--headless", "--host", url,
            "-u", str(users), "-r", str(spawn_rate), "-t", duration, "--stop-timeout", "30",
            "--csv", prefix, "--only-summary", "--loglevel", "WARNING", *classes,
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )  # fmt: skip


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(60)


def calibrate(env, options):
    """Each kind of request's CPU cost (ms) with the server otherwise idle: one person of
    each kind at a time."""
    # Alone, nothing changes a commune's rows between two of its exports, so each export
    # after the first would hand out the kept file; under load the unit heads' new
    # activities have it written again each time. Calibrate the writing: nothing is kept.
    calibration_env = {**env, "LOA_EXPORT_KEEP_HOURS": "0"}
    process, url = start_gunicorn(calibration_env, options, options.output / "cpu-alone")
    # Short pauses: many samples of each request, still one at a time.
    env = {**env, "LOA_LOAD_WAIT_MIN": "0.2", "LOA_LOAD_WAIT_MAX": "0.5"}
    try:
        for person in ("OfficerUser", "UnitHeadUser", "LeaderUser"):
            print(f"+ calibration: {person}", flush=True)
            run_locust(
                env, url, users=1, spawn_rate=1, duration=f"{options.calibrate}s",
                prefix=str(options.output / f"calibration-{person}"), classes=[person],
            )  # fmt: skip
    finally:
        stop(process)
    return median_by_name(logged_costs(options.output / "cpu-alone"))


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
    parser.add_argument(
        "--ramp", type=float, default=120, help="seconds over which the people arrive (120)"
    )
    parser.add_argument("--duration", default="5m")
    parser.add_argument(
        "--calibrate", type=int, default=40, help="seconds of each kind of person alone (40)"
    )
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
    options.output.mkdir(parents=True, exist_ok=True)
    alone = calibrate(env, options) if options.calibrate else {}

    process, url = start_gunicorn(env, options, options.output / "cpu-load")
    try:
        prefix = str(options.output / "loa")
        cpu_before, started = server_cpu(process.pid), time.monotonic()
        # People arrive over the ramp, as they do in the morning: the logins (password
        # hashing, the costliest request) are spread over it instead of all at once.
        run_locust(
            env, url, users=options.users, spawn_rate=options.users / options.ramp,
            duration=options.duration, prefix=prefix,
        )  # fmt: skip
        cpu_seconds, elapsed = server_cpu(process.pid) - cpu_before, time.monotonic() - started
    finally:
        stop(process)
    requests, failures, rate = summary(prefix)
    print(
        f"\n{options.users} people arriving over {options.ramp:.0f} s, {elapsed / 60:.1f} min: "
        f"{requests} requests, {rate:.1f} requests/s, {failures} failed"
    )
    load = logged_costs(options.output / "cpu-load")
    if alone and load:
        figures = throughput_figures(alone, load, cpu_seconds, elapsed)
        figures["failed"] = failures
        figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
        (options.output / "throughput.json").write_text(json.dumps(figures, indent=2) + "\n")
        print(
            f"CPU per request alone {figures['mean_cost_alone_ms']} ms (under load "
            f"{figures['mean_cost_under_load_ms']} ms); gunicorn got "
            f"{figures['server_cpu_seconds']} s of CPU in {figures['seconds']} s: predicted "
            f"{figures['predicted_per_second']} requests/s, reached "
            f"{figures['reached_per_second']} ({figures['share']:.0%}; budget 80%)"
        )
    if failures:
        print(f"Failures: {prefix}_failures.csv")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
