from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from units.access import downward_q, own_q, sees_everything, superior_organisations
from units.fields import NOTE, PARAGRAPHS, PART, SECTION, TITLE, bounded_text
from units.models import Unit
from units.search import refresh_search_text, search_text_field

from .text import normalise_document_number, normalise_issuer, short_date


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    AWAITING_SIGNATURE = "awaiting", "Chờ ký"
    ISSUED = "issued", "Đã ban hành"
    CLOSED = "closed", "Đã kết thúc"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own and subordinate organisations' plans, plus what superiors have issued."""
        if sees_everything(user):
            return self
        organisation = user.organisation
        if organisation is None:
            return self.none()
        upward = Q(
            issuer__in=superior_organisations(organisation),
            status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
        )
        return self.filter(downward_q(user, "issuer") | upward)

    def editable_by(self, user):
        if sees_everything(user):
            return self
        return self.filter(own_q(user, "issuer"))

    def with_header(self):
        return self.select_related("issuer", "superior_plan__issuer", "submitted_by", "returned_by")


class Plan(models.Model):
    """An outreach plan (kế hoạch tuyên truyền) issued by an organisation.

    The body of the document is the `sections` tree (I. … V.). Top-level sections of a
    special kind are rendered from the structured parts: purpose/requirements, outreach
    forms, budget lines and assignments.
    """

    issuer = models.ForeignKey(
        Unit,
        verbose_name="cơ quan ban hành",
        on_delete=models.PROTECT,
        related_name="plans",
        limit_choices_to={"is_organisation": True},
    )
    superior_plan = models.ForeignKey(
        "self",
        verbose_name="thực hiện kế hoạch cấp trên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="implementing_plans",
    )
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField(
        "ký hiệu", max_length=40, blank=True, help_text="Ví dụ «KH-UBND», «KH-TTPVHCC»."
    )
    year = models.PositiveSmallIntegerField("năm ban hành", null=True, editable=False)
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = bounded_text("trích yếu", TITLE)
    period_label = models.CharField(
        "thời gian thực hiện",
        max_length=150,
        blank=True,
        help_text="Ví dụ «Năm 2026», «6 tháng cuối năm 2025», «Đến năm 2030».",
    )
    period_start = models.DateField("từ ngày", null=True, blank=True)
    period_end = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    preamble = bounded_text(
        "lời dẫn",
        PARAGRAPHS,
        blank=True,
        help_text="Câu sau căn cứ, ví dụ «UBND xã ban hành Kế hoạch …, cụ thể như sau:».",
    )
    purpose = bounded_text("mục đích", PART, blank=True)
    requirements = bounded_text("yêu cầu", PART, blank=True)
    closing = bounded_text("đoạn kết", PARAGRAPHS, blank=True)
    signer_authority = models.CharField(
        "thẩm quyền ký", max_length=100, blank=True, help_text="Ví dụ «TM. ỦY BAN NHÂN DÂN»."
    )
    signer_on_behalf = models.CharField(
        "ký thay, ký thừa lệnh", max_length=100, blank=True, help_text="Ví dụ «KT. CHỦ TỊCH»."
    )
    signer_title = models.CharField(
        "chức vụ người ký", max_length=100, blank=True, help_text="Ví dụ «PHÓ CHỦ TỊCH»."
    )
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True)
    recipients = bounded_text("nơi nhận", NOTE, blank=True, help_text="Mỗi dòng một nơi nhận.")
    report_due_day = models.PositiveSmallIntegerField(
        "hạn gửi báo cáo riêng của kế hoạch (ngày)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Để trống thì theo hạn chung của cơ quan.",
    )
    lower_plans_due = models.DateField(
        "hạn cấp dưới ban hành kế hoạch thực hiện",
        null=True,
        blank=True,
        help_text="Các cơ quan cấp dưới được báo ngày này khi kế hoạch được ban hành.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trình ký",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField("trình ký lúc", null=True, blank=True)
    return_comment = bounded_text(
        "ý kiến khi trả lại",
        NOTE,
        blank=True,
        help_text="Lãnh đạo ghi khi trả lại dự thảo; hiện trên trang kế hoạch đến lần trình sau.",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người trả lại",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField("trả lại lúc", null=True, blank=True)
    version = models.PositiveIntegerField(
        "phiên bản",
        default=1,
        help_text="Tăng sau mỗi lần lưu, để hai người lưu cùng lúc không ghi đè lên nhau.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    search_text = search_text_field()

    SEARCH_FIELDS = (
        "number",
        "symbol",
        "title",
        "place",
        "period_label",
        "purpose",
        "requirements",
    )

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-issued_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(number__isnull=False, year__isnull=False),
                name="plan_number_unique_per_issuer_and_year",
                violation_error_message="Số kế hoạch này đã được cơ quan dùng trong năm.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[PlanStatus.DRAFT, PlanStatus.AWAITING_SIGNATURE])
                | (Q(number__isnull=False) & Q(issued_on__isnull=False) & ~Q(signer_name="")),
                name="plan_issued_has_number_date_signer",
                violation_error_message=(
                    "Kế hoạch đã ban hành phải có số, ngày ban hành và người ký."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_start",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "status"]),
            models.Index(fields=["issued_on"]),
        ]

    def __str__(self):
        return f"{self.number_display or 'Dự thảo'}: {self.title[:80]}"

    def save(self, *args, **kwargs):
        self._sync_year()
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [
            self.number_display or self.symbol,
            self.title,
            self.place,
            self.period_label,
            self.purpose,
            self.requirements,
        ]

    def validate_constraints(self, exclude=None):
        self._sync_year()
        super().validate_constraints(exclude=exclude)

    def _sync_year(self):
        # `year` mirrors the issue date so that "one number per issuer and year" is a plain
        # unique constraint on every database.
        self.year = self.issued_on.year if self.issued_on else None

    @property
    def number_display(self):
        """`179/KH-UBND`; numbers below 10 are written 01 … 09 as Decree 30 requires."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"

    @property
    def is_editable(self):
        return self.status == PlanStatus.DRAFT

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class LegalDocumentKind(models.TextChoices):
    RESOLUTION = "resolution", "Nghị quyết"
    DECISION = "decision", "Quyết định"
    PLAN = "plan", "Kế hoạch"
    GUIDANCE = "guidance", "Hướng dẫn"
    PROGRAMME = "programme", "Chương trình"
    DECREE = "decree", "Nghị định"
    OFFICIAL_LETTER = "official_letter", "Công văn"
    DIRECTIVE = "directive", "Chỉ thị"
    CIRCULAR = "circular", "Thông tư"
    LAW = "law", "Luật"
    CONCLUSION = "conclusion", "Kết luận"
    NOTICE = "notice", "Thông báo"
    OTHER = "other", "Văn bản"


class LegalDocument(models.Model):
    """One row per real document, shared by every plan that cites it.

    A document is found again by its normalised number (`57- NQ/TW`, `57-NQ/TW` and the OCR'd
    `57-NQ/TW` all give `57-NQ/TW`) together with its date.
    """

    kind = models.CharField("loại văn bản", max_length=20, choices=LegalDocumentKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60)
    number_key = models.CharField("số chuẩn hóa", max_length=60, editable=False, db_index=True)
    issuer_key = models.CharField(
        "cơ quan ban hành chuẩn hóa", max_length=255, editable=False, blank=True, default=""
    )
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    title = bounded_text("trích yếu", NOTE, blank=True)
    plan = models.OneToOneField(
        Plan,
        verbose_name="kế hoạch trong Loa",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="as_legal_document",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("number", "issuer", "title")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = "văn bản căn cứ"
        verbose_name_plural = "sổ văn bản căn cứ"
        ordering = ["-issued_on", "number"]
        constraints = [
            # Local bodies share symbols (every commune issues «01/KH-UBND»): a document is
            # its number, its date and who issued it.
            models.UniqueConstraint(
                fields=["number_key", "issued_on", "issuer_key"],
                condition=Q(issued_on__isnull=False),
                name="legal_document_unique_number_date_issuer",
                violation_error_message="Văn bản này đã có trong sổ văn bản.",
            ),
            models.UniqueConstraint(
                fields=["number_key", "issuer_key"],
                condition=Q(issued_on__isnull=True),
                name="legal_document_unique_undated_number_issuer",
                violation_error_message="Văn bản này đã có trong sổ văn bản.",
            ),
        ]

    def __str__(self):
        return self.citation

    def save(self, *args, **kwargs):
        self.number_key = normalise_document_number(self.number)
        self.issuer_key = normalise_issuer(self.issuer)
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [self.number, self.issuer, self.title]

    @property
    def citation(self):
        """`Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị`."""
        parts = [f"{self.get_kind_display()} số {self.number}"]
        if self.issued_on:
            parts.append(f"ngày {short_date(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(parts)


class BasisVerb(models.TextChoices):
    PURSUANT = "pursuant", "Căn cứ"
    IMPLEMENTING = "implementing", "Thực hiện"


class LegalBasis(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="legal_bases"
    )
    document = models.ForeignKey(
        LegalDocument, verbose_name="văn bản", on_delete=models.PROTECT, related_name="citations"
    )
    verb = models.CharField(
        "dẫn bằng", max_length=15, choices=BasisVerb.choices, default=BasisVerb.PURSUANT
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    note = bounded_text(
        "ghi chú thêm", NOTE, blank=True, help_text="Phần viết thêm sau trích dẫn, nếu có."
    )
    # The citation as printed when the plan was issued (blank while it is a draft).
    printed = models.TextField("trích dẫn khi ban hành", blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "căn cứ"
        verbose_name_plural = "căn cứ"
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "document"],
                name="legal_basis_cites_document_once",
                violation_error_message="Văn bản này đã có trong căn cứ của kế hoạch.",
            )
        ]

    def __str__(self):
        return f"{self.get_verb_display()} {self.document.citation}"

    @property
    def citation_text(self):
        """The document cited, with its title: frozen at issue, live from the registry
        before."""
        if self.printed:
            return self.printed
        title = f" {self.document.title}" if self.document.title else ""
        return f"{self.document.citation}{title}"

    @property
    def sentence(self):
        """The paragraph as it reads in the document."""
        note = f" {self.note}" if self.note else ""
        return f"{self.get_verb_display()} {self.citation_text}{note};"


class SectionKind(models.TextChoices):
    TEXT = "text", "Nội dung tự do"
    PURPOSE = "purpose", "Mục đích, yêu cầu"
    FORMS = "forms", "Hình thức tuyên truyền"
    BUDGET = "budget", "Kinh phí"
    ASSIGNMENTS = "assignments", "Tổ chức thực hiện"


class ContentSection(models.Model):
    """A node of the plan's body: `II. NỘI DUNG TUYÊN TRUYỀN` › `3.` › `a)`.

    Sections of kind purpose, forms, budget or assignments print their own body followed by
    the plan's structured parts (purpose and requirements, outreach forms, budget lines,
    assignments), so those are typed once and used both in the document and for tracking.
    """

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="mục cha",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    label = models.CharField(
        "số mục", max_length=20, blank=True, help_text="Ví dụ «II.», «1.», «a)»."
    )
    title = bounded_text("tiêu đề", TITLE, blank=True)
    body = bounded_text("nội dung", SECTION, blank=True)
    kind = models.CharField(
        "loại mục", max_length=15, choices=SectionKind.choices, default=SectionKind.TEXT
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mục nội dung"
        verbose_name_plural = "mục nội dung"
        ordering = ["plan", "position", "pk"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self):
        return f"{self.label} {self.title}".strip()

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "Mục cha phải thuộc cùng kế hoạch."})


class FormCategory(models.TextChoices):
    MASS_MEDIA = "mass_media", "Tuyên truyền trên các phương tiện thông tin đại chúng"
    DIGITAL = "digital", "Tuyên truyền trên nền tảng số, môi trường mạng"
    GRASSROOTS = "grassroots", "Tuyên truyền trên hệ thống thông tin cơ sở"
    VISUAL = "visual", "Tuyên truyền cổ động trực quan"
    EVENTS = "events", "Hội nghị, sự kiện và hoạt động thực tiễn"
    CONTESTS = "contests", "Cuộc thi, minigame, giải thưởng"
    NETWORK = "network", "Đội ngũ báo cáo viên, tuyên truyền viên"
    MEETINGS = "meetings", "Lồng ghép trong hội họp, sinh hoạt"


class OutreachForm(models.Model):
    """A form of outreach from the shared catalogue, counted in its own measure."""

    code = models.SlugField("mã", max_length=60, unique=True)
    category = models.CharField("nhóm hình thức", max_length=20, choices=FormCategory.choices)
    name = models.CharField("tên hình thức", max_length=255)
    measure = models.CharField(
        "đơn vị tính", max_length=40, help_text="Ví dụ «tin, bài», «lượt phát», «băng rôn»."
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "hình thức tuyên truyền"
        verbose_name_plural = "danh mục hình thức tuyên truyền"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PlanOutreachForm(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="outreach_forms"
    )
    form = models.ForeignKey(
        OutreachForm, verbose_name="hình thức", on_delete=models.PROTECT, related_name="+"
    )
    heading = models.CharField(
        "tiêu đề nhóm",
        max_length=255,
        blank=True,
        help_text="Các dòng liền nhau cùng tiêu đề được in chung một mục; để trống thì "
        "dùng tên nhóm hình thức.",
    )
    description = bounded_text("mô tả", PARAGRAPHS, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "hình thức của kế hoạch"
        verbose_name_plural = "hình thức của kế hoạch"
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return str(self.form)

    @property
    def group_heading(self):
        return self.heading or self.form.get_category_display()


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    COORDINATE = "coordinate", "Phối hợp"
    REQUESTED = "requested", "Đề nghị phối hợp"


class AssignmentQuerySet(models.QuerySet):
    def for_unit(self, unit):
        """Assignments a unit works on: its own, and group assignments covering it
        («Các thôn» given to the commune covers each village)."""
        group = Q(includes_subunits=True, unit__path__in=_prefixes(unit.path)[:-1]) & (
            Q(subunit_kinds="") | Q(subunit_kinds__contains=unit.kind)
        )
        return self.filter(Q(unit=unit) | group)


def _prefixes(path):
    return [path[:end] for end in range(Unit.steplen, len(path) + 1, Unit.steplen)]


class Assignment(models.Model):
    """A unit's part in a plan: its tasks, its role, its deadline and its reporting duty."""

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
    )
    label = models.CharField(
        "tên trong văn bản",
        max_length=255,
        blank=True,
        help_text="Cách văn bản gọi đơn vị, ví dụ «Các Sở, ban, ngành Thành phố»; để trống "
        "thì dùng tên đơn vị.",
    )
    includes_subunits = models.BooleanField(
        "giao cho các đơn vị trực thuộc",
        default=False,
        help_text="Nhiệm vụ chung của nhiều đơn vị trực thuộc đơn vị đã chọn, ví dụ «Các thôn».",
    )
    subunit_kinds = models.CharField(
        "loại đơn vị trực thuộc được giao",
        max_length=120,
        blank=True,
        help_text="Các loại đơn vị, cách nhau bởi dấu phẩy (village, office …); để trống là "
        "mọi đơn vị trực thuộc.",
    )
    role = models.CharField(
        "vai trò", max_length=12, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    is_focal_point = models.BooleanField(
        "đầu mối tổng hợp", default=False, help_text="Đơn vị tổng hợp kết quả, báo cáo lên trên."
    )
    tasks = bounded_text("nhiệm vụ", PART, blank=True)
    due_date = models.DateField("hạn hoàn thành", null=True, blank=True)
    reporting_duty = models.CharField("chế độ báo cáo", max_length=255, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    objects = AssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_focal_point=True),
                name="assignment_one_focal_point_per_plan",
                violation_error_message="Mỗi kế hoạch chỉ có một đơn vị đầu mối.",
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(label=""),
                name="assignment_names_a_unit",
                violation_error_message="Chọn đơn vị hoặc ghi tên đơn vị được giao.",
            ),
        ]
        indexes = [models.Index(fields=["due_date"])]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        return self.label or (self.unit.name if self.unit_id else "")

    @property
    def subunit_kind_list(self):
        return [kind.strip() for kind in self.subunit_kinds.split(",") if kind.strip()]

    def covered_units(self):
        """The units a group assignment («Các thôn») covers, each doing its own part: the
        active units below the assigned unit, of the listed kinds, among those the issuing
        organisation can give tasks to. Empty for a plain assignment."""
        if not (self.includes_subunits and self.unit_id):
            return Unit.objects.none()
        units = (
            Unit.objects.assignable_by(self.plan.issuer)
            .filter(path__startswith=self.unit.path)
            .exclude(pk=self.unit_id)
        )
        if self.subunit_kind_list:
            units = units.filter(kind__in=self.subunit_kind_list)
        return units

    def has_part(self, unit):
        """Whether `unit` is among `covered_units()` (read from the unit, no query)."""
        if not (self.includes_subunits and self.unit_id) or unit.pk == self.unit_id:
            return False
        issuer = self.plan.issuer
        assignable = unit.organisation_id == issuer.pk or (
            unit.is_organisation and unit.path.startswith(issuer.path)
        )
        return unit.is_active and assignable and self.covers(unit)

    def covers(self, unit):
        if self.unit_id == unit.pk:
            return True
        if not (self.includes_subunits and self.unit_id):
            return False
        below = unit.path.startswith(self.unit.path) and unit.path != self.unit.path
        return below and (not self.subunit_kinds or unit.kind in self.subunit_kind_list)


