"""Photos are stored as a fresh file made from their pixels: turned upright, at most 2,560 px
on their longest side, without metadata; a transparent image stays a PNG, any other becomes
a JPEG in RGB or grey."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, TiffImagePlugin

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


def test_a_grey_png_with_transparency_stays_a_png_with_its_transparency(world, kp, client_for):
    content = image_bytes("LA", (120, 80), "PNG")
    evidence, image = stored(world, kp, client_for, content, "xam.png", "image/png")
    assert evidence.content_type == "image/png"
    assert image.mode == "RGBA" and image.getpixel((3, 3)) == (128, 128, 128, 60)


def test_a_tiff_with_a_palette_and_transparency_stays_transparent(world, kp, client_for):
    palette = Image.new("PA", (60, 40))
    palette.putpalette([0, 0, 0, 200, 40, 40] + [0] * 762)
    palette.putdata([(1, 90)] * (60 * 40))  # the second colour, alpha 90
    buffer = io.BytesIO()
    palette.save(buffer, format="TIFF")

    evidence, image = stored(world, kp, client_for, buffer.getvalue(), "so-do.tif", "image/tiff")

    assert evidence.content_type == "image/png"
    assert image.mode == "RGBA" and image.getpixel((3, 3)) == (200, 40, 40, 90)


def test_a_gif_with_a_transparent_colour_becomes_a_transparent_png(world, kp, client_for):
    gif = Image.new("P", (40, 40), 1)
    gif.putpalette([255, 255, 255, 10, 120, 200] + [0] * 762)
    gif.paste(0, (0, 0, 20, 40))  # the left half in colour 0, which is transparent
    buffer = io.BytesIO()
    gif.save(buffer, format="GIF", transparency=0)

    evidence, image = stored(world, kp, client_for, buffer.getvalue(), "logo.gif", "image/gif")

    assert evidence.content_type == "image/png"
    assert image.getpixel((5, 5))[3] == 0
    assert image.getpixel((30, 5)) == (10, 120, 200, 255)


def test_a_gif_without_transparency_becomes_a_jpeg(world, kp, client_for):
    gif = Image.new("P", (40, 40), 1)
    gif.putpalette([255, 255, 255, 10, 120, 200] + [0] * 762)
    buffer = io.BytesIO()
    gif.save(buffer, format="GIF")

    evidence, image = stored(world, kp, client_for, buffer.getvalue(), "logo.gif", "image/gif")

    assert evidence.content_type == "image/jpeg" and image.mode == "RGB"


def test_a_photo_is_stored_at_jpeg_quality_85(world, kp, client_for):
    # Quality 85 scales the standard JPEG tables by 0.3: the luminance table starts
    # 16, 11, 10, 16 → 5, 3, 3, 5 (quality 75 would give 8, 6, 5, 8).
    content = image_bytes("RGB", (640, 480), "PNG")
    _evidence, image = stored(world, kp, client_for, content, "anh.png", "image/png")
    assert image.format == "JPEG"
    assert image.quantization[0][:4] == [5, 3, 3, 5]


def tiff_with_a_tag_past_its_end():
    """A TIFF whose description tag claims 100,000 bytes the file does not have: Pillow
    warns, skips the tag and decodes the pixels (as for many a camera's broken EXIF)."""
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[270] = "Mô tả " * 20
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, format="TIFF", tiffinfo=info)
    data = bytearray(buffer.getvalue())
    (directory,) = struct.unpack("<I", data[4:8])
    (entries,) = struct.unpack("<H", data[directory : directory + 2])
    for entry in range(directory + 2, directory + 2 + 12 * entries, 12):
        if struct.unpack("<H", data[entry : entry + 2]) == (270,):
            data[entry + 4 : entry + 8] = struct.pack("<I", 100_000)
    return bytes(data)


def test_an_image_pillow_only_warns_about_is_taken(world, kp, client_for):
    content = tiff_with_a_tag_past_its_end()
    evidence, image = stored(world, kp, client_for, content, "quet.tif", "image/tiff")
    assert evidence.content_type == "image/jpeg" and image.size == (20, 10)
