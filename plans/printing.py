"""Official documents (Decree 30/2020/NĐ-CP layout) as PDF and DOCX.

Shared by everything Loa prints: a plan (KẾ HOẠCH) today, periodic reports (BÁO CÁO) later.
A caller builds an `OfficialDocument` (header, title, paragraphs, closing) and asks for
`render_pdf` or `render_docx`; both produce the same layout from the same data.

- PDF: a Django template extending `documents/base.html` (which owns the @page rules and the
  header, title and signature blocks) rendered by WeasyPrint. The URL fetcher serves only
  Loa's own static files: nothing from the network, no file:// outside static, no redirects,
  so user text can never make the server fetch anything. Fonts (Liberation Serif, metric
  compatible with Times New Roman, every Vietnamese diacritic) are embedded from static/.
- DOCX: python-docx with Times New Roman, a borderless two-column table for the header and
  the closing, page numbers centred at the top from page 2.

All text is normalised to NFC first: decomposed tone marks print badly.
"""

import io
import logging
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .limits import run_limited
from .text import nfc

# WeasyPrint logs every layout step at INFO; a plan printed per request would flood the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# A document number or a date: «57-NQ/TW», «179/KH-UBND», «22/12/2024». Printed on one line.
NUMBER_TOKEN = re.compile(r"[^\s<>]*\d[^\s<>]*[-/][^\s<>]*")

# ---------------------------------------------------------------- the document


_POINT = re.compile(r"^[a-zđ]\)$")


@dataclass
class Paragraph:
    """One paragraph of the body. Headings print their label and title in bold down to the
    second level and in italic below it, except the points «a)», «b)» …, which are upright in
    every section; body paragraphs are justified with a first-line indent; `- ` and `+ `
    bullets are kept as typed, as official documents print them."""

    text: str
    label: str = ""
    heading: bool = False
    level: int = 0
    align: str = ""  # "" (justified), "center" or "right"
    bold: bool = False
    italic: bool = False

    def __post_init__(self):
        self.text = nfc(self.text)
        self.label = nfc(self.label)

    @property
    def is_point(self):
        return bool(_POINT.match(self.label))

    @property
    def is_bold(self):
        return self.bold or (self.heading and self.level < 2 and not self.is_point)

    @property
    def is_italic(self):
        return self.italic or (self.heading and self.level >= 2 and not self.is_point)


@dataclass
class OfficialDocument:
    parent_body: str
    issuing_body: list[str]
    number_line: str
    date_line: str
    type_name: str
    title: str
    opening: list[Paragraph] = field(default_factory=list)
    body: list[Paragraph] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    authority_lines: list[str] = field(default_factory=list)
    signer_name: str = ""
    addressee: str = ""
    is_draft: bool = False
    author: str = ""
    filename: str = "van-ban"

    @property
    def flow(self):
        """Every paragraph between the title and the closing, in order."""
        return [*self.opening, *self.body, *self.closing]

    def __post_init__(self):
        self.parent_body = nfc(self.parent_body).upper()
        self.issuing_body = [nfc(line).upper() for line in self.issuing_body if line.strip()]
        self.number_line = nfc(self.number_line)
        self.date_line = nfc(self.date_line)
        self.type_name = nfc(self.type_name).upper()
        self.title = nfc(self.title)
        self.addressee = nfc(self.addressee)
        self.recipients = [nfc(line) for line in self.recipients]
        self.authority_lines = [nfc(line).upper() for line in self.authority_lines if line]
        self.signer_name = nfc(self.signer_name)
        self.author = nfc(self.author)


def text_paragraphs(text, **kwargs):
    """A paragraph per non-empty line of a text field."""
    return [Paragraph(line.strip(), **kwargs) for line in (text or "").splitlines() if line.strip()]


# ---------------------------------------------------------------- PDF

STATIC_HOST = "loa-static.invalid"
BASE_URL = f"https://{STATIC_HOST}/"


