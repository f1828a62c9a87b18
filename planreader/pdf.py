"""A plan's PDF into text: its text layer when it has one, Tesseract's OCR when it is a scan.

Pages come in reading order. A two-column block (the Decree 30 header: issuer and number on
the left, the national motto and the date on the right; the signature block: recipients on the
left, the signer on the right) comes out one column after the other, as a Word table does, so
the reader finds the issuer, number, date and signer as in a .txt or .docx.

A page with a text layer is read from it; a page without (a scan) is rendered to an image
(pypdfium2) and read by `tesseract -l vie`. The work is bounded: the file's size, its pages, the
pixels of a page image and the time OCR may take. Everything refused raises `DocumentRefused`
with the reason in Vietnamese.
"""

import io
import os
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from .files import MAX_PDF_BYTES, DocumentRefused

MAX_PDF_PAGES = 100  # pages read from a text layer
MAX_OCR_PAGES = 20  # pages that need OCR (a plan is 3–15 pages; its annexes are not needed)
OCR_DPI = 300
MAX_PAGE_PIXELS = 9_000_000  # an A4 page at 300 dpi is 8.7 million pixels; bigger pages shrink
OCR_TIME_LIMIT = 10 * 60  # seconds for the whole document (LOA_OCR_TIME_LIMIT in Django)
# A page with fewer letters than this in its text layer is a scan (or a scan with a stamp's
# or a page number's text): it is read by OCR.
MIN_PAGE_LETTERS = 40

# Words further apart than this on one line (in points) belong to two columns.
_COLUMN_GAP = 18
_LINE_TOLERANCE = 3

Progress = Callable[[int, int], None]
TOO_SLOW = (
    "Nhận dạng chữ (OCR) quá thời gian cho phép: hãy tải lên bản PDF có lớp chữ (in từ Word ra "
    "PDF) hoặc bản .docx."
)


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is not installed (scripts/install-ocr)."""


@dataclass
class PdfPages:
    """What a PDF holds before any OCR: each page's text layer, and the pages that need OCR."""

    texts: list[str]
    scanned: list[int] = field(default_factory=list)  # 0-based page numbers

    @property
    def needs_ocr(self) -> bool:
        return bool(self.scanned)


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def _open(data: bytes):
    """The document in pdfplumber, or `DocumentRefused` for an encrypted or broken file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if not is_pdf(data):
        raise DocumentRefused("Tệp .pdf bị hỏng hoặc không phải tệp PDF.")
    try:
        document = pdfplumber.open(io.BytesIO(data))
        pages = document.pages
    except Exception as exc:  # pdfminer raises many kinds on a broken file
        # pdfplumber wraps pdfminer's errors: a password is asked for under the wrapper.
        causes = {type(each) for each in (exc, exc.__cause__, *exc.args)}
        if PDFPasswordIncorrect in causes:
            raise DocumentRefused(
                "Tệp PDF được đặt mật khẩu: hãy gỡ mật khẩu (hoặc in lại ra PDF) rồi tải lên lại."
            ) from exc
        raise DocumentRefused("Tệp .pdf bị hỏng hoặc không đọc được.") from exc
    if not pages:
        document.close()
        raise DocumentRefused("Tệp PDF không có trang nào.")
    return document


def _refuse_too_many(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise DocumentRefused(
            f"Tệp PDF có {count} trang {what}: Loa chỉ đọc đến {limit} trang. Hãy tách phần "
            "phụ lục ra và tải lên riêng phần kế hoạch."
        )


def pdf_pages(data: bytes) -> PdfPages:
    """Read every page's text layer and find the pages that have none (scans).

    Refuses an oversized, encrypted or broken PDF, one with more than MAX_PDF_PAGES pages,
    and one with more than MAX_OCR_PAGES pages to OCR."""
    if len(data) > MAX_PDF_BYTES:
        raise DocumentRefused(
            f"Tệp PDF quá lớn ({len(data) / (1024 * 1024):.0f} MB): chỉ nhận đến "
            f"{MAX_PDF_BYTES // (1024 * 1024)} MB."
        )
    document = _open(data)
    try:
        _refuse_too_many(len(document.pages), MAX_PDF_PAGES, "")
        texts, scanned = [], []
        for number, page in enumerate(document.pages):
            try:
                text = page_text(page)
            except Exception as exc:
                raise DocumentRefused(
                    f"Tệp .pdf bị hỏng: không đọc được trang {number + 1}."
                ) from exc
            texts.append(text)
            if sum(char.isalpha() for char in text) < MIN_PAGE_LETTERS:
                scanned.append(number)
            page.close()
    finally:
        document.close()
    _refuse_too_many(len(scanned), MAX_OCR_PAGES, "là ảnh quét cần nhận dạng chữ (OCR)")
    return PdfPages(texts=texts, scanned=scanned)


# ---------------------------------------------------------------- text layer


def page_text(page) -> str:
    """A pdfplumber page's words as lines in reading order, two-column blocks column by column."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=_LINE_TOLERANCE, use_text_flow=False)
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= _LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    return _lay_out(rows, float(page.width))


