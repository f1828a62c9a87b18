"""Task completion through the pages: a unit reports progress or that its task is done, a
group task («Các thôn») is done per village and as a whole, late completions stay late, the
issuing organisation reopens, and reminders stop for what is done."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from activities.models import ActivityStatus, CompletionStatus, TaskCompletion
from activities.services.completion import CompletionInput, task_report
from notifications.models import Notification
from notifications.services import reminders_run
from tests.factories import UserFactory, make_unit
from units.models import Role, Unit

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), HANOI), tick=False
    )


def task_url(assignment):
    return reverse("activities:task", args=[assignment.pk])


def report(client, assignment, **data):
    data.setdefault("action", "done")
    return client.post(reverse("activities:task_report", args=[assignment.pk]), data)


def row(assignment, unit):
    return TaskCompletion.objects.get(assignment=assignment, unit=unit)


def test_the_unit_head_reports_the_task_done_on_time(world, kp, client_for, add_activity):
    activity = add_activity(status=ActivityStatus.APPROVED)
    with at(datetime.date(2026, 12, 10)):
        client = client_for(world.kp_head)
        page = client.get(task_url(kp.office_task))
        assert page.status_code == 200
        assert "Báo hoàn thành" in page.content.decode()
        response = report(
            client,
            kp.office_task,
            unit=world.kp_office.pk,
            result="Đã tổ chức hội nghị quán triệt cho 100 cán bộ.",
            link="https://kieuphu.gov.vn/tin/hoi-nghi",
            activities=[activity.pk],
        )
    assert response.status_code == 302
    done = row(kp.office_task, world.kp_office)
    assert done.status == CompletionStatus.DONE and not done.is_late
    assert done.done_by == world.kp_head and done.done_on == datetime.date(2026, 12, 10)
    assert list(done.activities.all()) == [activity]
    page = client.get(task_url(kp.office_task)).content.decode()
    assert "Đã hoàn thành" in page and "Đã tổ chức hội nghị quán triệt" in page
    assert 'name="action" value="done"' not in page  # nothing left to report


def test_progress_in_percent_is_kept_and_a_done_report_needs_a_result(world, kp, client_for):
    client = client_for(world.kp_officer)  # an officer of the organisation reports too
    response = report(
        client, kp.office_task, unit=world.kp_office.pk, action="progress", percent=40
    )
    assert response.status_code == 302
    assert row(kp.office_task, world.kp_office).percent == 40

    page = report(client, kp.office_task, unit=world.kp_office.pk, result="  ", link="ftp:x")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ghi ngắn gọn kết quả" in html or "Nhập một đường dẫn đầy đủ" in html
    assert row(kp.office_task, world.kp_office).status == CompletionStatus.IN_PROGRESS

    page = report(client, kp.office_task, unit=world.kp_office.pk, result="")
    assert "Ghi ngắn gọn kết quả đã làm được" in page.content.decode()
    page = report(client, kp.office_task, unit=world.kp_office.pk, action="progress", percent=140)
    assert "Tiến độ là một số từ 0 đến 100." in page.content.decode()


def test_a_completion_after_the_due_date_is_late_and_stays_late(world, kp, client_for):
    with at(datetime.date(2026, 12, 16)):  # due 15/12
        report(client_for(world.kp_head), kp.office_task, unit=world.kp_office.pk, result="Xong.")
    done = row(kp.office_task, world.kp_office)
    assert done.is_late
    page = client_for(world.kp_leader).get(task_url(kp.office_task)).content.decode()
    assert "Hoàn thành muộn" in page and "sau hạn" in page

    # Moving the deadline later does not wash the mark off; nor does reopening.
    kp.office_task.due_date = datetime.date(2026, 12, 31)
    kp.office_task.save()
    client_for(world.kp_officer).post(
        reverse("activities:task_reopen", args=[kp.office_task.pk]),
        {"completion": done.pk, "comment": "Bổ sung danh sách người dự."},
    )
    assert row(kp.office_task, world.kp_office).status == CompletionStatus.REOPENED
    with at(datetime.date(2026, 12, 20)):
        report(client_for(world.kp_head), kp.office_task, unit=world.kp_office.pk, result="Đủ.")
    assert row(kp.office_task, world.kp_office).is_late


def test_the_local_date_decides_lateness_not_utc(world, kp, client_for):
    # 06:30 on 16/12 in Hà Nội is still 15/12 in UTC: the task is done a day late.
    with at(datetime.date(2026, 12, 16), hour=6):
        report(client_for(world.kp_head), kp.office_task, unit=world.kp_office.pk, result="Xong.")
    done = row(kp.office_task, world.kp_office)
    assert done.done_on == datetime.date(2026, 12, 16) and done.is_late


def test_a_group_task_is_done_per_village_and_as_a_whole_when_all_are(world, kp, client_for):
    second = make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Yên Nội")
    second_head = UserFactory(username="kp.village2", unit=second, role=Role.UNIT_HEAD)
    task = kp.village_task
    with at(datetime.date(2026, 6, 1)):
        page = client_for(world.kp_village_head).get(task_url(task))
        assert page.context["form"].single_unit  # the head reports for their own village
        report(
            client_for(world.kp_village_head), task, unit=world.kp_village.pk, result="Phát 8 buổi."
        )
        assert row(task, world.kp_village).is_done
        assert not TaskCompletion.objects.filter(assignment=task, unit=world.kp).exists()
        page = client_for(world.kp_leader).get(task_url(task)).content.decode()
        assert "1/2 đơn vị đã hoàn thành" in page

        # The first village cannot report for the second.
        refused = report(client_for(world.kp_village_head), task, unit=second.pk, result="x")
        assert refused.status_code == 403
        report(client_for(second_head), task, unit=second.pk, result="Phát 6 buổi.")
    whole = row(task, world.kp)
    assert whole.is_done and not whole.is_late and whole.done_by == second_head

    # Reopening one village reopens the whole.
    client_for(world.kp_officer).post(
        reverse("activities:task_reopen", args=[task.pk]),
        {"completion": row(task, second).pk, "comment": "Thiếu ảnh minh chứng."},
    )
    assert row(task, second).status == CompletionStatus.REOPENED
    assert row(task, world.kp).status == CompletionStatus.REOPENED
    assert row(task, world.kp_village).is_done


def test_an_officer_chooses_which_village_to_report_for(world, kp, client_for):
    make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Yên Nội")
    page = client_for(world.kp_officer).get(task_url(kp.village_task))
    form = page.context["form"]
    assert [label for _, label in form.fields["unit"].choices] == ["Thôn Phú Hữu", "Thôn Yên Nội"]


def test_reopening_needs_a_reason_and_belongs_to_the_issuing_organisation(world, kp, client_for):
    report(client_for(world.kp_head), kp.office_task, unit=world.kp_office.pk, result="Xong.")
    done = row(kp.office_task, world.kp_office)
    url = reverse("activities:task_reopen", args=[kp.office_task.pk])

    page = client_for(world.kp_officer).post(url, {"completion": done.pk, "comment": ""})
    assert "Ghi lý do mở lại" in page.content.decode()
    assert row(kp.office_task, world.kp_office).is_done

    # The unit head who reported it, the superior and another commune cannot reopen.
    assert (
        client_for(world.kp_head).post(url, {"completion": done.pk, "comment": "x"}).status_code
        == 403
    )
    assert (
        client_for(world.hn_leader).post(url, {"completion": done.pk, "comment": "x"}).status_code
        == 403
    )
    assert (
        client_for(world.gv_leader).post(url, {"completion": done.pk, "comment": "x"}).status_code
        == 404
    )
    assert row(kp.office_task, world.kp_office).is_done

    response = client_for(world.kp_leader).post(
        url, {"completion": done.pk, "comment": "Chưa có báo cáo tổng hợp."}
    )
    assert response.status_code == 302
    reopened = row(kp.office_task, world.kp_office)
    assert reopened.status == CompletionStatus.REOPENED
    assert reopened.reopened_by == world.kp_leader
    page = client_for(world.kp_head).get(task_url(kp.office_task)).content.decode()
    assert "Chưa có báo cáo tổng hợp." in page and "Báo hoàn thành" in page


def test_only_the_assigned_unit_reports_and_others_read_or_get_404(world, kp, client_for):
    url = reverse("activities:task_report", args=[kp.office_task.pk])
    data = {"unit": world.kp_office.pk, "result": "x", "action": "done"}
    village_head = client_for(world.kp_village_head)
    assert village_head.post(url, data).status_code == 403
    assert client_for(world.hn_leader).get(task_url(kp.office_task)).status_code == 200
    assert client_for(world.hn_leader).post(url, data).status_code == 403
    assert client_for(world.gv_officer).get(task_url(kp.office_task)).status_code == 404
    assert client_for(world.gv_officer).post(url, data).status_code == 404
    assert not TaskCompletion.objects.exists()


def test_a_task_given_to_a_commune_by_the_city_is_reported_by_the_commune(world, client_for):
    from tests.factories import AssignmentFactory, PlanFactory

    city_plan = PlanFactory(issuer=world.hn, issued=True)
    task = AssignmentFactory(plan=city_plan, unit=world.kp, due_date=datetime.date(2026, 9, 30))
    assert report(client_for(world.kp_head), task, unit=world.kp.pk, result="x").status_code == 403
    assert (
        report(
            client_for(world.kp_leader), task, unit=world.kp.pk, result="Đã triển khai."
        ).status_code
        == 302
    )
    assert row(task, world.kp).is_done
    # The city (the issuer) reopens it; the commune cannot reopen its own report.
    reopen = reverse("activities:task_reopen", args=[task.pk])
    data = {"completion": row(task, world.kp).pk, "comment": "Bổ sung số liệu."}
    assert client_for(world.kp_leader).post(reopen, data).status_code == 403
    assert client_for(world.hn_leader).post(reopen, data).status_code == 302


def test_the_task_list_shows_what_is_open_overdue_and_done(world, kp, client_for):
    with at(datetime.date(2026, 12, 16)):
        client = client_for(world.kp_head)
        page = client.get(reverse("activities:tasks"))
        assert [r.assignment for r in page.context["rows"]] == [kp.office_task]
        assert page.context["rows"][0].standing.is_overdue
        assert "Quá hạn 1 ngày" in page.content.decode()
        report(client, kp.office_task, unit=world.kp_office.pk, result="Xong.")
        assert list(client.get(reverse("activities:tasks")).context["rows"]) == []
        done = client.get(reverse("activities:tasks"), {"show": "done"}).context["rows"]
        assert [r.standing.state for r in done] == ["done_late"]
    # The officer follows every task the commune gave.
    officer = client_for(world.kp_officer).get(reverse("activities:tasks"))
    assert [r.assignment for r in officer.context["rows"]] == [kp.village_task]


def test_the_task_list_takes_the_same_queries_for_few_and_many_tasks(
    world, kp, client_for, django_assert_max_num_queries
):
    from tests.factories import AssignmentFactory

    client = client_for(world.kp_officer)
    url = reverse("activities:tasks")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for day in range(1, 21):
        AssignmentFactory(plan=kp.plan, unit=world.kp_office, due_date=datetime.date(2026, 7, day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# Reminders stop for what is done --------------------------------------------------------


def reminded(day):
    reminders_run(day=day)
    return {
        (n.recipient.username, n.assignment_id)
        for n in Notification.objects.filter(remind_on=day, kind="assignment")
    }


def test_a_done_task_is_no_longer_reminded_nor_escalated(world, kp, client_for):
    Unit.objects.update(report_period_kinds="")
    assert ("kp.head", kp.office_task.pk) in reminded(datetime.date(2026, 12, 12))
    with at(datetime.date(2026, 12, 13)):
        report(client_for(world.kp_head), kp.office_task, unit=world.kp_office.pk, result="Xong.")
    assert not {a for _, a in reminded(datetime.date(2026, 12, 14))} & {kp.office_task.pk}
    assert not {a for _, a in reminded(datetime.date(2026, 12, 22))} & {kp.office_task.pk}


def test_a_village_that_finished_its_part_is_no_longer_reminded(world, kp, client_for):
    Unit.objects.update(report_period_kinds="")
    second = make_unit(world.kp, kind="village", code="T-KP-T2", name="Thôn Yên Nội")
    UserFactory(username="kp.village2", unit=second, role=Role.UNIT_HEAD)
    report(client_for(world.kp_village_head), kp.village_task, unit=world.kp_village.pk, result="x")
    overdue_day = datetime.date(2026, 7, 7)  # a week after 30/06
    got = reminded(overdue_day)
    assert ("kp.village2", kp.village_task.pk) in got
    assert ("kp.village", kp.village_task.pk) not in got
    # Not done as a whole: the commune's leader is still asked to follow it up.
    assert ("kp.leader", kp.village_task.pk) in got


def test_a_task_of_a_closed_plan_is_no_longer_reported(world, kp, client_for):
    kp.plan.status = "closed"
    kp.plan.save()
    client = client_for(world.kp_head)

    assert "Báo hoàn thành" not in client.get(task_url(kp.office_task)).content.decode()
    response = report(client, kp.office_task, unit=world.kp_office.pk, result="Xong.")

    assert response.status_code == 403
    assert not TaskCompletion.objects.exists()


def test_the_platform_administrator_may_report_a_communes_task(world, kp, client_for):
    admin = UserFactory(username="platform", unit=None, is_superuser=True, is_staff=True)

    response = report(client_for(admin), kp.office_task, unit=world.kp_office.pk, result="Xong.")

    assert response.status_code == 302
    assert row(kp.office_task, world.kp_office).done_by == admin


def done(result="Đã tổ chức hội nghị."):
    return CompletionInput(done=True, result=result)


def test_the_service_refuses_a_unit_the_task_is_not_given_to(world, kp):
    # The office's task is not the village's; the villages' group task is not the office's.
    with pytest.raises(PermissionDenied):
        task_report(
            assignment=kp.office_task, unit=world.kp_village, by=world.kp_leader, data=done()
        )
    with pytest.raises(PermissionDenied):
        task_report(
            assignment=kp.village_task, unit=world.kp_office, by=world.kp_leader, data=done()
        )
    assert not TaskCompletion.objects.exists()


def test_the_service_refuses_a_deactivated_account(world, kp):
    world.kp_leader.is_active = False
    world.kp_leader.save()

    with pytest.raises(PermissionDenied):
        task_report(
            assignment=kp.office_task, unit=world.kp_office, by=world.kp_leader, data=done()
        )
    assert not TaskCompletion.objects.exists()
