"""Reads shared by the report pages, documents and the command: which reports a user sees,
the periods an organisation reports on, the superior's matrix and the roll-up.

The matrix and the roll-up take a fixed number of queries whatever the number of
subordinate organisations: one for the organisations, one for their reports, one GROUP BY
organisation over the activities.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from activities import selectors
from units.access import downward_q, sees_everything, subordinate_organisations
from units.models import Unit

from .models import Report, ReportingPeriod, ReportStatus
from .periods import MONTHS_IN, due_date, period_bounds, period_label, period_notation
from .rules import SENT
from .services.figures import period_activities


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
class PeriodSlot:
    kind: str
    year: int
    index: int
    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def label(self):
        return period_label(self.kind, self.year, self.index)

    @property
    def notation(self):
        return period_notation(self.kind, self.year, self.index)


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


def standing(report, *, end, due, today):
    if report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        if report.status == ReportStatus.ACCEPTED:
            return Standing.ACCEPTED
        submitted = report.submitted_at.date() if report.submitted_at else today
        return Standing.LATE if submitted > due else Standing.SUBMITTED
    if report is not None and report.status == ReportStatus.RETURNED:
        return Standing.RETURNED
    if today > due:
        return Standing.MISSING
    return Standing.UPCOMING if today <= end else Standing.PENDING


@dataclass
class Cell:
    slot: PeriodSlot
    state: str
    report: Report | None = None

    @property
    def label(self):
        return Standing.LABELS[self.state]

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
        "organisation_id", "plan_id", "status", "submitted_at", "period__index"
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


# ---------------------------------------------------------------- roll-up


@dataclass
class RollupRow:
    organisation_id: int | None
    name: str
    figures: dict
    state: str = ""
    is_own: bool = False

    @property
    def state_label(self):
        return Standing.LABELS.get(self.state, "")


@dataclass
class Rollup:
    superior: Unit
    kind: str
    year: int
    index: int
    start: datetime.date
    end: datetime.date
    rows: list
    totals: dict
    by_form: list
    reported: int
    expected: int

    @property
    def label(self):
        return period_label(self.kind, self.year, self.index)

    @property
    def notation(self):
        return period_notation(self.kind, self.year, self.index)


def rollup(*, superior: Unit, kind: str, year: int, index: int, today: datetime.date) -> Rollup:
    """One row per subordinate organisation (and one for the superior's own units when they
    did anything) with the figures of its approved activities in the period, as the
    superior cuts figures off, and the status of its report; the totals are the sum of the
    rows. Aggregated in SQL: GROUP BY organisation, one query for both the rows and the forms."""
    start, end = period_bounds(kind, year, index, superior.period_scheme)
    activities = period_activities(superior, start, end)
    by_organisation, by_form = selectors.by_organisation_and_form(activities)
    figures = {row["organisation_id"]: row for row in by_organisation}
    organisations = _subordinates(superior)
    reports = _reports_by_key(organisations, kind, year, index)
    rows = []
    own = figures.pop(superior.pk, None)
    if own is not None:
        rows.append(
            RollupRow(superior.pk, f"Các đơn vị thuộc {superior.name}", _figures(own), is_own=True)
        )
    reported = 0
    for organisation in organisations:
        report = reports.get((organisation.pk, index))
        if report is not None and report.status not in SENT:
            report = None
        slot_start, slot_end = period_bounds(kind, year, index, organisation.period_scheme)
        state = standing(
            report, end=slot_end, due=due_date(slot_end, organisation.report_due_day), today=today
        )
        if state in (Standing.ACCEPTED, Standing.SUBMITTED, Standing.LATE):
            reported += 1
        row = figures.pop(organisation.pk, None)
        rows.append(
            RollupRow(
                organisation.pk,
                organisation.name,
                _figures(row) if row else selectors.empty_figures(),
                state,
            )
        )
    # Organisations no longer active whose units still did something count in the totals.
    for row in figures.values():
        rows.append(RollupRow(row["organisation_id"], row["name"], _figures(row)))
    totals = selectors.empty_figures()
    for row in rows:
        for name in totals:
            totals[name] += row.figures[name]
    return Rollup(
        superior=superior,
        kind=kind,
        year=year,
        index=index,
        start=start,
        end=end,
        rows=rows,
        totals=totals,
        by_form=by_form,
        reported=reported,
        expected=len(organisations),
    )


def _figures(row):
    return {name: row[name] for name in selectors.FIGURES}


def reports_of(organisation: Unit, year: int):
    """The organisation's general reports of `year`, keyed (kind, index)."""
    found = {}
    for report in Report.objects.filter(
        organisation=organisation, period__year=year
    ).select_related("period"):
        _best(found, (report.period.kind, report.period.index), report)
    return found


__all__ = [
    "Cell",
    "MatrixRow",
    "PeriodSlot",
    "ReportingPeriod",
    "Rollup",
    "Standing",
    "missing_organisations",
    "period_slots",
    "report_matrix",
    "reports_of",
    "rollup",
    "visible_reports",
]


def reports_due(organisation: Unit, *, today: datetime.date, before=45, ahead=30):
    """The organisation's periodic reports due within `ahead` days or overdue by at most
    `before` days and not yet sent, earliest first (for the home page). One query."""
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
