"""Reports as Excel workbooks (openpyxl, write-only so a city's detail sheet streams).

The first sheet looks like an official annex: the body's name, the annex title and the
period merged across the table, two-row headers merged over the figures, thin borders,
Vietnamese number formats, panes frozen below the headers, A4 landscape fitted to the page
width with the headers repeated on every printed page. The other annex tables follow on
their own sheets (the same `reports.tables` the PDF prints), then every activity counted,
with its evidence links. User text goes through `safe_cell` (no formula injection).
"""

import copy
import datetime
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
FORMATS = {"int": "#,##0", "index": "0", "number": "#,##0.##", "percent": '0"%"'}
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


LINE_POINTS = 15  # one line of 11 pt text


def _lines(text, width) -> int:
    """Lines `text` takes in a column `width` characters wide (a little less: borders, bold)."""
    per_line = max(int(width * 0.9), 1)
    return sum(max(1, -(-len(part) // per_line)) for part in str(text or "").split("\n"))


def wrapped_height(texts_and_widths) -> float | None:
    """The height (pt) a row needs for its wrapped cells to show whole; None for one line."""
    lines = max((_lines(text, width) for text, width in texts_and_widths), default=1)
    return lines * LINE_POINTS if lines > 1 else None


def _append_fitted(ws, row_number, cells, wrapped):
    """Append `cells` as row `row_number`, tall enough for the `wrapped` (text, width) pairs
    (write-only sheets take a row's height before the row)."""
    height = wrapped_height(wrapped)
    if height:
        ws.row_dimensions[row_number].height = height
    ws.append(cells)


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

    row = 0
    for line in heading:
        row += 1
        ws.append([_cell(ws, line, bold=True, align="center")])
        ws.merged_cells.add(f"A{row}:{last}{row}")
    for text, bold, italic, size in titles:
        row += 1
        ws.append([_cell(ws, text, bold=bold, italic=italic, size=size, align="center")])
        ws.merged_cells.add(f"A{row}:{last}{row}")
    ws.append([])
    row += 1

    # Headers: a group label merged across its columns, the other labels across both rows.
    first = row + 1
    if table.has_groups:
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
        wrapped = [(data[index], width) for index, width in text_columns if index < len(data)]
        _append_fitted(ws, row, values(data, bold=data is table.total), wrapped)
    if table.note:
        ws.append([])
        ws.append([_cell(ws, f"Ghi chú: {table.note}", italic=True, size=11)])
    return ws


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
    widths = dict(DETAIL_COLUMNS)
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
        date = _cell(ws, activity.date, border=True, fmt="DD/MM/YYYY", align="center")
        groups = "; ".join(g.name for g in activity.target_groups.all())
        wrapped = [
            (activity.title, widths["Tên hoạt động"]),
            (groups, widths["Đối tượng"]),
            ("\n".join(links), widths["Minh chứng"]),
        ]
        _append_fitted(
            ws,
            number + 1,
            [
                _cell(ws, number, border=True, fmt="0", align="center"),
                date,
                _cell(
                    ws,
                    activity.unit.organisation.name if activity.unit.organisation_id else "",
                    border=True,
                ),
                _cell(ws, activity.unit.name, border=True),
                _cell(ws, activity.form.name, border=True),
                _cell(ws, activity.title, border=True, wrap=True),
                _cell(ws, activity.quantity, border=True, fmt="#,##0"),
                _cell(ws, activity.form.measure, border=True),
                _cell(ws, activity.participants, border=True, fmt="#,##0"),
                _cell(ws, activity.views, border=True, fmt="#,##0"),
                _cell(ws, activity.interactions, border=True, fmt="#,##0"),
                _cell(ws, activity.cost, border=True, fmt="#,##0"),
                _cell(ws, groups, border=True, wrap=True),
                _cell(ws, "\n".join(links), border=True, wrap=True),
            ],
            wrapped,
        )
