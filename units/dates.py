"""Local dates: every deadline in Loa is a calendar day in Hà Nội time.

Datetimes are stored in UTC, so `moment.date()` is the UTC date: a report sent at 06:30 on
16/3 in Hà Nội is still 15/3 in UTC. Whatever compares a moment with a deadline (a due
date, a period's last day, "today") takes the day from `local_date`, never from `.date()`.
Today's local date is `django.utils.timezone.localdate()`.
"""

import datetime

from django.utils import timezone


def local_date(moment: datetime.datetime | datetime.date) -> datetime.date:
    """The calendar day of `moment` in Loa's time zone (settings.TIME_ZONE,
    Asia/Ho_Chi_Minh). A date is returned as it is; a naive datetime is refused."""
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment)
    return moment
