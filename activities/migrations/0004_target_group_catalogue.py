from django.db import migrations

from activities.catalogue import sync_target_groups


def load_catalogue(apps, schema_editor):
    sync_target_groups(apps.get_model("activities", "TargetGroup"))


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
