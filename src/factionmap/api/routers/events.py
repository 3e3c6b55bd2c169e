"""Relation events, filterable and paginated, with reviews applied."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select

from ...store.schema import events as events_table
from ..errors import invalid, not_found
from ..params import date_range, event_types, family, resolve_actor, statuses
from ..state import AppState, get_state

router = APIRouter(tags=["events"])

MAX_LIMIT = 500


@router.get("/events", summary="Events matching the filters, a page at a time")
def list_events(
    actor: str | None = Query(None, description="events where this actor (any alias) is actor or recipient"),
    recipient: str | None = Query(None, description="events with this recipient"),
    dyad: list[str] | None = Query(None, description="two actors: dyad=A&dyad=B (either direction)"),
    type: list[str] | None = Query(None, description="PLOVER types, repeated or comma-separated"),
    status: list[str] | None = Query(None, description="asserted / reported / alleged / denied"),
    since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    doc: str | None = Query(None, description="document id"),
    rollup: bool = Query(False, description="count branches in with their parent (actor, recipient, dyad)"),
    reviews: bool = Query(True, description="apply analyst reviews (false: events as extracted)"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    state: AppState = Depends(get_state),
) -> dict[str, Any]:
    since, until = date_range(since, until)

    def who(name: str | None, field: str) -> list[str] | None:
        return family(state, resolve_actor(state, name, field), rollup) if name else None

    filters: dict[str, Any] = {
        "actor": who(actor, "actor"),
        "recipient": who(recipient, "recipient"),
        "type": event_types(type) or None,
        "status": statuses(status) or None,
        "since": since,
        "until": until,
        "doc": doc,
        "apply_reviews": reviews,
    }
    if dyad:
        if len(dyad) != 2:
            raise invalid("dyad: give exactly two actors, as dyad=A&dyad=B")
        filters["dyad"] = (who(dyad[0], "dyad"), who(dyad[1], "dyad"))
    total = state.store.count_events(**filters)
    items = state.store.events(**filters, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def find_event(state: AppState, event_id: str) -> dict[str, Any]:
    """One event by id, reviews applied (a hidden 'wrong' event is returned as extracted)."""
    with state.store.engine.connect() as conn:
        doc_id = conn.execute(select(events_table.c.doc_id).where(events_table.c.id == event_id)).scalar()
    if doc_id is None:
        raise not_found(f"no event with id {event_id!r}")
    for ev in state.store.events(doc=doc_id):
        if ev["id"] == event_id:
            return ev
    for ev in state.store.events(doc=doc_id, apply_reviews=False):
        if ev["id"] == event_id:  # marked wrong: show it with its latest review
            history = state.store.reviews(event_id=event_id)
            ev["review"] = history[-1] if history else None
            ev["hidden"] = True
            return ev
    raise not_found(f"no event with id {event_id!r}")


@router.get("/events/{event_id}", summary="One event, with its review history")
def get_event(event_id: str, state: AppState = Depends(get_state)) -> dict[str, Any]:
    ev = find_event(state, event_id)
    ev["reviews"] = state.store.reviews(event_id=event_id)
    return ev
