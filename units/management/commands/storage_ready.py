"""Make the file storage ready before Loa starts: with LOA_STORAGE=s3, create the bucket
when it is missing (private: no public policy, objects written with the private ACL), then
write, read back and delete a probe object, so a wrong endpoint or key stops the start with
the reason instead of failing at the first upload.

`--copy-from DIR` also copies the files of a local MEDIA_ROOT (Loa before the S3 store) into
the storage, keeping their names; files already there are left as they are.
"""

import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Tạo bucket (nếu dùng S3) và kiểm tra ghi, đọc, xóa được tệp trong kho lưu trữ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--copy-from", type=Path, help="chép các tệp của thư mục MEDIA_ROOT cũ vào kho"
        )

    def handle(self, *args, copy_from=None, **options):
        storage = storages["default"]
        bucket = getattr(storage, "bucket_name", None)
        if bucket:
            self._bucket(storage, bucket)
        self._probe(storage)
        where = f"bucket «{bucket}»" if bucket else f"thư mục {storage.location}"
        self.stdout.write(f"Kho lưu trữ sẵn sàng: {where}.")
        if copy_from is not None:
            copied = self._copy(storage, copy_from)
            self.stdout.write(f"Đã chép {copied} tệp từ {copy_from}.")

    def _bucket(self, storage, bucket):
        from botocore.exceptions import BotoCoreError, ClientError

        client = storage.connection.meta.client
        try:
            client.head_bucket(Bucket=bucket)
            return
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
                raise CommandError(f"Không truy cập được bucket «{bucket}»: {error}") from error
        except BotoCoreError as error:
            raise CommandError(f"Không kết nối được kho S3: {error}") from error
        try:
            client.create_bucket(Bucket=bucket)
        except (BotoCoreError, ClientError) as error:
            raise CommandError(f"Không tạo được bucket «{bucket}»: {error}") from error
        self.stdout.write(f"Đã tạo bucket «{bucket}».")

    def _probe(self, storage):
        content = uuid.uuid4().hex.encode()
        try:
            name = storage.save(f"probe/{uuid.uuid4().hex}.txt", ContentFile(content))
            with storage.open(name, "rb") as handle:
                read = handle.read()
            storage.delete(name)
        except Exception as error:
            raise CommandError(f"Kho lưu trữ không ghi, đọc, xóa được tệp: {error}") from error
        if read != content:
            raise CommandError("Kho lưu trữ trả về nội dung khác với tệp vừa ghi.")

    def _copy(self, storage, folder):
        if not folder.is_dir():
            raise CommandError(f"Không có thư mục {folder}.")
        copied = 0
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if not path.is_file() or storage.exists(name):
                continue
            with path.open("rb") as handle:
                saved = storage.save(name, handle)
            if saved != name:
                raise CommandError(f"Kho lưu trữ đặt tên khác cho «{name}»: «{saved}».")
            copied += 1
        return copied
