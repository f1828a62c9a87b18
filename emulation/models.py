"""Emulation (thi đua): the criteria an organisation judges its subordinates by, per year.

A judge (a city for its communes, a commune for its own units) keeps one `CriteriaSet` per
year: the weight of each task role, the classification thresholds and one `Criterion` per
kind (the most points it gives, the credit of a late item, the rate that earns full points).
emulation/scoring.py turns them into scores; both models keep their history.
"""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from units.models import Unit


class CriterionKind(models.TextChoices):
    TASKS = "tasks", "Nhiệm vụ được giao hoàn thành đúng hạn"
    REPORTS = "reports", "Báo cáo định kỳ gửi đúng hạn"
    TARGETS = "targets", "Chỉ tiêu kế hoạch đạt tiến độ"
    EVIDENCE = "evidence", "Hoạt động có minh chứng"
    RETURNED = "returned", "Hoạt động không bị trả lại"


class Classification(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    DONE = "done", "Hoàn thành nhiệm vụ"
    NOT_DONE = "not_done", "Không hoàn thành nhiệm vụ"


def _percent(name, default):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


def _factor(name, default, help_text=""):
    return models.DecimalField(
        name,
        max_digits=3,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=help_text,
    )


class CriteriaSet(models.Model):
    """How one organisation judges the organisations (or units) below it for one year."""

    judge = models.ForeignKey(
        Unit,
        verbose_name="cơ quan chấm điểm",
        on_delete=models.CASCADE,
        related_name="criteria_sets",
        limit_choices_to={"is_organisation": True},
    )
    year = models.PositiveSmallIntegerField("năm")
    lead_weight = _factor(
        "hệ số nhiệm vụ chủ trì", "1.00", "Mỗi nhiệm vụ chủ trì tính bằng hệ số này (0 đến 1)."
    )
    coordinate_weight = _factor(
        "hệ số nhiệm vụ phối hợp", "0.30", "Theo thực tiễn Bắc Ninh: phối hợp bằng 0,3 chủ trì."
    )
    requested_weight = _factor("hệ số nhiệm vụ được đề nghị phối hợp", "0.30")
    excellent_from = _percent("điểm tối thiểu «Hoàn thành xuất sắc nhiệm vụ»", "90")
    good_from = _percent("điểm tối thiểu «Hoàn thành tốt nhiệm vụ»", "70")
    done_from = _percent("điểm tối thiểu «Hoàn thành nhiệm vụ»", "50")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người cập nhật",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "bộ tiêu chí thi đua"
        verbose_name_plural = "bộ tiêu chí thi đua"
        ordering = ["judge__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "year"],
                name="criteria_set_one_per_judge_and_year",
                violation_error_message="Cơ quan đã có bộ tiêu chí thi đua cho năm này.",
            ),
            models.CheckConstraint(
                condition=Q(excellent_from__gt=models.F("good_from"))
                & Q(good_from__gt=models.F("done_from")),
                name="criteria_set_thresholds_descend",
                violation_error_message="Ngưỡng xếp loại phải giảm dần: xuất sắc > tốt > "
                "hoàn thành.",
            ),
        ]

    def __str__(self):
        return f"Tiêu chí thi đua {self.year} – {self.judge}"

    def role_weight(self, role) -> Decimal:
        return {
            "lead": self.lead_weight,
            "coordinate": self.coordinate_weight,
            "requested": self.requested_weight,
        }[role]

    def version(self) -> str:
        """A fingerprint of every value that moves a score (kept scores name the version
        they were computed with); reads `criteria.all()`, prefetched by criteria_for."""
        values = [
            str(getattr(self, name))
            for name in (
                "lead_weight",
                "coordinate_weight",
                "requested_weight",
                "excellent_from",
                "good_from",
                "done_from",
            )
        ]
        values += [
            f"{c.kind}:{c.weight}:{c.late_credit}:{c.full_at}"
            for c in sorted(self.criteria.all(), key=lambda c: c.kind)
        ]
        return hashlib.sha256("|".join(values).encode()).hexdigest()[:32]

    def classify(self, total) -> str | None:
        if total is None:
            return None
        if total >= self.excellent_from:
            return Classification.EXCELLENT
        if total >= self.good_from:
            return Classification.GOOD
        if total >= self.done_from:
            return Classification.DONE
        return Classification.NOT_DONE


