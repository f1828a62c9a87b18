"""Event notifications through the pages people use: for each event the right people get
exactly one notification, nobody else gets any (another commune, the person who acted),
and each links to its object. Created after the transaction commits, once per occurrence."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from activities.models import Activity, ActivityStatus, CompletionStatus, TaskCompletion
from notifications import events
from notifications.links import target_url
from notifications.models import Notification, NotificationPreference
from notifications.services import reminders_run
from plans.models import PlanStatus
from reports.models import Report, ReportStatus
from reports.periods import reporting_period
from tests.activities.conftest import build_kp_plan
from tests.factories import AssignmentFactory, PlanFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """`told(action)`: run `action` as a request does, its transaction committed, and return
    {username: number of event notifications} created by it."""

    def run(action):
        before = set(Notification.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            response = action()
        assert getattr(response, "status_code", 302) in (200, 302), response
        created = Notification.objects.exclude(pk__in=before).filter(rule="event")
        return Counter(created.values_list("recipient__username", flat=True))

    return run


def once(*usernames):
    return Counter(dict.fromkeys(usernames, 1))


def latest(username):
    return Notification.objects.filter(recipient__username=username, rule="event").latest("pk")


# ---------------------------------------------------------------- activities


def draft_activity(world, kp, **fields):
    values = {
        "plan": kp.plan,
        "unit": world.kp_village,
        "assignment": kp.village_task,
        "form": kp.loudspeaker,
        "date": datetime.date(2026, 3, 2),
        "title": "Phát thanh chuyên mục chuyển đổi số",
        "status": ActivityStatus.DRAFT,
        "created_by": world.kp_village_head,
    }
    values.update(fields)
    return Activity.objects.create(**values)


def test_a_submitted_activity_is_told_to_the_focal_units_reviewers_only(
    world, kp, client_for, told
):
    activity = draft_activity(world, kp)
    url = reverse("activities:submit", args=[activity.pk])
    got = told(lambda: client_for(world.kp_village_head).post(url))
    # The plan's focal unit is the office: its officer and its head review.
    assert got == once("kp.officer", "kp.head")
    notification = latest("kp.head")
    assert notification.headline == f"Hoạt động chờ duyệt (bởi {world.kp_village_head})"
    assert target_url(notification) == reverse("activities:detail", args=[activity.pk])

    # The reviewer who logs an activity is not told of their own submission.
    own = draft_activity(world, kp, unit=world.kp_office, assignment=kp.office_task,
                         created_by=world.kp_head)  # fmt: skip
    got = told(lambda: client_for(world.kp_head).post(reverse("activities:submit", args=[own.pk])))
    assert got == once("kp.officer")


def test_the_review_badge_counts_what_waits(world, kp, client_for, told):
    activity = draft_activity(world, kp)
    client = client_for(world.kp_officer)
    assert 'data-testid="review-count"' not in client.get("/").content.decode()
    told(
        lambda: client_for(world.kp_village_head).post(
            reverse("activities:submit", args=[activity.pk])
        )
    )
    page = client_for(world.kp_officer).get("/").content.decode()
    assert 'aria-label="1 hoạt động chờ duyệt">1</span>' in page
    told(
        lambda: client_for(world.kp_officer).post(reverse("activities:approve", args=[activity.pk]))
    )
    assert (
        'data-testid="review-count"' not in client_for(world.kp_officer).get("/").content.decode()
    )


@pytest.mark.parametrize(
    ("action", "headline"),
    [("approve", "Hoạt động đã được duyệt"), ("return", "Hoạt động bị trả lại")],
)
def test_a_reviewed_activity_is_told_to_whoever_logged_it(
    world, kp, client_for, told, action, headline
):
    activity = draft_activity(world, kp, status=ActivityStatus.SUBMITTED)
    url = reverse(f"activities:{action}", args=[activity.pk])
    got = told(lambda: client_for(world.kp_officer).post(url, {"comment": "Bổ sung ảnh."}))
    assert got == once("kp.village")
    notification = latest("kp.village")
    assert notification.headline.startswith(headline)
    assert notification.detail == "Ý kiến: Bổ sung ảnh."


# ---------------------------------------------------------------- reports


@pytest.fixture
def hn_officer(world):
    return UserFactory(username="hn.officer", unit=world.hn, role=Role.OFFICER)


def kp_report(world, status=ReportStatus.DRAFT):
    return Report.objects.create(
        organisation=world.kp,
        period=reporting_period("quarter", 2026, 1),
        title="Báo cáo kết quả công tác tuyên truyền quý I/2026",
        status=status,
        submitted_by=world.kp_leader if status == ReportStatus.SUBMITTED else None,
    )


def test_a_submitted_report_is_told_to_the_superiors_leaders_and_officers(
    world, client_for, told, hn_officer
):
    report = kp_report(world)
    url = reverse("reports:submit", args=[report.pk])
    got = told(lambda: client_for(world.kp_leader).post(url))
    assert got == once("hn.leader", "hn.officer")  # not Phúc Thọ beside, not Hải Phòng
    assert target_url(latest("hn.officer")) == reverse("reports:detail", args=[report.pk])


@pytest.mark.parametrize("action", ["accept", "return"])
def test_a_reviewed_report_is_told_to_the_reporting_organisation(
    world, client_for, told, hn_officer, action
):
    report = kp_report(world, ReportStatus.SUBMITTED)
    url = reverse(f"reports:{action}", args=[report.pk])
    got = told(lambda: client_for(world.hn_leader).post(url, {"comment": "Bổ sung số liệu."}))
    assert got == once("kp.leader", "kp.officer")
    assert latest("kp.leader").report_id == report.pk


# ---------------------------------------------------------------- plans and tasks


def issue_form(plan, **changes):
    data = {
        "number": 5,
        "symbol": "KH-UBND",
        "issued_on": "12/01/2026",
        "place": "Hà Nội",
        "signer_name": "Nguyễn Văn Ký",
        "version": plan.version,
    }
    data.update(changes)
    return data


def test_a_superior_plan_issued_is_told_below_with_the_expected_date(world, client_for, told):
    city = PlanFactory(issuer=world.hn, title="Kế hoạch tuyên truyền chuyển đổi số")
    url = reverse("plans:issue", args=[city.pk])
    got = told(
        lambda: client_for(world.hn_leader).post(
            url, issue_form(city, lower_plans_due="28/02/2026")
        )
    )
    city.refresh_from_db()
    assert city.status == PlanStatus.ISSUED
    # Every organisation below Hà Nội: Kiều Phú and Phúc Thọ; not Gia Viên (Hải Phòng).
    assert got == once("kp.leader", "kp.officer", "pt.officer")
    notification = latest("pt.officer")
    assert notification.due_date == datetime.date(2026, 2, 28)
    assert "trước ngày 28/02/2026" in notification.detail
    assert target_url(notification) == reverse("plans:detail", args=[city.pk])


def test_issuing_a_plan_tells_each_unit_its_task(world, client_for, told):
    world.kp.officers_may_issue = True  # Kiều Phú lets its officers issue directly
    world.kp.save()
    plan = PlanFactory(issuer=world.kp)
    office = AssignmentFactory(plan=plan, unit=world.kp_office, due_date=datetime.date(2026, 6, 1))
    villages = AssignmentFactory(
        plan=plan, unit=world.kp, label="Các thôn", includes_subunits=True, subunit_kinds="village"
    )
    url = reverse("plans:issue", args=[plan.pk])
    got = told(lambda: client_for(world.kp_officer).post(url, issue_form(plan)))
    # The office's head (its officer issued the plan), the village's head.
    assert got == once("kp.head", "kp.village")
    assert latest("kp.head").assignment_id == office.pk
    assert latest("kp.village").assignment_id == villages.pk
    assert target_url(latest("kp.head")) == reverse("activities:task", args=[office.pk])


def test_a_task_done_late_is_told_to_the_issuing_organisation(world, kp, client_for, told):
    kp.office_task.due_date = datetime.date(2026, 1, 31)
    kp.office_task.save()
    url = reverse("activities:task_report", args=[kp.office_task.pk])
    data = {"unit": world.kp_office.pk, "result": "Đã tổ chức.", "action": "done"}
    got = told(lambda: client_for(world.kp_head).post(url, data))
    assert got == once("kp.leader", "kp.officer")
    assert latest("kp.leader").headline.startswith("Nhiệm vụ hoàn thành muộn")


def test_a_task_done_on_time_tells_nobody(world, kp, client_for, told):
    url = reverse("activities:task_report", args=[kp.office_task.pk])
    data = {"unit": world.kp_office.pk, "result": "Đã tổ chức.", "action": "done"}
    assert told(lambda: client_for(world.kp_head).post(url, data)) == Counter()


def test_a_reopened_task_is_told_to_the_unit_and_whoever_reported_it(world, kp, client_for, told):
    done = TaskCompletion.objects.create(
        assignment=kp.office_task,
        unit=world.kp_office,
        status=CompletionStatus.DONE,
        percent=100,
        done_by=world.kp_head,
    )
    url = reverse("activities:task_reopen", args=[kp.office_task.pk])
    got = told(
        lambda: client_for(world.kp_leader).post(url, {"completion": done.pk, "comment": "Thiếu."})
    )
    assert got == once("kp.head", "kp.officer")
    assert latest("kp.head").detail == "Lý do: Thiếu."


# ---------------------------------------------------------------- the rules of every event


def test_nothing_is_told_when_the_transaction_rolls_back(
    world, kp, django_capture_on_commit_callbacks
):
    activity = draft_activity(world, kp, status=ActivityStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.activities_submitted(activities=[activity], by=world.kp_village_head)
                raise RuntimeError("the save failed")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()


def test_an_event_told_twice_is_created_once(world, kp, django_capture_on_commit_callbacks):
    activity = draft_activity(world, kp, status=ActivityStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        events.activities_submitted(activities=[activity], by=world.kp_village_head)
        events.activities_submitted(activities=[activity], by=world.kp_village_head)
    assert Notification.objects.filter(recipient=world.kp_head).count() == 1


def test_inactive_people_are_not_told(world, kp, client_for, told):
    world.kp_officer.is_active = False
    world.kp_officer.save()
    activity = draft_activity(world, kp)
    url = reverse("activities:submit", args=[activity.pk])
    assert told(lambda: client_for(world.kp_village_head).post(url)) == once("kp.head")


def test_events_go_by_email_at_once_or_in_the_next_mornings_digest(
    world, kp, client_for, told, settings
):
    NotificationPreference.objects.create(user=world.kp_head, event_email="immediate")
    NotificationPreference.objects.create(user=world.kp_officer, event_email="digest")
    activity = draft_activity(world, kp)
    mail.outbox.clear()
    told(
        lambda: client_for(world.kp_village_head).post(
            reverse("activities:submit", args=[activity.pk])
        )
    )
    (immediate,) = mail.outbox
    assert immediate.to == [world.kp_head.email]
    assert immediate.subject.startswith("[Loa] Hoạt động chờ duyệt")
    assert "Phát thanh chuyên mục chuyển đổi số" in immediate.body
    assert latest("kp.head").email_status == "sent"

    # The officer's copy waits for the next morning's digest, once.
    mail.outbox.clear()
    next_day = latest("kp.officer").remind_on + datetime.timedelta(days=1)
    reminders_run(day=next_day)
    from notifications.models import Digest
    from notifications.services import digests_send_pending

    digests_send_pending(day=next_day)
    officer_mail = [m for m in mail.outbox if m.to == [world.kp_officer.email]]
    assert len(officer_mail) == 1 and "VIỆC MỚI HÔM QUA" in officer_mail[0].body
    assert not [
        m for m in mail.outbox if m.to == [world.kp_head.email] and "Hoạt động chờ duyệt" in m.body
    ]
    assert Digest.objects.filter(recipient=world.kp_officer).count() == 1


def test_activities_imported_from_excel_are_told_once_per_plan(world, client_for, told):
    from tests.imports.excel import xlsx
    from tests.imports.test_excel import ACTIVITY_HEADERS, confirm_url, upload

    plan = PlanFactory(issuer=world.kp, issued=True, number=12, symbol="KH-UBND")
    AssignmentFactory(plan=plan, unit=world.kp_office)  # no focal unit: the leader reviews
    client = client_for(world.kp_officer)
    rows = [
        ["12/KH-UBND", "T-KP-VHXH", "loudspeaker", f"0{day}/03/2026", f"Phát thanh {day}", 1]
        for day in range(1, 6)
    ]
    preview = upload(client, "activities", xlsx(ACTIVITY_HEADERS, rows))
    got = told(lambda: client.post(confirm_url(preview)))
    assert got == once("kp.leader")
    notification = latest("kp.leader")
    assert notification.subject == "5 hoạt động mới nhập từ Excel"
    assert target_url(notification) == reverse("activities:review")
