"""The activity list as an Excel workbook, written row by row (openpyxl write-only mode) so a
year of a city's activities never sits in memory, with a summary sheet by form.

Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) is prefixed with an apostrophe: a title such as «=HYPERLINK(…)» stays text.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from units.cells import FORMULA_STARTS, safe_cell

from . import selectors
from .models import Activity, ActivityStatus

# Kept importable under their old names: other modules use them.
FORMULA_START = FORMULA_STARTS
safe_text = safe_cell
DATE_FORMAT = "DD/MM/YYYY"
NUMBER_FORMAT = "#,##0"
CHUNK = 2000

COLUMNS = [
    ("Ngày thực hiện", 14),
    ("Cơ quan", 22),
    ("Đơn vị thực hiện", 28),
    ("Kế hoạch", 18),
    ("Nhiệm vụ được giao", 30),
    ("Hình thức", 34),
    ("Số lượng", 10),
    ("Đơn vị tính", 12),
    ("Tên hoạt động", 50),
    ("Mô tả", 50),
    ("Địa điểm", 24),
    ("Nội dung tuyên truyền", 30),
    ("Đối tượng", 30),
    ("Số người tham dự", 12),
    ("Lượt xem", 12),
    ("Lượt tương tác", 12),
    ("Kinh phí (đồng)", 16),
    ("Số minh chứng", 10),
    ("Trạng thái", 12),
    ("Ý kiến duyệt", 30),
    ("Người nhập", 20),
]


def _header(ws, titles):
    row = []
    for title in titles:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        row.append(cell)
    return row


def _number(ws, value):
    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = NUMBER_FORMAT
    return cell


# Plain columns read straight from the database: no model instances, which cost more than
# writing the cells (a city's million activities: see docs/performance.md).
FIELDS = [
    "pk", "date", "unit__organisation__name", "unit__name", "plan__number", "plan__symbol",
    "assignment__label", "assignment__unit__name", "form__name", "quantity", "form__measure",
    "title", "description", "place", "participants", "views", "interactions", "cost",
    "status", "review_comment", "created_by__username", "created_by__full_name",
    "created_by__first_name", "created_by__last_name", "evidence_count",
]  # fmt: skip
STATUS_LABELS = dict(ActivityStatus.choices)


def _batches(activities):
    """The rows of `activities` (in their order) in lists of CHUNK, read with a server-side
    cursor where the database has one."""
    batch = []
    rows = activities.with_evidence_count().values_list(*FIELDS)
    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _joined(pairs):
    """{activity id: "a; b"} from (activity id, text) pairs in display order."""
    texts = {}
    for activity_id, text in pairs:
        texts.setdefault(activity_id, []).append(text)
    return {key: "; ".join(values) for key, values in texts.items()}


def _batch_extras(ids):
    """Content sections and target groups of a batch: two queries."""
    sections = _joined(
        (activity_id, f"{label} {title}".strip())
        for activity_id, label, title in Activity.sections.through.objects.filter(
            activity_id__in=ids
        )
        .order_by("contentsection__plan", "contentsection__position", "contentsection__pk")
        .values_list("activity_id", "contentsection__label", "contentsection__title")
    )
    groups = _joined(
        Activity.target_groups.through.objects.filter(activity_id__in=ids)
        .order_by("targetgroup__position", "targetgroup__name")
        .values_list("activity_id", "targetgroup__name")
    )
    return sections, groups


def activity_values(activities, progress=None):
    """Each activity of `activities` as the export's plain values, in the COLUMNS' order
    (text already made safe from formulas); `progress(rows written)` after each batch."""
    written = 0
    for batch in _batches(activities):
        sections, groups = _batch_extras([row[0] for row in batch])
        for (pk, day, organisation, unit, number, symbol, label, assigned_unit, form, quantity,
             measure, title, description, place, participants, views, interactions, cost,
             status, comment, username, full_name, first_name, last_name,
             evidence) in batch:  # fmt: skip
            plan = (
                "" if number is None else (f"{number:02d}/{symbol}" if symbol else f"{number:02d}")
            )
            author = full_name or f"{first_name} {last_name}".strip() or username or ""
            yield [
                day,
                safe_text(organisation or ""),
                safe_text(unit),
                safe_text(plan),
                safe_text(label or assigned_unit or ""),
                safe_text(form),
                quantity,
                safe_text(measure),
                safe_text(title),
                safe_text(description),
                safe_text(place),
                safe_text(sections.get(pk, "")),
                safe_text(groups.get(pk, "")),
                participants,
                views,
                interactions,
                cost,
                evidence,
                STATUS_LABELS.get(status, status),
                safe_text(comment),
                safe_text(author),
            ]
        written += len(batch)
        if progress is not None:
            progress(written)


# Columns written with the thousands format in Excel.
NUMBER_COLUMNS = {6, 13, 14, 15, 16}


def _rows(ws, activities, progress=None):
    for values in activity_values(activities, progress):
        date = WriteOnlyCell(ws, value=values[0])
        date.number_format = DATE_FORMAT
        values[0] = date
        for index in NUMBER_COLUMNS:
            values[index] = _number(ws, values[index])
        yield values


def write_activities_csv(activities, fileobj, *, progress=None):
    """The activity sheet as CSV for exports too large for Excel to open comfortably: UTF-8
    with a byte-order mark (Excel then reads the Vietnamese letters right), dates as
    dd/mm/yyyy, numbers without separators, formula-looking text quoted as in the workbook.
    `fileobj` is binary."""
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([name for name, _ in COLUMNS])
    for values in activity_values(activities, progress):
        values[0] = values[0].strftime("%d/%m/%Y")
        writer.writerow(values)
    text.flush()
    text.detach()


def write_activities(activities, fileobj, *, title="Hoạt động tuyên truyền", progress=None):
    """Write `activities` (a scoped, filtered queryset) and a by-form summary to `fileobj`;
    `progress(rows written)` is called after each batch of CHUNK rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, [name for name, _ in COLUMNS]))
    for row in _rows(sheet, activities, progress):
        sheet.append(row)

    summary = workbook.create_sheet("Theo hình thức")
    for index, width in enumerate([40, 14, 12, 14, 14, 14, 14, 18], start=1):
        summary.column_dimensions[get_column_letter(index)].width = width
    summary.append([WriteOnlyCell(summary, value=safe_text(title))])
    summary.append(
        _header(
            summary,
            [
                "Hình thức",
                "Đơn vị tính",
                "Số hoạt động",
                "Số lượng",
                "Số người tham dự",
                "Lượt xem",
                "Lượt tương tác",
                "Kinh phí (đồng)",
            ],
        )
    )
    for row in selectors.by_form(activities):
        summary.append(
            [
                safe_text(row["name"]),
                safe_text(row["measure"]),
                _number(summary, row["count"]),
                _number(summary, row["quantity"]),
                _number(summary, row["participants"]),
                _number(summary, row["views"]),
                _number(summary, row["interactions"]),
                _number(summary, row["cost"]),
            ]
        )
    total = selectors.totals(activities)
    summary.append(
        [
            WriteOnlyCell(summary, value="Tổng cộng"),
            None,
            _number(summary, total["count"]),
            None,
            _number(summary, total["participants"]),
            _number(summary, total["views"]),
            _number(summary, total["interactions"]),
            _number(summary, total["cost"]),
        ]
    )
    workbook.save(fileobj)
