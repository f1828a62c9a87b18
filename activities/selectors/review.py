"""The number of activities waiting for a person's review: the badge on «Duyệt».

Counted through the review rule (activities/permissions.py) and kept briefly in the cache,
so ordinary pages do not count on every request; the events that change a queue (an
activity submitted, approved or returned) forget the counts of the people concerned.
"""

from config import cache

from ..permissions import review_queue

TIMEOUT = 5 * 60


def _key(user_id):
    return f"activities:review-count:{user_id}"


def review_count(user) -> int:
    if not (user.is_authenticated and user.is_active and user.unit_id):
        return 0
    return cache.get_or_compute(_key(user.pk), lambda: review_queue(user).count(), TIMEOUT)


def forget_review_counts(user_ids) -> None:
    cache.forget(_key(pk) for pk in set(user_ids))
