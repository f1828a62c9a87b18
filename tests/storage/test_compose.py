"""docker-compose runs MinIO, and every Loa process (web, both workers, beat) keeps its files
in MinIO's bucket, which web makes ready before anything else starts."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LOA = ("web", "worker", "worker-documents", "beat")


def test_every_loa_process_keeps_its_files_in_minio():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["minio"]["image"] == "minio/minio"
    assert "ports" not in services["minio"]  # reached by Loa only, never from outside
    for name in LOA:
        env = services[name]["environment"]
        assert env["LOA_STORAGE"] == "s3", name
        assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["AWS_STORAGE_BUCKET_NAME"] == "${MINIO_BUCKET:-loa}", name
        assert (
            env["AWS_SECRET_ACCESS_KEY"] == services["minio"]["environment"]["MINIO_ROOT_PASSWORD"]
        )
        assert services[name]["depends_on"]["minio"] == {"condition": "service_healthy"}
    start = services["web"]["command"].split("&&")
    assert start[0].strip() == 'sh -c "python manage.py storage_ready'
    assert start[1].strip() == "python manage.py migrate --noinput"
