"""Fixtures of the Excel import tests."""

import pytest

from tests.factories import AssignmentFactory, PlanFactory


@pytest.fixture
def kp_plan(world):
    """Kiều Phú's issued plan 12/KH-UBND, with a task for its culture office: what the
    imported activity rows name."""
    plan = PlanFactory(issuer=world.kp, issued=True, number=12, symbol="KH-UBND")
    AssignmentFactory(plan=plan, unit=world.kp_office)
    return plan