class BudgetSource(models.TextChoices):
    CITY = "city", "Ngân sách tỉnh, thành phố"
    COMMUNE = "commune", "Ngân sách xã, phường"
    UNIT = "unit", "Kinh phí của cơ quan, đơn vị"
    SOCIALISED = "socialised", "Xã hội hóa"
    OTHER = "other", "Nguồn hợp pháp khác"


class BudgetLine(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="budget_lines"
    )
    source = models.CharField("nguồn kinh phí", max_length=12, choices=BudgetSource.choices)
    amount = models.PositiveBigIntegerField(
        "số tiền (đồng)", null=True, blank=True, help_text="Để trống nếu văn bản không nêu."
    )
    note = bounded_text("ghi chú", NOTE, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "dòng kinh phí"
        verbose_name_plural = "kinh phí"
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.get_source_display()


class TargetMetric(models.TextChoices):
    MANUAL = "manual", "Nhập kết quả thủ công"
    ACTIVITIES = "activities", "Số hoạt động"
    QUANTITY = "quantity", "Số lượng theo hình thức"
    PARTICIPANTS = "participants", "Số người tham dự"
    VIEWS = "views", "Lượt xem"


class Target(models.Model):
    """A target the plan sets, e.g. «over 80% of adults with basic digital skills»."""

    plan = models.ForeignKey(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="targets"
    )
    indicator = bounded_text("chỉ tiêu", TITLE)
    measure = models.CharField("đơn vị tính", max_length=40, blank=True)
    target_value = models.DecimalField("giá trị chỉ tiêu", max_digits=14, decimal_places=2)
    due_date = models.DateField("thời hạn", null=True, blank=True)
    metric = models.CharField(
        "cách tính kết quả",
        max_length=15,
        choices=TargetMetric.choices,
        default=TargetMetric.MANUAL,
    )
    form = models.ForeignKey(
        OutreachForm,
        verbose_name="hình thức được tính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actual_value = models.DecimalField(
        "kết quả nhập tay", max_digits=14, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(metric=TargetMetric.QUANTITY) | Q(form__isnull=False),
                name="target_quantity_metric_names_form",
                violation_error_message="Chỉ tiêu tính theo số lượng phải chọn hình thức.",
            )
        ]

    def __str__(self):
        return self.indicator[:80]


