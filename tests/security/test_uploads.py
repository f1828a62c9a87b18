"""Uploads: the type is decided by the content, sizes are limited with the reason in
Vietnamese, images are re-encoded (nothing hidden in them survives), files get a random name
outside the static files and are served only through a view that checks who may read them."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import Activity, Evidence
from tests.activities.conftest import build_kp_plan, form_data, jpeg_bytes
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db

PHP = b"<?php system($_GET['c']); ?>\n"


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


def log_with(client, world, kp, *files):
    data = {**form_data(world, kp), "files": list(files)}
    return client.post(reverse("activities:create"), data)


def form_errors(response):
    return " ".join(re.sub(r"\s+", " ", response.content.decode()).split())


def test_a_php_script_renamed_jpg_is_refused(world, kp, client_for):
    upload = SimpleUploadedFile("anh-hoi-nghi.jpg", PHP, content_type="image/jpeg")

    response = log_with(client_for(world.kp_head), world, kp, upload)

    assert response.status_code == 200
    assert "«anh-hoi-nghi.jpg» không được nhận: chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tệp PDF" in (
        form_errors(response)
    )
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_an_image_carrying_a_script_is_stored_re_encoded_without_it(world, kp, client_for):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="GIF", comment=PHP)
    polyglot = buffer.getvalue()
    assert PHP in polyglot

    upload = SimpleUploadedFile("x.php.gif", polyglot, content_type="image/gif")
    response = log_with(client_for(world.kp_head), world, kp, upload)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = evidence.file.read()
    assert b"<?php" not in stored
    assert stored[:2] == b"\xff\xd8"  # a fresh JPEG
    assert re.fullmatch(r"evidence/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", evidence.file.name)
    assert evidence.content_type == "image/jpeg"


def test_an_oversized_file_is_refused_with_the_reason_in_vietnamese(
    world, kp, client_for, settings
):
    settings.LOA_EVIDENCE_MAX_BYTES = 50 * 1024
    big = SimpleUploadedFile("anh-lon.jpg", jpeg_bytes(size=(1600, 1200)) + b"\0" * 60 * 1024)

    response = log_with(client_for(world.kp_head), world, kp, big)

    assert response.status_code == 200
    assert re.search(
        r"«anh-lon\.jpg» nặng [\d,]+ KB, vượt quá giới hạn 50 KB", form_errors(response)
    )
    assert not Evidence.objects.exists()


def test_a_path_in_the_file_name_is_dropped(world, kp, client_for):
    upload = SimpleUploadedFile(
        "../../static/js/loa.js.jpg", jpeg_bytes(), content_type="image/jpeg"
    )

    assert log_with(client_for(world.kp_head), world, kp, upload).status_code == 302

    evidence = Evidence.objects.get()
    assert evidence.original_name == "loa.js.jpg"
    assert ".." not in evidence.file.name and evidence.file.name.startswith("evidence/")
    assert (
        Path(evidence.file.path)
        .resolve()
        .is_relative_to(Path(django_settings.MEDIA_ROOT).resolve())
    )


def test_evidence_of_another_commune_answers_404(world, kp, client_for):
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    log_with(client_for(world.kp_head), world, kp, upload)
    url = reverse("activities:evidence", args=[Evidence.objects.get().pk])

    assert client_for(world.kp_leader).get(url).status_code == 200
    for outsider in (world.pt_officer, world.gv_officer, world.gv_leader):
        assert client_for(outsider).get(url).status_code == 404
    # Never published under MEDIA_URL either.
    assert (
        client_for(world.kp_leader).get("/media/" + Evidence.objects.get().file.name).status_code
        == 404
    )


def test_uploaded_files_live_outside_the_static_files():
    media = Path(django_settings.MEDIA_ROOT).resolve()
    static_places = [
        Path(django_settings.STATIC_ROOT),
        *map(Path, django_settings.STATICFILES_DIRS),
    ]
    for place in static_places:
        place = place.resolve()
        assert not media.is_relative_to(place) and not place.is_relative_to(media)


def test_a_script_renamed_xlsx_is_refused_by_the_excel_import(world, client_for):
    upload = SimpleUploadedFile("du-lieu.xlsx", PHP)

    response = client_for(world.kp_leader).post("/imports/units/import/", {"file": upload})

    assert "không phải tệp Excel (.xlsx) hoặc đã bị hỏng" in response.content.decode()


def test_a_script_renamed_docx_is_refused_by_the_plan_upload(world, client_for):
    upload = SimpleUploadedFile("ke-hoach.docx", PHP)

    response = client_for(world.kp_officer).post(reverse("plans:import_upload"), {"file": upload})

    assert response.status_code == 200
    assert "Tệp .docx bị hỏng" in response.content.decode()
