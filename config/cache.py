"""The one way Loa uses its cache (Redis in production): every read, write and delete goes
through here, and a cache that is down, slow or full is logged and treated as empty.

The cache only ever holds copies of what the database knows (counts, slow figures), so a
page never needs it to answer: when Redis is unreachable the database answers instead."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def get(key, default=None):
    try:
        return cache.get(key, default)
    except Exception as exc:  # any backend failure: connection refused, timeout, bad data …
        logger.warning("Cache unavailable, reading %s from the database: %s", key, exc)
        return default


def set(key, value, timeout):  # noqa: A001 - mirrors the cache API it guards
    try:
        cache.set(key, value, timeout)
    except Exception as exc:
        logger.warning("Cache unavailable, %s not stored: %s", key, exc)


def forget(keys):
    """Delete these keys; when the cache is down nothing is kept that could go stale."""
    keys = list(keys)
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception as exc:
        logger.warning("Cache unavailable, %d keys not cleared: %s", len(keys), exc)


def get_or_compute(key, compute, timeout):
    """The cached value of `key`, or compute() (stored for `timeout` seconds)."""
    value = get(key)
    if value is None:
        value = compute()
        set(key, value, timeout)
    return value
