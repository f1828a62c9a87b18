#!/usr/bin/env python
"""Loa's performance benchmark (a script, not a test: pytest never collects it).

    uv run python tests/perf/bench.py --quick --json out.json   # < 1 min, own small data set
    uv run python tests/perf/bench.py --json bench.json         # Hà Nội scale, loa_bench
    uv run python tests/perf/bench.py --reuse --json bench.json # measure loa_bench again

It runs on PostgreSQL (the server of `--server`, default `$BENCH_SERVER`, else the server of
`$DATABASE_URL`, else postgres://postgres@127.0.0.1:5432). `--quick` creates the database
`loa_bench_quick`, migrates it, generates a small data set (`generate_scale`), measures and
drops it. Without `--quick` it works on `loa_bench` at the scale of the options (default: one
city of 126 communes of 30 units and 1,000,000 activities); an existing generated database is
only measured again with `--reuse` (or rebuilt with `--recreate`).

What it measures is the three tables below, PAGES, JOBS and BASELINES:

- a page is fetched `--requests` times through gunicorn (DEBUG off, `--workers` workers) by
  `--clients` concurrent clients carrying the session cookie of its user; p50/p95 are the
  latencies of those requests. Its query count comes from one request through Django's test
  client under CaptureQueriesContext, after a warm-up request.
- a job runs in a child process, alone, as its user; `seconds` is its wall time and `peak_mb`
  the child's peak resident memory (ru_maxrss, Django loaded: `idle_mb` is the same process
  before the job).
- a baseline is a floor or a reference to compare with: hand-written SQL, or the result of a
  page or job of the same run (so ratios survive a noisy machine).

Entries name their URL by reverse name, their user by a key of USERS and the objects in the
URL by a key of OBJECTS (functions of the data set: the city, its largest plan, the busiest
commune, the last finished quarter …). `{year}`-style fields in "query" are OBJECTS too.

Adding a page or a job is one line in its table, once its URL exists on main (an entry for a
URL that does not exist fails the run).

A baseline is {"sql": <function of ctx>}, {"job": <a job's name>} or {"page": <a page's
name>}; with "versus": <a page's or job's name> the run also writes `ratio`, the other's time
over the baseline's for SQL floors ("how many times the floor") and the baseline's over the
other's for references ("how many times faster than the default").
"""

import argparse
import concurrent.futures
import datetime
import http.client
import importlib
import json
import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.waiting import free_port  # noqa: E402

# ---------------------------------------------------------------------------- the tables

PAGES = [
    {"name": "Trang chủ", "url": "home", "user": "city_leader"},
    {"name": "Cây đơn vị", "url": "units:tree", "user": "city_leader"},
    {"name": "Danh sách kế hoạch", "url": "plans:list", "user": "city_leader"},
    {"name": "Chi tiết kế hoạch", "url": "plans:detail", "args": ["city_plan"],
     "user": "city_leader"},
    {"name": "Soạn kế hoạch", "url": "plans:edit", "args": ["commune_draft_plan"],
     "user": "commune_officer"},
    {"name": "Danh sách hoạt động", "url": "activities:list", "user": "city_leader"},
    {"name": "Bảng điều khiển", "url": "activities:dashboard", "user": "city_leader"},
    # A commune's own pages: they must stay flat as the country grows (issue 17).
    {"name": "Danh sách hoạt động của xã", "url": "activities:list", "user": "commune_leader"},
    {"name": "Bảng điều khiển của xã", "url": "activities:dashboard", "user": "commune_leader"},
    {"name": "Thông báo", "url": "notifications:list", "user": "commune_officer"},
    {"name": "Danh sách báo cáo", "url": "reports:list", "user": "commune_leader"},
    {"name": "Báo cáo quý của xã đã gửi", "url": "reports:detail",
     "args": ["commune_sent_report"], "user": "commune_leader"},
    {"name": "Dự thảo báo cáo quý của xã", "url": "reports:detail",
     "args": ["commune_draft_report"], "user": "commune_leader"},
    {"name": "Ma trận tổng hợp", "url": "reports:matrix", "query": "year={year}",
     "user": "city_leader"},
    # The first request (counting its queries) renders and stores it, as a download of an
    # issued plan does without a worker; every request after is served the stored file.
    {"name": "Tải PDF đã lưu của kế hoạch thành phố", "url": "plans:pdf", "args": ["city_plan"],
     "user": "city_leader"},
    {"name": "Xếp hạng thi đua các xã cả năm", "url": "emulation:ranking", "args": ["city"],
     "query": "period=y&year={year}&scope=organisations", "user": "city_leader"},
    {"name": "Xếp hạng thi đua các xã quý đang mở", "url": "emulation:ranking",
     "args": ["city"], "query": "period={open_quarter}&scope=organisations",
     "user": "city_leader"},
    {
        "name": "Admin: danh sách hoạt động",
        "url": "admin:activities_activity_changelist",
        "user": "superuser",
    },
    {
        "name": "Admin: danh sách kế hoạch",
        "url": "admin:plans_plan_changelist",
        "user": "superuser",
    },
]  # fmt: skip

