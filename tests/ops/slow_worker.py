"""A real Celery worker for the kill test (tests/ops/test_worker_kill.py), run as its own
process: its tasks travel on a private queue, mail is written one file per message after a
pause (so the worker can be killed while a reminder run is sending), and Redis hands an
unacknowledged message to another worker after a few seconds instead of an hour.

    python -m tests.ops.slow_worker QUEUE MAIL_DIR
"""

import os
import sys
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

PAUSE = 1.0


class SlowFileBackend(BaseEmailBackend):
    """Takes PAUSE seconds per message, then writes it: a file exists only for a message
    that was completely «sent»."""

    def send_messages(self, email_messages):
        folder = Path(os.environ["LOA_TEST_MAIL_DIR"])
        for message in email_messages:
            time.sleep(PAUSE)
            name = f"{time.time():.6f}-{uuid.uuid4().hex}"
            temporary = folder / f".{name}"
            temporary.write_bytes(message.message().as_bytes())
            temporary.rename(folder / f"{name}.eml")
        return len(email_messages)


def main(queue, mail_dir):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOA_TEST_MAIL_DIR"] = mail_dir
    from django.conf import settings

    settings.EMAIL_BACKEND = "tests.ops.slow_worker.SlowFileBackend"
    import django

    django.setup()
    from config.celery import app

    app.conf.update(
        task_routes={"notifications.*": {"queue": queue}},
        broker_transport_options={
            "visibility_timeout": 8,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        },
    )
    app.worker_main(
        ["worker", "-Q", queue, "--pool", "solo", "-c", "1", "-l", "INFO", "--without-gossip"]
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
