"""Waiting for another process (a Celery worker, a server) to have done something, and a free
port to start a server on."""

import socket
import time


def wait_for(condition, *, timeout):
    """True once `condition()` holds, False if it still does not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def free_port():
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
