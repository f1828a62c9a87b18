from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from plans.models import Assignment, ContentSection, OutreachForm, Plan, PlanStatus
from units.access import downward_q, sees_everything
from units.fields import NOTE, PARAGRAPHS, bounded_text
from units.models import Unit
from units.search import refresh_search_text, search_text_field

from .completion import CompletionStatus, TaskCompletion

__all__ = [
    "EDITABLE_STATUSES",
    "REPORTED_STATUSES",
    "REVIEWABLE_STATUSES",
    "Activity",
    "ActivityStatus",
    "CompletionStatus",
    "Evidence",
    "EvidenceKind",
    "TargetGroup",
    "TaskCompletion",
]


class TargetGroup(models.Model):
    """Who an activity reached: cán bộ đảng viên, doanh nghiệp, người dân … (a catalogue)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("đối tượng", max_length=120)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "đối tượng tuyên truyền"
        verbose_name_plural = "danh mục đối tượng tuyên truyền"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", "Nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    RETURNED = "returned", "Trả lại"


REVIEWABLE_STATUSES = (ActivityStatus.SUBMITTED,)
EDITABLE_STATUSES = (ActivityStatus.DRAFT, ActivityStatus.SUBMITTED, ActivityStatus.RETURNED)
REPORTED_STATUSES = (ActivityStatus.SUBMITTED, ActivityStatus.APPROVED)
# A plan's long texts: no list row shows them.
PLAN_TEXTS = ("title", "preamble", "purpose", "requirements", "closing", "recipients")
# Folded copies for search (units/search.py): only the search reads them.
SEARCH_TEXTS = ("search_text", "plan__search_text", "unit__search_text")


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Activities of units in the user's organisation and in the organisations below it."""
        if sees_everything(user):
            return self
        return self.filter(downward_q(user, "unit"))

    def approved(self):
        return self.filter(status=ActivityStatus.APPROVED)

    def reported(self):
        """Submitted or approved: what a unit has reported and not been asked to correct."""
        return self.filter(status__in=REPORTED_STATUSES)

    def with_evidence_count(self):
        counts = (
            Evidence.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return self.annotate(evidence_count=Coalesce(Subquery(counts), 0))

    def for_listing(self):
        """What a row of a list or an export shows, without a query per row."""
        return (
            self.select_related(
                "unit__organisation", "plan__issuer", "form", "assignment__unit", "created_by"
            )
            .defer(*SEARCH_TEXTS)
            .with_evidence_count()
        )

    def for_list_page(self):
        """What a row of the activity list shows: `for_listing` without what the page never
        reads (the plan's long texts and issuer, the assignment, the author, the
        description), so a page of rows is a few kilobytes, not a hundred."""
        return (
            self.select_related("unit__organisation", "plan", "form")
            .defer("description", *(f"plan__{name}" for name in PLAN_TEXTS), *SEARCH_TEXTS)
            .with_evidence_count()
        )

    def between(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class Activity(models.Model):
    """Something a unit actually carried out for a plan: one form, on one date."""

    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị thực hiện", on_delete=models.PROTECT, related_name="activities"
    )
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.PROTECT, related_name="activities"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="nhiệm vụ được giao",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    form = models.ForeignKey(
        OutreachForm,
        verbose_name="hình thức",
        on_delete=models.PROTECT,
        related_name="activities",
    )
    sections = models.ManyToManyField(
        ContentSection, verbose_name="nội dung tuyên truyền", blank=True, related_name="+"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name="đối tượng", blank=True, related_name="activities"
    )
    date = models.DateField("ngày thực hiện")
    title = models.CharField("tên hoạt động", max_length=255)
    description = bounded_text("mô tả", PARAGRAPHS, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    quantity = models.PositiveIntegerField(
        "số lượng", default=1, help_text="Theo đơn vị tính của hình thức."
    )
    participants = models.PositiveIntegerField("số người tham dự", default=0)
    views = models.PositiveBigIntegerField("lượt xem", default=0)
    interactions = models.PositiveBigIntegerField("lượt tương tác", default=0)
    cost = models.PositiveBigIntegerField("kinh phí (đồng)", default=0)
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.SUBMITTED,
    )
    review_comment = bounded_text("ý kiến duyệt", NOTE, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người duyệt",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    series = models.UUIDField(
        "chuỗi hoạt động định kỳ", null=True, blank=True, db_index=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("title", "description", "place")

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[sections, target_groups], excluded_fields=["search_text"]
    )

    class Meta:
        verbose_name = "hoạt động"
        verbose_name_plural = "hoạt động"
        ordering = ["-date", "-pk"]
        # Measured with EXPLAIN ANALYZE on a million generated activities (perf/):
        # newest-first lists 2.4 s → 1 ms, a commune's review queue 108 → 1 ms, the
        # city-year roll-up read from the covering index alone 2.3 s → 0.3 s, and a commune
        # report's live figures (per plan, by target group) 58 → 18 ms of SQL.
        indexes = [
            models.Index(fields=["plan", "status", "date"]),
            # `status` and `id` covered: the emulation counts a period's activities of the
            # judged units from this index alone, whatever the rest of the country holds
            # (0.76 → 0.41 s of SQL for a city's year, with five provinces in the table).
            models.Index(
                fields=["unit", "date"], include=["status", "id"], name="activity_unit_date"
            ),
            models.Index(fields=["status", "date"]),
            models.Index(
                fields=["-date", "-id"], include=["unit", "status"], name="activity_newest_first"
            ),
            models.Index(fields=["unit", "status", "date"], name="activity_unit_status_date"),
            models.Index(
                fields=["unit", "date"],
                # Every figure a roll-up or a report adds up, so it reads this index alone:
                # `plan` filters a plan's figures, `id` joins the target groups.
                include=[
                    "plan",
                    "form",
                    "quantity",
                    "participants",
                    "views",
                    "interactions",
                    "cost",
                    "id",
                ],
                condition=Q(status="approved"),
                name="activity_approved_figures",
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.title}"

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [self.title, self.description, self.place]

    def clean(self):
        errors = {}
        plan = self.plan if self.plan_id else None
        if plan is not None and plan.status != PlanStatus.ISSUED:
            errors["plan"] = "Chỉ ghi nhận hoạt động cho kế hoạch đang thực hiện (đã ban hành)."
        if self.assignment_id and plan is not None:
            if self.assignment.plan_id != plan.pk:
                errors["assignment"] = "Nhiệm vụ này không thuộc kế hoạch của hoạt động."
            elif self.unit_id and not self.assignment.covers(self.unit):
                errors["assignment"] = "Nhiệm vụ này không giao cho đơn vị thực hiện."
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self):
        return self.status in EDITABLE_STATUSES

    @property
    def is_reviewable(self):
        return self.status in REVIEWABLE_STATUSES


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "Ảnh"
    DOCUMENT = "document", "Tệp tài liệu"
    LINK = "link", "Đường dẫn"


class Evidence(models.Model):
    """Proof that an activity happened: a photo, a file or a link."""

    activity = models.ForeignKey(
        Activity, verbose_name="hoạt động", on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField("loại", max_length=10, choices=EvidenceKind.choices)
    file = models.FileField("tệp", upload_to="evidence/%Y/%m/", blank=True, max_length=255)
    url = models.URLField("đường dẫn", blank=True, max_length=500)
    caption = models.CharField("chú thích", max_length=255, blank=True)
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    content_type = models.CharField("kiểu nội dung", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="evidence_has_file_or_link",
                violation_error_message="Minh chứng cần một tệp hoặc một đường dẫn.",
            )
        ]

    def __str__(self):
        return self.caption or self.original_name or self.url

    @property
    def download_name(self):
        """The name people gave the file, with the extension of what is stored: a polyglot
        uploaded as «x.html» is served as «x.pdf»."""
        stored = PurePosixPath(self.file.name)
        stem = PurePosixPath(self.original_name).stem if self.original_name else stored.stem
        return f"{stem or stored.stem}{stored.suffix}"
