"""Backup and restore, end to end in a scratch database of the engine under test."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PLANS = (
    "import json; from plans.models import Plan; "
    "print(json.dumps(sorted([p.number_display, p.title] for p in Plan.objects.all())))"
)


@pytest.fixture
def scratch(tmp_path):
    """Environment for a throwaway Loa installation: its own database and uploads folder."""
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DEBUG="1", MEDIA_ROOT=str(tmp_path / "media"), DJANGO_SETTINGS_MODULE="config.settings"
    )
    if db["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'loa.sqlite3'}"
        yield env
        return
    name = f"loa_backup_{uuid.uuid4().hex[:8]}"
    base = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    subprocess.run(
        ["createdb", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name], check=True
    )
    env["DATABASE_URL"] = f"{base}/{name}"
    yield env
    subprocess.run(
        ["dropdb", "--if-exists", "-h", db["HOST"] or "127.0.0.1", "-U", db["USER"], name]
    )


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_restored_backup_brings_back_the_same_plans_and_files(scratch, tmp_path):
    run(scratch, "manage.py", "migrate", "--noinput", "-v0")
    run(scratch, "manage.py", "load_demo")
    plans_before = run(scratch, "manage.py", "shell", "-v0", "-c", PLANS)
    photos = sorted(p.name for p in Path(scratch["MEDIA_ROOT"]).rglob("*.jpg"))
    assert len(json.loads(plans_before)) == 4 and photos

    out = run(scratch, "scripts/backup.py", "create", "--output", str(tmp_path / "backup"))
    assert "Đã sao lưu" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["counts"]["plans.Plan"] == 4

    # Damage: rename every plan and lose the uploads.
    run(
        scratch,
        "manage.py",
        "shell",
        "-c",
        "from plans.models import Plan; Plan.objects.update(title='hỏng')",
    )
    for photo in Path(scratch["MEDIA_ROOT"]).rglob("*.jpg"):
        photo.unlink()

    refused = subprocess.run(
        [sys.executable, "scripts/backup.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=scratch,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "--yes" in refused.stderr

    assert "Đã khôi phục" in run(
        scratch, "scripts/backup.py", "restore", str(tmp_path / "backup"), "--yes"
    )
    assert run(scratch, "manage.py", "shell", "-v0", "-c", PLANS) == plans_before
    assert sorted(p.name for p in Path(scratch["MEDIA_ROOT"]).rglob("*.jpg")) == photos
