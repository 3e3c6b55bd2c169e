"""The actor network of a period, filtered by actor kind, event type and status."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from .. import maplayer
from ..params import date_range, event_types, resolve_actor, split_list, statuses
from ..responses import json_answer
from ..state import AppState, get_state

router = APIRouter(tags=["graph"])


@router.get("/graph", summary="Nodes (actors) and edges (dyads: state, events, score) for a period")
def graph(
    since: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    until: str | None = Query(None, description="YYYY, YYYY-MM or YYYY-MM-DD"),
    actor: str | None = Query(None, description="only this actor's relations (any alias)"),
    kind: list[str] | None = Query(None, description="actor kinds, e.g. state, armed group, igo"),
    type: list[str] | None = Query(None, description="PLOVER types, repeated or comma-separated"),
    status: list[str] | None = Query(None, description="asserted / reported / alleged / denied"),
    min_events: int = Query(1, ge=1, le=100000),
    rollup: bool = Query(False, description="merge branches into their parent"),
    state: AppState = Depends(get_state),
) -> dict[str, Any]:
    since, until = date_range(since, until)
    return json_answer(maplayer.network(  # type: ignore[return-value]
        state, since=since, until=until, actor=resolve_actor(state, actor) if actor else None,
        min_events=min_events, rollup=rollup, kinds=split_list(kind),
        types=event_types(type), statuses=statuses(status)))
