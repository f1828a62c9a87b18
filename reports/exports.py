"""Reports as Excel workbooks (openpyxl, write-only so a city's detail sheet streams).

The first sheet looks like an official annex: the body's name, the annex title and the
period merged across the table, two-row headers merged over the figures, thin borders,
Vietnamese number formats, panes frozen below the headers, A4 landscape fitted to the page
width with the headers repeated on every printed page, rows as tall as their wrapped text.
The other annex tables follow on their own sheets (the same `reports.tables` the PDF
prints), then every activity counted, with its evidence links. User text goes through
`safe_cell` (no formula injection).
"""

import copy
import datetime
import math
import weakref

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from activities.models import Evidence, TargetGroup
from plans.text import short_date
from units.cells import safe_cell
from units.dates import local_date

from .document import annex_reference, rollup_annex_reference, rollup_document
from .rules import EDITABLE
from .services.figures import period_activities
from .tables import Table, report_tables, rollup_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMATS = {
    "int": "#,##0",
    "index": "0",
    "number": "#,##0.##",
    "percent": '0"%"',
    "points": "0.00",  # emulation scores: always two decimals
}
FONT = "Times New Roman"
CHUNK = 1000


# Workbook → {style parameters: the style of a cell styled so}. Styling a cell through
# openpyxl's descriptors hashes every Font, Alignment and Border against the workbook's
# lists (most of the time of a city's roll-up workbook); each combination is styled once and
# copied after, as openpyxl's own WorksheetCopy copies styles.
_STYLES = weakref.WeakKeyDictionary()


