"""A report (BÁO CÁO) and a roll-up as official documents (Decree 30/2020/NĐ-CP, type BC),
printed with plans/printing.py and `templates/documents/report.html` (annex tables after the
signature, each on a new page)."""

import re

from django.utils import timezone

from plans.printing import OfficialDocument, Paragraph, render_pdf, text_paragraphs
from plans.text import BLANK, date_line, fold, lower_first, short_date
from units.models import Unit

from .models import Report, ReportStatus
from .rules import EDITABLE
from .services.narrative import number
from .tables import report_tables, rollup_tables

TEMPLATE = "documents/report.html"


def _issuing(organisation):
    lines = [line for line in (organisation.header_name or "").splitlines() if line.strip()]
    return lines or [organisation.display_name]


def _period_line(start, end):
    return f"(Số liệu tính từ ngày {short_date(start)} đến ngày {short_date(end)})"


def report_document(report: Report, figures: dict) -> OfficialDocument:
    organisation = report.organisation
    if report.number is not None:
        number_line = f"Số: {report.number_display}"
    else:
        number_line = f"Số:{BLANK * 8}/{report.symbol}" if report.symbol else f"Số:{BLANK * 8}"
    body = [
        Paragraph(_period_line(report.period.start, report.period.end), align="center", italic=True)
    ]
    sections = [
        ("I.", "KẾT QUẢ THỰC HIỆN", [("", report.results)]),
        (
            "II.",
            "ĐÁNH GIÁ CHUNG",
            [
                ("1. Ưu điểm", report.strengths),
                ("2. Tồn tại, hạn chế", report.shortcomings),
                ("3. Khó khăn, vướng mắc và nguyên nhân", report.difficulties),
            ],
        ),
        ("III.", "NHIỆM VỤ TRỌNG TÂM KỲ TỚI", [("", report.next_tasks)]),
        ("IV.", "ĐỀ XUẤT, KIẾN NGHỊ", [("", report.proposals)]),
    ]
    for label, title, parts in sections:
        body.append(Paragraph(title, label=label, heading=True, level=0))
        for heading, text in parts:
            if heading:
                body.append(Paragraph(heading, heading=True, level=1))
            body += text_paragraphs(text)
    body.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả công tác tuyên truyền {lower_first(report.period.label)} "
            f"của {organisation.display_name}./."
        )
    )
    return OfficialDocument(
        parent_body=organisation.header_parent,
        issuing_body=_issuing(organisation),
        number_line=number_line,
        date_line=date_line(
            report.place or organisation.place_name or organisation.name,
            report.issued_on,
            draft_year=report.period.end.year,
        ),
        type_name="Báo cáo",
        title=report.title,
        addressee=report.addressee,
        body=body,
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        authority_lines=[report.signer_authority, report.signer_on_behalf, report.signer_title],
        signer_name=report.signer_name,
        is_draft=report.status in EDITABLE,
        author=organisation.display_name,
        filename=report_filename(organisation, report.period.label),
    )


def rollup_document(rollup, *, signer=None) -> OfficialDocument:
    superior = rollup.superior
    totals = rollup.totals
    missing = [row.name for row in rollup.rows if row.state == "missing"]
    body = [
        Paragraph(_period_line(rollup.start, rollup.end), align="center", italic=True),
        Paragraph("TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN", label="I.", heading=True),
        Paragraph(
            f"Đến ngày {short_date(timezone.localdate())}, {number(rollup.reported)}/"
            f"{number(rollup.expected)} cơ quan đã gửi báo cáo {lower_first(rollup.label)}."
        ),
        *(
            [Paragraph(f"Các cơ quan chưa gửi báo cáo, đã quá hạn: {', '.join(missing)}.")]
            if missing
            else []
        ),
        Paragraph("KẾT QUẢ TỔNG HỢP", label="II.", heading=True),
        Paragraph(
            f"Các cơ quan, đơn vị đã tổ chức {number(totals['count'])} hoạt động tuyên truyền "
            f"với {number(totals['participants'])} lượt người tham dự, "
            f"{number(totals['views'])} lượt xem, {number(totals['interactions'])} lượt tương "
            f"tác; tổng kinh phí {number(totals['cost'])} đồng (chi tiết tại Phụ lục kèm theo)."
        ),
    ]
    return OfficialDocument(
        parent_body=superior.header_parent,
        issuing_body=_issuing(superior),
        number_line=f"Số:{BLANK * 8}/BC-{superior.short_name or 'UBND'}",
        date_line=date_line(
            superior.place_name or superior.name, None, draft_year=timezone.localdate().year
        ),
        type_name="Báo cáo",
        title=f"Tổng hợp kết quả công tác tuyên truyền {lower_first(rollup.label)}",
        body=body,
        recipients=["Lưu: VT."],
        authority_lines=["TM. ỦY BAN NHÂN DÂN"],
        signer_name=signer or "",
        is_draft=True,
        author=superior.display_name,
        filename=report_filename(superior, rollup.label, prefix="tong-hop-bao-cao"),
    )


def report_filename(organisation: Unit, label: str, prefix="bao-cao") -> str:
    """`bao-cao-t-kp-quy-i-2026`: the letters kept without their accents («Quý» → «quy»)."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(f"{organisation.code}-{label}")).strip("-")
    return f"{prefix}-{slug}"


BLANK_DATE = f"{BLANK * 3}/{BLANK * 3}/{BLANK * 4}"


def annex_reference(report: Report) -> str:
    """The line under each annex's name: «(Kèm theo Báo cáo số 05/BC-UBND ngày 25/3/2026
    của Ủy ban nhân dân xã Kiều Phú)», with blanks for what is not yet numbered or dated."""
    number = report.number_display if report.number else f"{BLANK * 6}/{report.symbol}"
    day = short_date(report.issued_on) if report.issued_on else BLANK_DATE
    return f"(Kèm theo Báo cáo số {number} ngày {day} của {report.organisation.display_name})"


def rollup_annex_reference(document: OfficialDocument) -> str:
    """The same line for a roll-up, which is printed unnumbered and undated."""
    number = document.number_line.removeprefix("Số:")
    return f"(Kèm theo Báo cáo số {number} ngày {BLANK_DATE} của {document.author})"


def report_pdf(report: Report, figures: dict) -> bytes:
    document = report_document(report, figures)
    return render_pdf(
        document,
        TEMPLATE,
        {
            "tables": report_tables(figures),
            "report": report,
            "annex_reference": annex_reference(report),
        },
    )


def rollup_pdf(rollup) -> bytes:
    document = rollup_document(rollup)
    return render_pdf(
        document,
        TEMPLATE,
        {"tables": rollup_tables(rollup), "annex_reference": rollup_annex_reference(document)},
    )


__all__ = [
    "ReportStatus",
    "annex_reference",
    "report_document",
    "report_pdf",
    "rollup_annex_reference",
    "rollup_document",
    "rollup_pdf",
]
