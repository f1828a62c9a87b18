"""Backup and restore, end to end in a scratch database of the engine under test."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLANS = (
    "import json; from plans.models import Plan; "
    "print(json.dumps(sorted([p.number_display, p.title] for p in Plan.objects.all())))"
)


@pytest.fixture
def scratch(scratch_env):
    return {**scratch_env, "DEBUG": "1"}


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


def test_the_files_of_an_s3_store_are_backed_up_and_restored(scratch, tmp_path, s3):
    """With LOA_STORAGE=s3 the backup reads the bucket (a real S3 server, tests/storage) and
    the restore writes it back as it was, without what came after."""
    env = {
        **scratch,
        "LOA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": s3.name,
        "AWS_S3_ENDPOINT_URL": s3.endpoint,
        "AWS_ACCESS_KEY_ID": "loa-test",
        "AWS_SECRET_ACCESS_KEY": "loa-test-secret",
    }
    run(env, "manage.py", "migrate", "--noinput", "-v0")
    save = (
        "from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s; "
        "s.save('evidence/2026/03/{0}', ContentFile(b'{1}'))"
    )
    run(env, "manage.py", "shell", "-c", save.format("a1.jpg", "photo one"))
    run(env, "manage.py", "shell", "-c", save.format("b2.pdf", "%PDF-1.7 report"))
    run(env, "scripts/backup.py", "create", "--output", str(tmp_path / "backup"))

    s3.delete("evidence/2026/03/a1.jpg")
    run(env, "manage.py", "shell", "-c", save.format("c3.jpg", "came later"))
    run(env, "scripts/backup.py", "restore", str(tmp_path / "backup"), "--yes")
    assert s3.objects() == ["evidence/2026/03/a1.jpg", "evidence/2026/03/b2.pdf"]
    assert s3.read("evidence/2026/03/a1.jpg") == b"photo one"
    assert not any(Path(scratch["MEDIA_ROOT"]).rglob("*"))  # nothing went to the local disk
