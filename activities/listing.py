"""Paging long activity lists without sorting or counting every visible row.

A city leader sees a million activities. Two things make a list of them slow in PostgreSQL:
an ORDER BY that no index serves (a computed «needs correction first» key sorts every row
before the first 25 come out) and COUNT(*) over every visible row. `CorrectionsFirst` keeps
the order with two queries that each walk the newest-first index, and `CappedPaginator`
stops counting at `COUNT_CAP` (the page then says «hơn 10.000»): filters narrow it down.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


def capped_count(queryset, cap=COUNT_CAP):
    """The number of rows, or `cap + 1` when there are more than `cap`."""
    return queryset.order_by().values("pk")[: cap + 1].count()


class CorrectionsFirst:
    """`first` (few rows: the user's returned activities), then `rest` (everything else the
    list shows), both newest first, as one sliceable sequence for the paginator. Rows of
    `first` carry `needs_correction = 0`, the others 1, as the list template expects."""

    def __init__(self, first, rest, *, first_count):
        self.first = first.order_by("-date", "-pk")
        self.rest = rest.order_by("-date", "-pk")
        self.first_count = first_count

    def count(self):
        return self.first_count + capped_count(self.rest, COUNT_CAP - self.first_count)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop
        rows = []
        if start < self.first_count:
            rows += _marked(self.first[start : min(stop, self.first_count)], 0)
        if stop > self.first_count:
            skip = max(start - self.first_count, 0)
            rows += _marked(self.rest[skip : stop - self.first_count], 1)
        return rows


def _marked(rows, value):
    rows = list(rows)
    for row in rows:
        row.needs_correction = value
    return rows


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP (`capped` then says there are more)."""

    @cached_property
    def count(self):
        return min(self.object_list.count(), COUNT_CAP + 1)

    @property
    def capped(self):
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self):
        if self.capped:
            return COUNT_CAP // self.per_page
        return super().num_pages