def _lay_out(rows: list[list[dict]], width: float) -> str:
    """Rows of words (x0, x1, top, text in points) as text in reading order."""
    lines = sorted((_line(row) for row in rows if row), key=lambda line: line.top)
    return "\n".join(unicodedata.normalize("NFC", line) for line in _reading_order(lines, width))


@dataclass
class _Line:
    top: float
    segments: list[tuple[float, float, str]]  # (x0, x1, text) split where a column gap runs

    @property
    def x0(self):
        return self.segments[0][0]

    @property
    def x1(self):
        return self.segments[-1][1]

    @property
    def text(self):
        return " ".join(text for _, _, text in self.segments)


def _line(row: list[dict]) -> _Line:
    """A line's words cut into segments at gaps wider than a column gap."""
    row = sorted(row, key=lambda w: w["x0"])
    segments: list[list] = []
    for word in row:
        if segments and word["x0"] - segments[-1][1] < _COLUMN_GAP:
            segments[-1][1] = max(segments[-1][1], word["x1"])
            segments[-1][2] += " " + word["text"]
        else:
            segments.append([word["x0"], word["x1"], word["text"]])
    return _Line(top=min(w["top"] for w in row), segments=[tuple(s) for s in segments])


def _free(intervals: list[tuple[float, float]], line: _Line) -> list[tuple[float, float]]:
    """The parts of `intervals` that no segment of `line` covers."""
    for x0, x1, _ in line.segments:
        intervals = [
            part
            for lo, hi in intervals
            for part in ((lo, min(hi, x0)), (max(lo, x1), hi))
            if part[1] - part[0] > 0
        ]
    return intervals


def _reading_order(lines: list[_Line], width: float) -> list[str]:
    """Lines top to bottom; a band of lines that a vertical gap near the page's middle runs
    through, with words on both sides of it, is read left column first (the header, the
    signature block). A line centred on the text (the title «KẾ HOẠCH») ends a band."""
    if not lines:
        return []
    left_edge = min(line.x0 for line in lines)
    right_edge = max(line.x1 for line in lines)
    centre = (left_edge + right_edge) / 2

    def centred(line):
        return len(line.segments) == 1 and abs((line.x0 + line.x1) / 2 - centre) < width * 0.03

    out: list[str] = []
    index = 0
    while index < len(lines):
        free = [
            (left_edge + (right_edge - left_edge) * 0.3, left_edge + (right_edge - left_edge) * 0.7)
        ]
        end, gaps = index, free
        while end < len(lines) and not centred(lines[end]):
            narrowed = _free(gaps, lines[end])
            if not narrowed:
                break
            gaps, end = narrowed, end + 1
        band = lines[index:end]
        if band:
            lo, hi = max(gaps, key=lambda part: part[1] - part[0])
            cut = (lo + hi) / 2
            left = [text for line in band for x0, x1, text in line.segments if x1 <= cut]
            right = [text for line in band for x0, x1, text in line.segments if x0 >= cut]
            if left and right:
                out += left + right
                index = end
                continue
        out.append(lines[index].text)
        # A line that stops well short of the right margin ends its paragraph (a heading, a
        # paragraph's last line): a blank line says so, as a typed text would.
        if lines[index].x1 < right_edge - 0.1 * (right_edge - left_edge):
            out.append("")
        index += 1
    return out


