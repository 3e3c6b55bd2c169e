"""When an event happened: date expressions resolved against the publication date.

News dates are mostly relative ("on Tuesday", "late last month") and the
publication date itself may be partial ("2016-08"), so every answer carries a
granularity (day / month / year / decade) no finer than the evidence allows.
Our own rules cover the forms news uses most; dateparser (English only,
relative to the publication date, preferring the past) catches the rest.
A past-tense expression never lands after the publication date unless it says
so ("next", "tomorrow") or names the year outright.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

GRANULARITIES = ("day", "month", "year", "decade")
_ORDER = {"day": 0, "month": 1, "year": 2, "decade": 3}


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    return json.loads(resources.files("factionmap.data").joinpath("dates.json").read_text("utf-8"))


@dataclass(frozen=True)
class ResolvedDate:
    iso: str
    granularity: str
    modifier: str | None = None  # "late", "mid", "since", ... as peeled off the expression
    relative: bool = False  # computed from the publication date


@dataclass(frozen=True)
class PubDate:
    day: date  # the first day of the period when the date is partial
    granularity: str

    @property
    def iso(self) -> str:
        return _iso(self.day, self.granularity)


def parse_pub(pub: str | None) -> PubDate | None:
    """'2016-08-14' / '2016-08' / '2016' (a longer timestamp is cut to its date)."""
    if not pub:
        return None
    m = re.match(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", pub)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return PubDate(date(y, int(mo), int(d)), "day")
        if mo:
            return PubDate(date(y, int(mo), 1), "month")
        return PubDate(date(y, 1, 1), "year")
    except ValueError:
        return None


def _iso(d: date, granularity: str) -> str:
    if granularity == "day":
        return d.isoformat()
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "decade":
        return f"{d.year - d.year % 10:04d}"
    return f"{d.year:04d}"


def _coarser(a: str, b: str) -> str:
    return a if _ORDER[a] >= _ORDER[b] else b


def _shift_months(d: date, months: int) -> date:
    idx = d.year * 12 + (d.month - 1) + months
    y, m = divmod(idx, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _after(iso: str, pub: PubDate) -> bool:
    """Is the resolved date later than the publication date, compared at the coarser precision?"""
    n = min(len(iso), len(pub.iso))
    return iso[:n] > pub.iso[:n]


def _month_num(word: str) -> int | None:
    lex = lexicon()
    w = word.lower().rstrip(".")
    if w in lex["months"]:
        return lex["months"].index(w) + 1
    return lex["month_abbrev"].get(w)


_MONTH = (r"(january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"
_UNIT = r"(day|week|month|year|decade)s?"


@lru_cache(maxsize=1)
def _modifier_re() -> re.Pattern[str]:
    mods = sorted(lexicon()["modifiers"], key=len, reverse=True)
    alt = "|".join(re.escape(m) for m in mods)
    return re.compile(rf"^(?:{alt})(?:[-\s]+|$)")


def clean(expr: str) -> tuple[str, str | None]:
    """Peel modifiers off an expression: ('july', 'late') for 'late in July'."""
    t = expr.lower().replace("’", "'").replace("–", "-")
    t = re.sub(r"[,;:!?()\"]", " ", t)
    t = re.sub(r"\s+", " ", t).strip(" .")
    t = re.sub(r"(?<=\d)[-/](?=[a-z])|(?<=[a-z])[-/](?=\d)", " ", t)  # "27-april-2019"
    modifier = None
    rx = _modifier_re()
    while True:
        m = rx.match(t)
        if not m or m.end() == 0:
            break
        word = m.group(0).strip(" -")
        if modifier is None and word not in ("in", "on", "at", "of", "back in"):
            modifier = word
        t = t[m.end():].strip()
    t = re.sub(r"^the ", "", t) if re.match(r"^the \d{3}0s$|^the (?:last|past|previous) ", t) else t
    return t, modifier


def _result(d: date, gran: str, modifier: str | None, relative: bool) -> ResolvedDate:
    return ResolvedDate(_iso(d, gran), gran, modifier, relative)


def resolve_full(expr: str, pub_date: str | None, future_ok: bool = False) -> ResolvedDate | None:
    """Like :func:`resolve_date` but keeps the modifier ("late", "since") and whether it was relative."""
    return _resolve(expr, pub_date, future_ok)


@lru_cache(maxsize=65536)
def _resolve(expr: str, pub_date: str | None, future_ok: bool) -> ResolvedDate | None:
    lex = lexicon()
    pub = parse_pub(pub_date)
    t, mod = clean(expr)
    if not t or t in lex["vague"]:
        return None
    future = future_ok or bool(re.search(r"\b(next|coming|tomorrow|upcoming|later this)\b", t))
    res = _rules(t, mod, pub)
    if res is None and not re.fullmatch(rf"(?:{_NUM} )?{_UNIT}", t):
        res = _dateparser(t, mod, pub)
    if res is None:
        return None
    if pub is not None and not future and _after(res.iso, pub):
        if res.relative:
            return None
        if not re.search(r"\b\d{4}\b", t):  # "July" read in 2016-06: the July before
            d = date(int(res.iso[:4]) - 1, int(res.iso[5:7]) if len(res.iso) >= 7 else 1,
                     int(res.iso[8:10]) if len(res.iso) >= 10 else 1)
            return ResolvedDate(_iso(d, res.granularity), res.granularity, res.modifier, res.relative)
    return res


def _rules(t: str, mod: str | None, pub: PubDate | None) -> ResolvedDate | None:
    lex = lexicon()
    # decades: "the 1990s", "1990s", "the '90s"
    m = re.fullmatch(r"(?:the )?(\d{3})0'?s", t)
    if m:
        return ResolvedDate(f"{m.group(1)}0", "decade", mod)
    m = re.fullmatch(r"'(\d)0s", t)
    if m:
        century = 19 if int(m.group(1)) >= 3 else 20
        return ResolvedDate(f"{century}{m.group(1)}0", "decade", mod)
    # a bare year
    m = re.fullmatch(r"(?:the )?(?:year )?(\d{4})", t)
    if m and 1800 <= int(m.group(1)) <= 2100:
        return ResolvedDate(m.group(1), "year", mod)
    # month + year
    m = re.fullmatch(rf"{_MONTH}(?: of)? (\d{{4}})", t)
    if m:
        return ResolvedDate(f"{int(m.group(2)):04d}-{_month_num(m.group(1)):02d}", "month", mod)
    # ranges ("5-7 june 2021", "16 - 24 july", "30 april - 2 may", "june 5 to 7, 2021"): the first day
    m = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?(?: (?:of )?{_MONTH})? ?(?:-|to|and|until|till) ?(\d{{1,2}})(?:st|nd|rd|th)? "
                     rf"(?:of )?{_MONTH}(?: (\d{{4}}))?", t)
    if m and (m.group(5) or pub is not None):
        year = int(m.group(5)) if m.group(5) else pub.day.year  # type: ignore[union-attr]
        return _safe_day(year, _month_num(m.group(2) or m.group(4)), int(m.group(1)), mod)
    m = re.fullmatch(rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)? ?(?:-|to|and|until|till) ?(\d{{1,2}})(?:st|nd|rd|th)?(?: (\d{{4}}))?", t)
    if m and (m.group(4) or pub is not None):
        year = int(m.group(4)) if m.group(4) else pub.day.year  # type: ignore[union-attr]
        return _safe_day(year, _month_num(m.group(1)), int(m.group(2)), mod)
    # fixed-date holidays ("new year's eve")
    m = re.fullmatch(r"(.+?)(?: (\d{4}))?", t)
    if m and m.group(1) in lex["holidays"] and (m.group(2) or pub is not None):
        mon, day = lex["holidays"][m.group(1)]
        return _safe_day(int(m.group(2)) if m.group(2) else pub.day.year, mon, day, mod)  # type: ignore[union-attr]
    # day month year, month day year
    m = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH} (\d{{4}})", t) or None
    if m:
        d, mon, y = int(m.group(1)), _month_num(m.group(2)), int(m.group(3))
        return _safe_day(y, mon, d, mod)
    m = re.fullmatch(rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)? (\d{{4}})", t)
    if m:
        return _safe_day(int(m.group(3)), _month_num(m.group(1)), int(m.group(2)), mod)

    if pub is None:
        return None  # everything below is relative to the publication date
    base = pub.day
    # month of this / last year; a month alone takes the publication year (rolled back later)
    m = re.fullmatch(rf"{_MONTH}(?: (?:of )?(this|last|next) year)?", t)
    if m:
        y = base.year + {"this": 0, "last": -1, "next": 1, None: 0}[m.group(2)]
        return ResolvedDate(f"{y:04d}-{_month_num(m.group(1)):02d}", "month", mod, m.group(2) is not None)
    m = re.fullmatch(rf"{_MONTH} (\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{_MONTH}", t)
    if m:
        mon = _month_num(m.group(1) or m.group(4))
        day = int(m.group(2) or m.group(3))
        return _safe_day(base.year, mon, day, mod)

    # weekdays: the most recent one on or before the publication day ("last Tuesday": strictly before)
    m = re.fullmatch(rf"(last|this|past|next)? ?{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?", t)
    if m:
        if pub.granularity != "day":
            return ResolvedDate(pub.iso, pub.granularity, mod, True)
        wd = lex["weekdays"].index(m.group(2))
        if m.group(1) == "next":
            delta = (wd - base.weekday()) % 7 or 7
            return _result(base + timedelta(days=delta), "day", mod, True)
        delta = (base.weekday() - wd) % 7
        if m.group(1) in ("last", "past") and delta == 0:
            delta = 7
        return _result(base - timedelta(days=delta), "day", mod, True)

    simple = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}
    if t in simple:
        if pub.granularity != "day":
            return ResolvedDate(pub.iso, pub.granularity, mod, True)
        return _result(base + timedelta(days=simple[t]), "day", mod, True)

    # weeks and weekends: the month they fall in
    m = re.fullmatch(r"(last|this|past|previous|next) (week|weekend)", t) or re.fullmatch(r"(the) (weekend)", t)
    if m:
        if pub.granularity == "year":
            return ResolvedDate(pub.iso, "year", mod, True)
        if pub.granularity != "day":
            return ResolvedDate(pub.iso, "month", mod, True)
        if m.group(2) == "weekend":
            if m.group(1) == "next":
                d = base + timedelta(days=(5 - base.weekday()) % 7 or 7)
            else:  # the Saturday of the latest weekend before the publication day
                d = base - timedelta(days=(base.weekday() - 5) % 7 or 7)
        else:
            d = base + timedelta(days={"next": 7, "this": 0}.get(m.group(1), -7))
        return _result(d, "month", mod, True)

    m = re.fullmatch(r"(last|this|past|previous|next) month", t)
    if m:
        if pub.granularity == "year":
            return ResolvedDate(pub.iso, "year", mod, True)
        months = {"this": 0, "next": 1}.get(m.group(1), -1)
        return _result(_shift_months(base, months), "month", mod, True)
    m = re.fullmatch(r"(last|this|past|previous|next) year", t)
    if m:
        years = {"this": 0, "next": 1}.get(m.group(1), -1)
        return ResolvedDate(f"{base.year + years:04d}", "year", mod, True)
    m = re.fullmatch(r"(last|this|past|previous|next) decade", t)
    if m:
        years = {"this": 0, "next": 10}.get(m.group(1), -10)
        return ResolvedDate(f"{base.year + years - (base.year + years) % 10:04d}", "decade", mod, True)

    # "two days ago", "three weeks earlier"
    m = re.fullmatch(rf"{_NUM} {_UNIT} (ago|earlier|before)", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else lex["numbers"][m.group(1)]
        unit = m.group(2)
        if unit == "day":
            if pub.granularity != "day":
                return ResolvedDate(pub.iso, pub.granularity, mod, True)
            return _result(base - timedelta(days=n), "day", mod, True)
        if unit == "week":
            if pub.granularity == "year":
                return ResolvedDate(pub.iso, "year", mod, True)
            return _result(base - timedelta(days=7 * n), "month", mod, True)
        if unit == "month":
            if pub.granularity == "year":
                return ResolvedDate(pub.iso, "year", mod, True)
            return _result(_shift_months(base, -n), "month", mod, True)
        if unit == "year":
            return ResolvedDate(f"{base.year - n:04d}", "year", mod, True)
        return ResolvedDate(f"{base.year - 10 * n - (base.year - 10 * n) % 10:04d}", "decade", mod, True)
    return None


def _safe_day(y: int, mon: int | None, d: int, mod: str | None) -> ResolvedDate | None:
    try:
        return ResolvedDate(date(y, mon or 0, d).isoformat(), "day", mod)
    except ValueError:
        return None


def _dateparser(t: str, mod: str | None, pub: PubDate | None) -> ResolvedDate | None:
    """What our rules don't know; only trusted when the text has a digit or a month name."""
    if not re.search(rf"\d|\b{_MONTH}\b", t):
        return None
    if pub is None and not re.search(r"\b\d{4}\b", t):
        return None
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.day.year, pub.day.month, pub.day.day)
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(t)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    if not re.search(r"\b\d{4}\b", t) and pub is not None and abs(data.date_obj.year - pub.day.year) > 1:
        return None  # "16 - 24" is no year 1924
    period = data.period or "day"
    gran = {"day": "day", "time": "day", "week": "month", "month": "month", "year": "year"}.get(period, "day")
    has_year = bool(re.search(r"\b\d{4}\b", t))
    relative = not has_year
    if relative and pub is not None:
        gran = _coarser(gran, pub.granularity)
    return _result(data.date_obj.date(), gran, mod, relative and not re.search(rf"\b{_MONTH}\b", t))


