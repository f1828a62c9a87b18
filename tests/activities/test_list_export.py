import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import ActivityStatus, Evidence
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

LIST = reverse("activities:list")
EXPORT = reverse("activities:export")


def many(add_activity, kp, world, count, **fields):
    rows = []
    for index in range(count):
        activity = add_activity(
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=index), **fields
        )
        Evidence.objects.create(activity=activity, kind="link", url=f"https://x.vn/{index}")
        activity.sections.set([kp.digital])
        rows.append(activity)
    return rows


def workbook(response):
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content))


def test_the_list_is_paginated_newest_first(world, kp, client_for, add_activity):
    rows = many(add_activity, kp, world, 30)
    client = client_for(world.kp_leader)
    first = client.get(LIST)
    assert list(first.context["activities"]) == rows[::-1][:25]
    assert "30 hoạt động" in first.content.decode() and "Trang 1/2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert list(second.context["activities"]) == rows[::-1][25:]


def test_the_list_makes_the_same_number_of_queries_for_five_or_fifty_rows(
    world, kp, client_for, add_activity, django_assert_num_queries
):
    client = client_for(world.kp_head)
    many(add_activity, kp, world, 5)
    client.get(LIST)  # warm per-user caches (the navbar's unread count) before counting
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    many(add_activity, kp, world, 45, status=ActivityStatus.RETURNED)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert len(page.context["activities"]) == 25


def test_filters_narrow_by_plan_unit_form_status_and_dates(world, kp, client_for, add_activity):
    conference = add_activity(date=datetime.date(2026, 3, 5), title="Hội nghị")
    broadcast = add_activity(
        date=datetime.date(2026, 3, 9),
        unit=world.kp_village,
        assignment=kp.village_task,
        form=kp.loudspeaker,
        title="Phát thanh",
        status=ActivityStatus.APPROVED,
    )
    client = client_for(world.kp_leader)

    def listed(**query):
        return set(client.get(LIST, query).context["activities"])

    assert listed(unit=world.kp_village.pk) == {broadcast}
    assert listed(form=kp.conference.pk) == {conference}
    assert listed(status="approved") == {broadcast}
    assert listed(date_from="06/03/2026") == {broadcast}
    assert listed(date_to="06/03/2026") == {conference}
    assert listed(plan=kp.plan.pk) == {conference, broadcast}
    assert listed(q="phát") == {broadcast}
    assert listed(unit=world.kp.pk) == {conference, broadcast}  # an organisation: its subtree


def test_filters_cannot_reach_another_commune(world, kp, client_for, add_activity):
    add_activity()
    page = client_for(world.gv_officer).get(LIST, {"plan": kp.plan.pk, "unit": world.kp.pk})
    assert not page.context["activities"]
    assert "Kiều Phú" not in page.content.decode()


def test_excel_export_has_every_row_with_its_figures(world, kp, client_for, add_activity):
    add_activity(
        date=datetime.date(2026, 3, 5),
        participants=1200,
        cost=8_500_000,
        place="Hội trường",
        status=ActivityStatus.APPROVED,
    )
    response = client_for(world.kp_leader).get(EXPORT)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="hoat-dong-' in response["Content-Disposition"]
    book = workbook(response)
    sheet = book["Hoạt động"]
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    record = dict(zip(header, row, strict=True))
    assert record["Ngày thực hiện"] == datetime.datetime(2026, 3, 5)
    assert sheet["A2"].number_format == "DD/MM/YYYY"
    assert record["Đơn vị thực hiện"] == "Phòng Văn hóa - Xã hội"
    assert record["Số người tham dự"] == 1200 and record["Kinh phí (đồng)"] == 8_500_000
    assert record["Đơn vị tính"] == "hội nghị" and record["Trạng thái"] == "Đã duyệt"
    summary = [[c.value for c in r] for r in book["Theo hình thức"].iter_rows(min_row=3)]
    assert summary[0][:3] == ["Hội nghị phổ biến, quán triệt", "hội nghị", 1]


def test_excel_export_neutralises_formulas_in_text(world, kp, client_for, add_activity):
    add_activity(title='=HYPERLINK("http://evil","Bấm")', place="+84 912", description="@SUM(A1)")
    sheet = workbook(client_for(world.kp_leader).get(EXPORT))["Hoạt động"]
    header = [c.value for c in sheet[1]]
    record = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert record["Tên hoạt động"] == '\'=HYPERLINK("http://evil","Bấm")'
    assert record["Địa điểm"] == "'+84 912" and record["Mô tả"] == "'@SUM(A1)"
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_excel_export_follows_the_list_filters_and_scope(world, kp, client_for, add_activity):
    add_activity(title="Hội nghị", status=ActivityStatus.APPROVED)
    add_activity(title="Chờ duyệt")
    own = workbook(client_for(world.kp_leader).get(EXPORT, {"status": "approved"}))
    assert [c.value for c in own["Hoạt động"]["I"]][1:] == ["Hội nghị"]
    other = workbook(client_for(world.gv_officer).get(EXPORT))
    assert other["Hoạt động"].max_row == 1


def test_excel_export_queries_do_not_grow_with_the_rows(
    world, kp, client_for, add_activity, django_assert_max_num_queries
):
    many(add_activity, kp, world, 5)
    PlanFactory(issuer=world.kp, issued=True)
    client = client_for(world.kp_leader)
    with CaptureQueriesContext(connection) as few:
        assert workbook(client.get(EXPORT))["Hoạt động"].max_row == 6
    many(add_activity, kp, world, 55)
    # The export is a job (exports app), written within the request in the embedded default:
    # the filters, the data version, the job's row and progress, two queries per 2,000 rows
    # and the summary sheet.
    with django_assert_max_num_queries(len(few.captured_queries)):
        book = workbook(client.get(EXPORT))
    assert book["Hoạt động"].max_row == 61
    assert len(few.captured_queries) <= 20


def test_the_detail_page_queries_do_not_grow_with_evidence_groups_or_sections(
    world, kp, client_for, add_activity, target_groups, django_assert_num_queries
):
    activity = add_activity()
    client = client_for(world.kp_leader)
    url = reverse("activities:detail", args=[activity.pk])
    client.get(url)  # warm per-user caches (the navbar's unread count) before counting
    with CaptureQueriesContext(connection) as bare:
        client.get(url)
    for index in range(12):
        Evidence.objects.create(activity=activity, kind="link", url=f"https://x.vn/{index}")
    activity.target_groups.set(target_groups.values())
    activity.sections.set([kp.digital, kp.movement])
    with django_assert_num_queries(len(bare.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count('href="https://x.vn/') == 12


def test_the_review_queue_queries_do_not_grow_with_the_queue(
    world, kp, client_for, add_activity, django_assert_num_queries
):
    client = client_for(world.kp_officer)
    many(add_activity, kp, world, 3)
    client.get(reverse("activities:review"))  # warm per-user caches before counting
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("activities:review"))
    many(add_activity, kp, world, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("activities:review"))
    assert len(page.context["activities"]) == 30
