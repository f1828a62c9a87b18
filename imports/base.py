"""What every Excel resource shares: the importing organisation as scope, Vietnamese column
names and errors, reading workbooks safely and writing them without live formulas.

A resource is built for one organisation (`Resource(organisation=…, user=…)`); its lookups
(units, plans, forms) and the rows it may update are narrowed to that organisation, so a row
that names another organisation's unit or plan is an error, never a write.
"""

import io
import zipfile
from dataclasses import dataclass, field

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from import_export import resources
from openpyxl.cell import WriteOnlyCell

from units.archives import measure_zip
from units.cells import safe_cell

from .widgets import ScopedLookupWidget, cell_text

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000


class WorkbookRefused(ValueError):
    """The uploaded workbook cannot be read; `str(error)` says why, in Vietnamese."""


class ScopedResource(resources.ModelResource):
    """A resource bound to the organisation that imports or exports."""

    #: Title of the sheet and of the page, in Vietnamese.
    label = ""
    #: Columns that may be left out of an upload (the rest must be there).
    optional_columns: tuple[str, ...] = ()

    def __init__(self, *, organisation, user=None, **kwargs):
        super().__init__(**kwargs)
        self.organisation = organisation
        self.user = user
        for name, resource_field in self.fields.items():
            if isinstance(resource_field.widget, ScopedLookupWidget):
                resource_field.widget.queryset = self.lookup_queryset(name)

    def lookup_queryset(self, field_name):
        raise NotImplementedError

    def scoped_queryset(self):
        """The rows of the organisation: what is exported and what an import may update."""
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset()

    def export_queryset(self):
        return self.scoped_queryset()

    def export_field(self, field, instance, **kwargs):
        """Every exported cell is formula-safe, whatever format the dataset is written to."""
        return safe_cell(super().export_field(field, instance, **kwargs))

    def column_names(self) -> list[str]:
        return [f.column_name for f in self.get_export_fields()]

    def required_columns(self) -> list[str]:
        return [
            f.column_name
            for f in self.get_import_fields()
            if not f.readonly and f.column_name not in self.optional_columns
        ]

    def column_of(self, attribute: str) -> str:
        for name, resource_field in self.fields.items():
            if attribute in (name, resource_field.attribute, resource_field.column_name):
                return resource_field.column_name
        return ""

    def get_or_init_instance(self, instance_loader, row):
        """A row id typed in the sheet must be one of the organisation's rows (never
        another's); a blank id is a new row."""
        if "id" not in self.get_import_id_fields():
            return super().get_or_init_instance(instance_loader, row)
        text = cell_text(row.get(self.fields["id"].column_name))
        if not text:
            return self.init_instance(row), True
        instance = self.get_queryset().filter(pk=int(text)).first() if text.isdigit() else None
        if instance is None:
            raise ValidationError(
                {
                    "id": f"Không có dòng mã «{text}» trong dữ liệu của cơ quan bạn; "
                    "để trống nếu là dòng mới."
                }
            )
        return instance, False


# --------------------------------------------------------------------------- reading
def read_workbook(data: bytes) -> tablib.Dataset:
    """The first sheet of an .xlsx as a Dataset (header row, then non-empty rows).

    openpyxl parses the XML through defusedxml (installed), so entity tricks are refused; the
    archive is measured before it is opened, so a zip bomb is refused unopened.
    """
    if not data:
        raise WorkbookRefused("Tệp trống.")
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookRefused(
            f"Tệp quá lớn ({len(data) // 1024} kB): chỉ nhận tệp Excel đến "
            f"{MAX_WORKBOOK_BYTES // (1024 * 1024)} MB."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            measure = measure_zip(archive)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise WorkbookRefused("Tệp không phải tệp Excel (.xlsx) hoặc đã bị hỏng.") from exc
    if measure.unpacked > MAX_UNPACKED_BYTES or measure.suspicious or measure.entries > 10_000:
        raise WorkbookRefused("Tệp Excel quá lớn khi giải nén; hãy chia thành nhiều tệp nhỏ.")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        raise WorkbookRefused("Tệp không phải tệp Excel (.xlsx) hoặc đã bị hỏng.") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or not any(cell_text(c) for c in header):
            raise WorkbookRefused("Trang tính đầu tiên không có dòng tiêu đề cột.")
        headers = [cell_text(c) for c in header]
        while headers and not headers[-1]:
            headers.pop()
        dataset = tablib.Dataset(headers=headers)
        for values in rows:
            values = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
            if not any(cell_text(v) for v in values):
                continue
            if len(dataset) >= MAX_ROWS:
                raise WorkbookRefused(f"Tệp có quá {MAX_ROWS} dòng; hãy chia thành nhiều tệp.")
            dataset.append(values)
    finally:
        workbook.close()
    if not len(dataset):
        raise WorkbookRefused("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return dataset


# --------------------------------------------------------------------------- writing
# The shared helper under the name this module has always used.
neutralise = safe_cell


def workbook_bytes(title: str, headers: list[str], rows, *, notes: list[tuple] = ()) -> bytes:
    """An .xlsx with one data sheet (and an optional «Hướng dẫn» sheet of notes)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(headers)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    if notes:
        guide = workbook.create_sheet(title="Hướng dẫn")
        for note in notes:
            guide.append([neutralise(v) for v in note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_bytes(resource: ScopedResource) -> bytes:
    dataset = resource.export(resource.export_queryset())
    return workbook_bytes(resource.label, list(dataset.headers), dataset)


# --------------------------------------------------------------------------- results
@dataclass
class RowProblem:
    line: int  # the row number in Excel (the header is line 1)
    column: str
    message: str


@dataclass
class ImportOutcome:
    total: int = 0
    headers: list[str] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    rows: list[tuple[int, list]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_columns(resource: ScopedResource, dataset: tablib.Dataset) -> list[RowProblem]:
    missing = [c for c in resource.required_columns() if c not in dataset.headers]
    if missing:
        return [RowProblem(1, ", ".join(missing), "Thiếu cột; hãy dùng tệp mẫu của Loa.")]
    return []


def run_import(
    resource: ScopedResource, dataset: tablib.Dataset, *, dry_run: bool
) -> ImportOutcome:
    """Import every row or none: with any error the transaction is rolled back."""
    outcome = ImportOutcome(
        total=len(dataset),
        headers=list(dataset.headers),
        rows=[(k + 2, list(r)) for k, r in enumerate(dataset)],
    )
    outcome.problems = check_columns(resource, dataset)
    if outcome.problems:
        return outcome
    for name in resource.get_import_id_fields():
        column = resource.fields[name].column_name
        if column not in dataset.headers:  # an optional id column left out: every row is new
            dataset.append_col([""] * len(dataset), header=column)
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
    )
    for error in result.base_errors:
        outcome.problems.append(RowProblem(1, "", f"Không đọc được tệp: {error.error}"))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            for message in messages:
                outcome.problems.append(RowProblem(invalid.number + 1, column, message))
    for number, errors in result.row_errors():
        for error in errors:
            outcome.problems.append(
                RowProblem(number + 1, "", f"Không ghi được dòng này: {error.error}")
            )
    outcome.problems.sort(key=lambda p: p.line)
    counts = result.totals
    outcome.new, outcome.updated = counts.get("new", 0), counts.get("update", 0)
    return outcome
