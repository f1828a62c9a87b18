"""The main pages read as Vietnamese an officer would write: no doubled words («theo theo»),
no space before punctuation («28 .»), no sentence ending «..»."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from exports.models import ExportJob
from plans.models import Plan, PlanScanJob
from reports.services import organisation_period, report_open

pytestmark = pytest.mark.django_db

# A word holds a letter: «15:04 04/12/2026» (at 15:04 on the 4th) repeats a number, not a word.
DOUBLED = re.compile(r"\b((?=\w*[^\W\d_])\w{2,}) \1\b", re.IGNORECASE)
SPACE_BEFORE = re.compile(r"\w \s*[.,;:!?](?:\s|$)")
DOUBLE_STOP = re.compile(r"[^.]\.\.(?:\s|$)")
# Repeats that are right in Vietnamese («từng … từng», «chuyển đổi số số 12»).
ALLOWED_DOUBLES = {"từng", "các", "nhiều", "cùng", "số"}


def text_nodes(page):
    """The page's visible text, one string per text node (words in two elements, like a
    count and the name beside it, are not a sentence)."""
    page = re.sub(r"<(script|style|title)\b.*?</\1>", " ", page, flags=re.S)
    for node in re.split(r"<[^>]+>", page):
        node = re.sub(r"\s+", " ", html.unescape(node)).strip()
        if node:
            yield node


@pytest.fixture
def pages(world):
    from tests.reports.conftest import build_q1

    build_q1(world)
    period, _ = organisation_period(organisation=world.kp, kind="quarter", year=2026, index=1)
    report, _ = report_open(organisation=world.kp, period=period, by=world.kp_officer)
    plan = Plan.objects.filter(issuer=world.kp).first()
    scan = PlanScanJob.objects.create(
        organisation=world.kp,
        created_by=world.kp_officer,
        filename="ban-quet.pdf",
        status="running",
        pages_done=1,
        pages_total=3,
    )
    export = ExportJob.objects.create(
        kind="activities",
        fmt="csv",
        reach=f"org:{world.kp.pk}",
        organisation=world.kp,
        created_by=world.kp_officer,
        key="k",
        data_version="v",
        status="running",
        done=2000,
        total=12775,
        filename="hoat-dong-20260320.csv",
        expires_at=timezone.now() + datetime.timedelta(days=400),
    )
    return [
        "/",
        f"/exports/{export.pk}/",
        "/plans/",
        f"/plans/{plan.pk}/",
        f"/plans/import/scans/{scan.pk}/",
        "/activities/",
        "/activities/new/",
        "/activities/review/",
        "/activities/tasks/",
        "/activities/dashboard/",
        f"/activities/plans/{plan.pk}/progress/",
        "/reports/",
        f"/reports/{report.pk}/",
        f"/reports/{report.pk}/edit/",
        "/units/",
        "/units/people/",
        "/imports/",
        "/notifications/preferences/",
        f"/emulation/{world.kp.pk}/?period=q1&year=2026",
        f"/emulation/{world.kp.pk}/units/{world.kp_office.pk}/?period=q1&year=2026",
        f"/emulation/{world.kp.pk}/criteria/",
    ]


def test_the_main_pages_have_no_doubled_words_or_stray_spaces(
    world, pages, client_for, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, 0), tick=False)
    client = client_for(world.kp_officer)
    problems = []
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for text in text_nodes(response.content.decode()):
            for match in DOUBLED.finditer(text):
                if match.group(1).lower() not in ALLOWED_DOUBLES:
                    problems.append(f"{url}: doubled «{match.group(0)}» in «{text[:80]}»")
            for pattern, what in (
                (SPACE_BEFORE, "space before punctuation"),
                (DOUBLE_STOP, "«..»"),
            ):
                if pattern.search(text):
                    problems.append(f"{url}: {what} in «{text[:100]}»")
    assert not problems, "\n".join(problems)
    # Legal names keep their capitals.
    page = client.get("/reports/").content.decode()
    assert "Nghị định 09/2019/NĐ-CP" in page and "nđ-cp" not in page
