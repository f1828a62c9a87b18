"""Fixtures for reminders: a Kiều Phú plan with deadlines."""

import datetime
import uuid
from types import SimpleNamespace

import pytest

from plans.models import PlanStatus
from tests.factories import AssignmentFactory, PlanFactory

D = datetime.date


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A fresh in-process cache per test: cached unread counts are keyed by user id, and ids
    repeat across tests and across the xdist workers that would share one Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"notifications-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def kp_plan(world):
    """Kiều Phú's issued plan: the office's task due 15/12/2026, the villages' group task
    due 10/12/2026 («Các thôn»), no task for Phúc Thọ or Gia Viên."""
    plan = PlanFactory(
        issuer=world.kp,
        issued=True,
        number=12,
        period_start=D(2026, 1, 12),
        period_end=D(2026, 12, 31),
    )
    office_task = AssignmentFactory(
        plan=plan,
        unit=world.kp_office,
        label="Phòng Văn hóa - Xã hội",
        tasks="- Tổng hợp kết quả, báo cáo UBND xã.",
        due_date=D(2026, 12, 15),
        is_focal_point=True,
    )
    villages_task = AssignmentFactory(
        plan=plan,
        unit=world.kp,
        label="Các thôn",
        includes_subunits=True,
        subunit_kinds="village",
        due_date=D(2026, 12, 10),
    )
    return SimpleNamespace(plan=plan, office_task=office_task, villages_task=villages_task)


@pytest.fixture
def only_assignments(world):
    """Organisations report on nothing: keeps report deadlines out of assignment tests."""
    from units.models import Unit

    Unit.objects.update(report_period_kinds="")


def close(plan):
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status"])


@pytest.fixture
def run_on(django_capture_on_commit_callbacks):
    """`run_on(day)`: the clock at 07:30 that morning in Hà Nội, beat's daily task runs (as
    eager Celery does it: scan, then one digest task per person after commit). Returns the
    notifications created that day."""
    from zoneinfo import ZoneInfo

    import time_machine

    from notifications.models import Notification
    from notifications.tasks import send_reminders

    def run(day):
        morning = datetime.datetime.combine(day, datetime.time(7, 30), ZoneInfo("Asia/Ho_Chi_Minh"))
        with (
            time_machine.travel(morning, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            send_reminders.delay()
        return list(Notification.objects.filter(remind_on=day).select_related("recipient"))

    return run


def who(notifications):
    """{(username, rule)} of a list of notifications."""
    return {(n.recipient.username, n.rule) for n in notifications}
