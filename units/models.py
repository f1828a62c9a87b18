from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .search import refresh_search_text, search_text_field


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố"
    COMMUNE = "commune", "Xã, phường, đặc khu"
    AGENCY = "agency", "Sở, ban, ngành, trung tâm"
    OFFICE = "office", "Phòng, văn phòng"
    VILLAGE = "village", "Thôn, tổ dân phố"
    MASS_ORG = "mass_org", "Mặt trận Tổ quốc, đoàn thể"
    PARTY = "party", "Cơ quan Đảng"
    DIGITAL_TEAM = "digital_team", "Tổ công nghệ số cộng đồng"
    PRESS = "press", "Cơ quan báo chí, truyền thông"


class CutoffScheme(models.TextChoices):
    DECREE_09 = "decree09", "Theo Nghị định 09/2019/NĐ-CP (từ ngày 15 tháng trước đến ngày 14)"
    CALENDAR = "calendar", "Theo tháng dương lịch"


class UnitQuerySet(MP_NodeQuerySet):
    def subtree_of(self, unit, *, include_self=True):
        """The unit and everything below it: one indexed prefix match on the path."""
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def ancestors_of(self, unit, *, include_self=False):
        paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]
        if include_self:
            paths.append(unit.path)
        return self.filter(path__in=paths)

    def organisations(self):
        return self.filter(is_organisation=True)

    def assignable_by(self, organisation):
        """Units an organisation can give tasks to: its own units and the organisations below it."""
        return self.filter(
            Q(organisation=organisation)
            | Q(is_organisation=True, path__startswith=organisation.path)
        ).filter(is_active=True)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    """Every tree write (admin, services, shell) goes through these methods; each one
    re-derives which organisation the touched branch belongs to, so access scoping never
    reads a stale value."""

    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def add_root(self, create_kwargs=None, *, instance=None):
        return self._synced(super().add_root(create_kwargs, instance=instance))

    def add_child(self, target, create_kwargs=None, *, instance=None):
        return self._synced(super().add_child(target, create_kwargs, instance=instance))

    def add_sibling(self, target, pos=None, create_kwargs=None, *, instance=None):
        return self._synced(super().add_sibling(target, pos, create_kwargs, instance=instance))

    def move(self, node, target, pos=None):
        super().move(node, target, pos)
        self._synced(self.get(pk=node.pk))

    def _synced(self, node):
        sync_organisations(node)
        node.refresh_from_db()
        return node


