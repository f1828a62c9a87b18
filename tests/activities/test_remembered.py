"""The caching rule of slow figures on its own: kept when computing them took at least
LOA_FIGURES_CACHE_AFTER seconds, for LOA_FIGURES_CACHE_SECONDS; never when faster."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from activities.selectors import remembered as module
from activities.selectors.remembered import remembered

NOON = datetime.datetime(2026, 4, 20, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def rule(settings, time_machine, monkeypatch):
    """A threshold of 2 s, figures kept 300 s, the clock at noon, and compute() calls that
    take exactly as long as the test says."""
    settings.LOA_FIGURES_CACHE_AFTER = 2
    settings.LOA_FIGURES_CACHE_SECONDS = 300
    time_machine.move_to(NOON, tick=False)
    now = [0.0]
    monkeypatch.setattr(module, "clock", lambda: now[0])
    calls = []

    def computing(value, seconds):
        def compute():
            calls.append(value)
            now[0] += seconds
            return value

        return compute

    return computing, calls


def test_figures_that_took_the_threshold_or_longer_are_kept_and_served_again(rule):
    computing, calls = rule
    first = remembered(("city",), computing("first", 2.0))
    assert (first.value, first.kept, first.computed_at) == ("first", True, NOON)
    again = remembered(("city",), computing("second", 0.1))
    assert (again.value, again.kept, again.computed_at) == ("first", True, NOON)
    assert calls == ["first"]


def test_figures_faster_than_the_threshold_are_never_kept(rule):
    computing, calls = rule
    first = remembered(("commune",), computing("first", 1.99))
    assert (first.value, first.kept) == ("first", False)
    again = remembered(("commune",), computing("second", 1.99))
    assert (again.value, again.kept) == ("second", False)
    assert calls == ["first", "second"]


def test_kept_figures_are_computed_again_once_they_are_as_old_as_the_setting(rule, time_machine):
    computing, calls = rule
    remembered(("city",), computing("first", 5))
    time_machine.move_to(NOON + datetime.timedelta(seconds=299), tick=False)
    assert remembered(("city",), computing("second", 5)).value == "first"
    time_machine.move_to(NOON + datetime.timedelta(seconds=300), tick=False)
    fresh = remembered(("city",), computing("third", 5))
    assert (fresh.value, fresh.computed_at) == ("third", NOON + datetime.timedelta(seconds=300))
    assert calls == ["first", "third"]


def test_an_entry_older_than_the_setting_is_not_served_even_if_the_cache_still_has_it(
    rule, settings, time_machine
):
    computing, calls = rule
    remembered(("city",), computing("first", 5))
    settings.LOA_FIGURES_CACHE_SECONDS = 60  # lowered while the cache holds a 300 s entry
    time_machine.move_to(NOON + datetime.timedelta(seconds=61), tick=False)
    assert remembered(("city",), computing("second", 0)).value == "second"


def test_figures_are_kept_per_key(rule):
    computing, calls = rule
    remembered(("city", 2026), computing("2026", 5))
    assert remembered(("city", 2025), computing("2025", 5)).value == "2025"
    assert remembered(("city", 2026), computing("again", 5)).value == "2026"
    assert calls == ["2026", "2025"]


def test_the_cache_keeps_them_for_the_setting_seconds(rule, monkeypatch):
    computing, _ = rule
    stored = {}

    class Cache:
        def get(self, key):
            return None

        def set(self, key, value, timeout):
            stored[key] = timeout

    monkeypatch.setattr(module, "cache", Cache())
    remembered(("city",), computing("first", 5))
    assert list(stored.values()) == [300]
    assert all(key.startswith("figures:") for key in stored)


def test_the_suite_pins_the_threshold_so_a_busy_machine_never_serves_a_kept_page(
    settings, monkeypatch
):
    """Without a test asking for it, nothing is kept however slowly it was computed."""
    now = [0.0]
    monkeypatch.setattr(module, "clock", lambda: now[0])

    def slow():
        now[0] += 3600
        return "figures"

    assert remembered(("pinned",), slow).kept is False
