"""What the collection after each response costs a warm worker, measured on the home page.

    uv run python tests/perf/gc_cost.py [--requests 1000] [--page /]

Loads the demo into a temporary SQLite database, then, in a fresh process per policy, serves
the page `--requests` times to the commune leader as a gunicorn worker would (config/wsgi.py
imported, so Django is frozen at start-up) and times, in CPU seconds, each request and the
collection after it:

- `collect`: a full collection after every response, nothing frozen after start-up;
- `freeze when warm`: config/gunicorn_conf.py's post_request (frozen again at 50 and 500).

It prints, over the last fifth of the requests, the mean CPU of a request and of a collection,
the collection's share of the page's CPU, and how many objects the collector tracks.
"""

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
import wsgiref.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ["collect", "freeze when warm"]


def serve(policy, requests, page, username="kieuphu.lanhdao"):
    sys.path.insert(0, str(ROOT))
    from config import gunicorn_conf
    from config.wsgi import application  # sets Django up and freezes it, as in a worker
    from tests.perf.bench import session_cookie
    from units.models import User

    # Made once, with Django's test client (which would leave signal receivers behind on
    # every request, as a worker does not).
    cookie = session_cookie(User.objects.get(username=username))
    request_cpu, collect_cpu = [], []
    for _ in range(requests):
        started = time.process_time()
        status = call(application, page, cookie)
        answered = time.process_time()
        assert status.startswith("200"), status
        if policy == "collect":
            gc.collect()
        else:
            gunicorn_conf.post_request(None, None, None, None)
        request_cpu.append(answered - started)
        collect_cpu.append(time.process_time() - answered)
    tail = len(request_cpu) // 5 or 1
    return {
        "request_ms": 1000 * sum(request_cpu[-tail:]) / tail,
        "collect_ms": 1000 * sum(collect_cpu[-tail:]) / tail,
        "tracked": len(gc.get_objects()),
    }


def call(application, path, cookie):
    """One request straight through the WSGI application, as gunicorn makes it."""
    environ = {"PATH_INFO": path, "HTTP_COOKIE": cookie, "HTTP_HOST": "testserver"}
    wsgiref.util.setup_testing_defaults(environ)
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    for _chunk in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return statuses[0]


def measure_policy(policy, *, requests, page, env, username="kieuphu.lanhdao"):
    """Serve `page` `requests` times in a fresh process with the database of `env`; the
    figures over the last fifth, with the collection's share of the page's CPU in %."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", policy, "--requests", str(requests)]
        + ["--page", page, "--user", username],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["share"] = 100 * result["collect_ms"] / result["request_ms"]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--page", default="/")
    parser.add_argument("--child", choices=POLICIES, help=argparse.SUPPRESS)
    parser.add_argument("--user", default="kieuphu.lanhdao", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(serve(args.child, args.requests, args.page, args.user)))
        return

    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env |= {
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/gc.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "ALLOWED_HOSTS": "testserver",
        }
        for command in (["migrate", "--noinput"], ["load_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        print(f"{args.requests} requests of {args.page}, figures over the last fifth (CPU):")
        for policy in POLICIES:
            result = measure_policy(policy, requests=args.requests, page=args.page, env=env)
            print(
                f"  {policy:<17} request {result['request_ms']:6.1f} ms  "
                f"collection {result['collect_ms']:5.2f} ms ({result['share']:4.1f}%)  "
                f"tracked objects {result['tracked']:,}"
            )


if __name__ == "__main__":
    main()
