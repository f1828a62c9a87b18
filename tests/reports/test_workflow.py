"""Who may edit, submit, accept and return a report, and who sees it at all."""

import pytest
from django.urls import reverse

from reports.models import Report, ReportStatus
from tests.reports.test_documents import open_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, q1, client_for):
    return open_report(client_for(world.kp_officer))


def submit(client, report):
    return client.post(reverse("reports:submit", args=[report.pk]))


def form_data(report, **changes):
    data = {
        "title": report.title,
        "addressee": report.addressee,
        "number": "",
        "symbol": report.symbol,
        "issued_on": "",
        "place": report.place,
        "results": report.results,
        "strengths": report.strengths,
        "shortcomings": report.shortcomings,
        "difficulties": report.difficulties,
        "next_tasks": report.next_tasks,
        "proposals": report.proposals,
        "signer_authority": report.signer_authority,
        "signer_on_behalf": report.signer_on_behalf,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "recipients": report.recipients,
        "version": report.version,
    }
    data.update(changes)
    return data


def test_the_report_opens_prefilled_with_a_first_draft(report):
    assert report.status == ReportStatus.DRAFT
    assert report.results.startswith("Trong kỳ quý I/2026, xã Kiều Phú đã tổ chức 3 hoạt động")
    assert report.addressee == "Kính gửi: Thành phố Hà Nội"
    assert all([report.strengths, report.next_tasks, report.proposals])


def test_opening_the_same_period_twice_gives_the_same_report(world, report, client_for):
    again = open_report(client_for(world.kp_leader))
    assert again.pk == report.pk
    assert Report.objects.count() == 1


def test_an_officer_edits_the_narrative(world, report, client_for):
    client = client_for(world.kp_officer)
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        form_data(report, strengths="Các thôn phát thanh đều đặn hằng tuần.", number="7"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.strengths == "Các thôn phát thanh đều đặn hằng tuần."
    assert report.number_display == "07/BC-UBND"
    assert report.version == 2


def test_a_failed_save_keeps_what_was_typed(world, report, client_for):
    client = client_for(world.kp_officer)
    response = client.post(
        reverse("reports:edit", args=[report.pk]),
        form_data(report, title="", proposals="Đề nghị cấp loa mới cho thôn Yên Nội."),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy nhập trích yếu của báo cáo." in page
    assert "Đề nghị cấp loa mới cho thôn Yên Nội." in page
    report.refresh_from_db()
    assert "thôn Yên Nội" not in report.proposals


def test_the_later_of_two_concurrent_saves_is_refused(world, report, client_for):
    client = client_for(world.kp_officer)
    url = reverse("reports:edit", args=[report.pk])
    assert client.post(url, form_data(report, strengths="Bản thứ nhất.")).status_code == 302
    response = client.post(url, form_data(report, strengths="Bản thứ hai."))
    assert response.status_code == 409
    assert "Bản thứ hai." in response.content.decode()
    report.refresh_from_db()
    assert report.strengths == "Bản thứ nhất."


def test_only_a_leader_submits(world, report, client_for):
    assert submit(client_for(world.kp_officer), report).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert submit(client_for(world.kp_leader), report).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == world.kp_leader
    assert report.figures["totals"]["count"] == 3


def test_a_submitted_report_is_no_longer_editable(world, report, client_for):
    submit(client_for(world.kp_leader), report)
    client = client_for(world.kp_officer)
    assert client.get(reverse("reports:edit", args=[report.pk])).status_code == 403


def test_the_superior_accepts_or_returns_with_a_comment(world, report, client_for):
    submit(client_for(world.kp_leader), report)
    hn = client_for(world.hn_leader)
    response = hn.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # a return needs a reason
    hn.post(reverse("reports:return", args=[report.pk]), {"comment": "Bổ sung số liệu thôn."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.review_comment == "Bổ sung số liệu thôn."
    # Returned: the commune edits and sends again; then the city accepts.
    page = client_for(world.kp_officer).get(reverse("reports:detail", args=[report.pk]))
    assert "Bổ sung số liệu thôn." in page.content.decode()
    submit(client_for(world.kp_leader), report)
    response = client_for(world.hn_leader).post(reverse("reports:accept", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.reviewed_by == world.hn_leader


def test_the_commune_cannot_accept_its_own_report(world, report, client_for):
    submit(client_for(world.kp_leader), report)
    response = client_for(world.kp_leader).post(reverse("reports:accept", args=[report.pk]))
    assert response.status_code == 403


def test_the_superior_reads_but_never_edits_or_submits(world, report, client_for):
    submit(client_for(world.kp_leader), report)
    hn = client_for(world.hn_leader)
    assert hn.get(reverse("reports:detail", args=[report.pk])).status_code == 200
    assert hn.get(reverse("reports:pdf", args=[report.pk])).status_code == 200
    assert hn.get(reverse("reports:edit", args=[report.pk])).status_code == 403
    assert hn.post(reverse("reports:redraft", args=[report.pk])).status_code == 403
    assert submit(hn, report).status_code == 403


def test_a_subordinates_draft_stays_private(world, report, client_for):
    hn = client_for(world.hn_leader)
    assert hn.get(reverse("reports:detail", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("who", ["pt_officer", "gv_officer", "gv_leader"])
@pytest.mark.parametrize("name", ["detail", "edit", "pdf", "xlsx", "submit", "accept"])
def test_another_organisation_gets_404(world, report, client_for, who, name):
    submit(client_for(world.kp_leader), report)
    client = client_for(getattr(world, who))
    url = reverse(f"reports:{name}", args=[report.pk])
    response = client.post(url) if name in ("submit", "accept") else client.get(url)
    assert response.status_code == 404


def test_a_unit_head_reads_but_cannot_open_a_report(world, q1, client_for):
    client = client_for(world.kp_head)
    response = client.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 1})
    assert response.status_code == 403
    assert client.get(reverse("reports:list")).status_code == 200


def test_a_period_that_does_not_exist_is_refused(world, client_for):
    client = client_for(world.kp_officer)
    response = client.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 5})
    assert response.status_code == 302
    assert response.url == reverse("reports:list")
    assert not Report.objects.exists()


def test_the_report_page_shows_who_changed_what_and_who_sent_it(world, report, client_for):
    client_for(world.kp_officer).post(
        reverse("reports:edit", args=[report.pk]),
        form_data(report, strengths="Các thôn phát thanh đều đặn hằng tuần."),
    )
    submit(client_for(world.kp_leader), report)

    page = client_for(world.hn_leader).get(reverse("reports:detail", args=[report.pk]))

    assert "Lịch sử thay đổi" in page.content.decode()
    sent, edited = page.context["history"][0], page.context["history"][1]
    assert sent.user == world.kp_leader
    assert edited.user == world.kp_officer
    changes = {c.label: (c.old, c.new) for e in edited.entries for c in e.changes}
    assert changes["Ưu điểm"][1] == "Các thôn phát thanh đều đặn hằng tuần."
    sent_changes = {c.label: c.new for e in sent.entries for c in e.changes}
    assert sent_changes["Trạng thái"] == "Đã gửi"