JOBS = [
    {
        "name": "Xuất Excel toàn bộ hoạt động của thành phố",
        "url": "activities:export",
        "user": "city_leader",
        "rows": "city_activities",
    },
    {
        # The default resource makes two queries per row (its many-to-many columns) and
        # holds the whole workbook in memory: over a million rows it would run for hours and
        # need gigabytes, so it exports the city's first `--export-sample` activities and the
        # baseline below scales its time to all of them.
        "name": "Xuất Excel hoạt động của thành phố (ModelResource mặc định, mẫu)",
        "call": "export_default_resource",
        "kwargs": {"user": "city_leader", "limit": "export_rows"},
        "rows": "export_rows",
    },
    {"name": "Dựng PDF kế hoạch của thành phố (không dùng bản đã lưu)",
     "call": "render_plan_pdf", "kwargs": {"plan": "city_plan"}},
    {"name": "Báo cáo quý của xã (PDF)", "url": "reports:pdf",
     "args": ["commune_draft_report"], "user": "commune_leader"},
    {"name": "Báo cáo quý của xã (Excel)", "url": "reports:xlsx",
     "args": ["commune_draft_report"], "user": "commune_leader"},
    {"name": "Báo cáo năm tổng hợp thành phố (PDF)", "url": "reports:rollup_pdf",
     "query": "year={year}", "user": "city_leader"},
    {"name": "Báo cáo năm tổng hợp thành phố (Excel)", "url": "reports:rollup_xlsx",
     "query": "year={year}", "user": "city_leader"},
    {"name": "Chấm điểm thi đua các xã cả năm (không kể trang)", "call": "emulation_ranking",
     "kwargs": {"judge": "city", "year": "year", "today": "until"}},
    {
        # The day's scan over every assignment, rolled back so that a second run does the
        # same work.
        "name": "Nhắc hạn: quét mọi phân công trong ngày",
        "call": "reminders_run_rolled_back",
        "kwargs": {"day": "until"},
        "rows": "assignments",
    },
]  # fmt: skip

BASELINES = [
    # "versus": the page or job the baseline is compared with; the ratio is baseline ÷ it.
    {"name": "Số liệu tổng hợp năm: một câu SQL GROUP BY (sàn)", "sql": "rollup_group_by",
     "versus": "Báo cáo năm tổng hợp thành phố (Excel)"},
    {"name": "Số liệu tổng hợp năm: SQL GROUP BY (sàn, so với PDF)", "sql": "rollup_group_by",
     "versus": "Báo cáo năm tổng hợp thành phố (PDF)"},
    {
        "name": "django-import-export ModelResource mặc định → XLSX, cả thành phố (ngoại suy)",
        "job": "Xuất Excel hoạt động của thành phố (ModelResource mặc định, mẫu)",
        "scale_to": "city_activities",
        "versus": "Xuất Excel toàn bộ hoạt động của thành phố",
    },
    {"name": "Django admin: danh sách hoạt động (p50)", "page": "Admin: danh sách hoạt động",
     "versus": "Danh sách hoạt động"},
    {"name": "Thi đua cả năm: SQL viết tay đếm nhiệm vụ, báo cáo, chỉ tiêu, hoạt động (sàn)",
     "sql": "emulation_counts", "versus": "Chấm điểm thi đua các xã cả năm (không kể trang)"},
    {"name": "Thi đua cả năm: SQL viết tay (sàn, so với trang)", "sql": "emulation_counts",
     "versus": "Xếp hạng thi đua các xã cả năm"},
]  # fmt: skip

QUICK_SCALE = {
    "provinces": 1,
    "communes": 4,
    "units_per_commune": 12,
    "activities": 5_000,
    "years": 2,
    "assignments": 2_000,
}
FULL_SCALE = {
    "provinces": 1,
    "communes": 126,
    "units_per_commune": 30,
    "activities": 1_000_000,
    "years": 2,
    "assignments": 100_000,
}
SECRET_KEY = "bench-only-not-secret-" + "x" * 40  # noqa: S105


# ---------------------------------------------------------------------------- the data set


def city():
    """The generated city (province) with the most activities."""
    from activities.models import Activity
    from units.models import Unit

    roots = [code for dataset in _datasets() for code in dataset.root_codes]
    return max(
        Unit.objects.filter(code__in=roots).order_by("path"),
        key=lambda unit: Activity.objects.filter(unit__path__startswith=unit.path).count(),
    )


def _datasets():
    from perf.models import ScaleDataset

    datasets = list(ScaleDataset.objects.all())
    if not datasets:
        raise SystemExit("Cơ sở dữ liệu chưa có dữ liệu sinh bởi generate_scale.")
    return datasets


def busiest_commune(ctx):
    from django.db.models import Count

    from units.models import Unit, UnitKind

    return (
        Unit.objects.subtree_of(ctx["city"])
        .filter(kind=UnitKind.COMMUNE)
        .annotate(n=Count("member_units__activities"))
        .order_by("-n", "path")
        .first()
    )


def city_plan(ctx):
    """The city's own issued plan that most plans implement."""
    from django.db.models import Count

    from plans.models import Plan

    return (
        Plan.objects.filter(issuer=ctx["city"])
        .annotate(n=Count("implementing_plans"))
        .order_by("-n", "pk")
        .first()
    )


def largest_commune_plan(ctx):
    from django.db.models import Count

    from plans.models import Plan

    return (
        Plan.objects.filter(issuer=ctx["busiest_commune"])
        .annotate(n=Count("activities"))
        .order_by("-n", "pk")
        .first()
    )


def commune_draft_plan(ctx):
    """A draft of the busiest commune for the editor; cascaded from the city's plan when the
    data set has none (the generator drafts next year's plan for some communes only)."""
    from plans.models import Plan, PlanStatus
    from plans.services.cascade import plan_cascade

    drafts = Plan.objects.filter(issuer=ctx["busiest_commune"], status=PlanStatus.DRAFT)
    return drafts.order_by("pk").first() or plan_cascade(
        superior=ctx["city_plan"],
        organisation=ctx["busiest_commune"],
        by=ctx["users"]["commune_officer"],
    )


def assignments(ctx):
    from plans.models import Assignment

    return Assignment.objects.count()


def last_quarter(ctx):
    from reports.models import PeriodKind, ReportingPeriod

    return (
        ReportingPeriod.objects.filter(
            kind=PeriodKind.QUARTER, organisation=None, end__lt=ctx["until"]
        )
        .order_by("-end")
        .first()
    )


