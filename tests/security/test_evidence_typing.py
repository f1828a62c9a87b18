"""Evidence is typed by its content: a PDF starts with %PDF-, wherever else the marker sits it
is not a PDF; an image whose pixel count would explode in memory is refused before decoding."""

import io
import re
import struct
import zipfile
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


def office_file(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document/>")
    return buffer.getvalue()


def zip_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("anh-1.jpg", b"...")
    return buffer.getvalue()


WORD_97 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"\xec\xa5\xc1\x00" + b"\0" * 100


@pytest.mark.parametrize(
    ("name", "content", "advice"),
    [
        ("bao-cao.docx", office_file("word"), " Tệp Word: hãy lưu thành PDF rồi tải lên."),
        ("bao-cao.doc", WORD_97, " Tệp Word: hãy lưu thành PDF rồi tải lên."),
        ("so-lieu.xlsx", office_file("xl"), " Tệp Excel: hãy lưu thành PDF rồi tải lên."),
        ("anh.zip", zip_file(), " Tệp nén: hãy tải lên từng ảnh hoặc tệp PDF."),
        (
            "IMG_0001.HEIC",
            b"\0\0\0\x18ftypheic" + b"\0" * 40,
            " Ảnh HEIC của iPhone chưa được hỗ trợ: hãy chụp hoặc xuất ảnh dạng JPEG.",
        ),
        (
            "video.mp4",
            b"\0\0\0\x18ftypmp42" + b"\0" * 40,
            " Video: hãy đăng lên mạng và dán đường dẫn vào ô «Đường dẫn».",
        ),
        ("bai-hat.mp3", b"ID3\x03\0\0\0\0\0\0" + b"\0" * 40, ""),  # known, but no advice
        ("ghi-chu.txt", "Ghi chú hội nghị".encode(), ""),  # not even recognised
    ],
)
def test_a_refused_file_says_what_to_do_instead_when_loa_knows(
    world, kp, client_for, name, content, advice
):
    response, _ = upload(client_for(world.kp_head), world, kp, name, content)

    assert response.status_code == 200
    assert response.context["form"].errors["files"] == [
        f"Tệp «{name}» không được nhận: chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tệp PDF.{advice}"
    ]
    assert not Activity.objects.exists() and not Evidence.objects.exists()


# Links -----------------------------------------------------------------------------------


def log_links(client, world, kp, text):
    return client.post(reverse("activities:create"), form_data(world, kp, links=text))


def stored_links():
    return list(Evidence.objects.filter(kind="link").order_by("pk").values_list("url", flat=True))


def test_links_are_kept_one_per_line_once_each_blank_lines_skipped(world, kp, client_for):
    text = "\n  https://kieuphu.gov.vn/tin/57  \n\nhttp://youtu.be/abc\nhttps://kieuphu.gov.vn/tin/57\n"

    response = log_links(client_for(world.kp_head), world, kp, text)

    assert response.status_code == 302
    assert stored_links() == ["https://kieuphu.gov.vn/tin/57", "http://youtu.be/abc"]


def test_twenty_links_are_taken_twenty_one_are_refused(world, kp, client_for):
    client = client_for(world.kp_head)
    twenty_one = [f"https://kieuphu.gov.vn/tin/{n}" for n in range(1, 22)]

    refused = log_links(client, world, kp, "\n".join(twenty_one))
    assert refused.context["form"].errors["links"] == ["Mỗi lần chỉ nhập tối đa 20 đường dẫn."]

    # The same link twice counts once.
    taken = log_links(client, world, kp, "\n".join([*twenty_one[:20], twenty_one[0]]))
    assert taken.status_code == 302
    assert stored_links() == twenty_one[:20]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "kieuphu.gov.vn/tin/57",
            "«kieuphu.gov.vn/tin/57» không phải đường dẫn hợp lệ: hãy dán đầy đủ, "
            "bắt đầu bằng https://",
        ),
        (
            "ftp://kieuphu.gov.vn/tin.pdf",
            "«ftp://kieuphu.gov.vn/tin.pdf» không phải đường dẫn hợp lệ: hãy dán đầy đủ, "
            "bắt đầu bằng https://",
        ),
        (
            "https://kieuphu.gov.vn/" + "a" * 478,  # 501 characters
            "Đường dẫn «https://kieuphu.gov.vn/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…» "
            "dài quá 500 ký tự.",
        ),
    ],
    ids=["no-scheme", "ftp", "501-characters"],
)
def test_a_bad_link_is_refused_naming_the_line(world, kp, client_for, line, reason):
    text = f"https://kieuphu.gov.vn/tin/57\n{line}"

    response = log_links(client_for(world.kp_head), world, kp, text)

    assert response.context["form"].errors["links"] == [reason]
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_a_link_of_500_characters_is_taken(world, kp, client_for):
    link = "https://kieuphu.gov.vn/" + "a" * 477
    assert len(link) == 500

    assert log_links(client_for(world.kp_head), world, kp, link).status_code == 302
    assert stored_links() == [link]
