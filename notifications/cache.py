"""The unread count behind the navbar bell, cached so that ordinary pages do not count rows
on every request, and tolerant: when the cache (Redis) is down, pages still work, the
database answers and the failure is logged."""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

TIMEOUT = 5 * 60


def _key(user_id):
    return f"notifications:unread:{user_id}"


def get_or_compute(user_id, compute):
    try:
        value = cache.get(_key(user_id))
    except Exception as exc:  # any backend failure: a connection refused, a timeout …
        logger.warning("Cache unavailable, counting unread notifications in the database: %s", exc)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(_key(user_id), value, TIMEOUT)
        except Exception as exc:
            logger.warning("Cache unavailable, unread count not stored: %s", exc)
    return value


def forget(user_ids):
    """Drop the cached counts of these users (after their notifications changed)."""
    keys = [_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception as exc:
        logger.warning("Cache unavailable, %d unread counts not cleared: %s", len(keys), exc)