def commune_sent_report(ctx):
    """A report of the busiest commune that was sent (its figures frozen), the last quarter's
    if that one was."""
    from reports.models import Report, ReportStatus

    sent = Report.objects.filter(
        organisation=ctx["busiest_commune"],
        status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
    )
    return sent.filter(period=ctx["last_quarter"]).first() or sent.order_by("-period__end").first()


def commune_draft_report(ctx):
    """The busiest commune's general report on the last quarter, opened as its leader does:
    a draft whose figures (every plan's activities) are computed on each view."""
    from reports.services import report_open

    report, _ = report_open(
        organisation=ctx["busiest_commune"],
        period=ctx["last_quarter"],
        by=ctx["users"]["commune_leader"],
    )
    return report


def city_activities(ctx):
    from activities.models import Activity

    return Activity.objects.visible_to(ctx["users"]["city_leader"]).count()


def export_rows(ctx):
    return min(ctx["city_activities"], ctx["export_sample"])


def year(ctx):
    """The last year with a full year of data (the current one when only one is generated)."""
    dataset = _datasets()[0]
    return ctx["until"].year - 1 if dataset.years > 1 else ctx["until"].year


def open_quarter(ctx):
    """The quarter of the last generated day, open (its scores are computed, not kept), as
    the `period` and `year` of an emulation URL: `q4&year=2026`."""
    from reports.periods import period_containing

    year, index = period_containing("quarter", ctx["until"], ctx["city"].period_scheme)
    return f"q{index}&year={year}"


OBJECTS = {
    "busiest_commune": busiest_commune,
    "city_plan": city_plan,
    "largest_commune_plan": largest_commune_plan,
    "commune_draft_plan": commune_draft_plan,
    "assignments": assignments,
    "last_quarter": last_quarter,
    "commune_sent_report": commune_sent_report,
    "commune_draft_report": commune_draft_report,
    "year": year,
    "open_quarter": open_quarter,
    "city_activities": city_activities,
    "export_rows": export_rows,
}

USERS = {
    "city_leader": lambda ctx: f"{ctx['city'].code.lower()}.lanhdao",
    "commune_leader": lambda ctx: f"{ctx['busiest_commune'].code.lower()}.lanhdao",
    "commune_officer": lambda ctx: f"{ctx['busiest_commune'].code.lower()}.canbo",
    "superuser": lambda ctx: "s.admin",
}


def build_context(*, export_sample=5000):
    from units.models import User

    dataset = _datasets()[0]
    ctx = {
        "until": dataset.until,
        "dataset": dataset,
        "export_sample": export_sample,
        "users": {},
    }
    ctx["city"] = city()
    ctx["busiest_commune"] = busiest_commune(ctx)
    ctx["users"] = {key: User.objects.get(username=name(ctx)) for key, name in USERS.items()}
    for name, pick in OBJECTS.items():
        if name not in ctx:
            ctx[name] = pick(ctx)
    return ctx


def resolve(entry, ctx):
    """The URL of a page or url-job entry."""
    from django.urls import reverse

    def value(name):
        obj = ctx[name]
        return obj.pk if hasattr(obj, "pk") else obj

    url = reverse(
        entry["url"],
        args=[value(name) for name in entry.get("args", [])],
        kwargs={key: value(name) for key, name in entry.get("kwargs", {}).items()},
    )
    if entry.get("query"):
        fields = {key: value(key) for key in OBJECTS if "{" + key + "}" in entry["query"]}
        url += "?" + entry["query"].format(**fields)
    return url


# ---------------------------------------------------------------------------- jobs and SQL


def export_default_resource(*, user, limit=None):
    """django-import-export's default ModelResource for Activity, as XLSX, over the
    activities the user sees."""
    from import_export.formats.base_formats import XLSX
    from import_export.resources import modelresource_factory

    from activities.models import Activity

    queryset = Activity.objects.visible_to(user).order_by("pk")
    if limit:
        queryset = queryset[:limit]
    dataset = modelresource_factory(Activity)().export(queryset=queryset)
    return XLSX().export_data(dataset)


def render_plan_pdf(*, plan):
    """The plan's PDF rendered as a download renders it when nothing is stored."""
    from plans.document import plan_document
    from plans.printing import render_pdf

    return render_pdf(plan_document(plan), "documents/plan.html", {"plan": plan})


def stored_pdf_speedup(ctx):
    """Rendering the city plan's PDF against downloading its stored file as a person does
    (the view, through Django's test client), both warm, in this process: medians of 3
    renders and 20 downloads, in seconds, and how many times faster the download is."""
    from django.test import Client
    from django.urls import reverse

    plan = ctx["city_plan"]
    client = Client()
    client.force_login(ctx["users"]["city_leader"], backend=MODEL_BACKEND)
    path = reverse("plans:pdf", args=[plan.pk])

    def download():
        response = client.get(path)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    def median_seconds(work, times):
        work()  # warm: fonts, templates, the stored file's row and the connection
        timings = []
        for _ in range(times):
            started = time.perf_counter()
            work()
            timings.append(time.perf_counter() - started)
        return statistics.median(timings)

    render = median_seconds(lambda: render_plan_pdf(plan=plan), 3)
    stored = median_seconds(download, 20)
    return {"render_s": round(render, 3), "download_s": round(stored, 4),
            "ratio": round(render / stored, 1)}  # fmt: skip