def resolve_date(expr: str, pub_date: str | None, future_ok: bool = False) -> tuple[str, str] | None:
    """Resolve a date expression to (ISO date, possibly partial; granularity).

    ``pub_date`` may be partial ("2016-08"): relative expressions are then
    resolved no finer than it ("on Tuesday" in an August 2016 article is
    "2016-08", month). ``None`` when the expression is no date, or is relative
    and there is no publication date to count from.
    """
    if not expr or not expr.strip():
        return None
    r = _resolve(expr, pub_date, future_ok)
    return (r.iso, r.granularity) if r else None


# -- picking the event's date in a sentence --------------------------------------------

_MISSED_RE = re.compile(
    rf"\b(?:(?:late|early|mid|in late|in early|in mid)[- ]?(?:in )?|back in |in |on |since |by |until )?"
    rf"(?:{_MONTH}(?: \d{{1,2}}(?:st|nd|rd|th)?)?(?:,? \d{{4}})?|(?:last|this|past) (?:week|weekend|month|year)|"
    rf"{_WEEKDAY}|yesterday|(?:early|earlier|late|later) (?:this|last) (?:week|month|year))\b",
    re.I,
)


def _is_duration(text: str) -> bool:
    """'13 years', 'for decades', 'nearly four months', 'the past year': spans of time, not dates."""
    lex = lexicon()
    t = text.lower().strip()
    if re.search(r"\b(ago|earlier|before)\b$", t):
        return False
    if re.search(r"\d+[- ]year[- ]old|\baged?\b", t):
        return True
    units = "|".join(lex["duration_units"])
    if re.search(rf"^(?:the )?(?:(?:{'|'.join(map(re.escape, lex['duration_cues']))}) )*(?:\d+|{_NUM}|a|an)?[- ]?(?:{units})s?$", t):
        return not re.fullmatch(r"(?:the )?(?:last|this|past|previous|next) (?:week|weekend|month|year|decade)", t) or t.startswith("the ")
    if re.fullmatch(rf"(?:for |over |within )?(?:the )?(?:last |past |previous )?(?:\d+|{_NUM})? ?(?:{units})s?", t):
        return True
    return False


