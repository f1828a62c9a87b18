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


def files_refused(response):
    """The reasons the form gives under «Ảnh, tệp PDF», as the user reads them."""
    assert response.status_code == 200
    return response.context["form"].errors["files"]


@pytest.mark.parametrize(
    ("limit", "size", "reason"),
    [
        # The default: 10 MB. 10,540,000 bytes are 10.05 MB, shown to one decimal.
        (10 * 1024 * 1024, 10_540_000, "nặng 10,1 MB, vượt quá giới hạn 10 MB."),
        # Exactly 1 MB is «1 MB», not «1024 KB»; 2.5 MB is written the Vietnamese way.
        (1024 * 1024, 2_621_440, "nặng 2,5 MB, vượt quá giới hạn 1 MB."),
        # Under 1 MB in whole KB, rounded: 102,950 bytes are 100.54 KB.
        (100 * 1024, 102_950, "nặng 101 KB, vượt quá giới hạn 100 KB."),
    ],
)
def test_the_size_of_a_refused_file_is_written_as_people_read_it(
    world, kp, client_for, settings, limit, size, reason
):
    settings.LOA_EVIDENCE_MAX_BYTES = limit
    big = SimpleUploadedFile("anh.jpg", jpeg_bytes() + b"\0" * (size - len(jpeg_bytes())))
    assert big.size == size

    response = log_with(client_for(world.kp_head), world, kp, big)

    assert files_refused(response) == [f"Tệp «anh.jpg» {reason}"]
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_a_file_of_exactly_the_limit_is_taken_one_byte_more_is_not(world, kp, client_for, settings):
    settings.LOA_EVIDENCE_MAX_BYTES = 20 * 1024
    photo = jpeg_bytes() + b"\0" * (20 * 1024 - len(jpeg_bytes()))  # a photo of 20,480 bytes
    client = client_for(world.kp_head)

    assert log_with(client, world, kp, SimpleUploadedFile("a.jpg", photo)).status_code == 302
    refused = log_with(client, world, kp, SimpleUploadedFile("b.jpg", photo + b"\0"))
    assert files_refused(refused) == ["Tệp «b.jpg» nặng 20 KB, vượt quá giới hạn 20 KB."]
    assert Evidence.objects.get().original_name == "a.jpg"


def test_an_empty_file_is_refused_with_its_name(world, kp, client_for):
    response = log_with(client_for(world.kp_head), world, kp, SimpleUploadedFile("trong.jpg", b""))
    assert files_refused(response) == ["Tệp «trong.jpg» rỗng (0 byte): hãy chọn lại tệp."]
    assert not Activity.objects.exists()


def test_a_long_file_name_is_kept_to_200_characters(world, kp, client_for):
    name = "bien-ban-hoi-nghi-" + "x" * 222 + ".jpg"  # 244 characters
    upload = SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")

    assert log_with(client_for(world.kp_head), world, kp, upload).status_code == 302
    assert Evidence.objects.get().original_name == "bien-ban-hoi-nghi-" + "x" * 182


def test_a_file_whose_name_is_only_blanks_is_named_for_the_user(world, kp, client_for):
    upload = SimpleUploadedFile("   ", PHP)

    response = log_with(client_for(world.kp_head), world, kp, upload)

    assert files_refused(response) == [
        "Tệp «tep-khong-ten» không được nhận: chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tệp PDF."
    ]


def test_a_file_of_exactly_the_limit_is_read_to_its_last_byte(world, kp, client_for, settings):
    # A bitmap keeps its top row in its last bytes: one byte less and it is broken.
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (9, 99, 199)).save(buffer, format="BMP")
    assert len(buffer.getvalue()) == 654
    settings.LOA_EVIDENCE_MAX_BYTES = 654
    upload = SimpleUploadedFile("so-do.bmp", buffer.getvalue(), content_type="image/bmp")

    assert log_with(client_for(world.kp_head), world, kp, upload).status_code == 302
    with Evidence.objects.get().file.open("rb") as handle:
        assert Image.open(handle).size == (20, 10)
