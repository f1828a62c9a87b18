"""A folded copy of what people search plans and legal documents by (units/search.py),
filled for existing rows, with a trigram index on PostgreSQL."""

from django.db import migrations, models

from units.search import fill_search_text, trigram_index


def number_display(row):
    if row.number is None:
        return row.symbol
    return f"{row.number:02d}/{row.symbol}" if row.symbol else f"{row.number:02d}"


def plan_parts(plan):
    return [
        number_display(plan),
        plan.title,
        plan.place,
        plan.period_label,
        plan.purpose,
        plan.requirements,
    ]


def document_parts(document):
    return [document.number, document.issuer, document.title]


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0013_plan_scan_job"),
        ("units", "0007_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="legaldocument",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        fill_search_text("plans", "Plan", plan_parts),
        fill_search_text("plans", "LegalDocument", document_parts),
        trigram_index("plans_plan", "plan_search_trgm"),
        trigram_index("plans_legaldocument", "legal_document_search_trgm"),
    ]