def editor_post_queries(ctx):
    """Queries of one save of the commune's draft in the editor, as its officer posts it
    with a row edited: an assignment's tasks, else a target or a section (rolled back)."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.plans.conftest import editor_data

    plan, user = ctx["commune_draft_plan"], ctx["users"]["commune_officer"]
    data = editor_data(plan, user)
    edited = next(
        key
        for suffix in ("-tasks", "-indicator", "-title")
        for key in data
        if key.endswith(suffix) and not key.startswith("plan-")
    )
    data[edited] += " (sửa)"
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("plans:edit", args=[plan.pk]), data)
        transaction.set_rollback(True)
    if response.status_code != 302:
        raise SystemExit(f"Lưu trình soạn: HTTP {response.status_code}")
    return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])


def reminders_run_rolled_back(*, day):
    """The day's reminder scan (`send_reminders`' service) over every assignment and report,
    in a transaction rolled back afterwards."""
    from django.db import transaction

    from notifications.services import reminders_run

    with transaction.atomic():
        result = reminders_run(day=day)
        transaction.set_rollback(True)
    return result.created


def rollup_group_by(ctx):
    """The city's communes × forms for one year in one GROUP BY: the floor any roll-up
    report or matrix is compared with."""
    from django.db import connection

    from reports.models import PeriodKind
    from reports.periods import period_bounds

    start, end = period_bounds(PeriodKind.YEAR, ctx["year"], 1)
    sql = """
        SELECT c.id, a.form_id, COUNT(*), SUM(a.quantity), SUM(a.participants),
               SUM(a.views), SUM(a.cost)
        FROM activities_activity a
        JOIN units_unit u ON u.id = a.unit_id
        JOIN units_unit c ON c.id = u.organisation_id
        WHERE c.kind = 'commune' AND c.path LIKE %s
          AND a.status = 'approved' AND a.date BETWEEN %s AND %s
        GROUP BY c.id, a.form_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [ctx["city"].path + "%", start, end])
        return cursor.fetchall()


def emulation_ranking(*, judge, year, today):
    """The city's communes scored for the year, as the ranking page scores them."""
    from emulation.selectors import Subjects, ranking

    result = ranking(
        judge=judge, kind="year", year=year, index=1, scope=Subjects.ORGANISATIONS, today=today
    )
    return [row.total for row in result.rows]


EMULATION_SQL = {
    # Each commune's tasks of the year by role: done on time, done late, overdue; its own
    # part of a group task first, else the whole.
    "tasks": """
        WITH communes AS (
            SELECT id, path, kind FROM units_unit
            WHERE is_organisation AND is_active AND path LIKE %(below)s AND id <> %(city)s
        ), tasks AS (
            SELECT c.id AS commune, a.id AS assignment, a.unit_id AS owner, a.role, a.due_date
            FROM plans_assignment a
            JOIN plans_plan p ON p.id = a.plan_id AND p.status = 'issued'
            JOIN communes c ON c.id = a.unit_id
            WHERE a.due_date BETWEEN %(start)s AND %(end)s AND p.issuer_id <> c.id
            UNION ALL
            SELECT c.id, a.id, a.unit_id, a.role, a.due_date
            FROM plans_assignment a
            JOIN plans_plan p ON p.id = a.plan_id AND p.status = 'issued'
            JOIN units_unit g ON g.id = a.unit_id
            JOIN communes c ON c.path LIKE g.path || '%%' AND c.id <> g.id
            WHERE a.includes_subunits AND a.due_date BETWEEN %(start)s AND %(end)s
              AND (a.subunit_kinds = '' OR a.subunit_kinds LIKE '%%' || c.kind || '%%')
        )
        SELECT t.commune, t.role,
               COUNT(*) FILTER (WHERE d.is_late IS FALSE),
               COUNT(*) FILTER (WHERE d.is_late),
               COUNT(*) FILTER (WHERE d.is_late IS NULL AND t.due_date < %(today)s)
        FROM tasks t
        LEFT JOIN LATERAL (
            SELECT tc.is_late FROM activities_taskcompletion tc
            WHERE tc.assignment_id = t.assignment AND tc.unit_id IN (t.commune, t.owner)
              AND tc.status = 'done'
            ORDER BY tc.unit_id = t.commune DESC LIMIT 1
        ) d ON TRUE
        GROUP BY t.commune, t.role
    """,
    # Each commune's general reports of the year, the furthest along per period.
    "reports": """
        SELECT DISTINCT ON (r.organisation_id, p.kind, p.index)
               r.organisation_id, p.kind, p.index, r.status,
               COALESCE(r.first_submitted_at, r.submitted_at)
        FROM reports_report r
        JOIN reports_reportingperiod p ON p.id = r.period_id
        JOIN units_unit c ON c.id = r.organisation_id
        WHERE c.path LIKE %(below)s AND p.year = %(year)s AND p.organisation_id IS NULL
        ORDER BY r.organisation_id, p.kind, p.index, r.status = 'accepted' DESC,
                 r.status = 'submitted' DESC, r.plan_id IS NULL DESC
    """,
    # The actuals of the communes' targets: approved activities of their plans by form,
    # grouped by hash per organisation of the acting unit (read from the covering index
    # `activity_approved_figures`), then kept when that organisation is the issuer or below.
    "targets": """
        SELECT s.plan_id, s.form_id, SUM(s.n), SUM(s.quantity), SUM(s.participants),
               SUM(s.views)
        FROM (
            SELECT a.plan_id, a.form_id, u.organisation_id, COUNT(*) AS n,
                   SUM(a.quantity) AS quantity, SUM(a.participants) AS participants,
                   SUM(a.views) AS views
            FROM activities_activity a
            JOIN units_unit u ON u.id = a.unit_id AND u.path LIKE %(below)s
            WHERE a.status = 'approved' AND a.date <= %(end)s AND a.plan_id IN (
                SELECT p.id FROM plans_plan p JOIN units_unit i ON i.id = p.issuer_id
                WHERE i.path LIKE %(below)s AND i.id <> %(city)s
                  AND p.status IN ('issued', 'closed')
                  AND p.id IN (SELECT plan_id FROM plans_target))
            GROUP BY a.plan_id, a.form_id, u.organisation_id
        ) s
        JOIN plans_plan p ON p.id = s.plan_id
        JOIN units_unit i ON i.id = p.issuer_id
        JOIN units_unit o ON o.id = s.organisation_id
        WHERE o.path LIKE i.path || '%%'
        GROUP BY s.plan_id, s.form_id
    """,
    # Each commune's activities of the year by status (sent or approved, returned), with
    # how many have evidence: one pass over the period's activities (the covering index
    # `activity_newest_first`) joined by hash to the set of activities with evidence.
    "activities": """
        SELECT u.organisation_id, a.status, COUNT(*), COUNT(e.activity_id)
        FROM activities_activity a
        JOIN units_unit u ON u.id = a.unit_id
        JOIN units_unit c ON c.id = u.organisation_id
        LEFT JOIN (SELECT DISTINCT activity_id FROM activities_evidence) e
               ON e.activity_id = a.id
        WHERE c.path LIKE %(below)s AND c.id <> %(city)s
          AND a.date BETWEEN %(start)s AND %(end)s
          AND a.status IN ('submitted', 'approved', 'returned')
        GROUP BY u.organisation_id, a.status
    """,
}


