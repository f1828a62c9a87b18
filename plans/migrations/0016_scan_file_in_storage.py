import uuid

from django.core.files.base import ContentFile
from django.db import migrations, models


def move_waiting_scans_to_storage(apps, schema_editor):
    """A scan still waiting for OCR keeps its PDF: moved from the row to the storage."""
    PlanScanJob = apps.get_model("plans", "PlanScanJob")
    for job in PlanScanJob.objects.exclude(data=b"").only("pk", "data").iterator():
        job.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(bytes(job.data)), save=False)
        PlanScanJob.objects.filter(pk=job.pk).update(file=job.file.name, data=b"")


def move_waiting_scans_back(apps, schema_editor):
    PlanScanJob = apps.get_model("plans", "PlanScanJob")
    for job in PlanScanJob.objects.exclude(file="").only("pk", "file").iterator():
        with job.file.open("rb") as handle:
            data = handle.read()
        PlanScanJob.objects.filter(pk=job.pk).update(data=data, file="")
        job.file.storage.delete(job.file.name)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0015_stored_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="planscanjob",
            name="file",
            field=models.FileField(
                blank=True, max_length=255, upload_to="scans/%Y/%m/", verbose_name="tệp quét"
            ),
        ),
        migrations.RunPython(move_waiting_scans_to_storage, move_waiting_scans_back),
        migrations.RemoveField(
            model_name="planscanjob",
            name="data",
        ),
    ]
