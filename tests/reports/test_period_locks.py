"""A period closed by a sent report: Kiều Phú sent its report for the first quarter of 2026
(15/12/2025–14/03/2026, Decree 09), so nobody logs, corrects or approves an activity dated
in it, and the figures the report froze stay the period's figures in the superior's roll-up.
The leader opens the period again by withdrawing the report while the city has not accepted
it; after acceptance only the city, by returning it."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityStatus
from reports.models import Report, ReportStatus
from tests.activities.conftest import form_data
from tests.imports.excel import xlsx
from tests.imports.test_excel import ACTIVITY_HEADERS
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSED = "đã gửi báo cáo lên cấp trên"


@pytest.fixture
def sent(world, q1, client_for, time_machine):
    """Kiều Phú's Q1 report, sent by its leader on 16/03/2026."""
    time_machine.move_to(datetime.datetime(2026, 3, 16, 9, 0, tzinfo=HANOI), tick=False)
    report = open_report(client_for(world.kp_officer))
    client_for(world.kp_leader).post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, 0, tzinfo=HANOI), tick=False)
    return report


def log(client, world, kp, day):
    return client.post(
        reverse("activities:create"), form_data(world, kp, date=day, title=f"Hội nghị {day}")
    )


def test_no_activity_is_logged_in_a_period_already_reported(world, kp, sent, client_for):
    head = client_for(world.kp_head)
    refused = log(head, world, kp, "14/03/2026")
    assert refused.status_code == 200
    page = refused.content.decode()
    assert CLOSED in page and "Rút báo cáo để bổ sung" in page
    assert 'value="Hội nghị 14/03/2026"' in page
    assert not Activity.objects.filter(title="Hội nghị 14/03/2026").exists()
    # The next quarter is open (15/03 is already Q2 under Decree 09).
    assert log(head, world, kp, "15/03/2026").status_code == 302
    # Phúc Thọ reports its own periods: Kiều Phú's report closes nothing of it.
    assert Report.objects.filter(organisation=world.pt).count() == 0


def test_what_waits_for_review_is_not_approved_into_a_reported_period(world, kp, sent, client_for):
    waiting = Activity.objects.get(status=ActivityStatus.SUBMITTED, date=datetime.date(2026, 2, 1))
    response = client_for(world.kp_officer).post(
        reverse("activities:approve", args=[waiting.pk]), {"comment": ""}, follow=True
    )
    assert CLOSED in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ActivityStatus.SUBMITTED