def emulation_counts(ctx):
    """The floor of the emulation ranking: what it counts per commune for the year, in four
    hand-written statements, with no scoring, ranking or page around them."""
    from django.db import connection

    from reports.models import PeriodKind
    from reports.periods import period_bounds

    city = ctx["city"]
    start, end = period_bounds(PeriodKind.YEAR, ctx["year"], 1, city.period_scheme)
    params = {
        "below": city.path + "%",
        "city": city.pk,
        "start": start,
        "end": min(end, ctx["until"]),
        "today": ctx["until"],
        "year": ctx["year"],
    }
    rows = []
    with connection.cursor() as cursor:
        for sql in EMULATION_SQL.values():
            cursor.execute(sql, params)
            rows.extend(cursor.fetchall())
    return rows


def _write_exports_here():
    """Exports and roll-ups are export jobs (exports app): time their writing in this process
    (eager, as without a worker), never a file kept from an earlier run."""
    import datetime

    from django.utils import timezone

    from config.celery import app
    from exports.services import export_cleanup

    app.conf.task_always_eager = True
    export_cleanup(now=timezone.now() + datetime.timedelta(days=3650))


def run_job(entry, ctx):
    """Run one job here (in the child process); returns its timing and memory."""
    from django.test import Client

    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    size = 0
    if "url" in entry:
        _write_exports_here()
        client = Client()
        client.force_login(ctx["users"][entry["user"]], backend=MODEL_BACKEND)
        response = client.get(resolve(entry, ctx))
        if response.status_code != 200:
            raise SystemExit(f"{entry['name']}: HTTP {response.status_code}")
        if response.streaming:
            for chunk in response.streaming_content:
                size += len(chunk)
        else:
            size = len(response.content)
    else:
        function = _callable(entry["call"])
        kwargs = {
            key: ctx["users"][name] if name in USERS else ctx.get(name, name)
            for key, name in entry.get("kwargs", {}).items()
        }
        result = function(**kwargs)
        if isinstance(result, (bytes, str)):
            size = len(result)
        elif hasattr(result, "__iter__") and not isinstance(result, dict):
            for item in result:
                size += len(item) if isinstance(item, (bytes, str)) else 1
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"seconds": round(seconds, 3), "peak_mb": round(peak, 1), "idle_mb": round(idle, 1),
              "bytes": size}  # fmt: skip
    if "rows" in entry:
        result["rows"] = ctx[entry["rows"]]
    return result


def run_in_child(entry, ctx):
    """Run a job in a forked child (Django loaded, its own database connection), so that
    its peak memory is its own."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child():
        try:
            sender.send(run_job(entry, ctx))
        except BaseException as error:  # reported by the parent
            sender.send({"error": f"{type(error).__name__}: {error}"})
            raise
        finally:
            connections.close_all()

    process = context.Process(target=child)
    process.start()
    sender.close()
    result = receiver.recv() if receiver.poll(JOB_TIMEOUT) else {"error": "hết thời gian chờ"}
    process.join(10)
    if "error" in result:
        raise SystemExit(f"{entry['name']}: {result['error']}")
    return result


def _callable(path):
    if "." not in path:
        return globals()[path]
    module, _, name = path.rpartition(".")
    return getattr(__import__(module, fromlist=[name]), name)


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
JOB_TIMEOUT = 3 * 60 * 60


# ---------------------------------------------------------------------------- pages


def progress(message):
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def start_worker(env):
    """With Redis, a Celery worker for the documents queue (export jobs, documents rendered
    ahead) at a lower CPU priority than the web, as docker-compose runs it."""
    if not env.get("REDIS_URL"):
        return None
    return subprocess.Popen(
        ["nice", "-n", "10", sys.executable, "-m", "celery", "-A", "config", "worker",
         "-Q", "documents,celery", "--concurrency", "1", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_gunicorn(env, workers):
    """Start gunicorn (its workers boot while the database is prepared); returns the process
    and its port."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "-c", "config/gunicorn_conf.py", "config.wsgi",
            "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "300",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    return process, port


def wait_ready(process, port):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn dừng: " + process.stderr.read().decode()[-2000:])
        try:
            status, _ = fetch(port, "/healthz/", None)
            if status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn không sẵn sàng sau 120 giây")


