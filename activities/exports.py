"""The activity list as an Excel workbook, written row by row (openpyxl write-only mode) so a
year of a city's activities never sits in memory, with a summary sheet by form.

Text that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) is prefixed with an apostrophe: a title such as «=HYPERLINK(…)» stays text.
"""

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from plans.models import ContentSection
from units.cells import FORMULA_STARTS, safe_cell

from . import selectors
from .models import TargetGroup

# Kept importable under their old names: other modules use them.
FORMULA_START = FORMULA_STARTS
safe_text = safe_cell
DATE_FORMAT = "DD/MM/YYYY"
NUMBER_FORMAT = "#,##0"
CHUNK = 500

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


def _rows(ws, activities):
    activities = activities.for_listing().prefetch_related(
        Prefetch("sections", queryset=ContentSection.objects.only("pk", "label", "title")),
        Prefetch("target_groups", queryset=TargetGroup.objects.only("pk", "name")),
    )
    for activity in activities.iterator(chunk_size=CHUNK):
        date = WriteOnlyCell(ws, value=activity.date)
        date.number_format = DATE_FORMAT
        assignment = activity.assignment.display_label if activity.assignment_id else ""
        author = activity.created_by.get_full_name() if activity.created_by_id else ""
        texts = [
            activity.unit.organisation.name if activity.unit.organisation_id else "",
            activity.unit.name,
            activity.plan.number_display,
            assignment,
            activity.form.name,
        ]
        yield [
            date,
            *(safe_text(t) for t in texts),
            _number(ws, activity.quantity),
            safe_text(activity.form.measure),
            safe_text(activity.title),
            safe_text(activity.description),
            safe_text(activity.place),
            safe_text("; ".join(str(s) for s in activity.sections.all())),
            safe_text("; ".join(g.name for g in activity.target_groups.all())),
            _number(ws, activity.participants),
            _number(ws, activity.views),
            _number(ws, activity.interactions),
            _number(ws, activity.cost),
            activity.evidence_count,
            activity.get_status_display(),
            safe_text(activity.review_comment),
            safe_text(author),
        ]


def write_activities(activities, fileobj, *, title="Hoạt động tuyên truyền"):
    """Write `activities` (a scoped, filtered queryset) and a by-form summary to `fileobj`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hoạt động")
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, [name for name, _ in COLUMNS]))
    for row in _rows(sheet, activities):
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
