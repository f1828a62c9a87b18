"""A folded copy of what people search units and people by (units/search.py), filled for
existing rows, with pg_trgm and a trigram index on PostgreSQL (no-ops on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

from units.search import fill_search_text, trigram_index


def unit_parts(unit):
    return [unit.name, unit.full_name, unit.short_name, unit.code, unit.place_name]


def user_parts(user):
    return [user.full_name, user.username, user.email, user.phone, user.position]


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0006_user_history"),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddField(
            model_name="unit",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        fill_search_text("units", "Unit", unit_parts),
        fill_search_text("units", "User", user_parts),
        trigram_index("units_unit", "unit_search_trgm"),
        trigram_index("units_user", "user_search_trgm"),
    ]
