"""A plan's file (.txt, .docx or .pdf) into text, refusing what cannot be a plan.

Refusals carry a message in Vietnamese for the officer: an empty file, a file larger than the
limits below, a binary file, a broken or oversized Word document, an encrypted or broken PDF.
A PDF's text layer is read here; its scanned pages need OCR (planreader.pdf), which a caller
may run at once (`ocr=True`) or hand to a background job (`ScanNeedsOcr`).
"""

import io
import unicodedata
import zipfile
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1024 * 1024  # 2 MB of text: a long plan is ~100 kB
MAX_DOCX_BYTES = 10 * 1024 * 1024  # a .docx with a few pictures
MAX_DOCX_UNPACKED = 40 * 1024 * 1024  # what its zip may unpack to (zip bombs)
# An entry above 1 MB that compresses better than 200 : 1 is a bomb, not Word XML (5–30 : 1).
_BOMB_FLOOR = 1024 * 1024
_BOMB_RATIO = 200
MAX_PDF_BYTES = 20 * 1024 * 1024  # a scanned plan of 20 pages at 300 dpi is ~10 MB
ACCEPTED_SUFFIXES = {".txt", ".docx", ".pdf"}

_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocumentRefused(ValueError):
    """The file is not a readable plan; `str(error)` is the reason, in Vietnamese."""


class ScanNeedsOcr(Exception):
    """A PDF with scanned pages, read with `ocr=False`: `pages` holds its text layer and the
    pages still to OCR (planreader.pdf.ocr_pages)."""

    def __init__(self, pages):
        super().__init__(f"{len(pages.scanned)} scanned page(s) need OCR")
        self.pages = pages


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_size(size: int, filename: str) -> None:
    """Refuse by size before reading: an upload's or a file's size is known up front."""
    suffix = Path(filename).suffix.lower()
    limit = {".docx": MAX_DOCX_BYTES, ".pdf": MAX_PDF_BYTES}.get(suffix, MAX_TEXT_BYTES)
    if size == 0:
        raise DocumentRefused("Tệp trống: không có nội dung để đọc.")
    if size > limit:
        raise DocumentRefused(
            f"Tệp quá lớn ({_mb(size)}): chỉ nhận tệp đến {_mb(limit)}. "
            "Hãy tách phần phụ lục hoặc hình ảnh ra khỏi văn bản."
        )


def document_text(data: bytes, filename: str, *, ocr: bool = True, progress=None) -> str:
    """The text of a plan uploaded as .txt (UTF-8 or UTF-16), .docx or .pdf.

    A PDF's scanned pages are OCR'd here when `ocr` (`progress(done, total)` after each page);
    otherwise `ScanNeedsOcr` is raised for the caller to OCR them in the background."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise DocumentRefused("Chỉ nhận văn bản dạng .txt, .docx hoặc .pdf.")
    check_size(len(data), filename)
    if suffix == ".pdf":
        text = _pdf_text(data, ocr=ocr, progress=progress)
    elif suffix == ".docx":
        text = _docx_text(data)
    else:
        text = _plain_text(data)
    return checked_text(text)


def checked_text(text: str) -> str:
    """Refuse text too long to be a plan or without a letter (a blank scan)."""
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise DocumentRefused(f"Văn bản quá dài: chỉ đọc được đến {_mb(MAX_TEXT_BYTES)} chữ.")
    if not any(char.isalpha() for char in text):
        raise DocumentRefused("Tệp trống: không có nội dung để đọc.")
    return text


def _pdf_text(data: bytes, *, ocr: bool, progress) -> str:
    from .pdf import ocr_pages, pdf_pages

    pages = pdf_pages(data)
    if pages.needs_ocr and not ocr:
        raise ScanNeedsOcr(pages)
    return "\n".join(ocr_pages(data, pages, progress=progress))


def _plain_text(data: bytes) -> str:
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")):
        raise DocumentRefused(
            "Tệp không phải văn bản thuần (.txt): có vẻ là tệp Word, PDF hoặc tệp nhị phân."
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        if b"\x00" in data[:8192]:
            raise DocumentRefused("Tệp không phải văn bản: có chứa dữ liệu nhị phân.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentRefused(
                "Không đọc được tệp: văn bản phải được lưu với bảng mã UTF-8 (Unicode)."
            ) from exc
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f\v"
    )
    if controls > max(5, len(text) // 200):
        raise DocumentRefused("Tệp không phải văn bản: có chứa dữ liệu nhị phân.")
    return text


def _docx_text(data: bytes) -> str:
    # Measured from the archive's directory before anything unpacks: zipfile never yields more
    # bytes than an entry declares, so a lying directory cannot unpack more than this.
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentRefused("Tệp .docx bị hỏng hoặc không phải tệp Word.") from exc
    if "word/document.xml" not in {info.filename for info in infos}:
        raise DocumentRefused("Tệp .docx bị hỏng hoặc không phải tệp Word.")
    unpacked = sum(info.file_size for info in infos)
    bomb = any(
        info.file_size > _BOMB_FLOOR and info.file_size > _BOMB_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    if unpacked > MAX_DOCX_UNPACKED or bomb:
        raise DocumentRefused(
            f"Tệp Word quá lớn khi giải nén ({_mb(unpacked)}): chỉ nhận đến "
            f"{_mb(MAX_DOCX_UNPACKED)}."
        )
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_lines(document.element.body))
    except Exception as exc:  # python-docx raises many kinds on broken parts
        raise DocumentRefused("Tệp .docx bị hỏng hoặc không đọc được.") from exc


def _docx_lines(body):
    """Paragraphs in order; tables (the header and signature blocks) cell by cell."""
    for element in body.iterchildren():
        if element.tag == f"{_WORD_NS}p":
            yield _paragraph_text(element)
        elif element.tag == f"{_WORD_NS}tbl":
            for row in element.iter(f"{_WORD_NS}tr"):
                for cell in row.iter(f"{_WORD_NS}tc"):
                    for paragraph in cell.iter(f"{_WORD_NS}p"):
                        yield _paragraph_text(paragraph)


def _paragraph_text(paragraph) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_WORD_NS}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{_WORD_NS}tab",):
            parts.append(" ")
        elif node.tag in (f"{_WORD_NS}br", f"{_WORD_NS}cr"):
            parts.append("\n")
    return "".join(parts)
