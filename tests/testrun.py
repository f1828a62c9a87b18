"""Names of the PostgreSQL databases a test run creates, so that runs sharing a server never
touch each other's.

Every database the suite creates (pytest-django's test databases, the scratch installations
of tests/ops, the benchmark's quick data set) is named after the run and the xdist worker:
`<prefix>_loarun<run id>_<worker>`, e.g. `test_loa_ci_loarun3fa9c2d1_gw0`. The run id is
`LOA_TEST_RUN_ID` when set (letters and digits), otherwise made up when the run starts; the
xdist workers and any process the tests start inherit it through the environment.

The run holds a PostgreSQL advisory lock on its id while it lasts. When a run starts it drops
the databases of runs that no longer hold theirs (killed before they could clean up), so an
interrupted run leaves nothing behind for long.
"""

import hashlib
import itertools
import os
import re
import uuid
import warnings

RUN_ID_VARIABLE = "LOA_TEST_RUN_ID"
MARKER = "_loarun"
# Which databases are ours: a prefix the suite uses, the marker and a run id.
OURS = re.compile(rf"^(?:test_.+|loa_scratch|loa_bench_quick){MARKER}([a-z0-9]+)(?:_.*)?$")
_serial = itertools.count(1)


def clean_run_id(text: str) -> str:
    """Letters and digits only, lower case, at most 16: it goes into database names."""
    cleaned = re.sub(r"[^a-z0-9]", "", (text or "").lower())[:16]
    if not cleaned:
        raise ValueError(f"{RUN_ID_VARIABLE}={text!r}: use letters and digits")
    return cleaned


def start_run() -> str:
    """The id of this run: LOA_TEST_RUN_ID, or a new one, exported for the workers."""
    run = clean_run_id(os.environ.get(RUN_ID_VARIABLE) or uuid.uuid4().hex[:8])
    os.environ[RUN_ID_VARIABLE] = run
    return run


def run_id() -> str:
    return clean_run_id(os.environ[RUN_ID_VARIABLE])


def worker() -> str:
    """gw0, gw1 … under xdist; `main` without it."""
    return os.environ.get("PYTEST_XDIST_WORKER") or "main"


def database_name(prefix: str, *, serial: bool = False) -> str:
    """`<prefix>_loarun<run>_<worker>`, and a serial number when one worker makes several."""
    name = f"{prefix}{MARKER}{run_id()}_{worker()}"
    if serial:
        name += f"_{next(_serial)}"
    if len(name) > 63:
        raise ValueError(f"database name {name!r} is longer than PostgreSQL's 63 characters")
    return name


def run_of(database: str) -> str | None:
    """The run id in one of our database names, None for anybody else's database."""
    match = OURS.match(database)
    return match.group(1) if match else None


def admin_dsn(db: dict) -> str:
    """libpq parameters of the `postgres` database on the server of Django's `db` settings:
    where databases are created and dropped."""
    parts = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
        "dbname": "postgres",
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def lock_key(run: str) -> int:
    """The run's advisory lock: a signed 64-bit integer derived from its id."""
    digest = hashlib.sha256(f"loa-test-run:{run}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def hold_run_lock(admin_dsn: str, run: str):
    """Take the run's advisory lock on a connection kept open for the whole run (closing it
    releases the lock), then drop what dead runs left. Returns the connection."""
    import psycopg

    conn = psycopg.connect(admin_dsn, autocommit=True)
    conn.execute("SELECT pg_advisory_lock(%s)", [lock_key(run)])
    try:
        drop_dead_runs(conn, own=run)
    except psycopg.Error as error:  # a server we may not drop on: nothing else depends on it
        warnings.warn(f"leftover test databases not dropped: {error}", stacklevel=2)
    return conn


def drop_dead_runs(conn, *, own: str) -> list[str]:
    """Drop the databases of runs other than `own` whose lock nobody holds any more."""
    by_run = {}
    for (name,) in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE '%loarun%'"):
        run = run_of(name)
        if run and run != own:
            by_run.setdefault(run, []).append(name)
    dropped = []
    for run, names in sorted(by_run.items()):
        key = [lock_key(run)]
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", key).fetchone()[0]:
            continue  # that run is still going
        try:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                dropped.append(name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", key)
    return dropped
