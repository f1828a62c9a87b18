"""What can be exported as a job, and how each kind reads its rows, names its data version
and writes its file. A kind is resolved for the person asking (`reach_of`): two people who
read the same rows (the same organisation) asking the same thing get the same job.

- `activities`: the activity list with its filters (Excel with a summary sheet, or CSV), the
  rows the asker's organisation may read (`Activity.objects.visible_to`);
- `rollup`: a superior's roll-up of a period over the organisations below it (PDF, Excel).

The data version is what the file depends on, read in one or two aggregate queries: when it
changes (a row added, changed or removed) the next request makes a new file.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from units.access import organisation_of, sees_everything

from .models import ExportFormat, ExportKind

# Excel's last row; an activity export longer than this can only be CSV.
XLSX_MAX_ROWS = 1_048_575
TOO_MANY_FOR_EXCEL = (
    "Có {total} hoạt động, quá số dòng tối đa một trang tính Excel mở được ({limit}). "
    "Hãy tải tệp CSV, hoặc lọc bớt (theo thời gian, đơn vị) rồi tải Excel."
)


def _grouped(number: int) -> str:
    """12775 → «12.775», as Vietnamese groups thousands."""
    return f"{number:,}".replace(",", ".")


class ExportRefused(Exception):
    """A job that cannot be written as asked; the message (Vietnamese) tells the person why."""


def reach_of(user) -> str:
    """Whose rows the user reads: everything (platform administrators), or an organisation
    and the organisations below it."""
    if sees_everything(user):
        return "all"
    organisation = organisation_of(user)
    return f"org:{organisation.pk}" if organisation is not None else "none"


def _stamp(values) -> str:
    """A data version from aggregates: counts, latest ids and update times."""
    parts = []
    for value in values:
        if isinstance(value, datetime.datetime):
            value = f"{value.timestamp():.6f}"
        parts.append("-" if value is None else str(value))
    return ":".join(parts)


@dataclass(frozen=True)
class Kind:
    formats: tuple
    progress_unit: str
    # (user, params, fmt) -> (data version, units of work to do, the file's name)
    describe: Callable
    write: Callable  # (job, fileobj, progress(done, total)) -> None
    back_url: Callable  # (params) -> str


# ---------------------------------------------------------------- activities


def activity_params(user, query) -> dict:
    """The list's valid filters (ignoring the rest, as the list does), as stored on the job."""
    from activities.filters import ActivityFilterForm

    form = ActivityFilterForm(query or None, user=user)
    return dict(QueryDict(form.querystring()).items())


def _activities(user, params):
    """The asker's activities narrowed by the stored filters (validated when asked), without
    building the filter form again (three queries for its choices)."""
    from activities.filters import apply_filters, stored_filters
    from activities.models import Activity
    from units.models import Unit

    def unit_path(pk):
        return Unit.objects.values_list("path", flat=True).get(pk=pk)

    activities = Activity.objects.visible_to(user).order_by("-date", "-pk")
    return apply_filters(activities, stored_filters(params), unit_path=unit_path)


def _activities_describe(user, params, fmt):
    from activities.models import Evidence

    activities = _activities(user, params).order_by()
    rows = activities.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    evidence = Evidence.objects.filter(activity__in=activities.values("pk")).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    version = [rows["n"], rows["last"], rows["changed"], evidence["n"], evidence["last"]]
    return _stamp(version), rows["n"], f"hoat-dong-{timezone.localdate():%Y%m%d}.{fmt}"


def _activities_write(job, fileobj, progress):
    from activities.exports import write_activities, write_activities_csv

    activities = _activities(job.created_by, job.params)
    total = job.total  # counted with the data version
    if job.fmt == ExportFormat.XLSX and total > XLSX_MAX_ROWS:
        raise ExportRefused(
            TOO_MANY_FOR_EXCEL.format(total=_grouped(total), limit=_grouped(XLSX_MAX_ROWS))
        )

    def rows_written(done):
        progress(done, total)

    if job.fmt == ExportFormat.CSV:
        write_activities_csv(activities, fileobj, progress=rows_written)
    else:
        write_activities(activities, fileobj, progress=rows_written)


def _activities_back(params):
    query = QueryDict(mutable=True)
    query.update(params)
    url = reverse("activities:list")
    return f"{url}?{query.urlencode()}" if params else url


# ---------------------------------------------------------------- the roll-up


def rollup_params(user, *, kind, year, index, include_unreported) -> dict:
    organisation = organisation_of(user)
    return {
        "organisation": organisation.pk,
        "kind": kind,
        "year": year,
        "index": index,
        "unreported": include_unreported,
    }


def _rollup(superior, params):
    from reports.selectors import rollup

    return rollup(
        superior=superior,
        kind=params["kind"],
        year=params["year"],
        index=params["index"],
        today=timezone.localdate(),
        include_unreported=params["unreported"],
    )


def _rollup_describe(user, params, fmt):
    from reports.document import report_filename
    from reports.models import Report
    from reports.periods import period_bounds, period_label
    from reports.services.figures import period_activities
    from units.models import Unit

    superior = organisation_of(user)  # what rollup_params named: loaded with the user
    if superior is None or superior.pk != params["organisation"]:
        superior = Unit.objects.get(pk=params["organisation"])
    start, end = period_bounds(
        params["kind"], params["year"], params["index"], superior.period_scheme
    )
    below = Q(organisation__path__startswith=superior.path)
    reports = Report.objects.filter(below).aggregate(n=Count("pk"), changed=Max("updated_at"))
    activities = (
        period_activities(superior, start, end)
        .order_by()
        .aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    )
    # A report's standing (late, missing) depends on the day.
    version = _stamp(
        [
            timezone.localdate().isoformat(),
            reports["n"],
            reports["changed"],
            activities["n"],
            activities["last"],
            activities["changed"],
        ]
    )
    label = period_label(params["kind"], params["year"], params["index"])
    filename = f"{report_filename(superior, label, prefix='tong-hop-bao-cao')}.{fmt}"
    return version, 2, filename  # two steps: the figures, then the document


def _rollup_write(job, fileobj, progress):
    from reports.document import rollup_pdf
    from reports.exports import write_rollup
    from units.models import Unit

    superior = job.organisation
    if superior is None or superior.pk != job.params["organisation"]:
        superior = Unit.objects.get(pk=job.params["organisation"])
    result = _rollup(superior, job.params)
    progress(1, 2)
    if job.fmt == ExportFormat.PDF:
        fileobj.write(rollup_pdf(result))
    else:
        write_rollup(result, fileobj)


def _rollup_back(params):
    from reports.periods import period_notation

    query = QueryDict(mutable=True)
    query["period"] = period_notation(params["kind"], params["year"], params["index"])
    if not params["unreported"]:
        query["unreported"] = "0"
    return f"{reverse('reports:rollup')}?{query.urlencode()}"


KINDS = {
    ExportKind.ACTIVITIES: Kind(
        formats=(ExportFormat.XLSX, ExportFormat.CSV),
        progress_unit="hoạt động",
        describe=_activities_describe,
        write=_activities_write,
        back_url=_activities_back,
    ),
    ExportKind.ROLLUP: Kind(
        formats=(ExportFormat.PDF, ExportFormat.XLSX),
        progress_unit="bước",
        describe=_rollup_describe,
        write=_rollup_write,
        back_url=_rollup_back,
    ),
}