def fetch(port, path, cookie, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    if own:
        connection.close()
    return response.status, body


def measure_page(port, path, cookie, *, requests, clients):
    """Latencies (ms) of `requests` GETs issued by `clients` concurrent keep-alive clients."""
    # Warm-up, concurrent so that every worker serves the page once: templates, caches,
    # database connections.
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for status, _ in pool.map(lambda _: fetch(port, path, cookie), range(2 * clients)):
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
    per_client = [
        requests // clients + (1 if i < requests % clients else 0) for i in range(clients)
    ]

    def client(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            status, _ = fetch(port, path, cookie, connection)
            timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
        connection.close()
        return timings

    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(client, per_client))
    return [timing for timings in results for timing in timings]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def count_queries(path, user):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code} (test client)")
    return len(queries)


def session_cookie(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# ---------------------------------------------------------------------------- the run


def server_url(args):
    if args.server:
        return args.server.rstrip("/")
    if os.environ.get("BENCH_SERVER"):
        return os.environ["BENCH_SERVER"].rstrip("/")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def admin_connection(server):
    import psycopg

    parts = urllib.parse.urlsplit(server)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or "postgres"),
        password=urllib.parse.unquote(parts.password) if parts.password else None,
        dbname="postgres",
        autocommit=True,
    )


def database_exists(server, name):
    with admin_connection(server) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def drop_database(server, name):
    with admin_connection(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_database(server, name):
    with admin_connection(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def bench_env(database_url, redis_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST")
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY") or SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def setup_django(env):
    # WhiteNoise looks for collected static files the benchmark never requests.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    os.environ.update(env)
    for key in ("REDIS_URL", "DEBUG"):
        if key not in env:
            os.environ.pop(key, None)
    import django

    django.setup()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data set, under a minute")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--reuse", action="store_true", help="measure an existing data set")
    parser.add_argument("--recreate", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--keep", action="store_true", help="keep the --quick database")
    parser.add_argument("--db", help="database name (loa_bench, or loa_bench_quick)")
    parser.add_argument("--server", help="PostgreSQL server URL without database name")
    parser.add_argument("--redis-url", help="use this Redis as cache and broker, as in production")
    for key, default in FULL_SCALE.items():
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, default=None,
                            help=f"(default {default}, --quick {QUICK_SCALE[key]})")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", help="last day of activities, YYYY-MM-DD (default today)")
    parser.add_argument("--requests", type=int, help="requests per page (100; --quick 15)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (4)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (4; --quick 2)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="measure only the pages and jobs whose name contains this text (repeatable)",
    )
    parser.add_argument(
        "--versus",
        type=Path,
        help="the JSON of a run at another scale: compare a commune's and the city's pages with it",
    )
    parser.add_argument(
        "--gc-requests",
        type=int,
        help="home page requests of the collection measurement (1000; --quick 200)",
    )
    parser.add_argument(
        "--export-sample",
        type=int,
        help="rows the default-resource export job writes (5000; --quick 300)",
    )
    args = parser.parse_args(argv)
    scale = QUICK_SCALE if args.quick else FULL_SCALE
    for key, default in scale.items():
        if getattr(args, key) is None:
            setattr(args, key, default)
    args.db = args.db or ("loa_bench_quick" if args.quick else "loa_bench")
    args.requests = args.requests or (15 if args.quick else 100)
    args.workers = args.workers or (2 if args.quick else 4)
    args.export_sample = args.export_sample or (300 if args.quick else 5000)
    args.gc_requests = args.gc_requests or (200 if args.quick else 1000)
    return args


def prepare_database(args, server, env):
    exists = database_exists(server, args.db)
    if args.quick or args.recreate:
        drop_database(server, args.db)
        exists = False
    elif exists and not args.reuse:
        raise SystemExit(
            f"Cơ sở dữ liệu {args.db} đã có: thêm --reuse để đo lại, --recreate để sinh lại."
        )
    if exists:
        return None
    create_database(server, args.db)
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0, skip_checks=True)
    migrated = time.monotonic()
    call_command(
        "generate_scale",
        provinces=args.provinces,
        communes=args.communes,
        units_per_commune=args.units_per_commune,
        activities=args.activities,
        years=args.years,
        assignments=args.assignments,
        seed=args.seed,
        until=datetime.date.fromisoformat(args.until) if args.until else None,
    )
    return {
        "migrate_seconds": round(migrated - started, 1),
        "generate_seconds": round(time.monotonic() - migrated, 1),
    }


def machine_info(db_name):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), pg_database_size(%s)", [db_name])
        version, size = cursor.fetchone()
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": version.split(",")[0],
        "database_mb": round(size / 2**20),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv=None):
    args = parse_args(argv)
    began = time.monotonic()
    server = server_url(args)
    env = bench_env(f"{server}/{args.db}", args.redis_url)
    setup_django(env)
    gunicorn = start_gunicorn(env, args.workers)  # its workers boot meanwhile
    worker = start_worker(env)
    try:
        setup = prepare_database(args, server, env)
        results = measure(args, gunicorn)
        if setup:
            results["setup"] = setup
        results["total_seconds"] = round(time.monotonic() - began, 1)
        print_table(results)
        if args.json:
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    finally:
        for process in (gunicorn[0], worker):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(30)
        if args.quick and not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(server, args.db)


