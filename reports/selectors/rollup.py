"""The roll-up a superior downloads: one row per subordinate organisation with the figures
of its approved activities in the period and the status of its report, and the totals.
Aggregated in SQL whatever the number of organisations."""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from activities import selectors
from plans.models import OutreachForm
from units.models import Unit

from ..models import Report, ReportStatus
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
    # True: the figures are those its sent report froze; False: it has not reported and the
    # figures are what Loa holds now; None: the superior's own units, or an organisation
    # no longer active.
    reported: bool | None = None

    @property
    def state_label(self):
        label = self.label or Standing.LABELS.get(self.state, "")
        if self.reported is False and any(self.figures.values()):
            label += " · số liệu chưa báo cáo"
        return label


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
    include_unreported: bool = True


FROZEN = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def rollup(
    *,
    superior: Unit,
    kind: str,
    year: int,
    index: int,
    today: datetime.date,
    include_unreported: bool = True,
) -> Rollup:
    """One row per subordinate organisation (and one for the superior's own units when they
    did anything) with its figures and the status of its report; the totals are the sum of
    the rows.

    An organisation that sent its report (waiting or accepted) counts with the figures that
    report froze: the roll-up is what was reported. One that has not counts with the
    approved activities Loa holds, marked as not reported, or is left out
    (`include_unreported=False`). The live figures are aggregated in SQL (GROUP BY
    organisation and form, one query), the frozen ones read in one more."""
    start, end = period_bounds(kind, year, index, superior.period_scheme)
    organisations = _subordinates(superior)
    reports = _reports_by_key(organisations, kind, year, index)
    frozen = _frozen_figures(reports, index)
    left_out = [o for o in organisations if o.pk in frozen]
    if not include_unreported:
        left_out = organisations
    activities = period_activities(superior, start, end)
    if left_out:
        activities = activities.exclude(
            reduce(or_, (Q(unit__path__startswith=o.path) for o in left_out))
        )
    by_organisation, live_forms = selectors.by_organisation_and_form(activities)
    figures = {row["organisation_id"]: row for row in by_organisation}
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
        if organisation.pk in frozen:
            row_figures, is_reported = _figures(frozen[organisation.pk]["totals"]), True
        elif include_unreported:
            row = figures.pop(organisation.pk, None)
            row_figures = _figures(row) if row else selectors.empty_figures()
            is_reported = False
        else:
            continue
        rows.append(
            RollupRow(
                organisation.pk,
                organisation.name,
                row_figures,
                state,
                label=standing_label(state, report, due),
                reported=is_reported,
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
        by_form=_merged_forms(live_forms, [frozen[pk] for pk in frozen]),
        reported=reported,
        expected=len(organisations),
        include_unreported=include_unreported,
    )


def _frozen_figures(reports, index) -> dict:
    """{organisation id: figures} frozen by the sent (waiting or accepted) reports."""
    sent = [
        report.pk
        for (_, report_index), report in reports.items()
        if report_index == index and report.status in FROZEN
    ]
    found = Report.objects.filter(pk__in=sent).values_list("organisation_id", "figures")
    return {pk: figures for pk, figures in found if figures and figures.get("totals")}


def _merged_forms(live_forms, frozen_figures) -> list:
    """The by-form rows of the live activities plus those of the frozen reports, per form,
    in catalogue order (one query for the order, when there are frozen rows)."""
    if not frozen_figures:
        return live_forms
    merged = {row["form_id"]: dict(row) for row in live_forms}
    for figures in frozen_figures:
        for row in figures.get("by_form", []):
            into = merged.setdefault(
                row["form_id"], {**{k: row[k] for k in FORM_KEYS}, **selectors.empty_figures()}
            )
            for name in selectors.FIGURES:
                into[name] += row.get(name, 0)
    position = dict(OutreachForm.objects.filter(pk__in=merged).values_list("pk", "position"))
    return sorted(merged.values(), key=lambda row: (position.get(row["form_id"], 0), row["name"]))


FORM_KEYS = ("form_id", "name", "measure")


def _figures(row):
    return {name: row[name] for name in selectors.FIGURES}