# Day-precise forms the tagger splits or misses: "27-April-2019", "21 June 2022" inside "Around 21
# June 2022", ranges "(16 - 24 July)", "Between 5-7 June 2021", "June 5-7", ISO "2019-03-14".
_DAY_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?(?: (?:of )?{_MONTH})? ?(?:[-–]|to|and) ?)?\d{{1,2}}(?:st|nd|rd|th)?[- ](?:of )?{_MONTH}"
    rf"(?:[-, ]+\d{{4}})?\b|\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?: ?(?:[-–]|to|and) ?\d{{1,2}})?(?:,? \d{{4}})?\b|"
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b",
    re.I,
)
_PAST_HOURS_RE = re.compile(r"\b(?:over |in |during |within )?the (?:past|last|previous) (?:24|48|72|twenty-four) hours\b", re.I)


@lru_cache(maxsize=1)
def _same_day_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(k) for k in sorted(lexicon()["same_day"], key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})\b", re.I)


@lru_cache(maxsize=1)
def _holiday_re() -> re.Pattern[str]:
    alt = "|".join(re.escape(k).replace("'", "['’]") for k in sorted(lexicon()["holidays"], key=len, reverse=True))
    return re.compile(rf"\b(?:{alt})(?:,? \d{{4}})?\b", re.I)


