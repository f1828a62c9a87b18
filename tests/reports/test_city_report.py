"""The city's own report for a quarter, drafted from its communes' reports: who reported (on
time, late, not at all, by name), their proposals merged and attributed by theme, then
numbered, signed and issued like any report, and printed with «Kính gửi» and «Nơi nhận».

Under Hà Nội: Kiều Phú (sent on time), Phúc Thọ (sent 5 days late), Sơn Đà (on time) and
Tản Hồng (not sent). The first quarter of 2026 is due on 15/03/2026."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from reports.models import Report, ReportStatus
from reports.services import organisation_period
from tests.factories import UserFactory, make_organisation
from tests.reports.conftest import pdf_text
from units.models import Role

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def sent(organisation, day, **texts):
    period, _ = organisation_period(organisation=organisation, kind="quarter", year=2026, index=1)
    moment = datetime.datetime(2026, 3, day, 9, 0, tzinfo=HANOI)
    return Report.objects.create(
        organisation=organisation,
        period=period,
        title="Báo cáo quý I",
        status=ReportStatus.SUBMITTED,
        submitted_at=moment,
        first_submitted_at=moment,
        **texts,
    )


@pytest.fixture
def communes(world):
    son_da = make_organisation(world.hn, code="T-SD", name="Xã Sơn Đà", place_name="Sơn Đà")
    make_organisation(world.hn, code="T-TH", name="Xã Tản Hồng", place_name="Tản Hồng")
    sent(
        world.kp,
        14,
        difficulties="Kinh phí cho công tác tuyên truyền ở cơ sở còn hạn chế.",
        proposals=(
            "Đề nghị cấp trên hỗ trợ kinh phí mua loa truyền thanh cho các thôn.\n"
            "Đề nghị tổ chức tập huấn kỹ năng số cho cán bộ thôn."
        ),
    )
    sent(
        world.pt,
        20,
        difficulties="- Kinh phí cho công tác tuyên truyền ở cơ sở còn hạn chế",
        proposals="- Đề nghị hỗ trợ kinh phí mua loa truyền thanh cho các thôn;",
    )
    sent(son_da, 15, proposals="Kiến nghị cung cấp tài liệu tuyên truyền về Nghị quyết 57.")
    return son_da


def open_city_report(client):
    response = client.post(reverse("reports:create"), {"kind": "quarter", "year": 2026, "index": 1})
    assert response.status_code == 302
    return Report.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))


def test_the_city_draft_says_who_reported_and_merges_what_the_communes_propose(
    world, communes, client_for, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 25, 9, 0, tzinfo=HANOI), tick=False)
    hn_officer = make_city_officer(world)
    report = open_city_report(client_for(hn_officer))

    assert report.organisation == world.hn
    assert (
        "Kỳ quý I/2026, 3/4 cơ quan cấp dưới đã gửi báo cáo; đúng hạn: xã Kiều Phú, xã Sơn "
        "Đà; gửi muộn: xã Phúc Thọ (5 ngày); chưa gửi: xã Tản Hồng." in report.results
    )
    assert report.proposals.splitlines() == [
        "Tổng hợp đề xuất, kiến nghị của các cơ quan cấp dưới:",
        "Về kinh phí:",
        "- Xã Kiều Phú, xã Phúc Thọ đề nghị cấp trên hỗ trợ kinh phí mua loa truyền thanh "
        "cho các thôn;",
        "Về nhân lực và tập huấn:",
        "- Xã Kiều Phú đề nghị tổ chức tập huấn kỹ năng số cho cán bộ thôn;",
        "Về tài liệu, nội dung tuyên truyền:",
        "- Xã Sơn Đà đề nghị cung cấp tài liệu tuyên truyền về Nghị quyết 57;",
    ]
    assert (
        "- Xã Kiều Phú, xã Phúc Thọ: kinh phí cho công tác tuyên truyền ở cơ sở còn hạn chế;"
        in report.difficulties
    )
    assert "- Đôn đốc xã Tản Hồng gửi báo cáo kỳ này." in report.next_tasks


def make_city_officer(world):
    return UserFactory(username="hn.officer", unit=world.hn, role=Role.OFFICER)


def test_the_city_numbers_signs_and_issues_its_report_in_the_official_layout(
    world, communes, client_for, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 25, 9, 0, tzinfo=HANOI), tick=False)
    officer = client_for(make_city_officer(world))
    report = open_city_report(officer)
    data = {
        "title": report.title,
        "addressee": "Kính gửi: Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
        "number": "15",
        "symbol": "BC-UBND",
        "issued_on": "2026-03-25",
        "place": "Hà Nội",
        "results": report.results,
        "strengths": report.strengths,
        "shortcomings": report.shortcomings,
        "difficulties": report.difficulties,
        "next_tasks": report.next_tasks,
        "proposals": report.proposals,
        "signer_authority": "TM. ỦY BAN NHÂN DÂN",
        "signer_on_behalf": "KT. CHỦ TỊCH",
        "signer_title": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Thành",
        "recipients": "Như trên;\nCác xã trực thuộc;\nLưu: VT, VHXH.",
        "version": report.version,
    }
    assert officer.post(reverse("reports:edit", args=[report.pk]), data).status_code == 302
    leader = client_for(world.hn_leader)
    page = leader.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "Ban hành báo cáo" in page  # no superior in Loa: the city's report is final
    leader.post(reverse("reports:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "Đã ban hành" in leader.get(reverse("reports:detail", args=[report.pk])).content.decode()

    text = pdf_text(leader.get(reverse("reports:pdf", args=[report.pk])).content)
    for expected in (
        "Số: 15/BC-UBND",
        "Hà Nội, ngày 25 tháng 3 năm 2026",
        "Kính gửi: Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
        "Nguyễn Văn Thành",
        "PHÓ CHỦ TỊCH",
        "Nơi nhận:",
        "Các xã trực thuộc;",
        "Lưu: VT, VHXH.",
        "Xã Kiều Phú, xã Phúc Thọ đề nghị cấp trên hỗ trợ kinh phí",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_a_commune_report_names_its_drafting_unit_and_not_the_addressee_twice(
    world, client_for, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 25, 9, 0, tzinfo=HANOI), tick=False)
    world.kp_office.short_name = "VHXH"
    world.kp_office.save()
    report = open_city_report(client_for(world.kp_officer))
    assert report.addressee == "Kính gửi: Thành phố Hà Nội"
    assert report.recipients.splitlines() == ["Như trên;", "Lưu: VT, VHXH."]
