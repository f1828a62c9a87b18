"""Reads from a PostgreSQL replica (config/routers.py): off by default; when configured, the
superior's roll-up pages read report data from the `replica` alias and everything else, writes
included, stays on the primary. Under the suite `replica` is a second connection to the test
database itself (TEST MIRROR), so these tests commit their data (transaction=True)."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.routers import replica_reads
from units.models import User

# Committed rows, so that the replica's connection sees them. No serialized rollback: the
# suite's other transactional tests (the real workers') flush and recreate the content types,
# which a serialized rollback would then insert a second time.
pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
    pytest.mark.usefixtures("catalogue_restored"),
]

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def table(sql):
    """The first table a query reads: `SELECT … FROM "units_user" …` → units_user."""
    return sql.split(' FROM "', 1)[1].split('"', 1)[0]


def captured(client, url, params):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        page = client.get(url, params)
    return page, [q["sql"] for q in primary], [q["sql"] for q in replica]


def test_the_roll_up_reads_from_the_replica_when_one_is_configured(world, q1, client_for, settings):
    settings.LOA_REPLICA_READS = True
    client = client_for(world.hn_leader)
    page, primary, replica = captured(client, reverse("reports:rollup"), {"period": "2026-Q1"})
    assert page.status_code == 200
    rows = {row.name: row.figures["count"] for row in page.context["rollup"].rows}
    assert rows == {"Xã Kiều Phú": 3, "Xã Phúc Thọ": 1}
    assert "Xã Kiều Phú" in page.content.decode()
    # The activities and units behind the figures come from the replica …
    assert any('"activities_activity"' in sql for sql in replica)
    assert any('"units_unit"' in sql for sql in replica)
    # … the session and the logged-in user from the primary, and nothing else.
    assert [table(sql) for sql in primary] == [
        "django_session",
        "units_user",
        "notifications_notification",
    ]


def test_the_matrix_reads_from_the_replica_too(world, q1, client_for, settings):
    settings.LOA_REPLICA_READS = True
    page, primary, replica = captured(
        client_for(world.hn_leader), reverse("reports:matrix"), {"year": 2026}
    )
    assert page.status_code == 200
    assert "Xã Phúc Thọ" in page.content.decode()
    assert any('"units_unit"' in sql for sql in replica)
    assert [table(sql) for sql in primary] == [
        "django_session",
        "units_user",
        "notifications_notification",
    ]


def test_off_by_default_every_read_is_on_the_primary(world, q1, client_for):
    page, primary, replica = captured(
        client_for(world.hn_leader), reverse("reports:rollup"), {"period": "2026-Q1"}
    )
    assert page.status_code == 200
    assert replica == []
    assert any('"activities_activity"' in sql for sql in primary)


def test_another_provinces_leader_still_sees_none_of_it_on_the_replica(
    world, q1, client_for, settings
):
    settings.LOA_REPLICA_READS = True
    page = client_for(world.gv_leader).get(reverse("reports:rollup"), {"period": "2026-Q1"})
    assert "Kiều Phú" not in page.content.decode()
    assert "Phúc Thọ" not in page.content.decode()


def test_writes_and_other_pages_stay_on_the_primary(world, q1, client_for, settings):
    settings.LOA_REPLICA_READS = True
    with (
        replica_reads(),
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        # Read on the replica, saved on the primary.
        kp = type(world.kp).objects.get(pk=world.kp.pk)
        assert kp._state.db == "replica"
        kp.name = "Xã Kiều Phú (mới)"
        kp.save(update_fields=["name"])
        # The logged-in user is always read from the primary.
        assert User.objects.get(pk=world.kp_officer.pk)._state.db == "default"
    assert [q["sql"][:6] for q in replica] == ["SELECT"]
    writes = [q["sql"] for q in primary if not q["sql"].startswith("SELECT")]
    assert [sql.split('"')[1] for sql in writes] == ["units_unit", "units_historicalunit"]
    assert type(world.kp).objects.get(pk=world.kp.pk).name == "Xã Kiều Phú (mới)"
    # A page outside the roll-up (the person's own reports) reads the primary.
    page, primary, replica = captured(client_for(world.kp_officer), reverse("reports:list"), {})
    assert page.status_code == 200
    assert replica == []


def probe(**env):
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "AWS_"))}
    keep.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env})
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'aliases': sorted(settings.DATABASES), "
        "'replica': settings.DATABASES.get('replica', {}).get('NAME'), "
        "'reads': settings.LOA_REPLICA_READS}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=keep, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_database_replica_url_turns_replica_reads_on():
    assert probe() == {"aliases": ["default"], "replica": None, "reads": False}
    assert probe(
        DATABASE_URL="postgres://loa@db:5432/loa",
        DATABASE_REPLICA_URL="postgres://loa@db-replica:5432/loa",
    ) == {"aliases": ["default", "replica"], "replica": "loa", "reads": True}
