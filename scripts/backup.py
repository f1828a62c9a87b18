#!/usr/bin/env python
"""Back up and restore Loa: the database and the uploaded files, in one folder.

    uv run python scripts/backup.py create [--output DIR]
    uv run python scripts/backup.py restore DIR --yes

The database is the one DATABASE_URL names (PostgreSQL through pg_dump/pg_restore, or the
SQLite file through SQLite's online backup); the files (evidence, stored documents …) are
read and written through Django's storage API, so they come from MEDIA_ROOT or from the S3
bucket, whichever LOA_STORAGE names. A backup folder
holds `database.dump` (PostgreSQL, custom format) or `database.sqlite3`, `media.tar.gz` and
`manifest.json` (when, which engine, row counts). Restoring replaces the database content and
the uploaded files, then checks the row counts against the manifest.
"""

import argparse
import datetime
import io
import json
import os
import posixpath
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.storage import storages  # noqa: E402
from django.db import connection  # noqa: E402

COUNTED = ["units.Unit", "units.User", "plans.Plan", "activities.Activity", "reports.Report"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="write a backup folder")
    create.add_argument("--output", type=Path, help="folder to create (default backups/loa-…)")
    restore = commands.add_parser("restore", help="restore a backup folder")
    restore.add_argument("folder", type=Path)
    restore.add_argument("--yes", action="store_true", help="confirm replacing the current data")
    args = parser.parse_args(argv)
    if args.command == "create":
        stamp = f"{datetime.datetime.now().astimezone():%Y%m%d-%H%M%S}"
        folder = args.output or ROOT / "backups" / f"loa-{stamp}"
        backup_create(folder)
        print(f"Đã sao lưu vào {folder}")
        return 0
    if not args.yes:
        print("Khôi phục sẽ thay toàn bộ dữ liệu hiện có. Thêm --yes để xác nhận.", file=sys.stderr)
        return 2
    counts = backup_restore(args.folder)
    print(f"Đã khôi phục từ {args.folder}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def backup_create(folder: Path):
    folder.mkdir(parents=True, exist_ok=False)
    db = settings.DATABASES["default"]
    if _is_sqlite(db):
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            sqlite3.connect(db["NAME"]).backup(target)
        target.close()
    else:
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(folder / "database.dump"),
                *_pg_target(db),
            ],
            db,
        )
    storage = storages["default"]
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        for name in stored_files(storage):
            with storage.open(name, "rb") as handle:
                data = handle.read()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            member.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
            archive.addfile(member, io.BytesIO(data))
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": db["ENGINE"],
        "counts": row_counts(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def backup_restore(folder: Path):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    db = settings.DATABASES["default"]
    connection.close()
    if _is_sqlite(db):
        source = sqlite3.connect(folder / "database.sqlite3")
        target = sqlite3.connect(db["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *_pg_target(db, flag="--dbname"),
                str(folder / "database.dump"),
            ],
            db,
        )
    storage = storages["default"]
    for name in stored_files(storage):
        storage.delete(name)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        for member in archive:
            name = posixpath.normpath(member.name)
            # Only plain files with names inside the storage: no links, devices, absolute
            # paths or "..".
            if not member.isfile() or name.startswith(("/", "..")) or name == ".":
                continue
            saved = storage.save(name, archive.extractfile(member))
            if saved != name:
                raise SystemExit(f"Kho lưu trữ đặt tên khác cho «{name}»: «{saved}»")
    counts = row_counts()
    if counts != manifest["counts"]:
        raise SystemExit(
            f"Số bản ghi sau khôi phục khác bản sao lưu: {counts} ≠ {manifest['counts']}"
        )
    return counts


def stored_files(storage, folder=""):
    """Every file name in the storage, folders walked (MEDIA_ROOT or the bucket)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no MEDIA_ROOT yet: nothing uploaded
        return []
    names = [posixpath.join(folder, name) for name in files]
    for sub in folders:
        names += stored_files(storage, posixpath.join(folder, sub))
    return sorted(names)


def row_counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def _is_sqlite(db):
    return db["ENGINE"].endswith("sqlite3")


def _pg_target(db, flag=None):
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return [*args, flag, db["NAME"]] if flag else [*args, db["NAME"]]


def _run(command, db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    subprocess.run(command, check=True, env=env)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
