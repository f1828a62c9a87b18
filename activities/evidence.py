"""Checking and cleaning uploaded evidence before anything is stored.

The type of a file is decided by its content, never by its name: images are decoded and
re-encoded with Pillow (which also drops EXIF: GPS positions, phone models); PDFs must start
with the %PDF header and parse (pypdf), and are stored as a clean copy of their pages, without
scripts, open actions, form actions, links that launch programs or embedded files. Anything
else is refused with the reason in Vietnamese, so the form can say what went wrong and keep
what was typed.
"""

import io
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from .models import EvidenceKind

IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF", "MPO"}
LONGEST_SIDE = 2560
PDF_TAIL = 8 * 1024
PDF_MAX_PAGES = 300
# Page-level keys that run something when the page is opened or closed.
PAGE_ACTIONS = ("/AA",)
# Annotations kept in the clean copy: the ones that only show something. Links are kept only
# when they jump inside the document or open a web address.
SAFE_ANNOTATIONS = {"/Text", "/Highlight", "/Underline", "/StrikeOut", "/Squiggly", "/Link"}
SAFE_LINK_ACTIONS = {"/GoTo", "/URI"}
# Formats people often pick by mistake, with what to do instead.
ADVICE = {
    "image/heic": "Ảnh HEIC của iPhone chưa được hỗ trợ: hãy chụp hoặc xuất ảnh dạng JPEG.",
    "image/heif": "Ảnh HEIF chưa được hỗ trợ: hãy xuất ảnh dạng JPEG.",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Tệp Word: hãy lưu thành PDF rồi tải lên."
    ),
    "application/msword": "Tệp Word: hãy lưu thành PDF rồi tải lên.",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "Tệp Excel: hãy lưu thành PDF rồi tải lên."
    ),
    "application/zip": "Tệp nén: hãy tải lên từng ảnh hoặc tệp PDF.",
    "video/mp4": "Video: hãy đăng lên mạng và dán đường dẫn vào ô «Đường dẫn».",
}


@dataclass(frozen=True)
class PreparedFile:
    """An upload that passed every check, ready to be stored under a safe name."""

    content: bytes
    kind: str
    content_type: str
    extension: str
    original_name: str

    @property
    def size(self):
        return len(self.content)


def max_bytes():
    return settings.LOA_EVIDENCE_MAX_BYTES


def megabytes(size):
    """«10 MB», «2,5 MB», «800 KB»: sizes as people read them."""
    if size >= 1024 * 1024:
        text = f"{size / (1024 * 1024):.1f}".removesuffix(".0")
        return text.replace(".", ",") + " MB"
    return f"{max(round(size / 1024), 1)} KB"


def display_name(name):
    """The file's own name without any folder, NFC, without control characters."""
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable())
    return name.strip()[:200] or "tep-khong-ten"


def prepare_upload(upload):
    """Check one uploaded file and return it cleaned, or raise ValidationError (Vietnamese)."""
    name = display_name(upload.name)
    limit = max_bytes()
    # Django's upload handlers count every byte received: the size is the file's.
    if upload.size > limit:
        raise ValidationError(
            f"Tệp «{name}» nặng {megabytes(upload.size)}, vượt quá giới hạn {megabytes(limit)}."
        )
    content = upload.read()
    if not content:
        raise ValidationError(f"Tệp «{name}» rỗng (0 byte): hãy chọn lại tệp.")
    if content.startswith(b"%PDF-"):
        return _prepare_pdf(content, name)
    return _prepare_image(content, name)


