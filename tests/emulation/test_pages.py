"""The ranking, score and criteria pages as their users open them (the contest of
conftest.py, read on 2 April 2026 in Hà Nội)."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from emulation.models import CriteriaSet
from tests.factories import make_organisation

from .conftest import HANOI

pytestmark = pytest.mark.django_db
Q1 = {"period": "q1", "year": 2026}


@pytest.fixture(autouse=True)
def read_on_2_april(time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=HANOI), tick=False)


def text(html):
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def ranking_rows(client, judge, query=Q1):
    page = client.get(reverse("emulation:ranking", args=[judge.pk]), query).content.decode()
    rows = re.findall(r'<tr data-unit="[^"]+">(.*?)</tr>', page, re.S)
    return [[text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def test_the_city_reads_its_communes_ranking_with_the_counts_behind_each_score(
    contest, world, client_for
):
    rows = ranking_rows(client_for(world.hn_leader), world.hn)

    assert rows == [
        [
            "1",
            "Xã Kiều Phú",
            "37,39 2 đúng hạn · 1 muộn · 0 quá hạn chưa xong",
            "20,00 1 đúng hạn · 0 muộn · 0 chưa gửi",
            "10,00 1 đạt tiến độ · 1 chưa đạt tiến độ",
            "8,33 2 có minh chứng · 1 không có minh chứng",
            "7,89 3 không bị trả lại · 1 bị trả lại",
            "83,61",
            "Hoàn thành tốt nhiệm vụ",
        ],
        [
            "2",
            "Xã Phúc Thọ",
            "5,22 1 đúng hạn · 0 muộn · 2 quá hạn chưa xong",
            "10,00 0 đúng hạn · 1 muộn · 0 chưa gửi",
            "—",
            "10,00 1 có minh chứng · 0 không có minh chứng",
            "10,00 1 không bị trả lại · 0 bị trả lại",
            "44,03",
            "Không hoàn thành nhiệm vụ",
        ],
        [
            "3",
            "Xã Tam Hiệp",
            "0,00 0 đúng hạn · 0 muộn · 1 quá hạn chưa xong",
            "0,00 0 đúng hạn · 0 muộn · 1 chưa gửi",
            "—",
            "—",
            "—",
            "0,00",
            "Không hoàn thành nhiệm vụ",
        ],
        [
            "3",
            "Xã Đông Phú",
            "0,00 0 đúng hạn · 0 muộn · 1 quá hạn chưa xong",
            "0,00 0 đúng hạn · 0 muộn · 1 chưa gửi",
            "—",
            "—",
            "—",
            "0,00",
            "Không hoàn thành nhiệm vụ",
        ],
    ]


def rows_at(page, key):
    """The rows a count links to (`#key` on the score page)."""
    found = re.search(rf'<ul[^>]*data-rows="{key}">(.*?)</ul>', page, re.S)
    return [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)]


def test_each_count_opens_the_rows_that_made_it(contest, world, client_for):
    client = client_for(world.hn_leader)
    ranking = client.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).content.decode()
    late = re.search(r'href="([^"]+)" data-count="tasks-late"', ranking).group(1)
    assert unescape(late) == (
        f"/emulation/{world.hn.pk}/units/{world.kp.pk}/?period=q1&year=2026"
        "&scope=organisations#tasks-late"
    )

    kp = client.get(unescape(late).split("#")[0]).content.decode()
    assert rows_at(kp, "tasks-late") == [
        "- KP phối hợp. 179/KH-UBND · Phối hợp (hệ số 0,30) · hạn 01/03/2026 · Hoàn thành muộn"
    ]
    assert rows_at(kp, "evidence-missing") == [
        "Hội nghị ngày 10/03 · 10/03/2026 · Phòng Văn hóa - Xã hội"
    ]
    assert rows_at(kp, "returned-missing") == [
        "Hội nghị ngày 11/03 · 11/03/2026 · Phòng Văn hóa - Xã hội"
    ]
    assert rows_at(kp, "targets-missing") == [
        "Trên 80% người dân có kỹ năng số 12/KH-UBND · chỉ tiêu 80 % · chưa nhập kết quả"
    ]
    summary = re.search(r'data-testid="summary">(.*?)</div>', kp, re.S).group(1)
    assert text(summary) == "Tổng điểm 83,61 /100 · hạng 1 /4 · Hoàn thành tốt nhiệm vụ"

    th = client.get(reverse("emulation:unit", args=[world.hn.pk, contest.th.pk]), Q1)
    assert rows_at(th.content.decode(), "reports-missing") == [
        "Báo cáo Quý I/2026 · hạn 15/03/2026 · Chưa gửi (quá hạn)"
    ]
    pt = client.get(reverse("emulation:unit", args=[world.hn.pk, world.pt.pk]), Q1)
    assert rows_at(pt.content.decode(), "tasks-missing") == [
        "- PT chủ trì. 179/KH-UBND · Chủ trì (hệ số 1) · hạn 20/02/2026 · Quá hạn",
        "- Các xã tổ chức tuyên truyền. 179/KH-UBND · Chủ trì (hệ số 1) · hạn 05/03/2026 · Quá hạn",
    ]


def test_a_commune_reads_its_own_score_and_its_units_but_no_neighbour(contest, world, client_for):
    client = client_for(world.kp_leader)

    own = client.get(reverse("emulation:unit", args=[world.hn.pk, world.kp.pk]), Q1)
    assert own.status_code == 200
    assert "83,61" in own.content.decode()
    assert "Bảng xếp hạng" not in text(own.content.decode())
    assert client.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).status_code == 404
    neighbour = reverse("emulation:unit", args=[world.hn.pk, world.pt.pk])
    assert client.get(neighbour, Q1).status_code == 404

    rows = ranking_rows(client, world.kp)
    assert [(row[0], row[1], row[-2], row[-1]) for row in rows] == [
        ("1", "Phòng Văn hóa - Xã hội", "93,70", "Hoàn thành xuất sắc nhiệm vụ"),
        ("2", "Thôn Phú Hữu", "50,00", "Hoàn thành nhiệm vụ"),
    ]
    # The commune's own page links to how the city scored it.
    page = client.get(reverse("emulation:ranking", args=[world.kp.pk]), Q1).content.decode()
    assert f'href="/emulation/{world.hn.pk}/units/{world.kp.pk}/?period=q1' in page

    # A village head reads the commune's ranking, not the city's.
    village = client_for(world.kp_village_head)
    assert village.get(reverse("emulation:ranking", args=[world.kp.pk]), Q1).status_code == 200
    assert village.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).status_code == 404


def test_the_menu_opens_the_users_own_ranking(world, client_for):
    response = client_for(world.kp_officer).get(reverse("emulation:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation:ranking", args=[world.kp.pk])


def test_the_platform_administrator_starts_at_the_first_city(world, admin_client):
    response = admin_client.get(reverse("emulation:index"))
    assert response["Location"] == reverse("emulation:ranking", args=[world.hn.pk])
    assert admin_client.get(response["Location"]).status_code == 200


def test_a_wrong_filter_says_so_next_to_the_field_and_keeps_the_others(contest, world, client_for):
    response = client_for(world.hn_leader).get(
        reverse("emulation:ranking", args=[world.hn.pk]), {"period": "q9", "year": 2026}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Chọn quý, 6 tháng hoặc cả năm." in page
    # The current quarter (2 April: the second) instead, of the year asked for.
    assert "Kết quả chấm điểm thi đua Quý II/2026" in text(page)


def test_the_ranking_page_takes_as_many_queries_for_twenty_communes_as_for_four(
    contest, world, client_for, django_assert_max_num_queries
):
    client = client_for(world.hn_leader)
    url = reverse("emulation:ranking", args=[world.hn.pk])
    client.get(url, Q1)
    with django_assert_max_num_queries(20) as four:
        client.get(url, Q1)
    for number in range(16):
        make_organisation(world.hn, code=f"T-X{number}", name=f"Xã số {number}")
    with django_assert_max_num_queries(len(four.captured_queries)):
        assert len(ranking_rows(client, world.hn)) == 20


def criteria_post(**changes):
    data = {
        "lead_weight": "1",
        "coordinate_weight": "0,3",
        "requested_weight": "0,3",
        "excellent_from": "90",
        "good_from": "70",
        "done_from": "50",
    }
    for kind, weight, full in (
        ("tasks", "40", "100"),
        ("reports", "20", "100"),
        ("targets", "20", "100"),
        ("evidence", "10", "80"),
        ("returned", "10", "95"),
    ):
        data.update(
            {f"{kind}-weight": weight, f"{kind}-late_credit": "0,5", f"{kind}-full_at": full}
        )
    data.update(changes)
    return data


def test_the_communes_leader_edits_its_criteria_and_the_history_shows_it(
    contest, world, client_for
):
    client = client_for(world.kp_leader)
    url = reverse("emulation:criteria", args=[world.kp.pk]) + "?year=2026"
    client.get(url)

    response = client.post(url, criteria_post(**{"tasks-weight": "60", "coordinate_weight": "0,5"}))

    assert response.status_code == 302
    criteria = CriteriaSet.objects.get(judge=world.kp, year=2026)
    assert str(criteria.coordinate_weight) == "0.50"
    assert str(criteria.criteria.get(kind="tasks").weight) == "60.00"
    page = text(client.get(url).content.decode())
    assert "Sửa Bộ tiêu chí năm 2026 Trường Trước Sau Hệ số nhiệm vụ phối hợp 0,3 0,5" in page
    assert (
        "Sửa Tiêu chí: Nhiệm vụ được giao hoàn thành đúng hạn Trường Trước Sau Điểm tối đa 40 60"
        in page
    )
    # The office: 60 for its task, 8.33 + 7.89 → 76.22 of 80 = 95.28.
    rows = ranking_rows(client, world.kp)
    assert rows[0][1:3] == [
        "Phòng Văn hóa - Xã hội",
        "60,00 1 đúng hạn · 0 muộn · 0 quá hạn chưa xong",
    ]
    assert rows[0][-2] == "95,28"


def test_bad_criteria_are_refused_next_to_the_field_with_what_was_typed(contest, world, client_for):
    client = client_for(world.kp_leader)
    url = reverse("emulation:criteria", args=[world.kp.pk]) + "?year=2026"

    response = client.post(
        url, criteria_post(**{"tasks-weight": "bốn mươi", "good_from": "95", "lead_weight": "2"})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="bốn mươi"' in page
    assert "Nhập một số, ví dụ 0,3 hoặc 40." in page
    assert "Phải lớn hơn điểm «Hoàn thành tốt nhiệm vụ»." in page
    assert "Không lớn hơn 1." in page
    assert CriteriaSet.objects.get(judge=world.kp).good_from == 70


def test_others_read_the_criteria_but_only_the_judges_leaders_change_them(
    contest, world, client_for
):
    url = reverse("emulation:criteria", args=[world.kp.pk]) + "?year=2026"
    for user in (world.kp_officer, world.hn_leader):
        client = client_for(user)
        page = client.get(url).content.decode()
        assert "Bạn chỉ xem được tiêu chí" in page
        assert 'name="tasks-weight" value="40,00"' in page and "disabled" in page
        assert client.post(url, criteria_post(**{"tasks-weight": "90"})).status_code == 403
    assert client_for(world.pt_officer).get(url).status_code == 404
    assert CriteriaSet.objects.get(judge=world.kp).criteria.get(kind="tasks").weight == 40


def test_a_slow_ranking_is_kept_a_few_minutes_unless_the_criteria_change(
    contest, world, client_for, settings, time_machine
):
    from activities.models import CompletionStatus, TaskCompletion

    settings.LOA_FIGURES_CACHE_AFTER = 0  # every computation is as slow as a city's year
    client = client_for(world.hn_leader)
    first = client.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).content.decode()
    assert "Điểm tính lúc 09:00" in first

    # Phúc Thọ reports its lead task done (late): the kept ranking does not show it yet.
    TaskCompletion.objects.create(
        assignment=contest.pt_lead, unit=world.pt, status=CompletionStatus.DONE, is_late=True
    )
    time_machine.shift(datetime.timedelta(minutes=2))
    assert ranking_rows(client, world.hn)[1][-2] == "44,03"

    # A changed criterion computes it again: 0.3 + 0.5 of 2.3 → 13.91; (13.91 + 30) / 80.
    client_for(world.hn_leader).post(
        reverse("emulation:criteria", args=[world.hn.pk]) + "?year=2026",
        criteria_post(**{"good_from": "60"}),
    )
    rows = ranking_rows(client, world.hn)
    assert rows[1][1:3] == ["Xã Phúc Thọ", "13,91 1 đúng hạn · 1 muộn · 1 quá hạn chưa xong"]
    assert rows[1][-2] == "54,89"
    page = client.get(reverse("emulation:ranking", args=[world.hn.pk]), Q1).content.decode()
    assert "Điểm tính lúc 09:02" in page


def test_a_units_page_draws_its_total_over_the_quarters_begun(contest, world, client_for):
    page = client_for(world.kp_leader).get(
        reverse("emulation:unit", args=[world.hn.pk, world.kp.pk]), Q1
    )
    trend = re.search(r'data-testid="trend">(.*?)</p>', page.content.decode(), re.S).group(1)

    # Q2 began on 15/3: one activity without evidence (0 of 10), none returned (10 of 10),
    # the activity target ahead of its pace (4 of 10 by 2 April, 25% expected) and the
    # manual one not entered (10 of 20): 20 of 40. Q3 has not begun.
    assert text(trend) == "Quý I/2026: 83,61 · Quý II/2026: 50,00"
    assert page.context["trend_data"] == {
        "labels": ["Quý I/2026", "Quý II/2026"],
        "totals": [83.61, 50.0],
    }
    assert 'data-chart="trend"' in page.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in page.content.decode()


def test_a_score_page_takes_as_many_queries_for_twenty_communes_as_for_four(
    contest, world, client_for, django_assert_max_num_queries
):
    client = client_for(world.hn_leader)
    url = reverse("emulation:unit", args=[world.hn.pk, world.kp.pk])
    client.get(url, Q1)
    with django_assert_max_num_queries(60) as four:
        client.get(url, Q1)
    for number in range(16):
        make_organisation(world.hn, code=f"T-Y{number}", name=f"Xã số {number}")
    with django_assert_max_num_queries(len(four.captured_queries)):
        assert client.get(url, Q1).status_code == 200
