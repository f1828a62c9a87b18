"""A folded copy of what people search reports by (units/search.py), filled for existing
rows, with a trigram index on PostgreSQL."""

from django.db import migrations, models

from units.search import fill_search_text, trigram_index

TEXTS = (
    "title",
    "place",
    "results",
    "strengths",
    "shortcomings",
    "difficulties",
    "next_tasks",
    "proposals",
)


def report_parts(report):
    if report.number is None:
        number = report.symbol
    else:
        number = f"{report.number:02d}/{report.symbol}" if report.symbol else f"{report.number:02d}"
    return [number, *(getattr(report, name) for name in TEXTS)]


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_report_drafted"),
        ("units", "0007_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        fill_search_text("reports", "Report", report_parts),
        trigram_index("reports_report", "report_search_trgm"),
    ]
