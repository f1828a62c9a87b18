"""End to end with a real Celery worker on Redis (REDIS_URL): an activity export asked on the
list travels through the broker, the worker writes it, the job's page then offers the file
and the bell tells the asker."""

import csv
import datetime
import io
import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app as celery_app
from exports.models import ExportJob
from notifications.models import Notification
from tests.waiting import wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"),
        reason="needs Redis: set REDIS_URL (CI does) to run a real Celery worker",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("catalogue_restored"),
]


@pytest.fixture
def private_queue(private_queue_for):
    return private_queue_for("exports.*")


def test_a_real_worker_writes_the_export_and_the_page_and_the_bell_offer_it(
    world, add_activity, client_for, private_queue
):
    for day in (1, 2, 3):
        add_activity(date=datetime.date(2026, 3, day), title=f"Phát thanh ngày {day}")
    client = client_for(world.kp_leader)
    with start_worker(
        celery_app,
        pool="solo",
        perform_ping_check=False,
        queues=[private_queue],
        shutdown_timeout=60,
    ):
        response = client.get(reverse("activities:export"), {"format": "csv"})
        job = ExportJob.objects.get()
        assert response["Location"] == reverse("exports:job", args=[job.pk])
        done = wait_for(
            lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(), timeout=60
        )
        assert done, ExportJob.objects.values("status", "message").get()
        told = wait_for(
            lambda: Notification.objects.filter(recipient=world.kp_leader).exists(), timeout=10
        )

    status = client.get(reverse("exports:status", args=[job.pk])).content.decode()
    assert "Đã ghi xong 3 hoạt động." in status
    content = b"".join(client.get(reverse("exports:file", args=[job.pk])).streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [(row[0], row[8]) for row in rows[1:]] == [
        ("03/03/2026", "Phát thanh ngày 3"),
        ("02/03/2026", "Phát thanh ngày 2"),
        ("01/03/2026", "Phát thanh ngày 1"),
    ]
    assert told
    notification = Notification.objects.get(recipient=world.kp_leader)
    assert notification.event == "export_ready"
    opened = client.get(reverse("notifications:open", args=[notification.pk]))
    assert opened["Location"] == reverse("exports:job", args=[job.pk])
    # Asked again, the file the worker wrote is handed at once.
    again = client.get(reverse("activities:export"), {"format": "csv"})
    assert b"".join(again.streaming_content) == content and ExportJob.objects.count() == 1
