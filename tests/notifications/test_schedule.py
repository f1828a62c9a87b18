"""Beat enqueues the daily scan at 07:30 in Hà Nội, or when the environment says."""

import json
import os
import subprocess
import sys
from pathlib import Path

from celery.schedules import crontab
from django.conf import settings

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def test_the_daily_scan_runs_at_half_past_seven_hanoi_time():
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "notifications.send_reminders"
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == crontab(hour=7, minute=30)
    assert celery_app.conf.timezone == "Asia/Ho_Chi_Minh"


def test_the_time_and_the_rules_come_from_the_environment():
    probe = (
        "import json, django; from django.conf import settings; django.setup(); "
        "s = settings.CELERY_BEAT_SCHEDULE['send-reminders']['schedule']; "
        "print(json.dumps([sorted(s.hour), sorted(s.minute), settings.REMINDER_DAYS_BEFORE]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("REMINDER_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="1",
        REMINDER_HOUR="6",
        REMINDER_MINUTE="15",
        REMINDER_DAYS_BEFORE="10,5,2",
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(run.stdout) == [[6], [15], [10, 5, 2]]
