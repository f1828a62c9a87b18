from django.db import migrations

from plans.catalogue import sync_outreach_forms


def load_catalogue(apps, schema_editor):
    sync_outreach_forms(apps.get_model("plans", "OutreachForm"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
