"""Fixtures for reports: Kiều Phú's issued plan (from the activities fixtures) with approved
activities inside and around the first quarter of 2026, and one for Phúc Thọ."""

import datetime
import io
import re

import pytest
from django.db.models import Sum
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from activities.models import Activity, ActivityStatus, Evidence
from tests.activities.conftest import activity_adder, build_kp_plan
from tests.factories import PlanFactory, outreach_form


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


@pytest.fixture
def add_activity(world, kp):
    add = activity_adder(world, kp)

    def approved(**fields):
        fields.setdefault("status", ActivityStatus.APPROVED)
        fields.setdefault("reviewed_at", timezone.now() - datetime.timedelta(days=1))
        return add(**fields)

    return approved


@pytest.fixture
def q1(world, kp, add_activity):
    return build_q1(world, kp, add_activity)


def build_q1(world, kp=None, add_activity=None):
    """Approved activities of Kiều Phú in Q1 2026 (15/12/2025–14/3/2026), one on each side of
    the cut-off, one submitted but not approved, and one of Phúc Thọ."""
    if kp is None:
        kp = build_kp_plan(world)
    if add_activity is None:
        add = activity_adder(world, kp)

        def add_activity(**fields):
            fields.setdefault("status", ActivityStatus.APPROVED)
            fields.setdefault("reviewed_at", timezone.now() - datetime.timedelta(days=1))
            return add(**fields)

    inside = [
        add_activity(date=datetime.date(2025, 12, 15), participants=120, cost=8_500_000),
        add_activity(
            date=datetime.date(2026, 2, 10),
            unit=world.kp_village,
            assignment=kp.village_task,
            form=kp.loudspeaker,
            quantity=4,
            participants=0,
            views=0,
            title="Phát thanh về chuyển đổi số",
        ),
        add_activity(date=datetime.date(2026, 3, 14), participants=1_234, views=56_789),
    ]
    Evidence.objects.create(
        activity=inside[0], kind="link", url="https://kieuphu.example.vn/hoi-nghi-57"
    )
    add_activity(date=datetime.date(2025, 12, 14), participants=7)  # Q4 2025
    add_activity(date=datetime.date(2026, 3, 15), participants=9)  # Q2 2026
    add_activity(date=datetime.date(2026, 2, 1), participants=11, status=ActivityStatus.SUBMITTED)
    pt_plan = PlanFactory(issuer=world.pt, issued=True)
    pt = Activity.objects.create(
        plan=pt_plan,
        unit=world.pt_office,
        form=outreach_form("conference"),
        date=datetime.date(2026, 1, 20),
        title="Hội nghị ở Phúc Thọ",
        quantity=1,
        participants=300,
        cost=1_000_000,
        status=ActivityStatus.APPROVED,
        created_by=world.pt_officer,
    )
    return {"inside": inside, "pt": pt}


def aggregate(activities):
    sums = activities.aggregate(
        participants=Sum("participants"), views=Sum("views"), cost=Sum("cost")
    )
    return {"count": activities.count(), **{k: v or 0 for k, v in sums.items()}}


def vn(value):
    return f"{value:,}".replace(",", ".")


def pdf_text(content):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return re.sub(r"\s+", " ", " ".join(pages))


def workbook(content):
    return load_workbook(io.BytesIO(content))


def total_row(sheet):
    for row in sheet.iter_rows(values_only=True):
        if row and row[1] == "Tổng cộng":
            return row
    raise AssertionError("no total row")


def custom_first_quarter(organisation):
    """`organisation`'s own reporting period for the first quarter of 2026 (01/01–28/02),
    beside the shared one: reports on it are not the quarter's report."""
    from reports.models import ReportingPeriod

    return ReportingPeriod.objects.create(
        kind="quarter",
        year=2026,
        index=1,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 2, 28),
        label="Hai tháng đầu năm 2026",
        organisation=organisation,
    )
