from django.db import models


class ScaleDataset(models.Model):
    """A record of one `generate_scale` run: its parameters, the units it rooted and what it
    wrote. Its presence marks the database as holding generated data."""

    created_at = models.DateTimeField("sinh lúc", auto_now_add=True)
    seed = models.IntegerField("hạt giống ngẫu nhiên")
    provinces = models.PositiveIntegerField("số tỉnh, thành phố")
    communes = models.PositiveIntegerField("số xã, phường mỗi tỉnh")
    units_per_commune = models.PositiveIntegerField("số đơn vị mỗi xã")
    activities = models.PositiveIntegerField("số hoạt động")
    years = models.PositiveSmallIntegerField("số năm")
    until = models.DateField("đến ngày")
    root_codes = models.JSONField("mã các tỉnh đã sinh", default=list)
    counts = models.JSONField("số dòng đã ghi", default=dict)
    seconds = models.FloatField("thời gian sinh (giây)", default=0)

    class Meta:
        verbose_name = "bộ dữ liệu thử tải"
        verbose_name_plural = "bộ dữ liệu thử tải"
        ordering = ["-created_at"]

    def __str__(self):
        return (
            f"{self.provinces} tỉnh × {self.communes} xã, {self.activities} hoạt động "
            f"(seed {self.seed})"
        )
