"""The local date of a moment: the day in Hà Nội, whatever the UTC date says."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from units.dates import local_date

UTC = datetime.UTC


def test_0630_in_hanoi_is_the_next_day_though_utc_still_says_the_day_before():
    moment = datetime.datetime(2026, 3, 15, 23, 30, tzinfo=UTC)  # 06:30 on 16/03 in Hà Nội
    assert moment.date() == datetime.date(2026, 3, 15)
    assert local_date(moment) == datetime.date(2026, 3, 16)


def test_the_last_second_of_a_day_in_hanoi_stays_on_that_day():
    assert local_date(datetime.datetime(2026, 3, 15, 16, 59, 59, tzinfo=UTC)) == datetime.date(
        2026, 3, 15
    )
    assert local_date(datetime.datetime(2026, 3, 15, 17, 0, tzinfo=UTC)) == datetime.date(
        2026, 3, 16
    )


def test_a_moment_in_another_zone_is_read_in_hanoi():
    paris = datetime.datetime(2026, 3, 15, 20, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 02:00 +07
    assert local_date(paris) == datetime.date(2026, 3, 16)


def test_a_date_is_returned_as_it_is():
    assert local_date(datetime.date(2026, 3, 15)) == datetime.date(2026, 3, 15)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        local_date(datetime.datetime(2026, 3, 15, 23, 30))  # noqa: DTZ001
