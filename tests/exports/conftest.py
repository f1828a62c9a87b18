"""Fixtures for export jobs: Kiều Phú's plan and activities (from the activities fixtures), and
a switch that leaves a job queued, as when no worker has taken it yet."""

import pytest

from tests.activities.conftest import activity_adder, build_kp_plan


@pytest.fixture
def kp(world):
    return build_kp_plan(world)


@pytest.fixture
def add_activity(world, kp):
    return activity_adder(world, kp)


@pytest.fixture
def left_queued(monkeypatch):
    """Jobs are created but not run: the test then plays the worker (`export_job_run`)."""
    from exports import services

    monkeypatch.setattr(services, "_enqueue", lambda job_id: None)
