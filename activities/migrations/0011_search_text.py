"""A folded copy of what people search activities by (units/search.py), filled for existing
rows, with a trigram index on PostgreSQL."""

from django.db import migrations, models

from units.search import fill_search_text, trigram_index


def activity_parts(activity):
    return [activity.title, activity.description, activity.place]


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_bound_text_fields"),
        ("units", "0007_search_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="search_text",
            field=models.TextField(
                blank=True, default="", editable=False, verbose_name="nội dung tìm kiếm"
            ),
        ),
        fill_search_text("activities", "Activity", activity_parts),
        trigram_index("activities_activity", "activity_search_trgm"),
    ]
