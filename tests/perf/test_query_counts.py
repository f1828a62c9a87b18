"""Every main page makes the same number of queries, at most 20, with few rows or many.

Each test counts the queries of a page over a small data set, adds many more rows of what
the page lists or sums, and asks for exactly the same count again: a query per row (a
missing select_related or prefetch_related, a count in a loop) fails here long before it
shows at city scale. The benchmark (tests/perf/bench.py) measures the same pages over a
million activities.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import ActivityStatus, TargetGroup
from notifications.services import reminders_run
from plans.models import Assignment, ContentSection, OutreachForm, PlanStatus, Target
from reports.models import Report, ReportStatus
from tests.activities.conftest import activity_adder, build_kp_plan, make_targets
from tests.factories import AssignmentFactory, PlanFactory, make_organisation, make_unit
from tests.reports.test_documents import open_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_20_april_2026")]

BUDGET = 20  # queries per page, whatever the number of rows (issue 8)
TODAY = datetime.date(2026, 4, 20)


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


def assert_constant_queries(client, url, grow, django_assert_num_queries):
    client.get(url)  # warm per-user caches (the navbar's unread count, the catalogue)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    count = len(few)  # now: the next request empties the connection's query log
    assert count <= BUDGET, [query["sql"] for query in few.captured_queries]
    grow()
    client.get(url)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.status_code == 200
    return response


def more_communes(world, count):
    """`count` communes under Hà Nội, each with a few units and an issued plan that
    implements `superior` when given."""
    communes = []
    for index in range(count):
        commune = make_organisation(
            world.hn, code=f"T-Q{index:02}", name=f"Xã Quy mô {index}", place_name=f"Q{index}"
        )
        for unit in range(3):
            make_unit(commune, kind="village", code=f"T-Q{index:02}-T{unit}", name=f"Thôn {unit}")
        communes.append(commune)
    return communes


def test_plan_list(world, client_for, django_assert_num_queries):
    PlanFactory(issuer=world.hn, issued=True)

    def grow():
        for commune in more_communes(world, 12):
            plan = PlanFactory(issuer=commune, issued=True)
            AssignmentFactory(plan=plan, unit=commune)
            PlanFactory(issuer=commune)

    response = assert_constant_queries(
        client_for(world.hn_leader), "/plans/", grow, django_assert_num_queries
    )
    assert len(response.context["plans"]) == 20  # a full page


def test_plan_detail(world, client_for, django_assert_num_queries):
    plan = PlanFactory(issuer=world.hn, issued=True)
    AssignmentFactory(plan=plan, unit=world.hn)

    def grow():
        for index, commune in enumerate(more_communes(world, 15)):
            AssignmentFactory(plan=plan, unit=commune, due_date=TODAY)
            ContentSection.objects.create(plan=plan, position=index + 1, label=f"{index + 1}.",
                                          title=f"Mục {index}", body="Nội dung")  # fmt: skip
            PlanFactory(issuer=commune, superior_plan=plan, issued=index % 2 == 0)

    response = assert_constant_queries(
        client_for(world.hn_leader), f"/plans/{plan.pk}/", grow, django_assert_num_queries
    )
    assert response.context["done_count"] == 15  # every commune has begun


def test_plan_editor(world, client_for, django_assert_num_queries):
    plan = PlanFactory(issuer=world.kp, title="Dự thảo")
    units = [world.kp_office, world.kp_village]

    def grow():
        for index in range(30):
            Assignment.objects.create(plan=plan, unit=units[index % 2], position=index + 2,
                                      tasks=f"Nhiệm vụ {index}")  # fmt: skip
            ContentSection.objects.create(plan=plan, position=index + 1, label=f"{index + 1}.",
                                          title=f"Mục {index}", body="Nội dung")  # fmt: skip

    assert plan.status == PlanStatus.DRAFT
    assert_constant_queries(
        client_for(world.kp_officer), f"/plans/{plan.pk}/edit/", grow, django_assert_num_queries
    )


def editor_post_queries(client, plan, user, *, edit, parts=("-tasks", "-indicator")):
    """Queries of one save of the editor where every row's fields ending in `parts` are
    edited."""
    from tests.plans.conftest import editor_data

    data = editor_data(plan, user)
    for key in [key for key in data if key.endswith(parts)]:
        data[key] = f"{data[key]} {edit}"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/plans/{plan.pk}/edit/", data)
    assert response.status_code == 302
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.fixture
def plan_of_every_part(world):
    """A draft whose six parts all hold rows, `grow(n)` adding n more to each."""
    from plans.models import BudgetLine, LegalBasis, PlanOutreachForm
    from plans.services.registry import legal_document_register

    plan = PlanFactory(issuer=world.kp, title="Dự thảo")
    forms = list(OutreachForm.objects.filter(is_active=True)[:2])
    units = [world.kp_office, world.kp_village]
    top = ContentSection.objects.create(plan=plan, position=1, label="I.", title="NỘI DUNG")

    def grow(count):
        start = Assignment.objects.filter(plan=plan).count() + 1
        for index in range(start, start + count):
            document = legal_document_register(
                kind="decision", number=f"{index}/QĐ-UBND",
                issued_on=datetime.date(2025, 1, 1), issuer="UBND xã Kiều Phú",
            )  # fmt: skip
            LegalBasis.objects.create(plan=plan, document=document, verb="pursuant",
                                      position=index)  # fmt: skip
            ContentSection.objects.create(plan=plan, parent=top, position=index,
                                          label=f"{index}.", title=f"Mục {index}")  # fmt: skip
            PlanOutreachForm.objects.create(plan=plan, form=forms[index % 2], position=index,
                                            heading=f"Hình thức {index}")  # fmt: skip
            Assignment.objects.create(plan=plan, unit=units[index % 2], position=index,
                                      tasks=f"Nhiệm vụ {index}")  # fmt: skip
            BudgetLine.objects.create(plan=plan, source="commune", amount=index * 1_000_000,
                                      position=index)  # fmt: skip
            Target.objects.create(plan=plan, indicator=f"Chỉ tiêu {index}", measure="lượt",
                                  target_value=index, position=index, metric="quantity",
                                  form=forms[0])  # fmt: skip

    return plan, grow


def test_plan_editor_save_writes_every_changed_row_in_constant_queries(
    world, client_for, plan_of_every_part
):
    """The editor posts every row of its six parts; validating a row asks nothing, the rows
    read to validate them are the ones the save compares and writes, and the changed rows
    of a part are written in two statements (rows and their history), few rows or many."""
    plan, grow = plan_of_every_part
    client = client_for(world.kp_officer)
    grow(3)
    few = editor_post_queries(client, plan, world.kp_officer, edit="(sửa)")
    grow(40)
    many = editor_post_queries(client, plan, world.kp_officer, edit="(sửa lần hai)")
    # Reads: the session, the user, the plan, the units and forms to choose from, the six
    # parts, the chosen documents; writes: the version, two parts and their history, and
    # the pending import.
    assert len(many) == len(few) <= BUDGET, many
    # Every assignment was edited: written in one UPDATE, recorded in one history INSERT by
    # the officer.
    assert len([sql for sql in many if sql.startswith('UPDATE "plans_assignment"')]) == 1
    last = Assignment.history.filter(id=Assignment.objects.get(plan=plan, position=43).pk)
    change = last.order_by("-history_id").first()
    assert change.tasks == "Nhiệm vụ 43 (sửa lần hai)"
    assert change.history_user == world.kp_officer and change.history_change_reason == "Soạn thảo"
    # The header did not change: the plan's row is claimed (its version), not rewritten.
    assert not [sql for sql in many if sql.startswith('INSERT INTO "plans_historicalplan"')]


def test_plan_editor_save_of_every_part_and_the_header_stays_constant(
    world, client_for, plan_of_every_part
):
    plan, grow = plan_of_every_part
    client = client_for(world.kp_officer)
    every = ("-tasks", "-indicator", "-title", "-heading", "-note", "plan-purpose")
    grow(3)
    few = editor_post_queries(client, plan, world.kp_officer, edit="(sửa)", parts=every)
    grow(40)
    many = editor_post_queries(client, plan, world.kp_officer, edit="(sửa lại)", parts=every)
    assert len(many) == len(few) <= 30, many
    sections = ContentSection.objects.filter(plan=plan, parent__isnull=False)
    assert sections.count() == 43
    assert sections.get(position=43).title == "Mục 43 (sửa lại)"
    assert sections.get(position=2).title == "Mục 2 (sửa) (sửa lại)"
    plan.refresh_from_db()
    assert plan.purpose.endswith("(sửa) (sửa lại)")
    assert plan.history.first().history_user == world.kp_officer


def test_activity_list(world, kp, client_for, django_assert_num_queries):
    add = activity_adder(world, kp)
    add()

    def grow():
        for day in range(1, 41):
            add(date=datetime.date(2026, 3, day % 28 + 1), unit=world.kp_village,
                assignment=kp.village_task, status=ActivityStatus.APPROVED)  # fmt: skip

    response = assert_constant_queries(
        client_for(world.hn_leader), "/activities/", grow, django_assert_num_queries
    )
    assert len(response.context["activities"]) == 25


def test_dashboard(world, kp, client_for, django_assert_num_queries):
    add = activity_adder(world, kp)
    add(status=ActivityStatus.APPROVED)

    def grow():
        for day in range(1, 29):
            add(date=datetime.date(2026, 2, day), status=ActivityStatus.APPROVED)
            AssignmentFactory(plan=kp.plan, unit=world.kp_village, due_date=TODAY)
            PlanFactory(issuer=world.pt, issued=True)

    response = assert_constant_queries(
        client_for(world.hn_leader), "/activities/dashboard/", grow, django_assert_num_queries
    )
    assert response.context["totals"]["count"] == 29


def test_unit_tree(world, client_for, django_assert_num_queries):
    def grow():
        more_communes(world, 20)
        for index in range(20):
            make_unit(world.hn, code=f"T-HN-P{index}", name=f"Phòng {index}")

    response = assert_constant_queries(
        client_for(world.hn_leader), "/units/", grow, django_assert_num_queries
    )
    assert "Xã Quy mô 19" in response.content.decode()


@pytest.mark.parametrize("who", ["hn_leader", "kp_officer", "kp_head"])
def test_home_page(world, kp, client_for, who, django_assert_num_queries):
    PlanFactory(issuer=world.hn, issued=True)  # (no plan at all saves the tasks' query)
    # One task due (none at all saves the query of their completions).
    AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=TODAY)
    AssignmentFactory(plan=PlanFactory(issuer=world.hn, issued=True), unit=world.kp, due_date=TODAY)

    def grow():
        for commune in more_communes(world, 10):
            plan = PlanFactory(issuer=commune, superior_plan=kp.plan, issued=True)
            AssignmentFactory(plan=plan, unit=commune, due_date=TODAY)
        for _ in range(15):
            PlanFactory(issuer=world.hn, issued=True)
            PlanFactory(issuer=world.kp)
            AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=TODAY)

    assert_constant_queries(client_for(getattr(world, who)), "/", grow, django_assert_num_queries)


def test_notification_list(world, kp, client_for, django_assert_num_queries):
    AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=TODAY)
    reminders_run(day=TODAY - datetime.timedelta(days=3))

    def grow():
        Assignment.objects.bulk_create(
            Assignment(plan=kp.plan, unit=world.kp_office, due_date=TODAY, position=index)
            for index in range(40)
        )
        reminders_run(day=TODAY - datetime.timedelta(days=3))

    response = assert_constant_queries(
        client_for(world.kp_officer), "/notifications/", grow, django_assert_num_queries
    )
    assert response.content.decode().count('data-testid="notification"') == 25


def test_draft_report_detail(world, kp, client_for, django_assert_num_queries):
    """A draft computes its figures on every view: by form, unit, target group and target."""
    add = activity_adder(world, kp)
    add(status=ActivityStatus.APPROVED)
    make_targets(kp)
    report = open_report(client_for(world.kp_officer))
    groups = list(TargetGroup.objects.order_by("pk"))

    def grow():
        for day in range(1, 31):
            activity = add(date=datetime.date(2026, 1, day), status=ActivityStatus.APPROVED,
                           unit=world.kp_village, assignment=kp.village_task,
                           form=kp.loudspeaker if day % 2 else kp.conference,
                           participants=day, views=10 * day)  # fmt: skip
            activity.target_groups.set(groups[: day % 4 + 1])
        for index in range(5):
            make_unit(world.kp, kind="village", code=f"T-KP-N{index}", name=f"Thôn mới {index}")

    response = assert_constant_queries(
        client_for(world.kp_leader), f"/reports/{report.pk}/", grow, django_assert_num_queries
    )
    assert response.context["figures"]["totals"]["count"] == 31


def test_report_matrix(world, kp, client_for, django_assert_num_queries):
    report = open_report(client_for(world.kp_officer))

    def grow():
        for commune in more_communes(world, 12):
            Report.objects.create(organisation=commune, period=report.period,
                                  title="Báo cáo quý", status=ReportStatus.SUBMITTED)  # fmt: skip

    response = assert_constant_queries(
        client_for(world.hn_leader), "/reports/matrix/?year=2026", grow, django_assert_num_queries
    )
    assert "Xã Quy mô 11" in response.content.decode()
