"""Analyst reviews: mark an event correct or wrong, or correct its type or actors.

A review is stored with who and when, keyed by the event's stable id, so it
survives re-ingestion; the store and the map layer apply the latest review of
each event to every list and aggregate.
"""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from starlette.concurrency import run_in_threadpool

from ..auth import require_write
from ..errors import invalid, not_found
from ..params import resolve_actor
from ..schemas import ReviewIn
from ..state import AppState, get_state
from .events import find_event

router = APIRouter(tags=["review"])


@router.post("/reviews", status_code=201, dependencies=[Depends(require_write)],
             summary="Review an event (needs the write token)")
async def add_review(body: ReviewIn, state: AppState = Depends(get_state)) -> dict[str, Any]:
    return await run_in_threadpool(_add, state, body)


def _add(state: AppState, body: ReviewIn) -> dict[str, Any]:
    find_event(state, body.event_id)  # 404 for an unknown id
    actor = resolve_actor(state, body.actor, "actor", status=422) if body.actor else None
    recipient = resolve_actor(state, body.recipient, "recipient", status=422) if body.recipient else None
    verdict = body.verdict or ("corrected" if (body.type or actor or recipient) else None)
    if verdict is None:
        raise invalid("verdict: is required (correct, wrong or corrected)")
    try:
        review = state.store.add_review(body.event_id, verdict, body.reviewer, type=body.type,
                                        actor=actor, recipient=recipient, note=body.note)
    except KeyError:
        raise not_found(f"no event with id {body.event_id!r}") from None
    except ValueError as exc:
        raise invalid(str(exc)) from None
    return {"review": review, "event": find_event(state, body.event_id)}


@router.get("/reviews", summary="Reviews, oldest first")
def list_reviews(event_id: str | None = Query(None), state: AppState = Depends(get_state)) -> dict[str, Any]:
    items = state.store.reviews(event_id=event_id)
    return {"total": len(items), "items": items}