def refers_back(text: str) -> bool:
    """Does the text date something by a day stated before it ("later the same day", "hours later")?"""
    return _same_day_re().search(text) is not None


def _candidates(span: Any, ents: list[Any] | None = None) -> list[tuple[int, int, str]]:
    """(start_char, end_char, text) of DATE entities and date phrases the tagger missed or split."""
    doc = span.doc
    text = span.text  # Doc.text joins the whole document on every access: slice the sentence instead
    base = span.start_char
    out: list[tuple[int, int, str]] = [(base + m.start(), base + m.end(), m.group(0)) for m in _DAY_RE.finditer(text)]
    days = list(out)
    for ent in (span.ents if ents is None else ents):
        if ent.label_ != "DATE":
            continue
        start = ent.start_char
        # take the modifier words just before the entity into the expression ("late in July", "back in 2014")
        i = ent.start
        while i > span.start and doc[i - 1].lower_ in ("in", "late", "early", "mid", "back", "since", "-"):
            i -= 1
            if doc[i].lower_ in ("in",) and i > span.start and doc[i - 1].lower_ in ("late", "early", "mid", "back"):
                continue
            if doc[i].lower_ == "in":
                i += 1
                break
        start = doc[i].idx if i < ent.start else start
        if any(not (ent.end_char <= a or start >= b) for a, b, _ in days):
            continue  # "June 2022" of "Around 21 June 2022": the day form holds more
        out.append((start, ent.end_char, text[start - base:ent.end_char - base]))
    for rx in (_MISSED_RE, _holiday_re()):  # the small model calls "New Year's Eve" an EVENT
        for m in rx.finditer(text):
            s, e = base + m.start(), base + m.end()
            if any(not (e <= a or s >= b) for a, b, _ in out):
                continue
            out.append((s, e, m.group(0)))
    return sorted(out)


