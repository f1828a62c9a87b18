"""The roll-up a superior downloads: one row per subordinate organisation with the figures
of its approved activities in the period and the status of its report, and the totals.
Aggregated in SQL whatever the number of organisations."""

import datetime
from dataclasses import dataclass

from activities import selectors
from units.models import Unit

from ..periods import PeriodNames, due_date, period_bounds
from ..rules import SENT
from ..services.figures import period_activities
from .status import Standing, _reports_by_key, _subordinates, standing, standing_label


@dataclass
class RollupRow:
    organisation_id: int | None
    name: str
    figures: dict
    state: str = ""
    is_own: bool = False
    label: str = ""

    @property
    def state_label(self):
        return self.label or Standing.LABELS.get(self.state, "")


@dataclass
class Rollup(PeriodNames):
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
        due = due_date(slot_end, organisation.report_due_day)
        state = standing(report, end=slot_end, due=due, today=today)
        if state in (Standing.ACCEPTED, Standing.SUBMITTED, Standing.LATE):
            reported += 1
        row = figures.pop(organisation.pk, None)
        rows.append(
            RollupRow(
                organisation.pk,
                organisation.name,
                _figures(row) if row else selectors.empty_figures(),
                state,
                label=standing_label(state, report, due),
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