def test_an_excel_row_dated_in_a_reported_period_is_refused(world, kp, sent, client_for):
    data = xlsx(
        ACTIVITY_HEADERS,
        [[kp.plan.number_display, "T-KP-VHXH", "conference", "10/03/2026", "Bổ sung", 1]],
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(world.kp_officer).post(
        "/imports/activities/import/", {"file": SimpleUploadedFile("hd.xlsx", data)}
    )
    assert CLOSED in response.content.decode()
    assert not Activity.objects.filter(title="Bổ sung").exists()


def test_the_leader_withdraws_the_report_to_add_and_sends_it_again(
    world, kp, sent, client_for, time_machine
):
    first_sent = sent.first_submitted_at
    leader = client_for(world.kp_leader)
    no_reason = leader.post(reverse("reports:withdraw", args=[sent.pk]), {"reason": " "})
    assert no_reason.status_code == 302
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED

    leader.post(reverse("reports:withdraw", args=[sent.pk]), {"reason": "Thiếu hội nghị ngày 10/3"})
    sent.refresh_from_db()
    assert sent.status == ReportStatus.DRAFT
    history = leader.get(reverse("reports:detail", args=[sent.pk])).content.decode()
    assert "Rút báo cáo để bổ sung: Thiếu hội nghị ngày 10/3" in history

    assert log(client_for(world.kp_head), world, kp, "10/03/2026").status_code == 302
    added = Activity.objects.get(title="Hội nghị 10/03/2026")
    client_for(world.kp_officer).post(reverse("activities:approve", args=[added.pk]))
    added.refresh_from_db()
    assert added.status == ActivityStatus.APPROVED

    participants = sent.figures["totals"]["participants"]
    time_machine.move_to(datetime.datetime(2026, 3, 21, 9, 0, tzinfo=HANOI), tick=False)
    client_for(world.kp_leader).post(reverse("reports:submit", args=[sent.pk]))
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SUBMITTED
    assert sent.figures["totals"]["participants"] == participants + 120
    assert sent.first_submitted_at == first_sent


def test_after_acceptance_only_the_superior_opens_the_period(world, kp, sent, client_for):
    client_for(world.hn_leader).post(reverse("reports:accept", args=[sent.pk]), {"comment": ""})
    refused = client_for(world.kp_leader).post(
        reverse("reports:withdraw", args=[sent.pk]), {"reason": "Bổ sung"}, follow=True
    )
    assert "báo cáo đã tiếp nhận cần cấp trên trả lại" in refused.content.decode()
    page = log(client_for(world.kp_head), world, kp, "14/03/2026").content.decode()
    assert "cần cấp trên trả lại báo cáo để bổ sung" in page

    client_for(world.hn_leader).post(
        reverse("reports:return", args=[sent.pk]), {"comment": "Bổ sung hội nghị"}
    )
    assert log(client_for(world.kp_head), world, kp, "14/03/2026").status_code == 302


def test_the_roll_up_equals_the_accepted_report_after_a_late_activity(world, kp, sent, client_for):
    hn = client_for(world.hn_leader)
    hn.post(reverse("reports:accept", args=[sent.pk]), {"comment": ""})
    # Late activities: one logged into the closed quarter, one waiting there for review.
    log(client_for(world.kp_head), world, kp, "01/03/2026")
    officer = client_for(world.kp_officer)
    for late in Activity.objects.filter(unit__organisation=world.kp).exclude(
        status=ActivityStatus.APPROVED
    ):
        officer.post(reverse("activities:approve", args=[late.pk]), {"comment": ""})
    hn = client_for(world.hn_leader)
    rollup = hn.get(reverse("reports:rollup"), {"period": "2026-Q1"}).context["rollup"]
    kp_row = next(row for row in rollup.rows if row.organisation_id == world.kp.pk)
    sent.refresh_from_db()
    assert kp_row.figures["count"] == sent.figures["totals"]["count"] == 3
    assert kp_row.figures["participants"] == sent.figures["totals"]["participants"]


def test_the_roll_up_counts_what_was_reported_and_shows_the_rest_apart(
    world, kp, sent, client_for, add_activity
):
    hn = client_for(world.hn_leader)
    hn.post(reverse("reports:accept", args=[sent.pk]), {"comment": ""})
    # An activity approved into the reported quarter some other way (an older version, the
    # admin): the accepted report is still what the roll-up counts.
    add_activity(date=datetime.date(2026, 3, 2), participants=5_000)
    rollup = hn.get(reverse("reports:rollup"), {"period": "2026-Q1"}).context["rollup"]
    rows = {row.name: row for row in rollup.rows}
    assert rows["Xã Kiều Phú"].figures["count"] == 3
    assert rows["Xã Kiều Phú"].figures["participants"] == sent.figures["totals"]["participants"]
    # Phúc Thọ has not reported: its live figures, labelled as such.
    assert rows["Xã Phúc Thọ"].figures["count"] == 1
    assert rows["Xã Phúc Thọ"].state_label == "Chưa gửi (quá hạn) · số liệu chưa báo cáo"
    assert rollup.totals["count"] == 4
    assert sum(row["count"] for row in rollup.by_form) == 4

    only_reported = hn.get(
        reverse("reports:rollup"), {"period": "2026-Q1", "unreported": "0"}
    ).context["rollup"]
    assert [row.name for row in only_reported.rows] == ["Xã Kiều Phú"]
    assert only_reported.totals["count"] == 3
    assert sum(row["count"] for row in only_reported.by_form) == 3
    page = hn.get(reverse("reports:rollup"), {"period": "2026-Q1", "unreported": "0"})
    assert "Các cơ quan chưa báo cáo không được tính" in page.content.decode()


def test_the_roll_up_by_form_adds_each_form_of_the_reports_and_of_the_rest(
    world, kp, sent, client_for
):
    from activities.models import ActivityStatus
    from plans.models import OutreachForm
    from tests.factories import PlanFactory

    # Phúc Thọ (not reported) also broadcast twice; Kiều Phú's report froze its own forms.
    pt_plan = PlanFactory(issuer=world.pt, issued=True)
    for day in (3, 4):
        Activity.objects.create(
            plan=pt_plan,
            unit=world.pt_office,
            form=kp.loudspeaker,
            date=datetime.date(2026, 2, day),
            title="Phát thanh",
            quantity=5,
            status=ActivityStatus.APPROVED,
        )
    rollup = (
        client_for(world.hn_leader)
        .get(reverse("reports:rollup"), {"period": "2026-Q1"})
        .context["rollup"]
    )
    frozen = {row["form_id"]: row for row in sent.figures["by_form"]}
    rows = {row["form_id"]: row for row in rollup.by_form}
    loudspeaker = frozen.get(kp.loudspeaker.pk, {"count": 0, "quantity": 0})
    assert rows[kp.loudspeaker.pk]["count"] == loudspeaker["count"] + 2
    assert rows[kp.loudspeaker.pk]["quantity"] == loudspeaker["quantity"] + 10
    # Phúc Thọ's conference of the first quarter (not reported) is added to Kiều Phú's two.
    assert rows[kp.conference.pk]["count"] == frozen[kp.conference.pk]["count"] + 1 == 3
    positions = dict(OutreachForm.objects.values_list("pk", "position"))
    order = [positions[row["form_id"]] for row in rollup.by_form]
    assert order == sorted(order) and len(order) == 2
