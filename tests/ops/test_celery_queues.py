"""Heavy tasks have a queue of their own, and every way of running Loa consumes it."""

import re
from pathlib import Path

from django.conf import settings

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]


def consumed_queues(text):
    """Queues of every `celery … worker -Q a,b` command in a file."""
    found = set()
    for match in re.finditer(r"celery -A config worker -Q ([\w,]+)", text):
        found.update(match.group(1).split(","))
    return found


def test_documents_and_scans_go_to_the_documents_queue_and_reminders_do_not():
    route = app.amqp.router.route
    for name in ("plans.store_plan_documents", "reports.store_report_documents"):
        assert route({}, name)["queue"].name == "documents"
    assert route({}, "plans.read_scanned_plan")["queue"].name == "documents"
    assert route({}, "exports.write_export")["queue"].name == "documents"
    assert route({}, "exports.cleanup")["queue"].name == "celery"
    assert route({}, "notifications.send_reminders")["queue"].name == "celery"


def test_docker_compose_and_the_docs_run_a_worker_for_every_queue():
    queues = {"celery"} | {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert queues == {"celery", "documents"}
    assert consumed_queues((ROOT / "docker-compose.yml").read_text()) == queues
    assert consumed_queues((ROOT / "docs" / "configuration.md").read_text()) == queues
