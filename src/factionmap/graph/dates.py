"""Partial dates ("2016", "2016-08", "2016-08-15") as intervals: the map layer's one date type.

Events are often dated to a month or a year only; comparing them as intervals
keeps "2016-08" from looking earlier than "2016-08-01" or later than
"2016-08-31". :class:`PartialDate` is the only parser of such dates in the map
layer, the CLI and the API; the store's ``analyst_events`` view computes the
same ``date_start``/``date_end`` in SQL (a test checks they agree).

Two ways in:

* :meth:`PartialDate.parse` for what a user types: exactly ``YYYY``,
  ``YYYY-MM`` or ``YYYY-MM-DD`` on the calendar, else :class:`DateError`
  with a message that says what is expected;
* :meth:`PartialDate.stored` for what the store holds: the same forms (a
  longer timestamp is cut to its date), plus the extractor's ``decade``
  granularity ("2010" meaning 2010–2019); unreadable values give None.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_STRICT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LENIENT = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
HINT = "use YYYY, YYYY-MM or YYYY-MM-DD, for example 2016-08"


_STORED: dict[tuple[str, str | None], "PartialDate | None"] = {}  # PartialDate.stored's answers (immutable)


class DateError(ValueError):
    """A date a user typed is not a date; the message names the option and the value."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as it is known: the first and last day it can mean."""

    start: date
    end: date
    text: str
    granularity: str  # day / month / year / decade

    # -- reading ---------------------------------------------------------
    @classmethod
    def parse(cls, text: str, what: str = "date") -> "PartialDate":
        """A user-typed date, checked against the calendar; raises DateError naming ``what``."""
        raw = (text or "").strip()
        m = _STRICT.match(raw)
        got = cls._build(m.group(1), m.group(2), m.group(3), raw) if m else None
        if got is None:
            raise DateError(f"{what}: {text!r} is not a date ({HINT})")
        return got

    @classmethod
    def stored(cls, text: str | None, granularity: str | None = None) -> "PartialDate | None":
        """A date as the store holds it; None when missing or unreadable."""
        if not text:
            return None
        if type(text) is str and cls is PartialDate:  # the map reads the same few thousand dates again and again
            key = (text, granularity)
            if key not in _STORED:
                if len(_STORED) > 100_000:
                    _STORED.clear()
                _STORED[key] = cls._stored(text, granularity)
            return _STORED[key]
        return cls._stored(text, granularity)

    @classmethod
    def _stored(cls, text: str, granularity: str | None) -> "PartialDate | None":
        m = _LENIENT.match(str(text))
        if not m:
            return None
        got = cls._build(m.group(1), m.group(2), m.group(3), str(text).strip())
        if got is not None and granularity == "decade" and got.granularity == "year":
            y = got.start.year
            return cls(date(y, 1, 1), date(min(y + 9, 9999), 12, 31), got.text, "decade")
        return got

    @classmethod
    def _build(cls, y: str, mo: str | None, d: str | None, text: str) -> "PartialDate | None":
        year = int(y)
        try:
            if d:
                day = date(year, int(mo), int(d))
                return cls(day, day, text, "day")
            if mo:
                month = int(mo)
                last = calendar.monthrange(year, month)[1]
                return cls(date(year, month, 1), date(year, month, last), text, "month")
            return cls(date(year, 1, 1), date(year, 12, 31), text, "year")
        except ValueError:
            return None

    # -- comparing -------------------------------------------------------
    def overlaps(self, other: "PartialDate") -> bool:
        return self.start <= other.end and other.start <= self.end

    def gap_days(self, other: "PartialDate") -> int:
        """Days between the two intervals: 0 when they overlap."""
        if self.end < other.start:
            return (other.start - self.end).days
        if other.end < self.start:
            return (self.start - other.end).days
        return 0

    def __str__(self) -> str:
        return self.text


# -- helpers over stored text (what the map code holds in event dicts) ---------

def interval(text: str | None) -> tuple[date, date] | None:
    """First and last day a stored (partial) date can mean; None when unreadable."""
    pd = PartialDate.stored(text)
    return (pd.start, pd.end) if pd else None


def start(text: str | None) -> date | None:
    pd = PartialDate.stored(text)
    return pd.start if pd else None


def end(text: str | None) -> date | None:
    pd = PartialDate.stored(text)
    return pd.end if pd else None


def gap_days(a: str | None, b: str | None) -> int | None:
    """Days between two stored partial dates as intervals: 0 when they overlap; None if either is unreadable."""
    pa, pb = PartialDate.stored(a), PartialDate.stored(b)
    if pa is None or pb is None:
        return None
    return pa.gap_days(pb)


def parse_option(text: str | None, what: str = "date") -> str | None:
    """Validate a user-typed date: return it (stripped) or raise DateError naming the option."""
    if text is None:
        return None
    return PartialDate.parse(text, what).text


def check_range(since: str | None, until: str | None) -> None:
    """A period whose start is after its end is a mistake worth saying."""
    if since and until and PartialDate.parse(since, "--since").start > PartialDate.parse(until, "--until").end:
        raise DateError(f"--since {since} is after --until {until}")