def _static_prefix():
    return "/" + settings.STATIC_URL.strip("/") + "/"


try:
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except ImportError:  # pragma: no cover - WeasyPrint is a hard dependency
    URLFetcher = object
    URLFetcherResponse = None


class StaticFilesOnlyFetcher(URLFetcher):
    """Serves `https://loa-static.invalid/static/<path>` from Loa's static files; refuses
    every other URL (remote, file://, data:, anything outside static) without a request."""

    def __init__(self):
        super().__init__(allowed_protocols=["https"], allow_redirects=False)
        self.served = []
        self.refused = []

    def fetch(self, url, headers=None):
        self.served.append(url)
        parts = urlsplit(url)
        prefix = _static_prefix()
        if parts.scheme != "https" or parts.netloc != STATIC_HOST or parts.query:
            return self._refuse(url)
        if not parts.path.startswith(prefix):
            return self._refuse(url)
        relative = posixpath.normpath(unquote(parts.path[len(prefix) :]))
        if relative.startswith(("..", "/")) or "\\" in relative:
            return self._refuse(url)
        path = finders.find(relative)
        if not path:
            return self._refuse(url)
        with open(path, "rb") as handle:
            data = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": content_type})

    def _refuse(self, url):
        self.refused.append(url)
        raise ValueError(f"Loa prints only its own static files, not {url!r}")


def render_html(document: OfficialDocument, template: str, context: dict | None = None) -> str:
    html = render_to_string(template, {"doc": document, **(context or {})})
    return nfc(html)


def render_pdf(
    document: OfficialDocument,
    template: str,
    context: dict | None = None,
    *,
    fetcher: StaticFilesOnlyFetcher | None = None,
) -> bytes:
    html = render_html(document, template, context)
    fetcher = fetcher or StaticFilesOnlyFetcher()
    content, served, refused = run_limited(_layout_pdf, html, fetcher)
    # The fetcher worked in the rendering child: bring back what it saw.
    fetcher.served.extend(served)
    fetcher.refused.extend(refused)
    return content


def _layout_pdf(html, fetcher):
    """In the rendering child: the PDF, and what its copy of the fetcher was asked."""
    from weasyprint import HTML

    content = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    return content, fetcher.served, fetcher.refused


# ---------------------------------------------------------------- DOCX

FONT = "Times New Roman"
PAGE_MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
BODY_PT = 14
FIRST_LINE_INDENT_CM = 1.27
HEADER_LEFT_MM = 66
HEADER_RIGHT_MM = 99
CELL_PADDING_MM = 1.9  # Word's default left/right cell margin


@lru_cache(maxsize=4)
def _font_metrics(style):
    """Advance widths of Liberation Serif, metric-compatible with Times New Roman, to size
    the header rules in Word as they are in the PDF."""
    from fontTools.ttLib import TTFont

    path = finders.find(f"fonts/LiberationSerif-{style}.ttf")
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    widths = font["hmtx"].metrics
    return cmap, widths, font["head"].unitsPerEm


def text_width_mm(text, size_pt, *, bold=False):
    cmap, widths, units = _font_metrics("Bold" if bold else "Regular")
    total = 0
    for char in nfc(text):
        glyph = cmap.get(ord(char))
        total += widths[glyph][0] if glyph in widths else units // 2
    return total / units * size_pt * 25.4 / 72


def render_docx(document: OfficialDocument) -> bytes:
    return run_limited(_build_docx, document)


