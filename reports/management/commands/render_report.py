"""Render an organisation's report for a period as PDF or Excel, for scripted use.

    python manage.py render_report --unit HN-KIEUPHU --period 2026-Q1 --format pdf --output q1.pdf

An organisation with subordinate organisations gets the roll-up (one row per subordinate
and the totals); any other gets its own report: the one it has for the period (frozen
figures once submitted) or, when none was opened yet, a draft computed on the fly and not
saved.
"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports.document import report_pdf, rollup_pdf
from reports.exports import write_report, write_rollup
from reports.models import Report
from reports.periods import PeriodError, parse_period
from reports.selectors import rollup
from reports.services import organisation_period, report_figures, report_prefill
from reports.services.workflow import report_defaults
from units.access import subordinate_organisations
from units.models import Unit


class Command(BaseCommand):
    help = "Xuất báo cáo định kỳ (PDF hoặc Excel) của một cơ quan cho một kỳ."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Mã cơ quan, ví dụ HN-KIEUPHU.")
        parser.add_argument(
            "--period", required=True, help="Kỳ: 2026-01, 2026-Q1, 2026-H1 hoặc 2026."
        )
        parser.add_argument("--format", choices=["pdf", "xlsx"], default="pdf")
        parser.add_argument("--output", required=True, help="Tệp kết quả.")

    def handle(self, *args, unit, period, format, output, **options):
        try:
            organisation = Unit.objects.get(code=unit, is_organisation=True)
        except Unit.DoesNotExist as exc:
            raise CommandError(f"Không có cơ quan mã «{unit}».") from exc
        try:
            kind, year, index = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc

        if subordinate_organisations(organisation).exists():
            result = rollup(
                superior=organisation,
                kind=kind,
                year=year,
                index=index,
                today=timezone.localdate(),
            )
            if format == "pdf":
                content = rollup_pdf(result)
            else:
                buffer = io.BytesIO()
                write_rollup(result, buffer)
                content = buffer.getvalue()
            what = f"tổng hợp {result.label}, {len(result.rows)} dòng"
        else:
            reporting_period, _ = organisation_period(
                organisation=organisation, kind=kind, year=year, index=index
            )
            report = Report.objects.filter(
                organisation=organisation, period=reporting_period, plan=None
            ).first()
            if report is None:
                report = Report(
                    organisation=organisation,
                    period=reporting_period,
                    **report_defaults(organisation, reporting_period),
                )
                report_prefill(report=report)
            figures = report_figures(report=report)
            if format == "pdf":
                content = report_pdf(report, figures)
            else:
                buffer = io.BytesIO()
                write_report(report, figures, buffer)
                content = buffer.getvalue()
            what = f"báo cáo {reporting_period.label} ({report.get_status_display().lower()})"
        Path(output).write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {what} vào {output}."))