def measure(args, gunicorn):
    from django.conf import settings
    from django.db import connection

    # Jobs run in children forked from here: import the views (and WeasyPrint and openpyxl
    # behind them) first, as a gunicorn worker does when it starts (config/wsgi.py), so that a
    # job's time is its work and not the imports, whichever pages were measured before.
    importlib.import_module(settings.ROOT_URLCONF)
    ctx = build_context(export_sample=args.export_sample)
    dataset = ctx["dataset"]
    results = {
        "machine": machine_info(args.db),
        "dataset": {
            "provinces": dataset.provinces,
            "communes_per_province": dataset.communes,
            "units_per_commune": dataset.units_per_commune,
            "activities": dataset.activities,
            "years": dataset.years,
            "until": dataset.until.isoformat(),
            "seed": dataset.seed,
            "generate_seconds": dataset.seconds,
            "rows": dataset.counts,
        },
        "settings": {
            "requests_per_page": args.requests,
            "clients": args.clients,
            "gunicorn_workers": args.workers,
        },
        "objects": {
            name: str(ctx[name]) for name in ("city", *OBJECTS) if ctx.get(name) is not None
        },
        "pages": [],
        "jobs": [],
        "baselines": [],
        "phase_seconds": {},
    }
    mark = [time.monotonic()]

    def phase(name):
        now = time.monotonic()
        results["phase_seconds"][name] = round(now - mark[0], 1)
        mark[0] = now
        progress(f"{name}: {results['phase_seconds'][name]} s")

    pages = [(entry, resolve(entry, ctx)) for entry in chosen(PAGES, args.only)]
    counts = {
        entry["name"]: count_queries(path, ctx["users"][entry["user"]]) for entry, path in pages
    }
    cookies = {key: session_cookie(user) for key, user in ctx["users"].items()}
    connection.close()
    phase("context_and_query_counts")
    editor_queries = editor_post_queries(ctx)
    process, port = gunicorn
    wait_ready(process, port)
    phase("gunicorn_start")
    home = None
    try:
        for entry, path in pages:
            progress(f"trang {entry['name']} ({path}) …")
            timings = measure_page(
                port, path, cookies[entry["user"]], requests=args.requests, clients=args.clients
            )
            results["pages"].append(
                {
                    "name": entry["name"],
                    "url": path,
                    "p50_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(percentile(timings, 0.95), 1),
                    "queries": counts[entry["name"]],
                }
            )
        if not args.only:
            home = measure_home_under_downloads(args, ctx, port, cookies)
    finally:
        process.terminate()
        process.wait(30)
    phase("pages")
    for entry in chosen(JOBS, args.only):
        progress(f"tác vụ {entry['name']} …")
        results["jobs"].append({"name": entry["name"], **run_in_child(entry, ctx)})
    phase("jobs")
    measured = {row["name"] for row in results["pages"] + results["jobs"]}
    for entry in BASELINES:
        needs = {entry.get("versus"), entry.get("job"), entry.get("page")} - {None}
        if not needs <= measured:
            continue  # what it is compared with was left out by --only
        row = {"name": entry["name"], "seconds": baseline(entry, ctx, results)}
        if entry.get("versus"):
            other = measured_seconds(entry["versus"], results)
            floor = "sql" in entry
            row["versus"] = entry["versus"]
            row["ratio"] = round(other / row["seconds"] if floor else row["seconds"] / other, 1)
        results["baselines"].append(row)
    phase("baselines")
    if not args.only:
        from tests.perf import gc_cost

        collection = gc_cost.measure_policy(
            "freeze when warm",
            requests=args.gc_requests,
            page="/",
            env=dict(os.environ),
            username=ctx["users"]["city_leader"].username,
        )
        phase("gc")
        stored = stored_pdf_speedup(ctx)
        phase("stored_pdf")
        results["figures"] = heavy_work_figures(editor_queries, home, collection, stored)
    if args.versus:
        results.setdefault("figures", []).extend(scale_versus(results, args.versus))
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


# Downloads that 4 clients keep making while the home page is measured: the stored PDFs of
# an issued plan and of a sent report, the commune's activity export and the city's roll-up,
# which are export jobs (written by the documents worker with Redis, inside the request
# without it) handed out again while their rows do not change. A draft's files, rendered on
# each download within plans/limits.py, are not among them.
DOWNLOADS = [
    ("plans:pdf", ["city_plan"], None, "city_leader"),
    ("reports:pdf", ["commune_sent_report"], None, "commune_leader"),
    ("activities:export", [], None, "commune_leader"),
    ("reports:rollup_pdf", [], "year={year}", "city_leader"),
]


def measure_home_under_downloads(args, ctx, port, cookies):
    """The home page's p95 while `len(DOWNLOADS)` other clients download documents."""
    import threading

    downloads = [
        (resolve({"url": url, "args": names, "query": query}, ctx), cookies[user])
        for url, names, query, user in DOWNLOADS
    ]
    stop = threading.Event()
    made = []

    def download(path, cookie):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        while not stop.is_set():
            status, _ = fetch(port, path, cookie, connection)
            made.append(status)
            if status == 302:  # a job under way: its page, as the person's browser shows it
                time.sleep(1)
        connection.close()

    def home_p95():
        timings = measure_page(
            port, "/", cookies["city_leader"], requests=args.requests, clients=args.clients
        )
        return round(percentile(timings, 0.95), 1)

    progress("trang chủ một mình, rồi trong lúc 4 client tải văn bản …")
    alone = home_p95()
    threads = [threading.Thread(target=download, args=item) for item in downloads]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)  # every download under way
        loaded = home_p95()
    finally:
        stop.set()
        for thread in threads:
            thread.join(300)
    return {
        "alone_p95_ms": alone,
        "p95_ms": loaded,
        "downloads": len(made),
        "failed_downloads": sum(1 for status in made if status >= 400),
    }


# How cost grows (issue 17): against a run at another scale, a commune's own pages must stay
# flat, and the city's grow no faster than the city's own data (the activities it sees).
COMMUNE_PAGES = ["Danh sách hoạt động của xã", "Bảng điều khiển của xã"]
CITY_PAGES = ["Trang chủ", "Danh sách hoạt động", "Bảng điều khiển", "Ma trận tổng hợp"]


