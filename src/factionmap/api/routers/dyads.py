"""A dyad: its state over time with the reasons, its events with evidence, its contradictions."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import maplayer
from ..errors import ApiError
from ..paths import split_pair
from ..params import date_param, date_range, resolve_actor
from ..responses import json_answer
from ..state import AppState, get_state

router = APIRouter(tags=["dyads"])


@router.get("/dyads/{pair:path}", summary="The relation between two actors, with evidence (/dyads/A/B)")
def dyad_by_path(request: Request, pair: str,
                 at: str | None = Query(None, description="state as of this date (default: latest)"),
                 since: str | None = Query(None), until: str | None = Query(None),
                 rollup: bool = Query(False, description="count branches in with their parents"),
                 state: AppState = Depends(get_state)) -> dict[str, Any]:
    a, b = split_pair(request, pair, lambda name: _known(state, name))
    return json_answer(dyad(a, b, at, since, until, rollup, state))  # type: ignore[return-value]


@router.get("/dyad", summary="The relation between two actors, named in the query (?a=SPLM/A&b=Sudan)")
def dyad_by_query(a: str = Query(..., description="one actor (any alias)"),
                  b: str = Query(..., description="the other actor (any alias)"),
                  at: str | None = Query(None, description="state as of this date (default: latest)"),
                  since: str | None = Query(None), until: str | None = Query(None),
                  rollup: bool = Query(False, description="count branches in with their parents"),
                  state: AppState = Depends(get_state)) -> dict[str, Any]:
    return json_answer(dyad(a, b, at, since, until, rollup, state))  # type: ignore[return-value]


def _known(state: AppState, name: str) -> bool:
    try:
        resolve_actor(state, name)
    except ApiError:
        return False
    return True


def dyad(a: str, b: str, at: str | None, since: str | None, until: str | None, rollup: bool,
         state: AppState) -> dict[str, Any]:
    since, until = date_range(since, until)
    at = date_param("at", at)
    ca, cb = resolve_actor(state, a, "a"), resolve_actor(state, b, "b")
    out = maplayer.dyad(state, ca, cb, at=at, since=since, until=until, rollup=rollup)
    _add_offsets(state, out["events"] + out.get("undated_events", []))
    out["contradictions"] = maplayer.contradictions(state, pair=(ca, cb), since=since, until=until)
    out["reviewed_out"] = _marked_wrong(state, ca, cb, since, until) if not rollup else []
    return out


def _add_offsets(state: AppState, events: list[dict[str, Any]]) -> None:
    """Evidence offsets and the latest review, so the page can mark the sentence in its article."""
    ids = list(dict.fromkeys(ev["event_id"] for ev in events))
    stored: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):  # one query per 500 events, by primary key
        stored.update((e["id"], e) for e in state.store.events(id=ids[i:i + 500], ordered=False))
    for ev in events:
        s = stored.get(ev["event_id"], {})
        ev["id"] = ev["event_id"]
        for key in ("evidence_start", "evidence_end", "review", "original", "mode", "location"):
            if key in s:
                ev[key] = s[key]


def _marked_wrong(state: AppState, a: str, b: str, since: str | None, until: str | None) -> list[dict[str, Any]]:
    """Events of the dyad an analyst marked wrong: hidden from the map, listed so it can be undone.

    One read of the dyad as extracted: an event whose latest review says "wrong" is the one the
    analyst's view hides.
    """
    wrong = [e["id"] for e in state.store.events(dyad=(a, b), since=since, until=until, apply_reviews=False,
                                                   columns=("id", "review_verdict"), ordered=False)
             if e["review_verdict"] == "wrong"]
    if not wrong:
        return []
    out = []
    for ev in state.store.events(id=wrong, apply_reviews=False):
        ev["review"] = state.store.reviews(event_id=ev["id"])[-1]
        ev["doc"] = ev["doc_id"]
        out.append(ev)
    return out
