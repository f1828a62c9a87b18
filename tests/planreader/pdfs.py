"""PDFs of a plan's text, as offices circulate them: printed from Word with the header and the
signature block in two columns (a text layer), or scanned (page images, no text)."""

import html
import io
import re

RIGHT_HEADER = re.compile(r"CỘNG HÒA|Độc lập|ngày .* tháng", re.IGNORECASE)
SIGNATURE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.)")

STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Liberation Serif', serif; font-size: 13pt; line-height: 1.25; }
table { width: 100%; border-collapse: collapse; }
td { vertical-align: top; padding: 0; font-size: 12pt; }
td.right { font-weight: bold; }
td.left { width: 38%; text-align: center; }
td.right { text-align: center; }
td.sent { width: 50%; text-align: left; font-size: 11pt; }
p { margin: 0 0 4pt 0; text-align: justify; text-indent: 1cm; }
p.title { text-align: center; font-weight: bold; text-indent: 0; margin-top: 12pt; }
.name { margin-top: 50pt; }
"""


def _cell(lines, css):
    body = "".join(f"<div>{html.escape(line)}</div>" for line in lines)
    return f'<td class="{css}">{body}</td>'


def plan_html(text: str) -> str:
    """The plan laid out as Decree 30 lays it out: header table, title, body, signature table."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = next(i for i, line in enumerate(lines) if line.upper() == "KẾ HOẠCH")
    header = lines[:title]
    left = [line for line in header if not RIGHT_HEADER.search(line)]
    right = [line for line in header if RIGHT_HEADER.search(line)]
    parts = [f"<table><tr>{_cell(left, 'left')}{_cell(right, 'right')}</tr></table>"]
    recipients = next(
        (i for i, line in enumerate(lines) if line.startswith("Nơi nhận")), len(lines)
    )
    parts.append(f'<p class="title">{html.escape(lines[title])}</p>')
    body = lines[title + 1 : recipients]
    parts.append(f'<p class="title">{html.escape(body[0])}</p>')
    parts += [f"<p>{html.escape(line)}</p>" for line in body[1:]]
    closing = lines[recipients:]
    trailer = [line for line in closing if line.startswith("Nguồn")]
    closing = [line for line in closing if line not in trailer]
    signed = next((i for i, line in enumerate(closing) if SIGNATURE.match(line)), len(closing))
    signer = closing[signed:]
    signer_cells = "".join(f"<div><b>{html.escape(line)}</b></div>" for line in signer[:-1])
    if signer:
        signer_cells += f'<div class="name"><b>{html.escape(signer[-1])}</b></div>'
    parts.append(
        f"<table><tr>{_cell(closing[:signed], 'sent')}"
        f'<td class="right">{signer_cells}</td></tr></table>'
    )
    parts += [f"<p>{html.escape(line)}</p>" for line in trailer]
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"


def text_pdf(text: str) -> bytes:
    """The plan printed to PDF with its text layer (WeasyPrint, as a word processor would)."""
    from weasyprint import HTML

    return HTML(string=plan_html(text)).write_pdf()


def scanned_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """Every page rendered to a greyscale image and bound back into a PDF without any text,
    the way a scanner's PDF arrives."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    images = [
        page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document
    ]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def encrypted_pdf(text: str, password: str = "mat-khau") -> bytes:
    """The plan's PDF locked with a password to open it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(text))))
    writer.encrypt(user_password=password, owner_password=password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf(pages: int, width: float = 595, height: float = 842) -> bytes:
    """A PDF of blank pages (A4 unless told): no text layer, so every page would need OCR."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=width, height=height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Seed 002's lines (1-based) that make a 3-page plan: the header, title, legal bases and
# preamble, one item of each part, four assignments, the closing and the signature block.
EXCERPT_002 = [*range(1, 11), 14, 19, 20, 52, 54, 74, 75, 76, 77, 78, 87, 88]
EXCERPT_002 += [104, 105, 106, 107, 111, *range(114, 131)]


def seed_excerpt(text: str, lines: list[int] = EXCERPT_002) -> str:
    all_lines = text.splitlines()
    return "\n".join(all_lines[number - 1] for number in lines) + "\n"
