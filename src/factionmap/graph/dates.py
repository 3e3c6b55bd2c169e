"""Partial ISO dates ("2016", "2016-08", "2016-08-15") as intervals.

Events are often dated to a month or a year only; comparing them as intervals
keeps "2016-08" from looking earlier than "2016-08-01" or later than "2016-08-31".
"""
from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def interval(text: str | None) -> tuple[date, date] | None:
    """First and last day a (partial) ISO date can mean; None when unreadable."""
    if not text:
        return None
    m = _DATE.match(str(text).strip())
    if not m:
        return None
    y = int(m.group(1))
    try:
        if m.group(3):
            d = date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        return None


def start(text: str | None) -> date | None:
    iv = interval(text)
    return iv[0] if iv else None


def end(text: str | None) -> date | None:
    iv = interval(text)
    return iv[1] if iv else None


def gap_days(a: str | None, b: str | None) -> int | None:
    """Days between two partial dates as intervals: 0 when they overlap."""
    ia, ib = interval(a), interval(b)
    if not ia or not ib:
        return None
    if ia[1] < ib[0]:
        return (ib[0] - ia[1]).days
    if ib[1] < ia[0]:
        return (ia[0] - ib[1]).days
    return 0


def parse_option(text: str | None, what: str = "date") -> str | None:
    """Validate a user-typed date: return it unchanged or raise ValueError naming it."""
    if text is None:
        return None
    if interval(text) is None:
        raise ValueError(f"{what}: {text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    return text
