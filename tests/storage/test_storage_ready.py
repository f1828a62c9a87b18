"""`manage.py storage_ready` (run by docker-compose's web before it starts): creates the
missing bucket, proves the storage writes, reads and deletes, and copies an old MEDIA_ROOT in."""

import io
import uuid

import pytest
from botocore.config import Config
from django.core.management import CommandError, call_command

from tests.storage.conftest import s3_client, use_bucket


def run(*args):
    out = io.StringIO()
    call_command("storage_ready", *args, stdout=out)
    return out.getvalue()


def test_a_missing_bucket_is_created_private_and_left_empty(s3_endpoint, settings):
    bucket = f"loa-new-{uuid.uuid4().hex[:8]}"
    use_bucket(settings, s3_endpoint, bucket)
    assert run() == f"Đã tạo bucket «{bucket}».\nKho lưu trữ sẵn sàng: bucket «{bucket}».\n"
    client = s3_client(s3_endpoint)
    assert client.list_objects_v2(Bucket=bucket)["KeyCount"] == 0  # the probe is gone
    # Running it again (each start of web) changes nothing.
    assert run() == f"Kho lưu trữ sẵn sàng: bucket «{bucket}».\n"
    client.delete_bucket(Bucket=bucket)


def test_an_old_media_folder_is_copied_in_once_with_its_names(s3, tmp_path):
    old = tmp_path / "media"
    (old / "evidence/2025/11").mkdir(parents=True)
    (old / "evidence/2025/11/3f2a.jpg").write_bytes(b"\xff\xd8 photo")
    (old / "documents/2025/12").mkdir(parents=True)
    (old / "documents/2025/12/plan-pdf-7.pdf").write_bytes(b"%PDF-1.7 plan")
    assert run("--copy-from", str(old)).endswith(f"Đã chép 2 tệp từ {old}.\n")
    assert s3.objects() == ["documents/2025/12/plan-pdf-7.pdf", "evidence/2025/11/3f2a.jpg"]
    assert s3.read("evidence/2025/11/3f2a.jpg") == b"\xff\xd8 photo"
    assert run("--copy-from", str(old)).endswith(f"Đã chép 0 tệp từ {old}.\n")


def test_an_unreachable_store_stops_the_start_with_the_reason(settings):
    use_bucket(settings, "http://127.0.0.1:9", "loa")
    settings.STORAGES["default"]["OPTIONS"]["client_config"] = Config(
        connect_timeout=1, retries={"max_attempts": 0}
    )
    with pytest.raises(CommandError, match="Không kết nối được kho S3"):
        run()


def test_the_local_folder_is_checked_too(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert run() == f"Kho lưu trữ sẵn sàng: thư mục {tmp_path / 'media'}.\n"
    assert list((tmp_path / "media" / "probe").iterdir()) == []
