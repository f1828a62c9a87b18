"""Figures that are slow to compute, kept for a few minutes.

A city's dashboard aggregates hundreds of thousands of activities: a second or more of
database time on every view. Such figures are computed once and kept for
`FIGURES_CACHE_SECONDS`; the page says when they were computed. Figures that come fast (a
commune, a unit, a narrow filter: everything below `FIGURES_CACHE_AFTER` seconds) are never
kept, so small scopes always show the live state.
"""

import datetime
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

FIGURES_CACHE_SECONDS = 5 * 60
FIGURES_CACHE_AFTER = 0.3
MAX_AGE = datetime.timedelta(seconds=FIGURES_CACHE_SECONDS)


@dataclass
class Remembered:
    value: object
    computed_at: object  # aware datetime
    kept: bool  # computed slowly enough to be kept (or read back from the cache)


def remembered(key_parts, compute) -> Remembered:
    """compute(), or what a slow earlier compute() with the same key_parts returned less
    than FIGURES_CACHE_SECONDS ago."""
    key = "figures:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    hit = cache.get(key)
    # The age is checked here too: the cache's own expiry runs on its server's clock.
    if hit is not None and timezone.now() - hit.computed_at < MAX_AGE:
        return hit
    started = time.monotonic()
    value = compute()
    result = Remembered(value=value, computed_at=timezone.now(), kept=False)
    if time.monotonic() - started >= FIGURES_CACHE_AFTER:
        result.kept = True
        cache.set(key, result, FIGURES_CACHE_SECONDS)
    return result
