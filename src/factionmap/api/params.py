"""Checking and normalising query parameters: dates, actor names, lists.

Bad values are the client's mistake, so they come back as 4xx with a message
that says what was expected, never as an exception deeper down.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..model import PLOVER_TYPES, STATUSES
from .errors import invalid, not_found
from .state import AppState


def date_param(name: str, value: str | None) -> str | None:
    """An ISO date, possibly partial (YYYY, YYYY-MM, YYYY-MM-DD), checked against the calendar."""
    from ..graph.dates import DateError, PartialDate

    if value is None or value.strip() == "":
        return None
    try:
        return PartialDate.parse(value, name).text
    except DateError as exc:
        raise invalid(str(exc)) from None


def date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    from ..graph.dates import PartialDate

    since, until = date_param("since", since), date_param("until", until)
    if since and until and PartialDate.parse(since).start > PartialDate.parse(until).end:
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


def resolve_actor(state: AppState, name: str, field: str = "actor", status: int = 404) -> str:
    """The canonical name for any alias (the map's one resolver), or a 404 (422 for body fields) with suggestions."""
    from ..graph.names import UnknownActor

    raw = (name or "").strip()
    if not raw:
        raise invalid(f"{field}: an actor name is required")
    try:
        return state.names().resolve(raw)
    except UnknownActor as exc:
        err = not_found if status == 404 else invalid
        raise err(f"{field}: {exc}", suggestions=exc.suggestions) from None


def family(state: AppState, canonical: str, rollup: bool) -> list[str]:
    """The actor, and with rollup its branches too."""
    return sorted(state.names().family(canonical)) if rollup else [canonical]
