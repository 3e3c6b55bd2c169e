"""A dyad: its state over time with the reasons, its events with evidence, its contradictions."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from .. import maplayer
from ..errors import ApiError
from ..paths import split_pair
from ..params import date_param, date_range, resolve_actor
from ..state import AppState, get_state

router = APIRouter(tags=["dyads"])


@router.get("/dyads/{pair:path}", summary="The relation between two actors, with evidence (/dyads/A/B)")
def dyad_by_path(request: Request, pair: str,
                 at: str | None = Query(None, description="state as of this date (default: latest)"),
                 since: str | None = Query(None), until: str | None = Query(None),
                 rollup: bool = Query(False, description="count branches in with their parents"),
                 state: AppState = Depends(get_state)) -> dict[str, Any]:
    a, b = split_pair(request, pair, lambda name: _known(state, name))
    return dyad(a, b, at, since, until, rollup, state)


@router.get("/dyad", summary="The relation between two actors, named in the query (?a=SPLM/A&b=Sudan)")
def dyad_by_query(a: str = Query(..., description="one actor (any alias)"),
                  b: str = Query(..., description="the other actor (any alias)"),
                  at: str | None = Query(None, description="state as of this date (default: latest)"),
                  since: str | None = Query(None), until: str | None = Query(None),
                  rollup: bool = Query(False, description="count branches in with their parents"),
                  state: AppState = Depends(get_state)) -> dict[str, Any]:
    return dyad(a, b, at, since, until, rollup, state)


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
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_doc.setdefault(ev["doc"], []).append(ev)
    docs = list(by_doc)
    stored: dict[str, dict[str, Any]] = {}
    for i in range(0, len(docs), 500):  # one query per 500 documents, not one per document
        stored.update((e["id"], e) for e in state.store.events(doc=docs[i:i + 500]))
    for evs in by_doc.values():
        for ev in evs:
            s = stored.get(ev["event_id"], {})
            ev["id"] = ev["event_id"]
            for key in ("evidence_start", "evidence_end", "review", "original", "mode", "location"):
                if key in s:
                    ev[key] = s[key]


def _marked_wrong(state: AppState, a: str, b: str, since: str | None, until: str | None) -> list[dict[str, Any]]:
    """Events of the dyad an analyst marked wrong: hidden from the map, listed so it can be undone."""
    shown = {e["id"] for e in state.store.events(dyad=(a, b), since=since, until=until)}
    out = []
    for ev in state.store.events(dyad=(a, b), since=since, until=until, apply_reviews=False):
        if ev["id"] in shown:
            continue
        history = state.store.reviews(event_id=ev["id"])
        if history and history[-1]["verdict"] == "wrong":
            ev["review"] = history[-1]
            ev["doc"] = ev["doc_id"]
            out.append(ev)
    return out