def _cell(
    ws, value, *, bold=False, italic=False, size=12, align=None, border=False, fmt=None, wrap=False
):
    cell = WriteOnlyCell(ws, value=safe_cell(value) if isinstance(value, str) else value)
    styles = _STYLES.setdefault(ws.parent, {})
    key = (bold, italic, size, align, border, fmt, wrap)
    if key in styles:
        cell._style = copy.copy(styles[key])
        return cell
    cell.font = Font(name=FONT, bold=bold, italic=italic, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if border:
        cell.border = BORDER
    if fmt:
        cell.number_format = fmt
    styles[key] = copy.copy(cell._style)
    return cell


LINE_HEIGHT = 1.3125  # Excel's line of 12 pt Times New Roman is 15.75 pt high


def _lines(text, width, *, bold=False) -> int:
    """Lines `text` wraps to in a column `width` characters wide, broken at spaces as Excel
    breaks them (a little less than `width` fits: cell margins, bold letters)."""
    per_line = max(int(width * (0.8 if bold else 0.9)), 1)
    total = 0
    for part in str(text if text is not None else "").split("\n"):
        lines, used = 1, 0
        for word in part.split():
            if used and used + 1 + len(word) <= per_line:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            # A word longer than the column (a link) is cut where the column ends.
            lines += (len(word) - 1) // per_line
            used = (len(word) - 1) % per_line + 1
        total += lines
    return total


def _points(lines, size=12) -> float:
    """The height of `lines` lines of `size` pt text, rounded up to a quarter point."""
    return math.ceil(lines * size * LINE_HEIGHT * 4) / 4


def wrapped_height(wrapped) -> float:
    """The height (pt) a row needs to show its wrapped (text, width, size, bold) cells whole."""
    return max(_points(_lines(text, width, bold=bold), size) for text, width, size, bold in wrapped)


def _fit(ws, row_number, wrapped, *, always=False):
    """Make row `row_number` tall enough for its wrapped (text, width, size, bold) cells. Rows
    of one line keep Excel's height unless `always` (a long sheet stays light). Write-only
    sheets take a row's height before the row is appended."""
    if always or any(_lines(text, width, bold=bold) > 1 for text, width, _, bold in wrapped):
        ws.row_dimensions[row_number].height = wrapped_height(wrapped)


def _annex_sheet(workbook, table: Table, *, heading: list[str], subtitle: str, reference=""):
    """`reference`: the «(Kèm theo Báo cáo số … ngày … của …)» line under the annex's name."""
    ws = workbook.create_sheet(table.sheet[:31])
    width = len(table.columns)
    last = get_column_letter(width)
    for index, column in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_rows = 2 if table.has_groups else 1
    titles = [
        (f"Phụ lục {table.code}", True, False, 14),
        (table.name.upper(), True, False, 13),
        *([(reference, False, True, 13)] if reference else []),
        (subtitle, False, True, 12),
    ]
    top = len(heading) + len(titles) + 2  # heading lines, titles, blank row
    ws.freeze_panes = f"C{top + header_rows}"
    ws.print_title_rows = f"{top}:{top + header_rows - 1}"
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5

    # Lines merged across the table, wrapped within it.
    table_width = sum(column.width for column in table.columns)
    row = 0
    for text, bold, italic, size in [(line, True, False, 12) for line in heading] + titles:
        row += 1
        _fit(ws, row, [(text, table_width, size, bold)], always=True)
        ws.append([_cell(ws, text, bold=bold, italic=italic, size=size, align="center", wrap=True)])
        ws.merged_cells.add(f"A{row}:{last}{row}")
    ws.append([])
    row += 1

    # Headers: a group label merged across its columns, the other labels across both rows.
    first = row + 1
    if table.has_groups:
        _fit_group_headers(ws, first, table)
        top_row, second_row, position = [], [], 1
        for group, columns in table.header_groups:
            for offset, column in enumerate(columns):
                label = group if group and offset == 0 else ("" if group else column.label)
                top_row.append(_cell(ws, label, bold=True, align="center", border=True, wrap=True))
                second_row.append(
                    _cell(
                        ws,
                        column.label if group else "",
                        bold=True,
                        align="center",
                        border=True,
                        wrap=True,
                    )
                )
            start, end = get_column_letter(position), get_column_letter(position + len(columns) - 1)
            if group:
                ws.merged_cells.add(f"{start}{first}:{end}{first}")
            else:
                for offset in range(len(columns)):
                    letter = get_column_letter(position + offset)
                    ws.merged_cells.add(f"{letter}{first}:{letter}{first + 1}")
            position += len(columns)
        ws.append(top_row)
        ws.append(second_row)
    else:
        _fit(ws, first, [(c.label, c.width, 12, True) for c in table.columns], always=True)
        ws.append(
            [
                _cell(ws, c.label, bold=True, align="center", border=True, wrap=True)
                for c in table.columns
            ]
        )

    def values(row_values, *, bold=False):
        cells = []
        for value, column in zip(row_values, table.columns, strict=False):
            if column.kind == "text":
                cells.append(_cell(ws, value or "", bold=bold, border=True, wrap=True))
            else:
                cells.append(
                    _cell(
                        ws,
                        value if value != "" else None,
                        bold=bold,
                        border=True,
                        fmt=FORMATS[column.kind],
                        align="center" if column.kind == "index" else "right",
                    )
                )
        return cells

    text_columns = [
        (index, column.width) for index, column in enumerate(table.columns) if column.kind == "text"
    ]
    row = first + (2 if table.has_groups else 1) - 1
    for data in [*table.rows, *([table.total] if table.total and table.rows else [])]:
        row += 1
        bold = data is table.total
        _fit(ws, row, [(data[k], width, 12, bold) for k, width in text_columns if k < len(data)])
        ws.append(values(data, bold=bold))
    if table.note:
        ws.append([])
        row += 2
        note = f"Ghi chú: {table.note}"
        _fit(ws, row, [(note, table_width, 11, False)], always=True)
        ws.append([_cell(ws, note, italic=True, size=11, wrap=True)])
        ws.merged_cells.add(f"A{row}:{last}{row}")
    return ws


def _fit_group_headers(ws, first, table: Table):
    """Heights of the two header rows: group labels above, their columns' labels below, the
    other labels merged across both."""
    groups = [(group, sum(c.width for c in columns)) for group, columns in table.header_groups]
    top = max((_lines(group, width, bold=True) for group, width in groups if group), default=1)
    below = max((_lines(c.label, c.width, bold=True) for c in table.columns if c.group), default=1)
    across = max(
        (_lines(c.label, c.width, bold=True) for c in table.columns if not c.group), default=1
    )
    ws.row_dimensions[first].height = _points(top)
    ws.row_dimensions[first + 1].height = _points(max(below, across - top, 1))


def _heading(organisation):
    return (
        [organisation.header_parent.upper(), organisation.display_name.upper()]
        if organisation.header_parent
        else [organisation.display_name.upper()]
    )


def write_report(report, figures: dict, fileobj) -> None:
    workbook = Workbook(write_only=True)
    start, end = (
        datetime.date.fromisoformat(figures["start"]),
        datetime.date.fromisoformat(figures["end"]),
    )
    subtitle = (
        f"{report.period.label} (số liệu từ ngày {short_date(start)} đến ngày {short_date(end)})"
    )
    if report.status not in EDITABLE and report.submitted_at:
        subtitle += f", chốt khi gửi ngày {local_date(report.submitted_at):%d/%m/%Y}"
    reference = annex_reference(report)
    for table in report_tables(figures):
        _annex_sheet(
            workbook,
            table,
            heading=_heading(report.organisation),
            subtitle=subtitle,
            reference=reference,
        )
    activities = period_activities(report.organisation, start, end, report.plan)
    if report.status not in EDITABLE and report.submitted_at:
        # What was approved after the report was sent is not in its frozen figures.
        activities = activities.filter(
            Q(reviewed_at__isnull=True) | Q(reviewed_at__lte=report.submitted_at)
        )
    _activity_sheet(workbook, activities)
    workbook.save(fileobj)


def write_rollup(rollup, fileobj) -> None:
    workbook = Workbook(write_only=True)
    subtitle = (
        f"{rollup.label} (số liệu từ ngày {short_date(rollup.start)} đến ngày "
        f"{short_date(rollup.end)}); {rollup.reported}/{rollup.expected} cơ quan đã gửi báo cáo"
    )
    reference = rollup_annex_reference(rollup_document(rollup))
    for table in rollup_tables(rollup):
        _annex_sheet(
            workbook,
            table,
            heading=_heading(rollup.superior),
            subtitle=subtitle,
            reference=reference,
        )
    workbook.save(fileobj)


DETAIL_COLUMNS = [
    ("STT", 6),
    ("Ngày thực hiện", 13),
    ("Cơ quan", 20),
    ("Đơn vị thực hiện", 26),
    ("Hình thức", 30),
    ("Tên hoạt động", 48),
    ("Số lượng", 10),
    ("Đơn vị tính", 11),
    ("Người tham dự", 12),
    ("Lượt xem", 12),
    ("Lượt tương tác", 12),
    ("Kinh phí (đồng)", 15),
    ("Đối tượng", 28),
    ("Minh chứng", 60),
]


# The format and alignment of the figure columns; the other columns are wrapped text.
DETAIL_FORMATS = {
    "STT": {"fmt": "0", "align": "center"},
    "Ngày thực hiện": {"fmt": "DD/MM/YYYY", "align": "center"},
    **{
        name: {"fmt": "#,##0"}
        for name in ("Số lượng", "Người tham dự", "Lượt xem", "Lượt tương tác", "Kinh phí (đồng)")
    },
}


def _activity_sheet(workbook, activities):
    ws = workbook.create_sheet("Hoạt động")
    for index, (_, width) in enumerate(DETAIL_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = "9"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    _fit(ws, 1, [(name, width, 12, True) for name, width in DETAIL_COLUMNS], always=True)
    ws.append(
        [
            _cell(ws, name, bold=True, align="center", border=True, wrap=True)
            for name, _ in DETAIL_COLUMNS
        ]
    )
    rows = (
        activities.select_related("unit__organisation", "form")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.only("pk", "activity_id", "kind", "url", "file").order_by(
                    "pk"
                ),
            ),
            Prefetch("target_groups", queryset=TargetGroup.objects.only("pk", "name")),
        )
        .order_by("date", "pk")
    )
    base = settings.SITE_URL.rstrip("/")
    for number, activity in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        links = [
            evidence.url or base + reverse("activities:evidence", args=[evidence.pk])
            for evidence in activity.evidence.all()
        ]
        values = [
            number,
            activity.date,
            activity.unit.organisation.name if activity.unit.organisation_id else "",
            activity.unit.name,
            activity.form.name,
            activity.title,
            activity.quantity,
            activity.form.measure,
            activity.participants,
            activity.views,
            activity.interactions,
            activity.cost,
            "; ".join(g.name for g in activity.target_groups.all()),
            "\n".join(links),
        ]
        _fit(
            ws,
            number + 1,
            [
                (value, width, 12, False)
                for value, (_, width) in zip(values, DETAIL_COLUMNS, strict=True)
                if isinstance(value, str)
            ],
        )
        ws.append(
            [
                _cell(ws, value, border=True, wrap=True, **DETAIL_FORMATS.get(name, {}))
                for value, (name, _) in zip(values, DETAIL_COLUMNS, strict=True)
            ]
        )
