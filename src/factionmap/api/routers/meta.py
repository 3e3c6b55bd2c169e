"""What the page needs to draw its filters: counts, the months with events, the vocabularies."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import func, select

from ...model import PLOVER_QUADS, STATUSES
from ...store.schema import events
from ..state import AppState, get_state

router = APIRouter(tags=["meta"])

DEFAULT_KINDS = ("state", "armed_group", "igo")


@router.get("/meta", summary="Counts, date range and vocabularies")
def meta(state: AppState = Depends(get_state)) -> dict[str, Any]:
    store = state.store
    with store.engine.connect() as conn:
        lo, hi = conn.execute(select(func.min(events.c.date), func.max(events.c.date))).one()
    return {
        "documents": store.count_documents(),
        "events": store.count_events(),
        "first_date": lo,
        "last_date": hi,
        "months": months_between(lo, hi),
        "kinds": actor_kinds(state),
        "types": {q: list(ts) for q, ts in PLOVER_QUADS.items()},
        "statuses": list(STATUSES),
        "writes": state.token is not None,
        "read_token": state.read_token is not None,
        "max_upload_bytes": state.max_upload_bytes,
    }


def actor_kinds(state: AppState) -> list[str]:
    """The kinds the graph's nodes can have: the filter's checkboxes."""
    from ...graph import network

    names = state.names()
    actors = set(state.store.actor_names())
    kinds = set(network._kinds(state.store.engine, names, actors).values()) if actors else set()
    return sorted(kinds | set(DEFAULT_KINDS))


def months_between(lo: str | None, hi: str | None) -> list[str]:
    """Every YYYY-MM from lo to hi: the stops of the period slider."""
    if not lo or not hi or len(lo) < 4 or len(hi) < 4:
        return []
    y, m = int(lo[:4]), int(lo[5:7]) if len(lo) >= 7 else 1
    y2, m2 = int(hi[:4]), int(hi[5:7]) if len(hi) >= 7 else 12
    out = []
    while (y, m) <= (y2, m2) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
