"""The ``actors`` table: the packaged actor dictionary, where SQL and Datasette can join it.

Events name actors by their canonical name; this table says what each name is
(kind, country, parent, PLOVER code and sector, aliases). It is rewritten when
the dictionary's data files change, which :meth:`Store.open` checks with one
small query, so a store opened by a newer version describes its actors anew.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import Engine, delete, select, text

from .schema import actors

_PG_LOCK_KEY = 0x666D6163  # "fmac": serialises concurrent rewrites of the table


@lru_cache(maxsize=1)
def dictionary_version() -> str:
    """A hash of the actor data files and the PLOVER entity rules."""
    h = hashlib.sha256()
    data = resources.files("factionmap").joinpath("data")
    for part in sorted(p.name for p in data.joinpath("actors").iterdir() if p.name.endswith(".jsonl")):
        h.update(part.encode())
        h.update(data.joinpath("actors", part).read_bytes())
    h.update(data.joinpath("plover", "entities.json").read_bytes())
    return h.hexdigest()[:16]


def rows() -> list[dict[str, Any]]:
    """One row per dictionary actor."""
    from ..actors.dictionary import ActorDictionary
    from ..graph.export import entity_codes
    from ..graph.names import Names

    d = ActorDictionary.load_default()
    names = Names(d, load=False)
    version = dictionary_version()
    out = []
    for a in d.actors.values():
        codes = entity_codes(a.name, names)
        out.append({
            "name": a.name, "kind": a.kind, "country": a.country, "parent": a.parent,
            "code": codes.get("code"), "sector": codes.get("sector"),
            "aliases": json.dumps(list(a.aliases), ensure_ascii=False), "description": a.description,
            "dictionary_version": version,
        })
    return out


def sync(engine: Engine) -> bool:
    """Rewrite the table if it was written by another dictionary; True when it did."""
    version = dictionary_version()
    with engine.connect() as conn:
        stored = conn.execute(select(actors.c.dictionary_version).limit(1)).scalar()
        conn.rollback()
    if stored == version:
        return False
    new_rows = rows()
    with engine.connect() as conn:
        conn.execution_options(factionmap_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":  # SQLite writers already queue (BEGIN IMMEDIATE)
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            if conn.execute(select(actors.c.dictionary_version).limit(1)).scalar() == version:
                return False  # another process got there first
            conn.execute(delete(actors))
            conn.execute(actors.insert(), new_rows)
    return True
