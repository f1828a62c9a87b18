"""The number of activities waiting for a person's review: the badge on «Duyệt».

Counted through the review rule (activities/permissions.py) and kept briefly in the cache,
so ordinary pages do not count on every request; the events that change a queue (an
activity submitted, approved or returned) forget the counts of the people concerned.
"""

import logging

from django.core.cache import cache

from ..permissions import review_queue

logger = logging.getLogger(__name__)

TIMEOUT = 5 * 60


def _key(user_id):
    return f"activities:review-count:{user_id}"


def review_count(user) -> int:
    if not (user.is_authenticated and user.is_active and user.unit_id):
        return 0
    try:
        value = cache.get(_key(user.pk))
    except Exception as exc:  # the cache (Redis) is down: the database answers
        logger.warning("Cache unavailable, counting the review queue in the database: %s", exc)
        return review_queue(user).count()
    if value is None:
        value = review_queue(user).count()
        try:
            cache.set(_key(user.pk), value, TIMEOUT)
        except Exception as exc:
            logger.warning("Cache unavailable, review count not stored: %s", exc)
    return value


def forget_review_counts(user_ids) -> None:
    keys = [_key(pk) for pk in set(user_ids)]
    if not keys:
        return
    try:
        cache.delete_many(keys)
    except Exception as exc:
        logger.warning("Cache unavailable, %d review counts not cleared: %s", len(keys), exc)