def _prepare_pdf(content, name):
    broken = f"Tệp PDF «{name}» bị hỏng hoặc chưa tải lên hết: hãy kiểm tra và tải lại."
    if b"%%EOF" not in content[-PDF_TAIL:]:
        raise ValidationError(broken)
    try:
        # Read leniently (pypdf's default): scanners write offsets that are slightly off.
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ValidationError(
                f"Tệp PDF «{name}» có mật khẩu: hãy bỏ mật khẩu (in lại ra PDF) rồi tải lên."
            )
        pages = len(reader.pages)
        if not pages:
            raise ValidationError(f"Tệp PDF «{name}» không có trang nào.")
        if pages > PDF_MAX_PAGES:
            raise ValidationError(
                f"Tệp PDF «{name}» có {pages} trang, nhiều hơn {PDF_MAX_PAGES} trang cho phép: "
                "hãy tải lên phần làm minh chứng."
            )
        clean = clean_pdf(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise ValidationError(broken) from exc
    return PreparedFile(
        content=clean,
        kind=EvidenceKind.DOCUMENT,
        content_type="application/pdf",
        extension=".pdf",
        original_name=name,
    )


def clean_pdf(reader):
    """A new PDF holding only the pages: the catalog's JavaScript, open action, embedded files,
    forms and metadata are not copied, and each page loses what could run something."""
    writer = PdfWriter()
    for page in reader.pages:
        _disarm(page)
        writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _disarm(page):
    for key in PAGE_ACTIONS:
        page.pop(NameObject(key), None)
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject()
    for reference in annotations.get_object():
        annotation = reference.get_object()
        if not isinstance(annotation, DictionaryObject):
            continue
        if annotation.get("/Subtype") not in SAFE_ANNOTATIONS or "/AA" in annotation:
            continue
        action = annotation.get("/A")
        if action is not None and action.get_object().get("/S") not in SAFE_LINK_ACTIONS:
            continue
        if action is not None and "/Next" in action.get_object():
            continue
        kept.append(reference)
    page[NameObject("/Annots")] = kept


def _prepare_image(content, name):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError(
            f"Ảnh «{name}» có kích thước điểm ảnh quá lớn: hãy thu nhỏ ảnh rồi tải lại."
        ) from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(_not_accepted(content, name)) from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            f"Ảnh «{name}» bị hỏng hoặc chưa tải lên hết: hãy kiểm tra và tải lại."
        ) from exc
    return _reencode(image, name)


def _not_accepted(content, name):
    message = f"Tệp «{name}» không được nhận: chỉ nhận ảnh (JPEG, PNG, GIF, WebP) và tệp PDF."
    guess = filetype.guess(content)
    advice = ADVICE.get(guess.mime) if guess else None
    return f"{message} {advice}" if advice else message


def _reencode(image, name):
    """A fresh file from the decoded pixels: upright, at most LONGEST_SIDE, no metadata."""
    image = ImageOps.exif_transpose(image)
    transparent = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if transparent:
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    # A new image carries no metadata at all (no EXIF, XMP, ICC comments).
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    if transparent:
        clean.save(buffer, format="PNG", optimize=True)
        content_type, extension = "image/png", ".png"
    else:
        clean.save(buffer, format="JPEG", quality=85, optimize=True)
        content_type, extension = "image/jpeg", ".jpg"
    return PreparedFile(
        content=buffer.getvalue(),
        kind=EvidenceKind.PHOTO,
        content_type=content_type,
        extension=extension,
        original_name=name,
    )


_url = URLValidator(schemes=["http", "https"])


def parse_links(text, *, limit=20):
    """One link per line → a list of URLs; ValidationError naming the first bad line."""
    links = []
    for line in (text or "").splitlines():
        link = line.strip()
        if not link:
            continue
        if len(link) > 500:
            raise ValidationError(f"Đường dẫn «{link[:60]}…» dài quá 500 ký tự.")
        try:
            _url(link)
        except ValidationError as exc:
            raise ValidationError(
                f"«{link}» không phải đường dẫn hợp lệ: hãy dán đầy đủ, bắt đầu bằng https://"
            ) from exc
        if link not in links:
            links.append(link)
    if len(links) > limit:
        raise ValidationError(f"Mỗi lần chỉ nhập tối đa {limit} đường dẫn.")
    return links