def _build_docx(document: OfficialDocument) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    word = Document()
    _set_base_style(word, Pt)

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(PAGE_MARGINS_MM["top"])
    section.bottom_margin = Mm(PAGE_MARGINS_MM["bottom"])
    section.left_margin = Mm(PAGE_MARGINS_MM["left"])
    section.right_margin = Mm(PAGE_MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    _page_number_header(section, WD_ALIGN_PARAGRAPH, Pt)

    def para(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None):
        paragraph = container.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        if align is not None:
            paragraph.alignment = align
        if text:
            _run(paragraph, text, size=size, bold=bold, italic=italic, Pt=Pt)
        return paragraph

    # Header: two borderless columns.
    table = word.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _set_widths(table, (Mm(HEADER_LEFT_MM), Mm(HEADER_RIGHT_MM)))
    center = WD_ALIGN_PARAGRAPH.CENTER

    left = table.cell(0, 0)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    if document.parent_body:
        para(left, document.parent_body, size=12.5, align=center)
    for line in document.issuing_body:
        para(left, line, size=12.5, bold=True, align=center)
    longest = max(
        (text_width_mm(line, 12.5, bold=True) for line in document.issuing_body), default=30
    )
    _rule(para(left, align=center, size=2), width_mm=longest * 0.4, cell_mm=HEADER_LEFT_MM, Pt=Pt)

    right = table.cell(0, 1)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, align=center)
    motto = "Độc lập - Tự do - Hạnh phúc"
    para(right, motto, size=13.5, bold=True, align=center)
    # The rule under the motto is as long as the text, drawn on its own line so the motto
    # never wraps whatever font Word substitutes.
    _rule(
        para(right, align=center, size=2),
        width_mm=text_width_mm(motto, 13.5, bold=True),
        cell_mm=HEADER_RIGHT_MM,
        Pt=Pt,
    )

    number_cell = table.cell(1, 0)
    number_cell.paragraphs[0]._p.getparent().remove(number_cell.paragraphs[0]._p)
    para(
        number_cell, document.number_line, size=13, align=center
    ).paragraph_format.space_before = Pt(6)
    date_cell = table.cell(1, 1)
    date_cell.paragraphs[0]._p.getparent().remove(date_cell.paragraphs[0]._p)
    para(
        date_cell, document.date_line, size=14, italic=True, align=center
    ).paragraph_format.space_before = Pt(6)

    # Title block.
    if document.is_draft:
        para(word, "DỰ THẢO", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    type_name = para(word, document.type_name, bold=True, align=center)
    type_name.paragraph_format.space_before = Pt(12)
    summary = para(word, document.title, size=TITLE_PT, bold=True, align=center)
    summary.paragraph_format.left_indent = Mm(TITLE_SIDE_MM)
    summary.paragraph_format.right_indent = Mm(TITLE_SIDE_MM)
    _rule(
        para(word, align=center, size=2),
        width_mm=title_rule_mm(document.title),
        cell_mm=TEXT_WIDTH_MM + 2 * CELL_PADDING_MM,
        Pt=Pt,
    )
    if document.addressee:
        para(word, document.addressee, align=center).paragraph_format.space_before = Pt(6)
    para(word, size=6)

    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    aligns = {"center": center, "right": WD_ALIGN_PARAGRAPH.RIGHT, "": justify}
    flow = document.flow
    for index, block in enumerate(flow):
        paragraph = word.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM) if not block.align else None
        paragraph.alignment = aligns[block.align]
        # Headings stay with what follows; the last paragraph stays with the signature.
        fmt.keep_with_next = block.heading or index == len(flow) - 1 or None
        text = f"{block.label} {block.text}".strip() if block.label else block.text
        _run(paragraph, text, size=BODY_PT, bold=block.is_bold, italic=block.is_italic, Pt=Pt)

    # Closing: «Nơi nhận» on the left, the signature on the right, on the same line.
    closing = word.add_table(rows=1, cols=2)
    closing.alignment = WD_TABLE_ALIGNMENT.CENTER
    closing.autofit = False
    _no_borders(closing)
    _keep_row_together(closing.rows[0])
    _set_widths(closing, (Mm(75), Mm(90)))
    recipients_cell, signature_cell = closing.rows[0].cells
    recipients_cell.paragraphs[0]._p.getparent().remove(recipients_cell.paragraphs[0]._p)
    signature_cell.paragraphs[0]._p.getparent().remove(signature_cell.paragraphs[0]._p)
    if document.recipients:
        para(
            recipients_cell, "Nơi nhận:", size=12, bold=True, italic=True
        ).paragraph_format.space_before = Pt(6)
        for line in document.recipients:
            para(recipients_cell, f"- {line}", size=11)
    first = True
    for line in document.authority_lines:
        p = para(signature_cell, line, size=14, bold=True, align=center)
        if first:
            p.paragraph_format.space_before = Pt(6)
            first = False
    for _ in range(4):
        para(signature_cell, size=14)
    if document.signer_name:
        para(signature_cell, document.signer_name, size=14, bold=True, align=center)

    core = word.core_properties
    core.title = f"{document.type_name} {document.title}"[:250]
    core.author = document.author or "Loa"
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _set_base_style(word, Pt):
    from docx.oxml.ns import qn

    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(0)


