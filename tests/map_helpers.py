"""Hand-built stores for the map tests: real SQLite files written through the Store."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from factionmap.model import Article, Event, Mention, Quantity, Record
from factionmap.store import Store


def ev(doc: str, actor: str, recipient: str, type: str, **kw: Any) -> Event:
    """An event with readable defaults; evidence names the claim so tests can see it."""
    kw.setdefault("evidence", f"{actor} {type} {recipient} ({doc})")
    return Event(doc=doc, actor=actor, recipient=recipient, type=type, **kw)


def build_store(path: Path, docs: dict[str, dict[str, Any]]) -> Store:
    """docs: id -> {"date", "outlet", "events": [Event], "mentions": [Mention], "quantities": [Quantity],
    "candidates": [unknown actor-like names]}."""
    store = Store.open(str(path))
    for doc_id, spec in docs.items():
        rec = Record(id=doc_id, text=spec.get("text", f"text of {doc_id}"), title=spec.get("title", doc_id.title()),
                     date=spec.get("date"), outlet=spec.get("outlet"), url=spec.get("url"))
        art = Article(record=rec, text=rec.text, events=list(spec.get("events", [])),
                      mentions=list(spec.get("mentions", [])), quantities=list(spec.get("quantities", [])),
                      candidates=list(spec.get("candidates", [])))
        store.save_article(art, "test")
    return store


__all__ = ["ev", "build_store", "Mention", "Quantity"]
