"""The S3 path against a real S3-compatible server: moto's server mode, started once per test
process on a free port of 127.0.0.1, spoken to over HTTP by django-storages and boto3 exactly
as MinIO or AWS S3 would be. Each test gets its own private bucket and STORAGES["default"]
pointing at it, the way LOA_STORAGE=s3 configures it (config/settings.py)."""

import logging
import uuid

import boto3
import pytest

from tests.plans.conftest import catalogue, kp_draft  # noqa: F401
from tests.reports.conftest import add_activity, kp, q1  # noqa: F401
from tests.waiting import free_port

KEYS = {"aws_access_key_id": "loa-test", "aws_secret_access_key": "loa-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as missing:  # pragma: no cover - moto[server] is a dev dependency
        pytest.skip(f"moto[server] is not installed ({missing}): uv sync installs it")
    # One line per S3 request would bury a failure's own log.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    try:
        server.start()
    except OSError as error:  # pragma: no cover - e.g. no socket may be opened here
        pytest.skip(f"the S3 server (moto) could not start on 127.0.0.1: {error}")
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def use_bucket(settings, endpoint, bucket):
    """STORAGES["default"] on `bucket`, as config/settings.py builds it for LOA_STORAGE=s3."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "addressing_style": "path",
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "default_acl": "private",
                "file_overwrite": False,
                "signature_version": "s3v4",
                "max_memory_size": 2_621_440,
            },
        },
    }


def s3_client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **KEYS)


@pytest.fixture
def s3(s3_endpoint, settings):
    """A fresh private bucket as the default storage; `s3.objects()` lists what it holds."""
    client = s3_client(s3_endpoint)
    bucket = f"loa-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    use_bucket(settings, s3_endpoint, bucket)

    class Bucket:
        name = bucket
        endpoint = s3_endpoint

        @staticmethod
        def delete(key):
            client.delete_object(Bucket=bucket, Key=key)

        @staticmethod
        def objects(prefix=""):
            listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
            return sorted(item["Key"] for item in listing.get("Contents", []))

        @staticmethod
        def read(key):
            return client.get_object(Bucket=bucket, Key=key)["Body"].read()

        @staticmethod
        def acl(key):
            return client.get_object_acl(Bucket=bucket, Key=key)["Grants"]

    yield Bucket
    for key in Bucket.objects():
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)
