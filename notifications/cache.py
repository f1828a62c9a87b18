"""The unread count behind the navbar bell, cached so that ordinary pages do not count rows
on every request (through config.cache, which falls back to the database when Redis is
down)."""

from config import cache

TIMEOUT = 5 * 60


def _key(user_id):
    return f"notifications:unread:{user_id}"


def get_or_compute(user_id, compute):
    return cache.get_or_compute(_key(user_id), compute, TIMEOUT)


def forget(user_ids):
    """Drop the cached counts of these users (after their notifications changed)."""
    cache.forget(_key(user_id) for user_id in set(user_ids))
