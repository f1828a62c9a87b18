"""Evidence is typed by its content: a PDF starts with %PDF-, wherever else the marker sits it
is not a PDF; an image whose pixel count would explode in memory is refused before decoding."""

import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Evidence
from tests.activities.conftest import PDF, build_kp_plan, form_data
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db

NOT_ACCEPTED = "không được nhận: chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tệp PDF"
TOO_MANY_PIXELS = "có kích thước điểm ảnh quá lớn: hãy thu nhỏ ảnh rồi tải lại"


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


def upload(client, world, kp, name, content):
    data = {**form_data(world, kp), "files": [SimpleUploadedFile(name, content)]}
    response = client.post(reverse("activities:create"), data)
    return response, re.sub(r"\s+", " ", response.content.decode())


def png_header(width, height):
    """A PNG that declares width × height pixels in a few dozen bytes (its pixels are not
    there: a decoder would have to allocate them first)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_real_pdf_is_kept_as_a_pdf(world, kp, client_for):
    response, _ = upload(client_for(world.kp_head), world, kp, "bao-cao.pdf", PDF)
    assert response.status_code == 302
    assert Evidence.objects.get().content_type == "application/pdf"


@pytest.mark.parametrize(
    "content",
    [
        b" " + PDF,  # one byte before the marker
        b"\xef\xbb\xbf" + PDF,  # a byte-order mark
        b"<html><body>x</body></html>\n" + PDF,  # an HTML page carrying a PDF
        b"GIF89a" + PDF,
    ],
)
def test_a_file_with_pdf_anywhere_but_at_its_start_is_not_a_pdf(world, kp, client_for, content):
    response, page = upload(client_for(world.kp_head), world, kp, "bao-cao.pdf", content)
    assert response.status_code == 200
    assert f"«bao-cao.pdf» {NOT_ACCEPTED}" in page
    assert not Activity.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize(
    "size",
    [
        (10_000, 10_000),  # 100 million pixels: above Pillow's limit (about 89 million)
        (30_000, 30_000),  # 900 million: more than twice the limit
    ],
)
def test_an_image_declaring_too_many_pixels_is_refused(world, kp, client_for, size):
    bomb = png_header(*size)
    assert len(bomb) < 200

    response, page = upload(client_for(world.kp_head), world, kp, "anh.png", bomb)

    assert response.status_code == 200
    assert f"Ảnh «anh.png» {TOO_MANY_PIXELS}" in page
    assert not Activity.objects.exists() and not Evidence.objects.exists()
