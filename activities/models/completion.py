"""Task completion: a unit says its part of an assignment is done (or how far it got).

One row per assignment and unit. A plain assignment has one row, for its unit. A group
assignment («Các thôn») has one row per covered unit that reported, and one row for the
assignment's own unit, which stands for the whole: it is written «done» by the service when
the last covered unit reports done, and reopened with any part. So "is this assignment done"
is always one indexed lookup of (assignment, assignment.unit); activities/deadlines.py
states the rule.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from plans.models import Assignment
from units.fields import NOTE, PARAGRAPHS, bounded_text
from units.models import Unit


class CompletionStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"
    REOPENED = "reopened", "Mở lại"


class TaskCompletion(models.Model):
    """Where one unit stands with one assignment: progress in percent, or done with its
    result; reopened by the issuing organisation with a comment."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name="nhiệm vụ",
        on_delete=models.CASCADE,
        related_name="completions",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        related_name="task_completions",
        help_text="Đơn vị được giao; với nhiệm vụ chung («Các thôn»): từng đơn vị, và đơn vị "
        "được giao cho cả nhóm.",
    )
    status = models.CharField(
        "tình trạng",
        max_length=12,
        choices=CompletionStatus.choices,
        default=CompletionStatus.IN_PROGRESS,
    )
    percent = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MaxValueValidator(100)]
    )
    result = bounded_text("kết quả thực hiện", PARAGRAPHS, blank=True)
    link = models.URLField("đường dẫn minh chứng", max_length=500, blank=True)
    activities = models.ManyToManyField(
        "activities.Activity",
        verbose_name="hoạt động đã thực hiện",
        blank=True,
        related_name="completions",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người báo cáo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField("báo cáo lúc", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người báo hoàn thành",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)
    done_on = models.DateField(
        "ngày hoàn thành", null=True, blank=True, help_text="Theo giờ Việt Nam."
    )
    is_late = models.BooleanField(
        "hoàn thành muộn",
        default=False,
        help_text="Báo hoàn thành sau hạn; giữ nguyên dấu này kể cả khi hạn được lùi.",
    )
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người mở lại",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField("mở lại lúc", null=True, blank=True)
    reopen_comment = bounded_text("lý do mở lại", NOTE, blank=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả nhiệm vụ"
        verbose_name_plural = "kết quả nhiệm vụ"
        ordering = ["assignment", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "unit"],
                name="completion_one_per_assignment_and_unit",
                violation_error_message="Đơn vị đã có kết quả cho nhiệm vụ này.",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="completion_percent_at_most_100",
                violation_error_message="Tiến độ tối đa là 100%.",
            ),
        ]

    def __str__(self):
        return f"{self.assignment} – {self.unit}: {self.get_status_display()}"

    @property
    def is_done(self):
        return self.status == CompletionStatus.DONE
