"""Reads of the superior's roll-up pages from a PostgreSQL replica, when one is configured.

Off by default (`LOA_REPLICA_READS` follows `DATABASE_REPLICA_URL`). Only what runs inside
`replica_reads()` reads from the `replica` alias: the GET views marked with
`@reads_from_replica` (the report matrix and the roll-up page), which write nothing and do
not follow a write of the same person, so a replica a moment behind shows nothing wrong.
Everything else (forms, workflows with `select_for_update`, the person's own report after
saving it) reads from the primary, and every write goes to the primary.

Some models are read from the primary even there: the logged-in user and the session (a
fresh login may not have reached the replica yet), login throttling and notifications (read
right after they are written).
"""

import contextlib
import functools
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"
PRIMARY_ONLY_APPS = {"sessions", "auth", "axes", "admin", "notifications", "contenttypes"}

_reading = ContextVar("loa_replica_reads", default=False)


def replica_enabled() -> bool:
    return settings.LOA_REPLICA_READS and REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads():
    """Within this block, reads of report data go to the replica (when enabled)."""
    token = _reading.set(replica_enabled())
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """A read-only GET view whose queries may go to the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _reading.get():
            return None
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label == settings.AUTH_USER_MODEL:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        # Explicit: an object read from the replica is still saved to the primary.
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication, never by migrations.
        return db != REPLICA
