"""Figures that are slow to compute, kept for a few minutes.

A city's dashboard aggregates hundreds of thousands of activities: a second or more of
database time on every view. Such figures are computed once and kept for
`settings.LOA_FIGURES_CACHE_SECONDS`; the page says when they were computed. Figures that
come fast (a commune, a unit, a narrow filter: below `settings.LOA_FIGURES_CACHE_AFTER`
seconds of wall time) are never kept, so small scopes always show the live state.

Wall time depends on how busy the machine is, so the test suite pins the threshold (never
kept, unless a test asks for it) instead of letting a slow run serve a cached page.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from config import cache

# The wall clock that times compute(); a test replaces it to time it exactly.
clock = time.monotonic


@dataclass
class Remembered:
    value: object
    computed_at: object  # aware datetime
    kept: bool  # computed slowly enough to be kept (or read back from the cache)


def cache_seconds() -> int:
    return settings.LOA_FIGURES_CACHE_SECONDS


def remembered(key_parts, compute) -> Remembered:
    """compute(), or what an earlier compute() with the same key_parts returned less than
    `LOA_FIGURES_CACHE_SECONDS` ago, if that one took `LOA_FIGURES_CACHE_AFTER` seconds or
    more."""
    key = "figures:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    max_age = cache_seconds()
    hit = cache.get(key)
    # The age is checked here too: the cache's own expiry runs on its server's clock.
    if hit is not None and timezone.now() - hit.computed_at < datetime.timedelta(seconds=max_age):
        return hit
    started = clock()
    value = compute()
    result = Remembered(value=value, computed_at=timezone.now(), kept=False)
    if clock() - started >= settings.LOA_FIGURES_CACHE_AFTER:
        result.kept = True
        cache.set(key, result, max_age)
    return result
