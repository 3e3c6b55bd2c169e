"""Checking and normalising query parameters: dates, actor names, lists.

Bad values are the client's mistake, so they come back as 4xx with a message
that says what was expected, never as an exception deeper down.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..model import PLOVER_TYPES, STATUSES
from .errors import invalid, not_found
from .state import AppState

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_param(name: str, value: str | None) -> str | None:
    """An ISO date, possibly partial (YYYY, YYYY-MM, YYYY-MM-DD), checked against the calendar."""
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    m = _DATE.match(value)
    ok = m is not None
    if m:
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        try:
            dt.date(year, month, day)
        except ValueError:
            ok = False
    if not ok:
        raise invalid(f"{name}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
                      "(for example 2016-08)")
    return value


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    since, until = date_param("since", since), date_param("until", until)
    if since and until and since[: len(until)] > until:
        raise invalid(f"since ({since}) is after until ({until})")
    return since, until


def split_list(values: Iterable[str] | None) -> list[str]:
    """Repeated parameters and comma-separated values both work: ?type=A&type=B or ?type=A,B."""
    out: list[str] = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def event_types(values: Iterable[str] | None, name: str = "type") -> list[str]:
    types = [t.upper() for t in split_list(values)]
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise invalid(f"{name}: unknown event type {', '.join(map(repr, bad))}; "
                      f"use one of {', '.join(PLOVER_TYPES)}")
    return types


def statuses(values: Iterable[str] | None, name: str = "status") -> list[str]:
    out = [s.lower() for s in split_list(values)]
    bad = [s for s in out if s not in STATUSES]
    if bad:
        raise invalid(f"{name}: unknown status {', '.join(map(repr, bad))}; use one of {', '.join(STATUSES)}")
    return out


def _canonical(entry: Any) -> str | None:
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict):
        return entry.get("name") or entry.get("canonical")
    return getattr(entry, "name", None) or getattr(entry, "canonical", None)


def resolve_actor(state: AppState, name: str, field: str = "actor", status: int = 404) -> str:
    """The canonical name for any alias, or a 404 (422 for body fields) that says so."""
    raw = (name or "").strip()
    if not raw:
        raise invalid(f"{field}: an actor name is required")
    try:
        found = _canonical(state.actors.get(raw))
    except (LookupError, AttributeError, TypeError, ValueError):  # not in the dictionary
        found = None
    if found:
        return found
    known = {n.casefold(): n for n in _store_actor_names(state)}
    if raw.casefold() in known:
        return known[raw.casefold()]
    err = not_found if status == 404 else invalid
    raise err(f"{field}: unknown actor {raw!r}; search the known actors with /api/actors?q=...")


def _store_actor_names(state: AppState) -> list[str]:
    names = state.store.actor_names()
    return [n if isinstance(n, str) else _canonical(n) or "" for n in names]
