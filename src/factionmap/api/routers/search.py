"""Full-text search over articles and evidence, within the period."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from ...store import fulltext
from ..errors import invalid
from ..params import date_range
from ..state import AppState, get_state

router = APIRouter(tags=["search"])


@router.get("/search", summary="Articles and evidence containing every word of q (stemmed), best first")
def search(q: str = Query(..., description="words to find, e.g. 'ceasefire Kabul'"),
           since: str | None = Query(None), until: str | None = Query(None),
           limit: int = Query(20, ge=1, le=200), state: AppState = Depends(get_state)) -> dict[str, Any]:
    since, until = date_range(since, until)
    if not fulltext.words(q):
        raise invalid("q: give at least one word to search for")
    return fulltext.search(state.store.engine, q, since=since, until=until, limit=limit).to_json()
