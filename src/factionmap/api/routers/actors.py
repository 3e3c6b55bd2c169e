"""Actors: search by any alias, and one actor's page (aliases, tree, people, relations, claims)."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query

from .. import maplayer
from ..params import date_range, resolve_actor
from ..responses import json_answer
from ..state import AppState, get_state

router = APIRouter(tags=["actors"])


def _name(entry: Any) -> str | None:
    if entry is None:
        return None
    if isinstance(entry, str):
        return entry
    if isinstance(entry, (tuple, list)) and entry:
        return _name(entry[0])
    if isinstance(entry, dict):
        return entry.get("name")
    return getattr(entry, "name", None)


def _dictionary_hits(state: AppState, q: str) -> list[str]:
    d = state.actors
    out: list[str] = []
    if d is None:
        return out
    for fn_name in ("get", "search"):
        fn = getattr(d, fn_name, None)
        if not callable(fn):
            continue
        try:
            found = fn(q)
        except (LookupError, ValueError, TypeError, AttributeError):
            continue
        if found is None:
            continue
        seq = found if isinstance(found, (list, tuple)) and not (
            isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], (int, float))) else [found]
        out.extend(n for n in (_name(x) for x in seq) if n)
    return out


@router.get("/actors", summary="Actors by name or alias (or all actors in the store)")
def list_actors(q: str | None = Query(None, description="any name or alias, or part of one"),
                limit: int = Query(20, ge=1, le=500), state: AppState = Depends(get_state)) -> dict[str, Any]:
    names = state.names()
    in_store = state.store.actor_names()
    if q and q.strip():
        q = q.strip()
        hits = _dictionary_hits(state, q)
        folded = q.casefold()
        hits += [n for n in in_store if folded in n.casefold()]
        for n in in_store:  # aliases that contain the query
            if any(folded in a.casefold() for a in names.aliases(n)):
                hits.append(n)
    else:
        hits = list(in_store)
    items = []
    for n in dict.fromkeys(hits):
        if len(items) >= limit:
            break
        aliases = names.aliases(n)
        matched = next((a for a in aliases if q and q.casefold() in a.casefold()), None) if q else None
        items.append({"name": n, "kind": names.kind(n), "aliases": aliases, "matched": matched,
                      "events": state.store.count_events(actor=n)})
    items.sort(key=lambda x: (x["events"] == 0, -x["events"]) if not q else (0,))
    return {"total": len(items), "items": items}


@router.get("/actors/{name:path}", summary="One actor: aliases, parent and branches, people, relations, claims")
def actor(name: str, rollup: bool = Query(False), since: str | None = Query(None),
          until: str | None = Query(None), state: AppState = Depends(get_state)) -> dict[str, Any]:
    since, until = date_range(since, until)
    canon = resolve_actor(state, name)
    return json_answer(  # type: ignore[return-value]
        maplayer.actor_profile(state, canon, rollup=rollup, since=since, until=until))
