"""Which reports a user sees, the periods an organisation reports on, and where each
subordinate stands: the superior's matrix (one query for the organisations, one for their
reports), the missing ones, and the reports due on the home page.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from units.access import downward_q, sees_everything, subordinate_organisations
from units.dates import local_date
from units.models import Unit

from ..models import Report, ReportStatus
from ..periods import MONTHS_IN, PeriodNames, due_date, period_bounds
from ..rules import SENT


def visible_reports(user):
    """Reports of the user's organisation (any status) and reports sent by the organisations
    below it; a subordinate's draft stays private to it."""
    qs = Report.objects.select_related("organisation", "period", "plan")
    if sees_everything(user):
        return qs
    organisation = user.organisation
    if organisation is None:
        return qs.none()
    return qs.filter(
        Q(organisation=organisation) | (downward_q(user, "organisation") & Q(status__in=SENT))
    )


# ---------------------------------------------------------------- periods of a year


@dataclass
class PeriodSlot(PeriodNames):
    kind: str
    year: int
    index: int
    start: datetime.date
    end: datetime.date
    due: datetime.date


def period_slots(organisation: Unit, year: int, kinds=None) -> list[PeriodSlot]:
    """The periods of `year` the organisation reports on, with its bounds and due dates."""
    kinds = kinds or [k for k in organisation.report_period_kind_list if k in MONTHS_IN]
    slots = []
    for kind in kinds:
        for index in range(1, 12 // MONTHS_IN[kind] + 1):
            start, end = period_bounds(kind, year, index, organisation.period_scheme)
            slots.append(
                PeriodSlot(
                    kind, year, index, start, end, due_date(end, organisation.report_due_day)
                )
            )
    return slots


# ---------------------------------------------------------------- submission status


class Standing:
    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    LATE = "late"
    RETURNED = "returned"
    MISSING = "missing"
    PENDING = "pending"
    UPCOMING = "upcoming"
    NOT_REQUIRED = "not_required"

    LABELS = {
        ACCEPTED: "Đã tiếp nhận",
        SUBMITTED: "Đã gửi đúng hạn",
        LATE: "Gửi muộn",
        RETURNED: "Bị trả lại",
        MISSING: "Chưa gửi (quá hạn)",
        PENDING: "Chưa đến hạn",
        UPCOMING: "Chưa hết kỳ",
        NOT_REQUIRED: "Không phải báo cáo kỳ này",
    }
    CSS = {
        ACCEPTED: "text-bg-success",
        SUBMITTED: "text-bg-primary",
        LATE: "text-bg-warning",
        RETURNED: "text-bg-secondary",
        MISSING: "text-bg-danger",
        PENDING: "text-bg-light border",
        UPCOMING: "text-bg-light border",
        NOT_REQUIRED: "text-bg-light text-body-secondary border",
    }


def days_late(report, due) -> int | None:
    """How many days after `due` the report was first sent (0: on time); None if never sent.
    A report returned and sent again keeps the timeliness of its first submission. Every
    caller passes a report (a cell without one is never asked)."""
    sent = report.first_submitted_at or report.submitted_at
    if sent is None:
        return None
    return max((local_date(sent) - due).days, 0)


def standing_label(state, report, due) -> str:
    """The workflow state with its timeliness: «Đã tiếp nhận · gửi muộn 12 ngày»,
    «Gửi muộn 3 ngày · trả lại 1 lần»."""
    label = Standing.LABELS[state]
    if state not in (Standing.ACCEPTED, Standing.SUBMITTED, Standing.LATE):
        return label
    late = days_late(report, due)
    if late is None:
        return label
    if state == Standing.LATE:
        label = f"Gửi muộn {late} ngày"
    elif state == Standing.ACCEPTED:
        label += f" · gửi muộn {late} ngày" if late else " · đúng hạn"
    if report.times_returned:
        label += f" · trả lại {report.times_returned} lần"
    return label


def standing(report, *, end, due, today):
    if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        if report.status == ReportStatus.ACCEPTED:
            return Standing.ACCEPTED
        late = days_late(report, due)
        return Standing.LATE if late else Standing.SUBMITTED
    if report is not None and report.status == ReportStatus.RETURNED:
        return Standing.RETURNED
    if today > due:
        return Standing.MISSING
    return Standing.UPCOMING if today <= end else Standing.PENDING


SENT_STATES = (Standing.ACCEPTED, Standing.SUBMITTED, Standing.LATE)


@dataclass
class Cell:
    slot: PeriodSlot
    state: str
    report: Report | None = None

    @property
    def label(self):
        return standing_label(self.state, self.report, self.slot.due)

    @property
    def on_time(self) -> bool | None:
        """Whether a sent report came on time; None when none was sent."""
        late = days_late(self.report, self.slot.due) if self.state in SENT_STATES else None
        return None if late is None else late == 0

    @property
    def css(self):
        return Standing.CSS[self.state]


@dataclass
class MatrixRow:
    organisation: Unit
    cells: list = field(default_factory=list)


def _subordinates(superior):
    return list(
        subordinate_organisations(superior).only(
            "pk",
            "code",
            "name",
            "full_name",
            "path",
            "depth",
            "period_scheme",
            "report_due_day",
            "report_period_kinds",
            "email",
        )
    )


RANK = {
    ReportStatus.ACCEPTED: 4,
    ReportStatus.SUBMITTED: 3,
    ReportStatus.RETURNED: 2,
    ReportStatus.DRAFT: 1,
}


def _best(found, key, report):
    """Keep, per key, the report that says most: the furthest along, the general one (not
    about one plan) on a tie. A report about one plan counts for the period as the
    reminders count it (notifications/selectors/reports.py)."""
    current = found.get(key)
    rank = (RANK[report.status], report.plan_id is None)
    if current is None or rank > (RANK[current.status], current.plan_id is None):
        found[key] = report


def _reports_by_key(organisations, kind, year, index=None):
    reports = Report.objects.filter(
        organisation__in=[o.pk for o in organisations],
        period__kind=kind,
        period__year=year,
        period__organisation__isnull=True,
    )
    # Only what a status needs: a city's year holds thousands of reports with their texts
    # and frozen figures, which would dominate the page's time.
    reports = reports.select_related("period").only(
        "organisation_id",
        "plan_id",
        "status",
        "submitted_at",
        "first_submitted_at",
        "times_returned",
        "period__index",
    )
    if index is not None:
        reports = reports.filter(period__index=index)
    found = {}
    for report in reports:
        _best(found, (report.organisation_id, report.period.index), report)
    return found


def report_matrix(*, superior: Unit, year: int, kind: str, today: datetime.date):
    """Subordinate organisations × the periods of `kind` in `year`, each cell with the
    submission status (accepted, submitted on time or late, returned, missing, not yet due).
    Two queries."""
    organisations = _subordinates(superior)
    reports = _reports_by_key(organisations, kind, year)
    rows = []
    for organisation in organisations:
        row = MatrixRow(organisation)
        for slot in period_slots(organisation, year, [kind]):
            report = reports.get((organisation.pk, slot.index))
            if report is not None and report.status not in SENT:
                report = None
            if report is None and kind not in organisation.report_period_kind_list:
                state = Standing.NOT_REQUIRED
            else:
                state = standing(report, end=slot.end, due=slot.due, today=today)
            row.cells.append(Cell(slot, state, report))
        rows.append(row)
    headers = list(period_slots(superior, year, [kind]))
    return headers, rows


@dataclass
class Timeliness:
    """Reporting rates as DHIS2 gives them: of the reports expected by now, how many came
    on time, late, and how many are missing."""

    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def expected(self):
        return self.on_time + self.late + self.missing

    @property
    def on_time_rate(self):
        return round(100 * self.on_time / self.expected) if self.expected else None

    @property
    def reporting_rate(self):
        return round(100 * (self.on_time + self.late) / self.expected) if self.expected else None

    def add(self, cell):
        if cell.on_time is True:
            self.on_time += 1
        elif cell.on_time is False:
            self.late += 1
        elif cell.state == Standing.MISSING:
            self.missing += 1


def matrix_timeliness(rows, columns: int) -> tuple[list[Timeliness], Timeliness]:
    """Timeliness per period (column) of the matrix and over all of them."""
    per_column = [Timeliness() for _ in range(columns)]
    total = Timeliness()
    for row in rows:
        for column, cell in zip(per_column, row.cells, strict=False):
            column.add(cell)
            total.add(cell)
    return per_column, total


def missing_organisations(*, superior: Unit, kind: str, year: int, index: int, today):
    """The subordinate organisations that have not submitted their report for the period."""
    organisations = _subordinates(superior)
    reports = _reports_by_key(organisations, kind, year, index)
    missing = []
    for organisation in organisations:
        report = reports.get((organisation.pk, index))
        if report is None or report.status not in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            missing.append(organisation)
    return missing


def reports_of(organisation: Unit, year: int):
    """The organisation's general reports of `year`, keyed (kind, index)."""
    found = {}
    for report in Report.objects.filter(
        organisation=organisation, period__year=year
    ).select_related("period"):
        _best(found, (report.period.kind, report.period.index), report)
    return found


def reports_due(organisation: Unit, *, today: datetime.date, before=None, ahead=30):
    """The organisation's periodic reports due within `ahead` days or overdue and not yet
    sent, earliest first (for the home page). One query.

    Overdue means every report of this year not sent, and last year's overdue by at most 45
    days (the year-end reports early in January); `before` days when given."""
    if before is None:
        before = max((today - datetime.date(today.year, 1, 1)).days, 45)
    slots = [
        slot
        for year in (today.year - 1, today.year)
        for slot in period_slots(organisation, year)
        if today - datetime.timedelta(days=before)
        <= slot.due
        <= today + datetime.timedelta(days=ahead)
    ]
    if not slots:
        return []
    reports = {}
    for report in Report.objects.filter(
        organisation=organisation, period__year__in={slot.year for slot in slots}
    ).select_related("period"):
        _best(reports, (report.period.kind, report.period.year, report.period.index), report)
    due = []
    for slot in sorted(slots, key=lambda s: s.due):
        report = reports.get((slot.kind, slot.year, slot.index))
        if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
            continue
        state = standing(report, end=slot.end, due=slot.due, today=today)
        due.append({"slot": slot, "report": report, "overdue": state == Standing.MISSING})
    return due
