"""LOA_STORAGE and the AWS_* variables choose the storage; each case is a fresh interpreter
with its own environment (as tests/test_settings.py does)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "from django.core.files.storage import storages; "
    "print(json.dumps({'backend': type(storages['default']).__name__, 'options': "
    "settings.STORAGES['default'].get('OPTIONS', {})}))"
)


def probe(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "LOA_STORAGE"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env})
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_files_stay_on_this_machine_by_default():
    assert json.loads(probe().stdout) == {"backend": "FileSystemStorage", "options": {}}


def test_a_bucket_switches_to_a_private_s3_store():
    run = probe(
        AWS_STORAGE_BUCKET_NAME="loa-media",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        AWS_ACCESS_KEY_ID="loa",
        AWS_SECRET_ACCESS_KEY="loa-secret-key",
    )
    settings = json.loads(run.stdout)
    assert settings["backend"] == "S3Storage"
    options = settings["options"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("loa-media", "http://minio:9000")
    assert (options["default_acl"], options["querystring_auth"]) == ("private", True)
    assert (options["access_key"], options["addressing_style"]) == ("loa", "path")
    assert options["file_overwrite"] is False
    assert options["max_memory_size"] == 2_621_440  # larger downloads spool to disk


def test_without_keys_boto3_finds_its_own_credentials():
    options = json.loads(probe(LOA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="loa").stdout)["options"]
    assert "access_key" not in options and "endpoint_url" not in options


def test_s3_without_a_bucket_or_an_unknown_storage_is_refused_with_the_reason():
    run = probe(LOA_STORAGE="s3")
    assert run.returncode != 0
    assert "LOA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME." in run.stderr
    run = probe(LOA_STORAGE="nfs")
    assert "LOA_STORAGE is «local» or «s3», not 'nfs'." in run.stderr
