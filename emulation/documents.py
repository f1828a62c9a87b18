"""The ranking for the emulation council: a report (BÁO CÁO, Decree 30 layout) with the
annex «Bảng tổng hợp kết quả chấm điểm thi đua …», as PDF and as an Excel annex, drawn with
the reports app's helpers from one table, so both show the same numbers."""

from collections import Counter

from django.utils import timezone
from openpyxl import Workbook

from plans.printing import OfficialDocument, Paragraph, render_pdf
from plans.text import BLANK, date_line, lower_first, short_date
from reports.document import report_filename, rollup_annex_reference
from reports.exports import _annex_sheet, _heading
from reports.services.workflow import report_defaults
from reports.tables import Column, Table

from .models import Classification
from .selectors.scores import SHORT_NAMES, Ranking

GROUP = "Điểm theo tiêu chí"
PDF_TEMPLATE = "documents/emulation_ranking.html"


def _points(value) -> str:
    """`40.00` → `40`, `12.50` → `12,5`."""
    return f"{value.normalize():f}".replace(".", ",")


def ranking_table(result: Ranking) -> Table:
    label = lower_first(result.period.label)
    table = Table(
        "I",
        f"Bảng tổng hợp kết quả chấm điểm thi đua {label}",
        [
            Column("STT", "index", 6),
            Column("Cơ quan, đơn vị", "text", 32),
            *(
                Column(f"{SHORT_NAMES[c.kind]} (tối đa {_points(c.weight)})", "points", 12, GROUP)
                for c in result.criteria
            ),
            Column("Tổng điểm (trên 100)", "points", 11),
            Column("Xếp hạng", "index", 9),
            Column("Xếp loại", "text", 30),
        ],
        sheet="Kết quả chấm điểm",
        note="Tiêu chí không có gì để chấm trong kỳ thì để trống và không tính; tổng điểm quy về "
        "thang 100 trên các tiêu chí còn lại.",
    )
    for number, row in enumerate(result.rows, start=1):
        table.rows.append(
            [
                number,
                row.unit.name,
                *(float(c.points) if c.applies else "" for c in row.criteria),
                float(row.total) if row.total is not None else "",
                row.rank or "",
                row.classification_label or "Chưa có gì để chấm",
            ]
        )
    return table


def ranking_document(result: Ranking) -> OfficialDocument:
    judge, period = result.judge, result.period
    label = lower_first(period.label)
    counts = Counter(row.classification for row in result.rows if row.classification)
    scored = sum(counts.values())
    kept = (
        f"; số liệu chốt ngày {short_date(timezone.localtime(result.kept.computed_at).date())}"
        if result.kept is not None
        else ""
    )
    signer = report_defaults(judge, period)
    body = [
        Paragraph(
            f"(Kỳ chấm điểm từ {short_date(period.start)} đến {short_date(period.end)}{kept})",
            align="center",
            italic=True,
        ),
        Paragraph("TIÊU CHÍ CHẤM ĐIỂM", label="I.", heading=True),
        Paragraph(
            "Các tiêu chí và điểm tối đa: "
            + "; ".join(f"{c.get_kind_display()} {_points(c.weight)} điểm" for c in result.criteria)
            + ". Mỗi tiêu chí tính theo tỷ lệ việc làm đúng hạn, đầy đủ; tổng điểm quy về thang "
            "100 trên các tiêu chí có nội dung chấm trong kỳ."
        ),
        Paragraph("KẾT QUẢ CHẤM ĐIỂM", label="II.", heading=True),
        Paragraph(
            f"Đã chấm điểm {scored}/{len(result.rows)} cơ quan, đơn vị: "
            + "; ".join(f"{lower_first(c.label)}: {counts.get(c.value, 0)}" for c in Classification)
            + " (chi tiết tại Phụ lục kèm theo)."
        ),
    ]
    return OfficialDocument(
        parent_body=judge.header_parent,
        issuing_body=[line for line in (judge.header_name or "").splitlines() if line.strip()]
        or [judge.display_name],
        number_line=f"Số:{BLANK * 8}/BC-{judge.short_name or 'UBND'}",
        date_line=date_line(
            judge.place_name or judge.name, None, draft_year=timezone.localdate().year
        ),
        type_name="Báo cáo",
        title=f"Kết quả chấm điểm thi đua {label}",
        body=body,
        recipients=[
            "Hội đồng Thi đua - Khen thưởng;",
            "Các cơ quan, đơn vị được chấm điểm;",
            "Lưu: VT.",
        ],
        # As the judge's reports are signed: its latest plan's signer, else its leader
        # (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH), to be corrected by hand on the printed draft.
        authority_lines=[
            signer["signer_authority"],
            signer["signer_on_behalf"],
            signer["signer_title"],
        ],
        signer_name=signer["signer_name"],
        is_draft=True,
        author=judge.display_name,
        filename=report_filename(judge, period.label, prefix="thi-dua"),
    )


def ranking_pdf(result: Ranking) -> tuple[bytes, str]:
    document = ranking_document(result)
    content = render_pdf(
        document,
        PDF_TEMPLATE,
        {"tables": [ranking_table(result)], "annex_reference": rollup_annex_reference(document)},
    )
    return content, document.filename


def write_ranking(result: Ranking, fileobj) -> str:
    """The annex as an Excel workbook; returns the file name (without extension)."""
    document = ranking_document(result)
    workbook = Workbook(write_only=True)
    period = result.period
    _annex_sheet(
        workbook,
        ranking_table(result),
        heading=_heading(result.judge),
        subtitle=f"{period.label} (từ ngày {short_date(period.start)} đến ngày "
        f"{short_date(period.end)})",
        reference=rollup_annex_reference(document),
    )
    workbook.save(fileobj)
    return document.filename