class Criterion(models.Model):
    """One criterion of a set: up to `weight` points, earned in proportion to the unit's
    rate (on-time share, share with evidence …) until the rate reaches `full_at` percent."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="criteria"
    )
    kind = models.CharField("tiêu chí", max_length=12, choices=CriterionKind.choices)
    weight = models.DecimalField(
        "điểm tối đa",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text="0 để không chấm tiêu chí này.",
    )
    late_credit = _factor(
        "phần điểm khi muộn",
        "0.50",
        "Nhiệm vụ hoàn thành muộn, báo cáo gửi muộn được tính bằng phần này của việc đúng hạn.",
    )
    full_at = models.DecimalField(
        "tỷ lệ đạt điểm tối đa (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(100))],
        help_text="Đạt tỷ lệ này trở lên thì được điểm tối đa; thấp hơn thì tính theo tỷ lệ.",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tiêu chí thi đua"
        verbose_name_plural = "tiêu chí thi đua"
        ordering = ["criteria_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "kind"],
                name="criterion_one_per_kind_in_set",
                violation_error_message="Bộ tiêu chí đã có tiêu chí này.",
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class KeptRanking(models.Model):
    """The scores of a closed period, computed once and kept (emulation/kept.py): the
    ranking, PDF and Excel of that period read them instead of counting again. Computed
    again when the judge's criteria for the year change or when its leader asks; each
    computation is a row of this model's history (when, who, why)."""

    judge = models.ForeignKey(
        Unit,
        verbose_name="cơ quan chấm điểm",
        on_delete=models.CASCADE,
        related_name="kept_rankings",
    )
    scope = models.CharField("đối tượng chấm", max_length=16)
    kind = models.CharField("loại kỳ", max_length=10)
    year = models.PositiveSmallIntegerField("năm")
    index = models.PositiveSmallIntegerField("kỳ số")
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.CASCADE, related_name="+"
    )
    # CriteriaSet.version() when computed: another value means the criteria changed since.
    criteria_version = models.CharField("phiên bản tiêu chí", max_length=32)
    computed_at = models.DateTimeField("tính lúc")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người yêu cầu tính",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField("lý do tính", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kết quả thi đua đã chốt"
        verbose_name_plural = "kết quả thi đua đã chốt"
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "scope", "kind", "year", "index"],
                name="kept_ranking_one_per_period",
            )
        ]

    def __str__(self):
        return f"Kết quả thi đua {self.kind} {self.index}/{self.year} – {self.judge}"


class KeptScore(models.Model):
    """One unit's kept score: the counts of each criterion (`criteria`: {kind: [on time,
    late, missing, credited, expected]}), from which its points follow, and its total,
    rank and classification as computed."""

    ranking = models.ForeignKey(
        KeptRanking, verbose_name="kết quả", on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField("thứ tự")
    total = models.DecimalField("tổng điểm", max_digits=5, decimal_places=2, null=True)
    rank = models.PositiveIntegerField("xếp hạng", null=True)
    classification = models.CharField(
        "xếp loại", max_length=10, choices=Classification.choices, blank=True
    )
    criteria = models.JSONField("số liệu theo tiêu chí", default=dict)

    class Meta:
        verbose_name = "điểm thi đua đã chốt"
        verbose_name_plural = "điểm thi đua đã chốt"
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "unit"], name="kept_score_one_per_unit")
        ]

    def __str__(self):
        return f"{self.unit_id}: {self.total}"
