from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from plans.models import Plan
from units.access import downward_q, sees_everything
from units.fields import NOTE, PART, SECTION, TITLE, bounded_text
from units.models import CutoffScheme, Unit
from units.search import refresh_search_text, search_text_field


class PeriodKind(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    HALF = "half", "6 tháng"
    YEAR = "year", "Năm"
    CUSTOM = "custom", "Tùy chọn"


class ReportingPeriod(models.Model):
    """A span that figures are cut off for, e.g. «Quý I/2026» from 15/12/2025 to 14/3/2026.

    Standard periods (month, quarter, half-year, year) are shared by all organisations using
    the same cut-off scheme; custom periods belong to one organisation.
    """

    kind = models.CharField("loại kỳ", max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField("năm")
    index = models.PositiveSmallIntegerField(
        "thứ tự trong năm", default=1, help_text="Tháng 1–12, quý 1–4, nửa năm 1–2, cả năm 1."
    )
    scheme = models.CharField(
        "cách chốt số liệu",
        max_length=10,
        choices=CutoffScheme.choices,
        default=CutoffScheme.DECREE_09,
    )
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    due_date = models.DateField("hạn gửi báo cáo", null=True, blank=True)
    label = models.CharField("tên kỳ", max_length=100)
    organisation = models.ForeignKey(
        Unit,
        verbose_name="cơ quan (kỳ tùy chọn)",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "index", "scheme"],
                condition=Q(organisation__isnull=True),
                name="reporting_period_unique_standard",
                violation_error_message="Kỳ báo cáo này đã có.",
            ),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="reporting_period_ends_after_start",
                violation_error_message="Ngày kết thúc kỳ phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return self.label


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã gửi"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    RETURNED = "returned", "Trả lại"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_everything(user):
            return self
        return self.filter(downward_q(user, "organisation"))


class Report(models.Model):
    """A periodic report (báo cáo) of an organisation to its superior."""

    organisation = models.ForeignKey(
        Unit,
        verbose_name="cơ quan báo cáo",
        on_delete=models.PROTECT,
        related_name="reports",
        limit_choices_to={"is_organisation": True},
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name="kỳ báo cáo", on_delete=models.PROTECT, related_name="reports"
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="kế hoạch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Để trống khi báo cáo chung mọi kế hoạch của cơ quan.",
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=40, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    title = bounded_text("trích yếu", TITLE)
    addressee = models.CharField("kính gửi", max_length=255, blank=True)
    results = bounded_text("kết quả thực hiện", SECTION, blank=True)
    strengths = bounded_text("ưu điểm", PART, blank=True)
    shortcomings = bounded_text("tồn tại, hạn chế", PART, blank=True)
    difficulties = bounded_text("khó khăn, vướng mắc và nguyên nhân", PART, blank=True)
    next_tasks = bounded_text("nhiệm vụ kỳ tới", PART, blank=True)
    proposals = bounded_text("đề xuất, kiến nghị", PART, blank=True)
    figures = models.JSONField("số liệu chốt khi gửi", default=dict, blank=True, editable=False)
    # The narrative Loa last wrote, per part: a part still equal to it was not edited by
    # anyone and may be rewritten from new figures.
    drafted = models.JSONField("bản viết tự động", default=dict, blank=True, editable=False)
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người gửi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    # Timeliness is judged on the first time the report was sent, whatever came after.
    first_submitted_at = models.DateTimeField("gửi lần đầu lúc", null=True, blank=True)
    times_returned = models.PositiveSmallIntegerField("số lần bị trả lại", default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tiếp nhận",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    review_comment = bounded_text("ý kiến cấp trên", NOTE, blank=True)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True)
    signer_on_behalf = models.CharField("ký thay, ký thừa lệnh", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True)
    recipients = bounded_text("nơi nhận", NOTE, blank=True, help_text="Mỗi dòng một nơi nhận.")
    version = models.PositiveIntegerField("phiên bản", default=1)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = (
        "number",
        "symbol",
        "title",
        "place",
        "results",
        "strengths",
        "shortcomings",
        "difficulties",
        "next_tasks",
        "proposals",
    )

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["figures", "drafted", "search_text"])

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ["-period__start", "organisation__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "plan"],
                condition=Q(plan__isnull=False),
                name="report_one_per_plan_and_period",
                violation_error_message="Cơ quan đã có báo cáo kỳ này cho kế hoạch này.",
            ),
            models.UniqueConstraint(
                fields=["organisation", "period"],
                condition=Q(plan__isnull=True),
                name="report_one_general_per_period",
                violation_error_message="Cơ quan đã có báo cáo chung cho kỳ này.",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.period}"

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [
            self.number_display or self.symbol,
            *(getattr(self, name) for name in self.SEARCH_FIELDS[2:]),
        ]

    @property
    def number_display(self):
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"