class Unit(MP_Node):
    """A node of the administrative tree: city, commune, agency, office, village …

    Units marked `is_organisation` issue plans and report upward; every unit points to the
    organisation it belongs to (itself for an organisation), kept in step when units move.
    """

    steplen = 4
    node_order_by = []

    # Unique inside an organisation (and among organisations): an organisation's own codes
    # say nothing about what other organisations have recorded.
    code = models.CharField("mã đơn vị", max_length=40)
    name = models.CharField("tên đơn vị", max_length=255)
    full_name = models.CharField(
        "tên đầy đủ",
        max_length=255,
        blank=True,
        help_text="Tên dùng trong văn bản, ví dụ «Ủy ban nhân dân xã Kiều Phú».",
    )
    short_name = models.CharField(
        "tên viết tắt trong ký hiệu",
        max_length=30,
        blank=True,
        help_text="Dùng trong ký hiệu văn bản: UBND, TTPVHCC, SKHCN.",
    )
    kind = models.CharField("loại đơn vị", max_length=20, choices=UnitKind.choices)
    is_organisation = models.BooleanField(
        "là cơ quan ban hành",
        default=False,
        help_text="Cơ quan ban hành kế hoạch và báo cáo lên cấp trên.",
    )
    organisation = models.ForeignKey(
        "self",
        verbose_name="thuộc cơ quan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="member_units",
    )
    header_parent = models.CharField(
        "cơ quan chủ quản (tiêu đề văn bản)",
        max_length=255,
        blank=True,
        help_text="Dòng trên cùng bên trái, ví dụ «UBND THÀNH PHỐ HÀ NỘI».",
    )
    header_name = models.TextField(
        "tên cơ quan ban hành (tiêu đề văn bản)",
        blank=True,
        help_text="Mỗi dòng một dòng in hoa, ví dụ «ỦY BAN NHÂN DÂN» / «XÃ KIỀU PHÚ».",
    )
    place_name = models.CharField(
        "địa danh",
        max_length=100,
        blank=True,
        help_text="Địa danh ghi trước ngày tháng của văn bản, ví dụ «Kiều Phú».",
    )
    plan_numbering = models.CharField(
        "cách đánh số kế hoạch",
        max_length=10,
        choices=[
            ("own", "Kế hoạch có dãy số riêng"),
            ("shared", "Dùng chung dãy số với các văn bản hành chính khác"),
        ],
        default="own",
        help_text="Thủ trưởng cơ quan quyết định (Nghị định 30/2020/NĐ-CP).",
    )
    officers_may_issue = models.BooleanField(
        "cán bộ được ban hành kế hoạch",
        default=False,
        help_text=(
            "Bật thì cán bộ, công chức ban hành kế hoạch trực tiếp; tắt thì cán bộ trình ký và "
            "chỉ lãnh đạo (hoặc quản trị) ban hành."
        ),
    )
    period_scheme = models.CharField(
        "cách chốt số liệu báo cáo",
        max_length=10,
        choices=CutoffScheme.choices,
        default=CutoffScheme.DECREE_09,
    )
    report_period_kinds = models.CharField(
        "các kỳ báo cáo định kỳ",
        max_length=60,
        default="quarter,half,year",
        help_text="Các kỳ cơ quan phải báo cáo cấp trên, cách nhau bởi dấu phẩy: "
        "month, quarter, half, year.",
    )
    report_due_day = models.PositiveSmallIntegerField(
        "hạn gửi báo cáo (ngày)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="Báo cáo kỳ nào phải gửi trước ngày này của tháng kết thúc kỳ (hoặc tháng "
        "sau, nếu kỳ kết thúc muộn hơn).",
    )
    email = models.EmailField("thư điện tử", blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("name", "full_name", "short_name", "code", "place_name")

    objects = UnitManager()
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "search_text"])

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["path"]
        indexes = [
            models.Index(fields=["is_organisation", "path"]),
            models.Index(fields=["code"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="unit_code_unique_in_organisation",
                violation_error_message="Cơ quan đã có một đơn vị mang mã này.",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(is_organisation=True),
                name="organisation_code_unique",
                violation_error_message="Đã có một cơ quan mang mã này.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [self.name, self.full_name, self.short_name, self.code, self.place_name]

    @property
    def display_name(self):
        return self.full_name or self.name

    @property
    def report_period_kind_list(self):
        return [kind.strip() for kind in self.report_period_kinds.split(",") if kind.strip()]

    def find_organisation(self):
        """The nearest organisation at or above this unit, read from the database."""
        return (
            Unit.objects.ancestors_of(self, include_self=True)
            .filter(is_organisation=True)
            .order_by("-depth")
            .first()
        )


def sync_organisations(root):
    """Recompute `organisation` for `root` and its subtree; returns the number of rows changed."""
    nodes = list(Unit.objects.subtree_of(root).order_by("path"))
    parent = Unit.objects.get_parent(root)
    above = parent.find_organisation() if parent else None
    owner_by_path = {}
    changed = []
    for node in nodes:
        parent_path = node.path[: -Unit.steplen]
        inherited = owner_by_path.get(parent_path, above)
        owner = node if node.is_organisation else inherited
        owner_by_path[node.path] = owner
        owner_id = owner.pk if owner else None
        if node.organisation_id != owner_id:
            node.organisation_id = owner_id
            changed.append(node)
    Unit.objects.bulk_update(changed, ["organisation"])
    return len(changed)


class Role(models.TextChoices):
    OFFICER = "officer", "Cán bộ, công chức"
    UNIT_HEAD = "unit_head", "Trưởng đơn vị"
    LEADER = "leader", "Lãnh đạo"
    ADMIN = "admin", "Quản trị"


class AccountHistory(HistoricalRecords):
    """A person's account changes, without the stamp each login writes."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == frozenset({"last_login"}):
            return
        super().post_save(instance, created, using=using, **kwargs)


class LoaUserManager(UserManager):
    def get_queryset(self):
        return super().get_queryset().select_related("unit__organisation")


class User(AbstractUser):
    """A person working in Loa: tied to a home unit and a role inside its organisation."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.OFFICER)
    position = models.CharField("chức vụ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    search_text = search_text_field()

    SEARCH_FIELDS = ("full_name", "username", "email", "phone", "position")

    objects = LoaUserManager()
    history = AccountHistory(excluded_fields=["password", "last_login", "search_text"])

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(unit__isnull=False),
                name="user_has_unit_unless_superuser",
                violation_error_message="Người dùng phải thuộc một đơn vị.",
            )
        ]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        kwargs["update_fields"] = refresh_search_text(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def search_parts(self):
        return [self.full_name, self.username, self.email, self.phone, self.position]

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username

    @property
    def organisation(self):
        return self.unit.organisation if self.unit_id else None


class Submission(models.Model):
    """A creating form, sent once: the key is the hidden token the form carried (or an
    import's token). A second POST with the same key is answered with the first result
    instead of creating again (a double click, a retry on a slow network)."""

    key = models.UUIDField("mã lần gửi", unique=True)
    user = models.ForeignKey(
        "units.User", verbose_name="người gửi", on_delete=models.CASCADE, related_name="+"
    )
    result_url = models.CharField("kết quả", max_length=500, blank=True)
    created_at = models.DateTimeField("lúc gửi", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "lần gửi biểu mẫu"
        verbose_name_plural = "lần gửi biểu mẫu"

    def __str__(self):
        return str(self.key)
