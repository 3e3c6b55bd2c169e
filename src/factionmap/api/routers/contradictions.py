"""Claims that cannot all be true, side by side with their sources."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from .. import maplayer
from ..errors import invalid
from ..params import date_range, resolve_actor
from ..responses import json_answer
from ..state import AppState, get_state

router = APIRouter(tags=["contradictions"])


@router.get("/contradictions", summary="Contradictions, optionally about one actor or one dyad")
def contradictions(
    actor: str | None = Query(None, description="about this actor (and its branches)"),
    dyad: list[str] | None = Query(None, description="two actors: dyad=A&dyad=B"),
    since: str | None = Query(None), until: str | None = Query(None),
    state: AppState = Depends(get_state),
) -> dict[str, Any]:
    since, until = date_range(since, until)
    pair = None
    if dyad:
        if len(dyad) != 2:
            raise invalid("dyad: give exactly two actors, as dyad=A&dyad=B")
        pair = (resolve_actor(state, dyad[0], "dyad"), resolve_actor(state, dyad[1], "dyad"))
    items = maplayer.contradictions(state, actor=resolve_actor(state, actor) if actor else None,
                                    pair=pair, since=since, until=until)
    return json_answer({"total": len(items), "items": items})  # type: ignore[return-value]
