"""Deadlines as plans write them: «trước ngày 30/6/2026», «Quý I/2026», «6 tháng đầu năm 2026»,
«tháng 9/2026», «đến hết năm 2030» … read as the last day they allow.

Matching runs on folded text (`fold`), so OCR that lost the marks reads the same.
"""

import calendar
import datetime
import re

from .folding import fold

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"((?:19|20)\d{2})"
_DAY_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR + r"\b")
_WORDED_DATE = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+" + _YEAR)
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|nam)?\s*" + _YEAR)
_HALF = re.compile(r"\b6\s+thang\s+(dau|cuoi)\s+nam\s+" + _YEAR)
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam)\s*" + _YEAR)
_YEAR_ONLY = re.compile(r"\bnam\s+" + _YEAR + r"\b")


def _month_end(year: int, month: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def deadline(text: str) -> datetime.date | None:
    """The last day a deadline phrase allows, or None when the text names no date.

    A precise date wins over a quarter, a quarter over a month, a month over a year; among
    dates of the same precision the latest is taken (a task «từ 01/3/2026 đến 30/6/2026»
    runs to its end).
    """
    folded = fold(text)
    exact = [
        _date(*m.groups())
        for pattern in (_DAY_MONTH_YEAR, _WORDED_DATE)
        for m in pattern.finditer(folded)
    ]
    exact = [d for d in exact if d]
    if exact:
        return max(exact)
    periods: list[datetime.date | None] = []
    for m in _QUARTER.finditer(folded):
        quarter = _ROMAN_QUARTERS[m.group(1)]
        periods.append(_month_end(int(m.group(2)), quarter * 3))
    for m in _HALF.finditer(folded):
        periods.append(_month_end(int(m.group(2)), 6 if m.group(1) == "dau" else 12))
    for m in _MONTH.finditer(folded):
        periods.append(_month_end(int(m.group(2)), int(m.group(1))))
    periods = [d for d in periods if d]
    if periods:
        return max(periods)
    years = [int(m.group(1)) for m in _YEAR_ONLY.finditer(folded)]
    return datetime.date(max(years), 12, 31) if years else None
