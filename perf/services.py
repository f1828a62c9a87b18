"""Generate and remove the synthetic scale data set (`generate_scale`)."""

import datetime
import time

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from activities.models import Activity, Evidence
from plans.models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    LegalDocument,
    Plan,
    PlanOutreachForm,
    Target,
)
from reports.models import Report, ReportStatus
from reports.services.workflow import live_figures
from units.models import Unit, User

from .generator import CODE_PREFIX, MIN_UNITS_PER_COMMUNE, SUPERUSER, ScaleGenerator, ScaleOptions
from .models import ScaleDataset

FREEZE_BATCH = 500  # sent reports whose frozen figures are saved together


class ScaleDataExists(Exception):
    pass


def generated_roots():
    """Root units written by the generator (recorded ones, or recognised by their code)."""
    recorded = [code for dataset in ScaleDataset.objects.all() for code in dataset.root_codes]
    pattern = rf"^{CODE_PREFIX}[0-9]+$"
    return list(Unit.objects.filter(depth=1).filter(code__in=recorded)) + list(
        Unit.objects.filter(depth=1, code__regex=pattern).exclude(code__in=recorded)
    )


def scale_generate(
    *,
    provinces: int,
    communes: int,
    activities: int,
    units_per_commune: int = 30,
    years: int = 2,
    seed: int = 1,
    until: datetime.date | None = None,
    assignments: int = 0,
    reset: bool = False,
    log=None,
) -> ScaleDataset:
    """Write the synthetic data set in one transaction; refuses a database that already holds
    one unless `reset`, which removes it first."""
    if provinces < 1 or communes < 1 or activities < 0 or years < 1 or assignments < 0:
        raise ValueError("Cần ít nhất 1 tỉnh, 1 xã, 1 năm và số hoạt động không âm.")
    if units_per_commune < MIN_UNITS_PER_COMMUNE:
        raise ValueError(f"Mỗi xã cần ít nhất {MIN_UNITS_PER_COMMUNE} đơn vị.")
    log = log or (lambda message: None)
    existing = ScaleDataset.objects.first()
    roots = generated_roots()
    if (existing or roots) and not reset:
        what = str(existing) if existing else ", ".join(unit.code for unit in roots)
        raise ScaleDataExists(
            f"Cơ sở dữ liệu đã có dữ liệu do generate_scale sinh ra ({what}). "
            "Chạy lại với --reset để xóa dữ liệu đó rồi sinh mới."
        )
    options = ScaleOptions(
        provinces=provinces,
        communes=communes,
        activities=activities,
        units_per_commune=units_per_commune,
        years=years,
        seed=seed,
        until=until or timezone.localdate(),
        assignments=assignments,
    )
    started = time.monotonic()
    with transaction.atomic():
        if reset:
            scale_reset(log=log)
        generator = ScaleGenerator(options, log=log)
        counts = generator.run()
        dataset = ScaleDataset.objects.create(
            seed=seed,
            provinces=provinces,
            communes=communes,
            units_per_commune=units_per_commune,
            activities=activities,
            years=years,
            until=options.until,
            root_codes=[province.node.code for province in generator.provinces],
            counts=counts,
            seconds=0,
        )
    _analyze()
    freeze_sent_reports(
        root_paths=[province.node.path for province in generator.provinces], log=log
    )
    dataset.seconds = round(time.monotonic() - started, 1)
    dataset.save(update_fields=["seconds"])
    return dataset


def freeze_sent_reports(*, root_paths, log=None) -> int:
    """Freeze the figures of the generated reports already sent (submitted or accepted) as
    `report_submit` does, from the approved activities now in the database, so that their
    pages, PDFs and workbooks show frozen figures like a real report's. Returns how many."""
    log = log or (lambda message: None)
    started = time.monotonic()
    sent = (
        Report.objects.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .filter(_under(root_paths, "organisation__path"))
        .select_related("organisation", "period", "plan")
        .order_by("pk")
    )
    count, batch = 0, []
    for report in sent.iterator(chunk_size=FREEZE_BATCH):
        report.figures = live_figures(report)
        batch.append(report)
        if len(batch) == FREEZE_BATCH:
            count += Report.objects.bulk_update(batch, ["figures"])
            batch = []
    count += Report.objects.bulk_update(batch, ["figures"])
    log(f"  số liệu báo cáo đã gửi: {count:,} báo cáo, {time.monotonic() - started:.1f} s")
    return count


def _under(root_paths, path_field="path"):
    """Rows whose unit (at `path_field`) lies under one of `root_paths`."""
    condition = Q(pk__in=[])
    for path in root_paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def _analyze():
    """Fresh planner statistics (and, outside a transaction, a vacuumed visibility map) so
    that the benchmark measures the steady state autovacuum would reach."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


@transaction.atomic
def scale_reset(*, log=None) -> int:
    """Delete everything the generator wrote: the generated provinces' units and all that
    hangs on them. Shared rows (legal documents cited by other plans, reporting periods,
    catalogues) stay. Returns the number of units removed."""
    log = log or (lambda message: None)
    roots = generated_roots()
    if not roots:
        ScaleDataset.objects.all().delete()
        return 0
    quote = connection.ops.quote_name
    unit_table = quote(Unit._meta.db_table)
    where = " OR ".join(["path LIKE %s"] * len(roots))
    units_sql = f"SELECT id FROM {unit_table} WHERE {where}"  # noqa: S608
    units_params = [f"{root.path}%" for root in roots]
    plans_sql = f"SELECT id FROM {quote(Plan._meta.db_table)} WHERE issuer_id IN ({units_sql})"  # noqa: S608
    activities_sql = (
        f"SELECT id FROM {quote(Activity._meta.db_table)} "  # noqa: S608
        f"WHERE unit_id IN ({units_sql}) OR plan_id IN ({plans_sql})"
    )
    activity_params = units_params + units_params

    def delete(model, condition, params):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE {condition}", params)  # noqa: S608
            log(f"  xóa {cursor.rowcount} dòng {model._meta.db_table}")

    started = time.monotonic()
    for through in (Activity.target_groups.through, Activity.sections.through):
        delete(through, f"activity_id IN ({activities_sql})", activity_params)
    delete(Evidence, f"activity_id IN ({activities_sql})", activity_params)
    delete(Activity, f"id IN ({activities_sql})", activity_params)
    delete(
        Report,
        f"organisation_id IN ({units_sql}) OR plan_id IN ({plans_sql})",
        units_params + units_params,
    )
    for model in (LegalBasis, ContentSection, PlanOutreachForm, Assignment, BudgetLine, Target):
        delete(model, f"plan_id IN ({plans_sql})", units_params)
    documents = quote(LegalDocument._meta.db_table)
    bases = quote(LegalBasis._meta.db_table)
    delete(
        LegalDocument,
        f"plan_id IN ({plans_sql}) AND NOT EXISTS "  # noqa: S608
        f"(SELECT 1 FROM {bases} b WHERE b.document_id = {documents}.id)",
        units_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {documents} SET plan_id = NULL WHERE plan_id IN ({plans_sql})",  # noqa: S608
            units_params,
        )
    delete(Plan, f"id IN ({plans_sql})", units_params)
    in_generated = _under([root.path for root in roots])
    User.objects.filter(unit__in=Unit.objects.filter(in_generated)).delete()
    User.objects.filter(username=SUPERUSER).delete()
    delete(Unit, f"id IN ({units_sql})", units_params)
    ScaleDataset.objects.all().delete()
    log(f"  đã xóa dữ liệu cũ sau {time.monotonic() - started:.1f} s")
    return len(roots)
