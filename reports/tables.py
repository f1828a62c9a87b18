"""The annex tables of a report and of a roll-up, built once from the figures and drawn by
the page, the PDF and the Excel workbook alike: the three cannot show different numbers."""

from dataclasses import dataclass, field


@dataclass
class Column:
    label: str
    kind: str = "int"  # "int", "text", "percent", "index", "number", "points"
    width: int = 12
    group: str = ""  # a header merged over consecutive columns of the same group


@dataclass
class Table:
    code: str  # «I», «II» … : the annex number
    name: str
    columns: list
    rows: list = field(default_factory=list)
    total: list | None = None
    note: str = ""
    sheet: str = ""  # Excel sheet name (≤ 31 characters)

    @property
    def header_groups(self):
        """[(group label or None, columns)] runs of consecutive columns, for two-row headers."""
        runs = []
        for column in self.columns:
            if runs and column.group and runs[-1][0] == column.group:
                runs[-1][1].append(column)
            else:
                runs.append((column.group or None, [column]))
        return runs

    @property
    def has_groups(self):
        return any(column.group for column in self.columns)


METRIC_GROUP = "Kết quả thực hiện"


def _metric_columns(*, quantity=True):
    columns = [Column("Số hoạt động", group=METRIC_GROUP)]
    if quantity:
        columns.append(Column("Số lượng", group=METRIC_GROUP))
    return columns + [
        Column("Người tham dự", group=METRIC_GROUP),
        Column("Lượt xem", group=METRIC_GROUP),
        Column("Lượt tương tác", group=METRIC_GROUP),
        Column("Kinh phí (đồng)", width=16, group=METRIC_GROUP),
    ]


def _metrics(row, *, quantity=True):
    values = [row["count"]]
    if quantity:
        values.append(row["quantity"])
    return values + [row["participants"], row["views"], row["interactions"], row["cost"]]


def _named_table(code, title, heading, sheet, rows, totals) -> Table:
    """A numbered table of named rows (units, organisations) with their figures and the
    totals, quantities left out (they are counted in each form's own measure)."""
    table = Table(
        code,
        title,
        [Column("STT", "index", 6), Column(heading, "text", 38), *_metric_columns(quantity=False)],
        sheet=sheet,
    )
    for number, row in enumerate(rows, start=1):
        table.rows.append([number, row["name"], *_metrics(row, quantity=False)])
    table.total = ["", "Tổng cộng", *_metrics(totals, quantity=False)]
    return table


def _form_table(code, title, sheet, rows, totals) -> Table:
    """A numbered table of outreach forms with their measure and figures; the total leaves
    the quantity out (each form counts it in its own measure)."""
    table = Table(
        code,
        title,
        [
            Column("STT", "index", 6),
            Column("Hình thức tuyên truyền", "text", 38),
            Column("Đơn vị tính", "text", 12),
            *_metric_columns(),
        ],
        sheet=sheet,
        note="Số lượng tính theo đơn vị tính của từng hình thức nên không cộng dồn.",
    )
    for number, row in enumerate(rows, start=1):
        table.rows.append([number, row["name"], row["measure"], *_metrics(row)])
    table.total = ["", "Tổng cộng", "", totals["count"], None, *_metrics(totals)[2:]]
    return table


def report_tables(figures: dict) -> list[Table]:
    totals = figures["totals"]
    tables = [
        _form_table(
            "I", "Kết quả theo hình thức tuyên truyền", "Tổng hợp", figures["by_form"], totals
        )
    ]

    tables.append(
        _named_table(
            "II",
            "Kết quả theo đơn vị thực hiện",
            "Đơn vị thực hiện",
            "Theo đơn vị",
            figures["by_unit"],
            totals,
        )
    )
    if figures.get("by_organisation"):
        tables.append(
            _named_table(
                "III",
                "Kết quả theo cơ quan",
                "Cơ quan",
                "Theo cơ quan",
                figures["by_organisation"],
                totals,
            )
        )

    groups = Table(
        "",
        "Kết quả theo đối tượng tuyên truyền",
        [
            Column("STT", "index", 6),
            Column("Đối tượng", "text", 38),
            Column("Số hoạt động", group=METRIC_GROUP),
            Column("Người tham dự", group=METRIC_GROUP),
            Column("Lượt xem", group=METRIC_GROUP),
        ],
        sheet="Theo đối tượng",
        note="Một hoạt động hướng tới nhiều đối tượng được tính ở mỗi đối tượng.",
    )
    for number, row in enumerate(figures["by_target_group"], start=1):
        groups.rows.append([number, row["name"], row["count"], row["participants"], row["views"]])
    tables.append(groups)

    if figures["targets"]:
        targets = Table(
            "",
            "Kết quả thực hiện chỉ tiêu",
            [
                Column("STT", "index", 6),
                Column("Kế hoạch", "text", 16),
                Column("Chỉ tiêu", "text", 40),
                Column("Đơn vị tính", "text", 12),
                Column("Chỉ tiêu giao", "number"),
                Column("Thực hiện (lũy kế)", "number"),
                Column("Tỷ lệ (%)", "percent", 10),
            ],
            sheet="Chỉ tiêu",
        )
        for number, row in enumerate(figures["targets"], start=1):
            targets.rows.append(
                [
                    number,
                    row["plan"],
                    row["indicator"],
                    row["measure"],
                    row["target_value"],
                    row["actual"],
                    row["percent"],
                ]
            )
        tables.append(targets)
    _number_annexes(tables)
    return tables


def rollup_tables(rollup) -> list[Table]:
    by_org = Table(
        "I",
        f"Tổng hợp kết quả của các cơ quan, {rollup.label}",
        [
            Column("STT", "index", 6),
            Column("Cơ quan", "text", 34),
            Column("Tình trạng báo cáo", "text", 18),
            *_metric_columns(quantity=False),
        ],
        sheet="Tổng hợp",
    )
    for number, row in enumerate(rollup.rows, start=1):
        by_org.rows.append(
            [number, row.name, row.state_label, *_metrics(row.figures, quantity=False)]
        )
    by_org.total = ["", "Tổng cộng", "", *_metrics(rollup.totals, quantity=False)]
    by_form = _form_table(
        "II",
        "Tổng hợp theo hình thức tuyên truyền",
        "Theo hình thức",
        rollup.by_form,
        rollup.totals,
    )
    return [by_org, by_form]


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def _number_annexes(tables):
    for position, table in enumerate(tables):
        table.code = ROMAN[position]
