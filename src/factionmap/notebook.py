"""The small Python API for notebooks and scripts.

    import factionmap
    fm = factionmap.load()                      # the extraction pipeline (spaCy), loaded once
    fm.extract("Taliban fighters attacked ISKP positions in Nangarhar.", date="2016-08-05")
    store = factionmap.open_store("factionmap.db")
    store.events(actor="ISKP", since="2016")    # a list of dicts
    store.events(actor="ISKP", frame=True)      # a pandas DataFrame (pandas installed)
    store.graph(since="2016")                   # a networkx graph
    store.dyad("Taliban", "ISKP")               # states over time with the evidence

Events from ``extract`` have the annotation guide's shape (as ``factionmap
extract --format jsonl`` prints them); events from a store are what the API's
``/api/events`` returns (reviews applied). Actor names may be any alias: they
go through the map layer's resolver.
"""
from __future__ import annotations

from typing import Any

from .model import Article, Record


class Extractor:
    """The extraction pipeline with a plain-text front door."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline

    @property
    def version(self) -> str:
        """The pipeline version (a hash of the extraction code, data and model)."""
        return self.pipeline.version

    def article(self, text: str, *, date: str | None = None, title: str | None = None,
                id: str = "text", outlet: str | None = None) -> Article:
        """The whole analysed article: sentences, mentions, events, quantities."""
        return self.pipeline(Record(id=id, text=text, title=title, date=date, outlet=outlet))

    def extract(self, text: str, *, date: str | None = None, title: str | None = None,
                id: str = "text", outlet: str | None = None) -> list[dict[str, Any]]:
        """The relation events in ``text``, in the annotation guide's shape, with their evidence offsets."""
        from .cli.extract_cmds import event_json

        return [event_json(e) for e in self.article(text, date=date, title=title, id=id, outlet=outlet).events]


def load(config: dict[str, Any] | None = None) -> Extractor:
    """Load the pipeline (``config`` as in ``data/pipeline.json``; default: the packaged one)."""
    from .pipeline import Pipeline

    return Extractor(Pipeline(config))


class StoreView:
    """A store opened for reading: events, the network, dyads, search."""

    def __init__(self, store: Any):
        from .graph.names import Names

        self.store = store
        self.names = Names(store_names=store.actor_names())

    def _actor(self, name: str | None) -> str | None:
        return self.names.resolve(name) if name else None

    def events(self, *, actor: str | None = None, recipient: str | None = None,
               dyad: tuple[str, str] | None = None, type: str | list[str] | None = None,
               status: str | list[str] | None = None, since: str | None = None, until: str | None = None,
               doc: str | list[str] | None = None, limit: int | None = None, reviews: bool = True,
               frame: bool = False) -> Any:
        """Events matching every filter (see :meth:`factionmap.store.Store.events`), oldest first.

        ``frame=True`` gives a pandas DataFrame with ``date_start``/``date_end``
        as datetimes (the CSV export's columns); it needs pandas.
        """
        rows = self.store.events(
            actor=self._actor(actor), recipient=self._actor(recipient),
            dyad=(self._actor(dyad[0]), self._actor(dyad[1])) if dyad else None,
            type=type, status=status, since=since, until=until, doc=doc, limit=limit, apply_reviews=reviews)
        if not frame:
            return rows
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("events(frame=True) needs pandas: pip install pandas") from exc
        from .graph.export import EVENT_COLUMNS, event_row

        df = pd.DataFrame([event_row(e) for e in rows], columns=list(EVENT_COLUMNS))
        for col in ("date_start", "date_end"):
            df[col] = pd.to_datetime(df[col])
        for col in ("lat", "lon", "score", "weighted_score"):
            df[col] = pd.to_numeric(df[col])
        return df

    def graph(self, *, since: str | None = None, until: str | None = None, actor: str | None = None,
              min_events: int = 1, rollup: bool = False, types: list[str] | None = None,
              statuses: list[str] | None = None) -> Any:
        """The actor network of a period as a networkx graph (edge attributes: state, counts, evidence)."""
        from .graph.network import build_graph

        return build_graph(self.store.engine, self.names, since=since, until=until, actor=self._actor(actor),
                           min_events=min_events, rollup=rollup, types=types, statuses=statuses)

    def dyad(self, a: str, b: str, *, at: str | None = None, since: str | None = None,
             until: str | None = None, rollup: bool = False) -> dict[str, Any]:
        """Where two actors stand, since when, and the events that made it so."""
        from .graph import relations

        return relations.dyad(self.store.engine, self.names, a, b, rollup=rollup, since=since,
                              until=until).to_json(at=at)

    def search(self, query: str, *, since: str | None = None, until: str | None = None,
               limit: int = 20) -> dict[str, Any]:
        """Articles and evidence containing every word of ``query``."""
        from .store.fulltext import search

        return search(self.store.engine, query, since=since, until=until, limit=limit).to_json()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "StoreView":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str = "factionmap.db") -> StoreView:
    """Open a store (a SQLite path or a ``postgresql://`` URL); it must exist already."""
    import os

    from .store import Store

    if "://" not in str(path) and str(path) != ":memory:" and not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such store (create one with `factionmap ingest ARTICLES --db {path}`)")
    return StoreView(Store.open(path))
