"""Plan approval («Trình ký»): the officer sends a draft to the leader, who issues it or
returns it with a comment; the officer is told. Officers issue directly only where their
organisation allows it (`officers_may_issue`)."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.links import target_url
from notifications.models import Notification, NotificationPreference
from plans.models import Plan, PlanStatus
from tests.factories import PlanFactory, UserFactory
from units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(django_capture_on_commit_callbacks):
    """`told(action)`: run `action` with its transaction committed; {username: number of
    event notifications} it created."""

    def run(action):
        before = set(Notification.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            response = action()
        assert response.status_code in (200, 302), response
        created = Notification.objects.exclude(pk__in=before).filter(rule="event")
        return Counter(created.values_list("recipient__username", flat=True))

    return run


def once(*usernames):
    return Counter(dict.fromkeys(usernames, 1))


def issue_form(plan, **changes):
    data = {
        "number": 12,
        "symbol": "KH-UBND",
        "issued_on": datetime.date.today().strftime("%d/%m/%Y"),
        "place": "Kiều Phú",
        "signer_name": "Nguyễn Văn Ký",
        "version": plan.version,
    }
    data.update(changes)
    return data


@pytest.fixture
def draft(world):
    # A second leader of Kiều Phú (both are asked), and one of Phúc Thọ (never).
    UserFactory(username="kp.leader2", unit=world.kp, role=Role.LEADER)
    UserFactory(username="pt.leader", unit=world.pt, role=Role.LEADER)
    return PlanFactory(issuer=world.kp, title="Tuyên truyền chuyển đổi số năm 2026")


def own_client(user):
    """A client of its own (`client_for` shares one, so two people in a test need two)."""
    client = Client()
    client.force_login(user)
    return client


def page(client, plan):
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_submit_return_resubmit_issue_through_the_pages(world, client_for, told, draft):
    officer = own_client(world.kp_officer)
    content = page(officer, draft)
    assert "Trình ký" in content
    assert reverse("plans:issue", args=[draft.pk]) not in content

    # Trình ký: the commune's leaders are told once each; not the officer, not Phúc Thọ.
    got = told(
        lambda: officer.post(reverse("plans:submit", args=[draft.pk]), {"version": draft.version})
    )
    assert got == once("kp.leader", "kp.leader2")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.AWAITING_SIGNATURE
    assert draft.submitted_by == world.kp_officer
    notification = Notification.objects.filter(recipient=world.kp_leader).latest("pk")
    assert notification.event == "plan_submitted"
    assert target_url(notification) == reverse("plans:detail", args=[draft.pk])

    # While it waits the officer cannot edit it, issue it or send it again.
    content = page(officer, draft)
    assert "Chờ ký" in content and "Soạn thảo" not in content
    assert officer.get(reverse("plans:edit", args=[draft.pk])).status_code == 403
    assert officer.get(reverse("plans:issue", args=[draft.pk])).status_code == 403
    assert officer.get(reverse("plans:return", args=[draft.pk])).status_code == 403

    # The leader sees «Ban hành» and «Trả lại»; a return needs a comment.
    leader = own_client(world.kp_leader)
    content = page(leader, draft)
    assert reverse("plans:issue", args=[draft.pk]) in content
    assert reverse("plans:return", args=[draft.pk]) in content
    response = leader.post(
        reverse("plans:return", args=[draft.pk]), {"comment": "  ", "version": draft.version}
    )
    assert response.status_code == 200
    assert "Ghi rõ lý do trả lại" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == PlanStatus.AWAITING_SIGNATURE

    comment = "Bổ sung kinh phí cho hoạt động phát thanh."
    got = told(
        lambda: leader.post(
            reverse("plans:return", args=[draft.pk]),
            {"comment": comment, "version": draft.version},
        )
    )
    assert got == once("kp.officer")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and draft.return_comment == comment
    notification = Notification.objects.filter(recipient=world.kp_officer).latest("pk")
    assert notification.event == "plan_returned" and comment in notification.detail

    # The officer sees the comment and edits again; it stays until the next submission.
    content = page(officer, draft)
    assert 'id="return-comment"' in content and comment in content and "Soạn thảo" in content
    assert officer.get(reverse("plans:edit", args=[draft.pk])).status_code == 200
    told(lambda: officer.post(reverse("plans:submit", args=[draft.pk]), {"version": draft.version}))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.AWAITING_SIGNATURE
    assert 'id="return-comment"' not in page(officer, draft)  # (the history keeps it)

    # The leader issues it from «Chờ ký»: the officer is told once; the leader is not.
    got = told(lambda: leader.post(reverse("plans:issue", args=[draft.pk]), issue_form(draft)))
    assert got == once("kp.officer")
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ISSUED and draft.number == 12
    notification = Notification.objects.filter(recipient=world.kp_officer).latest("pk")
    assert notification.event == "plan_signed"
    assert "12/KH-UBND" in notification.subject

    # Each step is in the plan's history, with who did it.
    reasons = list(
        Plan.history.filter(id=draft.pk)
        .exclude(history_change_reason=None)
        .order_by("history_date")
        .values_list("history_change_reason", "history_user__username")
    )
    assert reasons == [
        ("Trình ký", "kp.officer"),
        (f"Trả lại: {comment}", "kp.leader"),
        ("Trình ký", "kp.officer"),
        ("Ban hành", "kp.leader"),
    ]


def test_the_leaders_email_follows_their_preferences(world, client_for, told, draft):
    NotificationPreference.objects.create(user=world.kp_leader, event_email="immediate")
    mail.outbox.clear()
    told(
        lambda: client_for(world.kp_officer).post(
            reverse("plans:submit", args=[draft.pk]), {"version": draft.version}
        )
    )
    (sent,) = mail.outbox
    assert sent.to == [world.kp_leader.email]
    assert "Tuyên truyền chuyển đổi số năm 2026" in sent.body


def test_an_officer_issues_only_where_the_organisation_allows_it(world, client_for, told, draft):
    officer = client_for(world.kp_officer)
    url = reverse("plans:issue", args=[draft.pk])
    assert officer.get(url).status_code == 403
    assert officer.post(url, issue_form(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT

    world.kp.officers_may_issue = True
    world.kp.save()
    assert url in page(officer, draft)
    got = told(lambda: officer.post(url, issue_form(draft)))
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ISSUED
    assert not got.get("kp.officer") and "plan_signed" not in set(
        Notification.objects.values_list("event", flat=True)
    )


def test_a_leader_issues_a_draft_directly_and_nobody_is_told_of_a_signature(
    world, client_for, told, draft
):
    got = told(
        lambda: client_for(world.kp_leader).post(
            reverse("plans:issue", args=[draft.pk]), issue_form(draft)
        )
    )
    draft.refresh_from_db()
    assert draft.status == PlanStatus.ISSUED
    assert got == Counter()


def test_a_unit_head_cannot_submit_and_a_stale_submission_is_refused(world, client_for, draft):
    url = reverse("plans:submit", args=[draft.pk])
    assert client_for(world.kp_head).post(url, {"version": draft.version}).status_code == 403
    officer = client_for(world.kp_officer)
    response = officer.post(url, {"version": draft.version - 1 if draft.version > 1 else 99})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT


def test_other_communes_get_404_and_superiors_only_read(world, client_for, draft):
    submit = reverse("plans:submit", args=[draft.pk])
    give_back = reverse("plans:return", args=[draft.pk])
    for user in (world.gv_officer, world.gv_leader):
        client = client_for(user)
        assert client.post(submit, {"version": draft.version}).status_code == 404
        assert client.post(give_back, {"comment": "x"}).status_code == 404
    assert client_for(world.hn_leader).post(submit).status_code == 403
    Plan.objects.filter(pk=draft.pk).update(
        status=PlanStatus.AWAITING_SIGNATURE, submitted_by=world.kp_officer
    )
    assert client_for(world.hn_leader).post(give_back, {"comment": "x"}).status_code == 403
    assert client_for(world.gv_leader).get(give_back).status_code == 404
    draft.refresh_from_db()
    assert draft.status == PlanStatus.AWAITING_SIGNATURE and draft.return_comment == ""


def test_a_plan_awaiting_signature_stays_on_the_home_page_marked_and_reads_as_a_draft(
    world, client_for, draft
):
    Plan.objects.filter(pk=draft.pk).update(
        status=PlanStatus.AWAITING_SIGNATURE, submitted_by=world.kp_officer
    )
    response = client_for(world.kp_leader).get(reverse("home"))
    assert [plan.pk for plan in response.context["drafts"]] == [draft.pk]
    content = response.content.decode()
    assert "Chờ ký" in content and reverse("plans:detail", args=[draft.pk]) in content
    response = client_for(world.kp_officer).get(reverse("plans:detail", args=[draft.pk]))
    assert response.context["doc"].is_draft and response.context["status_rows"] == []


def test_the_officer_withdraws_a_plan_awaiting_signature_to_fix_it(world, client_for, told, draft):
    officer = client_for(world.kp_officer)
    officer.post(reverse("plans:submit", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert "Rút lại để sửa" in page(officer, draft)
    got = told(
        lambda: officer.post(reverse("plans:withdraw", args=[draft.pk]), {"version": draft.version})
    )
    assert got == Counter()
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT
    assert officer.get(reverse("plans:edit", args=[draft.pk])).status_code == 200
    # A second click (a stale page) changes nothing; another commune gets 404.
    officer.post(reverse("plans:withdraw", args=[draft.pk]), {"version": draft.version})
    assert Plan.objects.get(pk=draft.pk).version == draft.version
    gv = client_for(world.gv_officer)
    assert gv.post(reverse("plans:withdraw", args=[draft.pk])).status_code == 404


def test_a_return_comment_longer_than_a_note_is_refused_and_kept(world, client_for, draft):
    Plan.objects.filter(pk=draft.pk).update(
        status=PlanStatus.AWAITING_SIGNATURE, submitted_by=world.kp_officer
    )
    draft.refresh_from_db()
    long_comment = "Sửa lại. " * 300
    response = client_for(world.kp_leader).post(
        reverse("plans:return", args=[draft.pk]),
        {"comment": long_comment, "version": draft.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    assert response.context["form"]["comment"].value() == long_comment
    assert Plan.objects.get(pk=draft.pk).status == PlanStatus.AWAITING_SIGNATURE
