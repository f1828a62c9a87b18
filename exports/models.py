"""Long downloads as jobs: an export of many rows or a roll-up document, written by a Celery
worker (in-process in the embedded default) into the storage, with its progress for the
page that waits for it, kept for a while and handed again to whoever asks the same thing."""

from django.conf import settings
from django.db import models

from units.models import Unit


class ExportKind(models.TextChoices):
    ACTIVITIES = "activities", "Danh sách hoạt động"
    ROLLUP = "rollup", "Báo cáo tổng hợp"


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel"
    CSV = "csv", "CSV"
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang ghi"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Bị lỗi"


class ExportJobQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Jobs whose rows the user may read: those of the user's own reach (see
        exports.kinds.reach_of), whoever asked for them. Nobody else's, never a subordinate's
        or a superior's: they ask their own."""
        from .kinds import reach_of

        return self.filter(reach=reach_of(user))


class ExportJob(models.Model):
    """One download being written, or written: what was asked (kind, format, filters), of what
    (`reach`: the rows the asker may read, `data_version`: their state when asked), how far it
    got and, when done, its file in the storage until `expires_at`."""

    kind = models.CharField("loại", max_length=12, choices=ExportKind.choices)
    fmt = models.CharField("định dạng", max_length=4, choices=ExportFormat.choices)
    reach = models.CharField(
        "phạm vi dữ liệu", max_length=40, help_text="«org:12» (một cơ quan và cấp dưới) hoặc «all»."
    )
    organisation = models.ForeignKey(
        Unit,
        verbose_name="cơ quan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu",
        on_delete=models.CASCADE,
        related_name="+",
    )
    params = models.JSONField("bộ lọc", default=dict, blank=True)
    key = models.CharField(
        "khóa yêu cầu", max_length=64, help_text="Băm của loại, định dạng, phạm vi và bộ lọc."
    )
    data_version = models.CharField("phiên bản dữ liệu", max_length=200)
    status = models.CharField(
        "trạng thái", max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    done = models.PositiveIntegerField("đã ghi", default=0)
    total = models.PositiveIntegerField("cần ghi", default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", max_length=255, blank=True)
    filename = models.CharField("tên tệp tải về", max_length=200)
    message = models.TextField("lý do lỗi", blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)
    expires_at = models.DateTimeField("giữ đến", db_index=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "tệp xuất"
        verbose_name_plural = "tệp xuất"
        indexes = [models.Index(fields=["key", "data_version"], name="export_job_request_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_fmt_display()}) #{self.pk}"

    @property
    def is_finished(self):
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)

    @property
    def percent(self):
        return min(100, round(100 * self.done / self.total)) if self.total else 0