def _run(paragraph, text, *, size, bold=False, italic=False, Pt):
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    _add_text(run, nfc(text))
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None
    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    return run


def _add_text(run, text):
    """Run text in which the hyphens of document numbers are no-break hyphens, so Word keeps
    «57-NQ/TW» on one line as the PDF does."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    pieces = []
    position = 0
    for match in NUMBER_TOKEN.finditer(text):
        pieces.append(text[position : match.start()])
        for index, part in enumerate(match[0].split("-")):
            if index:
                pieces.append(None)
            pieces.append(part)
        position = match.end()
    pieces.append(text[position:])
    for piece in pieces:
        if piece is None:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        elif piece:
            element = OxmlElement("w:t")
            element.text = piece
            element.set(qn("xml:space"), "preserve")
            run._r.append(element)


TEXT_WIDTH_MM = 165  # A4 less the 30 and 15 mm side margins
TITLE_SIDE_MM = 6  # the summary title's side margins, as in the PDF (`.doc-title`)
TITLE_LINE_MM = TEXT_WIDTH_MM - 2 * TITLE_SIDE_MM
TITLE_PT = 14


def title_lines(title: str) -> list[str]:
    """The summary title broken at spaces into lines as wide as the title's column."""
    lines = []
    for word in nfc(title).split():
        if lines and text_width_mm(f"{lines[-1]} {word}", TITLE_PT, bold=True) <= TITLE_LINE_MM:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def title_rule_mm(title: str) -> float:
    """The rule under a summary title: 40% of the title's longest line (a third to a half,
    Decree 30), measured in the font as the PDF draws it (`.doc-title .rule`)."""
    longest = max(text_width_mm(line, TITLE_PT, bold=True) for line in title_lines(title))
    return round(min(longest, TITLE_LINE_MM) * 0.4, 1)


def _rule(paragraph, *, width_mm, cell_mm, Pt):
    """A horizontal rule `width_mm` long, centred: the paragraph's bottom border, narrowed by
    indents."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    available = cell_mm - 2 * CELL_PADDING_MM
    indent = max((available - width_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    fmt.first_line_indent = None
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tabs",
        "w:suppressAutoHyphens",
        "w:spacing",
        "w:ind",
        "w:jc",
        "w:rPr",
        "w:sectPr",
    )
    if not paragraph.runs:
        # An empty paragraph is as tall as its mark: a 2 pt mark puts the rule just under
        # the text above it.
        mark = OxmlElement("w:rPr")
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "4")
        mark.append(size)
        p_pr.insert_element_before(mark, "w:sectPr", "w:pPrChange")
    return paragraph


def _set_widths(table, widths):
    """Column widths as Word and LibreOffice both read them: the grid and every cell."""
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _no_borders(table):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _keep_row_together(row):
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _page_number_header(section, WD_ALIGN_PARAGRAPH, Pt):
    """Page numbers centred in the top margin, none on the first page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    r_pr.append(fonts)
    r_pr.append(size)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    # The first page has its own, empty header.
    section.first_page_header.is_linked_to_previous = False