# ---------------------------------------------------------------- OCR


def tesseract_ready() -> str | None:
    """None when Tesseract and its Vietnamese model are installed, else what is missing."""
    binary = shutil.which("tesseract")
    if binary is None:
        return "Tesseract is not installed (scripts/install-ocr)"
    try:
        run = subprocess.run(  # noqa: S603 (a fixed command line)
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return "Tesseract does not run"
    if "vie" not in run.stdout.split():
        return "Tesseract's Vietnamese model (tesseract-ocr-vie) is not installed"
    return None


def _page_image(document, number: int, path: str) -> tuple[float, float]:
    """Render a page to a PNG for Tesseract; (page width in points, pixels per point)."""
    page = document[number]
    width, height = page.get_size()  # points
    scale = OCR_DPI / 72
    pixels = width * scale * height * scale
    if pixels > MAX_PAGE_PIXELS:
        scale *= (MAX_PAGE_PIXELS / pixels) ** 0.5 * 0.999  # pdfium rounds the sides up
    bitmap = page.render(scale=scale, grayscale=True)
    bitmap.to_pil().save(path, format="PNG")
    page.close()
    return width, scale


def _tesseract(image: str, timeout: float) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page; the worker has others
    binary = shutil.which("tesseract") or "tesseract"
    try:
        run = subprocess.run(  # noqa: S603 (our own temporary file's path, no shell)
            [binary, image, "stdout", "-l", "vie", "--psm", "3", "tsv"],
            capture_output=True,
            timeout=max(timeout, 1),
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DocumentRefused(TOO_SLOW) from exc
    except OSError as exc:
        raise OcrUnavailable("Tesseract does not run") from exc
    if run.returncode != 0:
        raise OcrUnavailable(run.stderr.decode("utf-8", "replace")[:500])
    return run.stdout.decode("utf-8", "replace")


def _ocr_rows(tsv: str, scale: float) -> list[list[dict]]:
    """Tesseract's words (TSV, in pixels) as rows of words in points, one row per OCR line."""
    rows: dict[tuple, list[dict]] = {}
    for record in tsv.splitlines()[1:]:
        fields = record.split("\t")
        if len(fields) < 12 or fields[0] != "5" or not fields[11].strip():
            continue
        left, top, width = (int(value) / scale for value in fields[6:9])
        rows.setdefault(tuple(fields[1:5]), []).append(
            {"x0": left, "x1": left + width, "top": top, "text": fields[11].strip()}
        )
    return list(rows.values())


def ocr_pages(
    data: bytes,
    pages: PdfPages,
    *,
    progress: Progress | None = None,
    time_limit: float = OCR_TIME_LIMIT,
) -> list[str]:
    """The text of every page: the text layer's, and Tesseract's for the scanned pages.

    `progress(done, total)` is called before the first and after each page OCR'd."""
    if not pages.needs_ocr:
        return list(pages.texts)
    missing = tesseract_ready()
    if missing:
        raise OcrUnavailable(missing)
    import pypdfium2

    texts = list(pages.texts)
    total = len(pages.scanned)
    if progress:
        progress(0, total)
    deadline = time.monotonic() + time_limit
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception as exc:
        raise DocumentRefused("Tệp .pdf bị hỏng hoặc không đọc được.") from exc
    try:
        with tempfile.TemporaryDirectory(prefix="loa-ocr-") as folder:
            for done, number in enumerate(pages.scanned, start=1):
                if time.monotonic() >= deadline:
                    raise DocumentRefused(TOO_SLOW)
                image = os.path.join(folder, f"page-{number}.png")
                width, scale = _page_image(document, number, image)
                tsv = _tesseract(image, deadline - time.monotonic())
                texts[number] = _lay_out(_ocr_rows(tsv, scale), width)
                os.remove(image)
                if progress:
                    progress(done, total)
    finally:
        document.close()
    return texts
