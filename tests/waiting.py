"""Waiting for another process (a Celery worker) to have done something."""

import time


def wait_for(condition, *, timeout):
    """True once `condition()` holds, False if it still does not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False
