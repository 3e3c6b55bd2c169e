"""A canonical, order-independent dump of a store's extracted content.

Two stores hold the same extraction when their dumps are equal, whatever the
order documents were written in or the engine they live in: the runner's tests
compare single-process, process-pool, Dask and crash-resumed runs this way.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from .schema import candidates, documents, events, mentions, quantities, sentences

# columns that record when or from where, not what was extracted
VOLATILE = {"documents": {"ingested_at"}}


def canonical_dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the extraction tables, volatile columns left out, sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in (documents, sentences, mentions, events, quantities, candidates):
            cols = [c for c in table.c if c.name not in VOLATILE.get(table.name, ())]
            rows = [tuple(r) for r in conn.execute(select(*cols))]
            out[table.name] = sorted(rows, key=repr)
    return out