def _maybe_verb(span: Any, start: int, end: int) -> bool:
    """'may' used as a modal: no date ("they may strike", "May" opening a sentence before a verb)."""
    doc = span.doc
    toks = [t for t in doc[span.start:span.end] if start <= t.idx < end]
    for t in toks:
        if t.lower_ == "may" and (t.tag_ == "MD" or (t.i + 1 < len(doc) and doc[t.i + 1].pos_ in ("VERB", "AUX")
                                                      and doc[t.i + 1].tag_ == "VB")):
            return True
    return False


def date_in_span(span: Any, pub_date: str | None, anchor: Any = None,
                 ents: list[Any] | None = None, reference: str | None = None) -> tuple[str, str, str] | None:
    """The date of the event in a sentence: (ISO, granularity, matched text) or None.

    Durations, ages and vague words are skipped; with an ``anchor`` (the
    trigger token) the date governed by it, else the nearest, wins. ``ents`` are
    the span's entities when the caller has listed them already (``span.ents``
    walks the whole document's entities on every call). "Later the same day",
    "the next day" count from a day stated earlier in the sentence, else from
    ``reference`` (the last day stated before it). "Over the past 24 hours" is
    the day of the statement: a day the sentence states, else the publication day.
    """
    doc = span.doc
    text = span.text
    base = span.start_char
    found: list[tuple[int, int, str, ResolvedDate]] = []
    for start, end, expr in _candidates(span, ents):
        if _is_duration(re.sub(r"^(?:for|over|in|during|since|within) ", "", expr.strip(), flags=re.I)) \
                and not re.match(r"(?i)since ", expr):
            continue
        if _maybe_verb(span, start, end):
            continue
        res = _resolve(expr, pub_date, False)
        if res is not None:
            found.append((start, end, expr, res))
    offsets = lexicon()["same_day"]
    for m in _same_day_re().finditer(text):
        s, e = base + m.start(), base + m.end()
        before = [r for a, b, _, r in found if b <= s and r.granularity == "day" and r.modifier != "since"]
        ref = before[-1].iso if before else reference
        if ref is None:
            continue
        found = [f for f in found if f[1] <= s or f[0] >= e]
        found.append((s, e, m.group(0), _shifted(ref, offsets[m.group(0).lower()])))
    if not found:
        pub = parse_pub(pub_date)
        m = _PAST_HOURS_RE.search(text)
        if m and pub is not None and pub.granularity == "day":
            return pub.iso, "day", m.group(0)
        return None
    best = None
    for start, end, expr, res in found:
        tok = doc.char_span(start, end, alignment_mode="expand")
        score: tuple[int, int] = (1, start - base)
        if anchor is not None and tok is not None:
            score = (attachment(tok.root, anchor), abs(tok.root.i - anchor.i))
        if best is None or score < best[0]:
            best = (score, res, expr.strip())
    _, res, expr = best
    return res.iso, res.granularity, expr


def _shifted(iso: str, days: int) -> ResolvedDate:
    """The day ``days`` after a stated date (a month-precise one stays as it is)."""
    if len(iso) == 10:
        return ResolvedDate((date.fromisoformat(iso) + timedelta(days=days)).isoformat(), "day", None, True)
    return ResolvedDate(iso, "month" if len(iso) == 7 else "year", None, True)


def attachment(tok: Any, anchor: Any) -> int:
    """0: same clause as the trigger; 1: under the trigger or in a clause above it; 2: elsewhere."""
    clause, anchor_clause = _clause(tok), _clause(anchor)
    if clause == anchor_clause:
        return 0
    if anchor in tok.ancestors or clause in anchor_clause.ancestors:
        return 1
    return 2


def _clause(tok: Any) -> Any:
    """The nearest verb heading ``tok``: dates and triggers in the same clause belong together."""
    cur = tok
    while cur.head.i != cur.i and cur.pos_ not in ("VERB", "AUX"):
        cur = cur.head
    return cur
