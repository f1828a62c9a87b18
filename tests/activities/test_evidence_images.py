"""Photos are stored as a fresh file made from their pixels: turned upright, at most 2,560 px
on their longest side, without metadata; a transparent image stays a PNG, any other becomes
a JPEG in RGB or grey."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import Evidence
from tests.activities.conftest import form_data

pytestmark = pytest.mark.django_db


def image_bytes(mode, size, fmt, **save):
    colour = {"RGBA": (10, 200, 30, 120), "CMYK": (0, 80, 80, 0), "L": 128, "LA": (128, 60)}
    image = Image.new(mode, size, colour.get(mode, (200, 40, 40)))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **save)
    return buffer.getvalue()


def stored(world, kp, client_for, content, name, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for(world.kp_head).post(
        reverse("activities:create"), form_data(world, kp, files=[upload])
    )
    assert response.status_code == 302
    evidence = Evidence.objects.latest("pk")
    with evidence.file.open("rb") as handle:
        return evidence, Image.open(io.BytesIO(handle.read()))


def test_a_transparent_png_stays_a_png_with_its_transparency(world, kp, client_for):
    content = image_bytes("RGBA", (300, 200), "PNG")
    evidence, image = stored(world, kp, client_for, content, "logo.png", "image/png")
    assert evidence.content_type == "image/png" and evidence.file.name.endswith(".png")
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (300, 200)
    assert image.getpixel((5, 5))[3] == 120


def test_a_large_cmyk_photo_becomes_an_rgb_jpeg_of_2560_px(world, kp, client_for):
    content = image_bytes("CMYK", (4000, 3000), "JPEG")
    evidence, image = stored(world, kp, client_for, content, "anh.jpg", "image/jpeg")
    assert evidence.content_type == "image/jpeg" and evidence.file.name.endswith(".jpg")
    assert image.format == "JPEG" and image.mode == "RGB" and image.size == (2560, 1920)


def test_a_grey_photo_stays_grey_and_a_turned_photo_is_stored_upright(world, kp, client_for):
    _evidence, grey = stored(
        world, kp, client_for, image_bytes("L", (200, 100), "JPEG"), "xam.jpg", "image/jpeg"
    )
    assert grey.mode == "L" and grey.size == (200, 100)

    tags = Image.Exif()
    tags[0x0112] = 6  # the camera was turned: rotate 90° to show it upright
    turned = image_bytes("RGB", (400, 300), "JPEG", exif=tags.tobytes())
    _evidence, upright = stored(world, kp, client_for, turned, "xoay.jpg", "image/jpeg")
    assert upright.size == (300, 400)
    assert not upright.getexif()