def scale_versus(results, path):
    """The p95 of a commune's and of the city's pages here against a run at another scale
    (`--versus`), each with its budget: 1.5× for a commune's pages, 1.5× the growth of the
    city's activities for the city's, with both data sets and load averages."""
    other = json.loads(path.read_text(encoding="utf-8"))
    there = {row["name"]: row for row in other["pages"]}
    growth = int(results["objects"]["city_activities"]) / int(other["objects"]["city_activities"])
    rows = []
    for row in results["pages"]:
        if row["name"] not in there or row["name"] not in COMMUNE_PAGES + CITY_PAGES:
            continue
        limit = 1.5 if row["name"] in COMMUNE_PAGES else round(1.5 * max(growth, 1), 2)
        ratio = round(row["p95_ms"] / there[row["name"]]["p95_ms"], 2)
        detail = {
            "p95_ms": row["p95_ms"],
            "versus_p95_ms": there[row["name"]]["p95_ms"],
            "city_activities_growth": round(growth, 2),
            "versus_dataset": other["dataset"],
            "versus_load_average": other["machine"]["load_average"],
        }
        name = f"{row['name']}: p95 ở quy mô này so với lần chạy kia"
        rows.append({"name": name, "value": ratio, "unit": "×", "budget": f"<= {limit}",
                     "met": ratio <= limit, "detail": detail})  # fmt: skip
    return rows


def heavy_work_figures(editor_queries, home, collection, stored):
    """The figures of heavy work off the request path, each with its budget."""
    figures = [
        ("Tải PDF kế hoạch đã lưu: nhanh hơn dựng lại", stored["ratio"], "×", ">= 20"),
        ("Trang chủ p95 khi 4 client tải văn bản, so với một mình",
         round(home["p95_ms"] / home["alone_p95_ms"], 2), "×", "<= 2"),
        ("Lưu trình soạn kế hoạch (POST): truy vấn", editor_queries, "", "<= 20"),
        ("Thu gom rác sau mỗi phản hồi, sau 1.000 lượt: % CPU trang chủ",
         round(collection["share"], 1), "%", "<= 5"),
    ]  # fmt: skip
    rows = []
    for name, value, unit, budget in figures:
        operator, limit = budget.split()
        met = value is not None and (
            value >= float(limit) if operator == ">=" else value <= float(limit)
        )
        rows.append({"name": name, "value": value, "unit": unit, "budget": budget, "met": met})
    rows[0]["detail"] = stored
    rows[1]["detail"] = home
    rows[3]["detail"] = collection
    return rows


def baseline(entry, ctx, results):
    if "sql" in entry:
        function = _callable(entry["sql"])
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            function(ctx)
            timings.append(time.perf_counter() - started)
        return round(statistics.median(timings), 3)
    if "job" in entry:
        job = next(job for job in results["jobs"] if job["name"] == entry["job"])
        if "scale_to" in entry:
            return round(job["seconds"] / max(job["rows"], 1) * ctx[entry["scale_to"]], 1)
        return job["seconds"]
    page = next(page for page in results["pages"] if page["name"] == entry["page"])
    return round(page["p50_ms"] / 1000, 3)


def chosen(entries, only):
    """The entries whose name contains one of the `--only` texts (all without --only)."""
    if not only:
        return entries
    return [e for e in entries if any(text.lower() in e["name"].lower() for text in only)]


def measured_seconds(name, results):
    """A job's seconds, or a page's p50 in seconds."""
    for job in results["jobs"]:
        if job["name"] == name:
            return max(job["seconds"], 0.001)
    page = next(page for page in results["pages"] if page["name"] == name)
    return max(page["p50_ms"] / 1000, 0.001)


def print_table(results):
    machine, dataset, settings = results["machine"], results["dataset"], results["settings"]
    print()
    print(
        f"Loa benchmark {machine['date']} · {machine['host']} · {machine['cpus']} CPU · "
        f"{machine['postgresql']} · tải máy {machine['load_average']} → "
        f"{machine['load_average_end']}"
    )
    print(
        f"Dữ liệu: {dataset['provinces']} tỉnh × {dataset['communes_per_province']} xã × "
        f"{dataset['units_per_commune']} đơn vị, {dataset['activities']:,} hoạt động, "
        f"{machine['database_mb']:,} MB"
    )
    width = max(len(row["name"]) for key in ("pages", "jobs", "baselines") for row in results[key])
    print()
    heading = f"Trang ({settings['requests_per_page']} lượt, {settings['clients']} client)"
    print(f"{heading:<{width}}  {'p50 ms':>9} {'p95 ms':>9} {'truy vấn':>9}")
    for row in results["pages"]:
        figures = f"{row['p50_ms']:>9.1f} {row['p95_ms']:>9.1f} {row['queries']:>9}"
        print(f"{row['name']:<{width}}  {figures}")
    print()
    print(f"{'Tác vụ':<{width}}  {'giây':>9} {'đỉnh MB':>9}")
    for row in results["jobs"]:
        print(f"{row['name']:<{width}}  {row['seconds']:>9.2f} {row['peak_mb']:>9.1f}")
    print()
    print(f"{'Mốc so sánh':<{width}}  {'giây':>9} {'tỉ lệ':>9}")
    for row in results["baselines"]:
        ratio = f"{row['ratio']:>8.1f}×" if "ratio" in row else ""
        print(f"{row['name']:<{width}}  {row['seconds']:>9.3f} {ratio}")
    print()
    if results.get("figures"):
        print(f"{'Chỉ số':<{width}}  {'giá trị':>9} {'ngưỡng':>9}")
        for row in results["figures"]:
            value = f"{row['value']}{row['unit']}"
            verdict = "đạt" if row["met"] else "CHƯA ĐẠT"
            print(f"{row['name']:<{width}}  {value:>9} {row['budget']:>9}  {verdict}")
        print()


if __name__ == "__main__":
    main()