class PlanImport(models.Model):
    """A draft plan read from an uploaded document, under review until kept.

    The officer reviews what was read, maps or creates the units the importer could not
    match, confirms the targets and budget read from the text, and keeps the draft by saving
    it in the plan editor. Until then «Hủy bản nhập»
    deletes the draft together with the units and registry documents created only for it.
    """

    plan = models.OneToOneField(
        Plan, verbose_name="kế hoạch", on_delete=models.CASCADE, related_name="source_import"
    )
    filename = models.CharField("tệp đã tải lên", max_length=255)
    ocr = models.BooleanField(
        "văn bản mất dấu", default=False, help_text="Văn bản quét (OCR) không còn đủ dấu."
    )
    notes = models.JSONField("lưu ý khi nhập", default=list, blank=True)
    new_documents = models.ManyToManyField(
        LegalDocument, verbose_name="văn bản mới thêm vào sổ", blank=True, related_name="+"
    )
    created_units = models.ManyToManyField(
        Unit, verbose_name="đơn vị tạo mới khi rà soát", blank=True, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhập",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField("nhập lúc", auto_now_add=True)
    kept_at = models.DateTimeField("giữ lại lúc", null=True, blank=True)
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người giữ lại",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    figures_confirmed_at = models.DateTimeField(
        "xác nhận chỉ tiêu, kinh phí lúc",
        null=True,
        blank=True,
        help_text="Chỉ tiêu và kinh phí Loa đọc từ văn bản đã được cán bộ xác nhận.",
    )
    figures_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người xác nhận chỉ tiêu, kinh phí",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "kế hoạch nhập từ văn bản"
        verbose_name_plural = "kế hoạch nhập từ văn bản"
        ordering = ["-imported_at"]

    def __str__(self):
        return self.filename

    @property
    def is_pending(self):
        """Still under review: not yet kept by a save in the editor, and still a draft."""
        return self.kept_at is None and self.plan.status == PlanStatus.DRAFT


class ScanReadingStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang nhận dạng chữ"
    DONE = "done", "Đã đọc xong"
    REFUSED = "refused", "Không đọc được"
    FAILED = "failed", "Gặp lỗi"


class PlanScanJob(models.Model):
    """A scanned PDF waiting for, or going through, OCR in the background (Celery).

    The file is kept in the storage (local files or the shared S3 bucket, so a worker on
    another machine reads it) only until the job ends. It ends with a draft under review
    (`plan_import`), or with the reason it could not be read (`message`), nothing else written.
    """

    organisation = models.ForeignKey(
        Unit, verbose_name="cơ quan", on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.CASCADE,
        related_name="+",
    )
    filename = models.CharField("tệp đã tải lên", max_length=255)
    file = models.FileField("tệp quét", upload_to="scans/%Y/%m/", blank=True, max_length=255)
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=ScanReadingStatus.choices,
        default=ScanReadingStatus.QUEUED,
    )
    pages_done = models.PositiveSmallIntegerField("số trang đã đọc", default=0)
    pages_total = models.PositiveSmallIntegerField("số trang cần đọc", default=0)
    message = models.TextField("lý do", blank=True)
    plan_import = models.OneToOneField(
        PlanImport,
        verbose_name="bản nhập",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_job",
    )
    created_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản quét đang đọc"
        verbose_name_plural = "bản quét đang đọc"
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def is_finished(self):
        return self.status in (
            ScanReadingStatus.DONE,
            ScanReadingStatus.REFUSED,
            ScanReadingStatus.FAILED,
        )

    @property
    def percent(self):
        return round(100 * self.pages_done / self.pages_total) if self.pages_total else 0


class StoredDocument(models.Model):
    """A download rendered once for what no longer changes (an issued plan, a sent report),
    kept in the storage (local files, or an S3-compatible store) and served as it is.

    `source` names the state it was rendered from; when the object's state differs (a plan
    closed, a report returned and sent again) the file is rendered again."""

    kind = models.CharField("loại", max_length=20)  # "plan.pdf", "report.xlsx" …
    object_id = models.PositiveBigIntegerField()
    source = models.CharField(max_length=100)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=255)
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "văn bản đã in sẵn"
        verbose_name_plural = "Văn bản đã in sẵn"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="stored_document_once")
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id}"
