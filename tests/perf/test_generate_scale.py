"""generate_scale: synthetic data at a tiny scale is consistent, complete and repeatable."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from activities.models import Activity, ActivityStatus
from perf.models import ScaleDataset
from plans.models import Assignment, LegalBasis, Plan, PlanStatus
from reports.models import Report, ReportStatus
from reports.services.workflow import live_figures
from units.models import Role, Unit, UnitKind, User, sync_organisations
from units.search import search_text_of

pytestmark = pytest.mark.django_db

UNTIL = datetime.date(2026, 11, 15)
TINY = [
    "--provinces=2",
    "--communes=3",
    "--units-per-commune=9",
    "--activities=600",
    "--years=2",
    f"--until={UNTIL}",
]


def generate(*extra):
    out = StringIO()
    call_command("generate_scale", *TINY, *extra, stdout=out)
    return out.getvalue()


def generated_units():
    return Unit.objects.filter(code__regex=r"^S[0-9]+(-|$)")


def fingerprint():
    """What a second run with the same seed must reproduce, ids aside (sorted here: rows the
    database may return in any order among equals)."""
    units = sorted(generated_units().values_list("path", "code", "name", "kind"))
    activities = sorted(
        set(
            Activity.objects.values_list(
                "unit__code", "date", "form__code", "quantity", "views", "status"
            )
        )
    )
    reports = sorted(Report.objects.values_list("organisation__code", "period__label", "status"))
    return units, activities, reports


def test_the_unit_tree_is_a_valid_treebeard_tree_with_organisations_right():
    generate()

    assert all(not problems for problems in Unit.objects.find_problems())
    for root in generated_units().filter(depth=1):
        assert sync_organisations(root) == 0  # recomputing the organisations changes nothing
    commune = Unit.objects.get(code="S01-X001")
    assert commune.is_organisation and commune.organisation == commune
    below = Unit.objects.subtree_of(commune, include_self=False)
    assert below.count() == 9
    assert {unit.organisation_id for unit in below} == {commune.pk}
    centre_office = Unit.objects.get(code="S02-TTPVHCC-VP")
    assert centre_office.organisation.code == "S02-TTPVHCC"
    assert Unit.objects.get(code="S02-PTTH").organisation.code == "S02"


def test_a_tiny_scale_has_the_expected_rows():
    generate()

    provinces = generated_units().filter(kind=UnitKind.PROVINCE)
    assert [p.name for p in provinces] == ["Thành phố Hà Nội", "Thành phố Hải Phòng"]
    communes = generated_units().filter(kind=UnitKind.COMMUNE)
    assert communes.count() == 6
    for commune in communes:
        kinds = Unit.objects.subtree_of(commune, include_self=False).values_list("kind", flat=True)
        assert sorted(set(kinds)) == ["digital_team", "mass_org", "office", "village"]
    assert Activity.objects.count() == 600
    assert ScaleDataset.objects.get().counts["activities.Activity"] == 600

    for organisation in generated_units().filter(is_organisation=True):
        roles = set(
            User.objects.filter(unit__organisation=organisation).values_list("role", flat=True)
        )
        assert roles == {Role.LEADER, Role.OFFICER, Role.ADMIN} | (
            {Role.UNIT_HEAD} if organisation.member_units.count() > 1 else set()
        )
    heads = User.objects.filter(role=Role.UNIT_HEAD, unit__in=generated_units())
    assert heads.count() == generated_units().filter(is_organisation=False).count()
    assert User.objects.get(username="s.admin").is_superuser


def test_every_commune_implements_its_province_plan_each_year():
    generate()

    for commune in generated_units().filter(kind=UnitKind.COMMUNE):
        province = Unit.objects.get(code=commune.code.split("-")[0])
        province_plan = Plan.objects.get(issuer=province, superior_plan=None)
        plans = Plan.objects.filter(issuer=commune).exclude(status=PlanStatus.DRAFT)
        assert sorted(plans.values_list("year", flat=True)) == [2025, 2026]
        for plan in plans:
            assert plan.superior_plan == province_plan
            cited = LegalBasis.objects.filter(plan=plan, document__plan=province_plan)
            assert cited.exists(), "the commune plan cites the province plan"
            assert plan.sections.filter(parent=None).count() == 5
            assert plan.outreach_forms.exists() and plan.targets.exists()
            units = Assignment.objects.filter(plan=plan, unit__isnull=False)
            assert all(a.unit.organisation_id == commune.pk for a in units)
            dated = units.exclude(due_date=None)
            assert dated and all(a.due_date.year == plan.period_end.year for a in dated)
    closed = Plan.objects.filter(issuer__kind=UnitKind.COMMUNE, status=PlanStatus.CLOSED)
    assert set(closed.values_list("period_end__year", flat=True)) == {2025}


def test_activities_belong_to_their_units_plans_and_years():
    generate()

    activities = Activity.objects.select_related("unit", "plan__issuer")
    for activity in activities:
        assert activity.unit.path.startswith(activity.plan.issuer.path)
        assert datetime.date(2025, 1, 1) <= activity.date <= UNTIL
    statuses = dict(Activity.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[ActivityStatus.APPROVED] > 0.8 * 600
    without_groups = Activity.objects.filter(target_groups=None)
    assert not without_groups.exists()
    commune_activities = Activity.objects.filter(plan__issuer__kind=UnitKind.COMMUNE)
    assert set(commune_activities.values_list("plan__period_end__year", flat=True)) == {2025, 2026}


def test_reports_cover_finished_periods_only_in_a_mix_of_states():
    generate()

    reports = Report.objects.select_related("period")
    assert reports.exists()
    assert all(report.period.end < UNTIL for report in reports)
    states = set(reports.values_list("status", flat=True))
    assert {ReportStatus.ACCEPTED, ReportStatus.SUBMITTED} <= states


def test_sent_reports_hold_their_frozen_figures_and_drafts_none(monkeypatch):
    monkeypatch.setattr("perf.services.FREEZE_BATCH", 3)  # several batches, and a last short one
    generate()

    sent = Report.objects.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
    assert sent.exists()
    for report in sent.select_related("organisation", "period", "plan"):
        approved = Activity.objects.filter(
            status=ActivityStatus.APPROVED,
            unit__path__startswith=report.organisation.path,
            plan=report.plan,
            date__range=(report.period.start, report.period.end),
        ).count()
        assert report.figures["totals"]["count"] == approved
        live = live_figures(report)
        assert {**report.figures, "computed_at": None} == {**live, "computed_at": None}
    editable = Report.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
    assert editable.exists()
    assert not any(editable.values_list("figures", flat=True))


def test_it_refuses_a_database_that_has_generated_data_unless_reset():
    generate()
    first = fingerprint()

    with pytest.raises(CommandError, match="--reset"):
        generate()

    generate("--reset")
    assert fingerprint() == first  # same seed, same data, nothing twice
    assert ScaleDataset.objects.count() == 1


def test_another_seed_gives_other_data():
    generate()
    first = fingerprint()

    generate("--reset", "--seed=2")

    assert fingerprint() != first


def test_reset_leaves_the_demo_alone():
    call_command("load_demo", stdout=StringIO())
    demo = set(Unit.objects.values_list("code", flat=True))
    demo_plans = Plan.objects.count()

    generate()
    generate("--reset")
    call_command("generate_scale", "--provinces=1", "--communes=1", "--activities=0",
                 f"--until={UNTIL}", "--reset", stdout=StringIO())  # fmt: skip

    assert set(Unit.objects.exclude(code__startswith="S0").values_list("code", flat=True)) == demo
    assert Plan.objects.exclude(issuer__code__startswith="S0").count() == demo_plans
    assert all(not problems for problems in Unit.objects.find_problems())


def test_too_small_a_commune_is_refused_with_the_reason():
    with pytest.raises(CommandError, match="ít nhất 7 đơn vị"):
        call_command("generate_scale", "--provinces=1", "--communes=1", "--activities=1",
                     "--units-per-commune=3", stdout=StringIO())  # fmt: skip


def test_assignments_tops_up_commune_plans_with_dated_unit_tasks_and_nothing_else():
    generate()
    before = fingerprint()
    seeded = Assignment.objects.count()

    generate("--reset", "--assignments=300")

    assert Assignment.objects.count() >= 300 > seeded
    assert fingerprint() == before, "units, activities and reports stay the same"
    for plan in Plan.objects.filter(issuer__kind=UnitKind.COMMUNE).exclude(status=PlanStatus.DRAFT):
        tasks = Assignment.objects.filter(plan=plan, position__gte=100).select_related("unit")
        assert tasks.count() == 17  # ceil((300 - 2 × (8 + 3) - 12 × 7) / 12)
        assert all(a.unit.organisation_id == plan.issuer_id and a.tasks for a in tasks)
        assert {a.due_date.year for a in tasks} == {plan.period_end.year}
        assert len({a.unit_id for a in tasks}) == 9  # every unit below the commune


def test_generated_rows_carry_the_folded_text_a_save_would_write():
    generate()

    for model in (Unit, User, Plan, Activity, Report):
        rows = list(model.objects.all())
        assert rows, model
        assert [row.search_text for row in rows] == [search_text_of(row) for row in rows], model
    assert Activity.objects.filter(search_text__contains="hoi nghi").exists()
