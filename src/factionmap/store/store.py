"""The store: documents, their layers and the events read from them, plus reviews.

One class, :class:`Store`, over SQLite (default) or PostgreSQL with the same
schema (:mod:`factionmap.store.schema`) and the same queries, written in
SQLAlchemy Core so they run unchanged on both. The graph layer, the web API
and the CLI all read through it.

Writing is per document and atomic: :meth:`Store.save_article` replaces a
document and every layer hanging off it in one transaction, so a run killed at
any moment leaves each document either as it was or complete. Reviews are kept
apart, keyed by the stable :attr:`Event.id`, so they survive re-ingestion.
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.sql.elements import ColumnElement

from ..model import PLOVER_TYPES, TYPE_QUAD, Article, Event, Record, polarity
from . import migrate
from .engine import create_store_engine, normalize_url
from .schema import (
    analyst_events,
    candidates,
    documents,
    events,
    extracted_events,
    mentions,
    quantities,
    reviews,
    sentences,
)

VERDICTS: tuple[str, ...] = ("correct", "wrong", "corrected")
_LAYERS = (sentences, mentions, events, quantities, candidates)  # all keyed by doc_id


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _loads(value: str | None, default: Any) -> Any:
    if value is None or value == "":
        return default
    return json.loads(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _quad(event_type: str) -> str | None:
    return TYPE_QUAD.get(event_type)


def _polarity(event_type: str) -> str | None:
    return polarity(event_type) if event_type in TYPE_QUAD else None


def _as_list(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def _describe(engine: Engine) -> None:
    """Keep what describes the store current: the actors table and the full-text triggers."""
    from . import actors_table, fulltext

    actors_table.sync(engine)
    fulltext.repair(engine)


class Store:
    """Documents, events, mentions, quantities and reviews in one database.

    Open with :meth:`Store.open`; close with :meth:`close` (or use ``with``).
    Every method opens its own short transaction, so one ``Store`` may be used
    from several threads, and several processes may open the same database.
    """

    def __init__(self, engine: Engine, url: str = ""):
        self.engine = engine
        self.url = url
        self._writes = itertools.count(1)
        self._written = 0  # this object's writes so far (see data_version)

    # -- opening -------------------------------------------------------

    @classmethod
    def open(cls, url: str | os.PathLike[str] = "factionmap.db") -> "Store":
        """Open (creating if need be) the store at ``url`` and migrate it to the current schema.

        ``url`` is a file path (SQLite), a ``sqlite:///...`` URL, ``:memory:``,
        or a ``postgresql://user@host:port/db`` URL (psycopg 3 driver). Alembic
        migrations run to head on every open; this is idempotent and safe when
        several processes open the same store at the same time.
        """
        engine = create_store_engine(url)
        try:
            migrate.upgrade(engine)
            _describe(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(engine, normalize_url(url))

    def data_version(self) -> str:
        """A token that changes whenever what the store holds may have changed; cheap to ask.

        For caching views derived from the store (the API's graph, dyads,
        contradictions). It combines this object's own write counter with a
        sign of other processes' writes: for SQLite the size and modification
        time of the database file and its WAL (every commit touches one of
        them), for PostgreSQL the documents' and reviews' counts and latest
        changes. Equal tokens mean nothing was written in between.
        """
        own = self._written
        if self.dialect == "sqlite":
            path = self.engine.url.database or ""
            if path.startswith("file:"):  # a read-only store opened by URI
                path = path[5:]
            stamps = []
            for f in (path, path + "-wal"):
                try:
                    st = os.stat(f)
                    stamps.append(f"{st.st_size}.{st.st_mtime_ns}")
                except OSError:
                    stamps.append("-")
            if path and path != ":memory:":
                return f"{own}:{':'.join(stamps)}"
            return str(own)  # in memory: only this process can write
        with self._read() as conn:
            d = conn.execute(select(func.count(), func.max(documents.c.ingested_at)).select_from(documents)).one()
            r = conn.execute(select(func.count(), func.max(reviews.c.id)).select_from(reviews)).one()
        return f"{own}:{d[0]}:{d[1]}:{r[0]}:{r[1]}"

    def content_stamp(self) -> str:
        """A token of what the store holds that every process reads alike, across restarts.

        Unlike :meth:`data_version` (cheap, per process), it is read from the
        data: each document's id, content hash, pipeline version and time of
        ingestion, and the reviews' count and latest id. For keeping derived
        views on disk (:mod:`factionmap.api.saved`): equal stamps mean the same
        documents, events and reviews.
        """
        h = hashlib.sha256()
        with self._read() as conn:
            rows = conn.execute(select(documents.c.id, documents.c.content_hash, documents.c.pipeline_version,
                                       documents.c.ingested_at).order_by(documents.c.id))
            for row in rows:
                h.update("\x1f".join(str(x) for x in row).encode("utf-8", "surrogatepass") + b"\x1e")
            r = conn.execute(select(func.count(), func.max(reviews.c.id)).select_from(reviews)).one()
        h.update(f"reviews:{r[0]}:{r[1]}".encode())
        return h.hexdigest()[:32]

    def _wrote(self) -> None:
        self._written = next(self._writes)

    def close(self) -> None:
        """Release connections. The store must not be used afterwards."""
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction (SQLite: ``BEGIN IMMEDIATE``, so writers queue on the busy timeout)."""
        with self.engine.connect() as conn:
            conn.execution_options(factionmap_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- writing -------------------------------------------------------

    def document_state(self, doc_id: str) -> tuple[str, str] | None:
        """``(content_hash, pipeline_version)`` of the stored document, or None if absent."""
        with self._read() as conn:
            row = conn.execute(
                select(documents.c.content_hash, documents.c.pipeline_version).where(documents.c.id == doc_id)
            ).first()
        return (row[0], row[1]) if row else None

    def needs_processing(self, record: Record, pipeline_version: str) -> bool:
        """False when a document with this id, content hash and pipeline version is stored."""
        return self.document_state(record.id) != (record.content_hash, pipeline_version)

    def save_article(self, article: Article, pipeline_version: str, *, force: bool = False) -> str:
        """Store one processed article in ONE transaction; return what happened.

        Upserts the document row and replaces its sentences, mentions, events,
        quantities and candidates. Returns ``"added"`` (new id), ``"replaced"``
        (content or pipeline version changed, or ``force``) or ``"unchanged"``
        (same content hash and pipeline version already stored: nothing is
        written). Events with the same :attr:`Event.id` within the document are
        stored once (the most confident, then the first). A crash mid-write
        leaves the previous version of the document, never half of the new one.
        """
        rec = article.record
        doc_id = rec.id
        content_hash = rec.content_hash
        with self._write() as conn:
            if conn.dialect.name == "postgresql":  # serialise concurrent writers of the same document
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 0))"), {"id": doc_id})
            row = conn.execute(
                select(documents.c.content_hash, documents.c.pipeline_version).where(documents.c.id == doc_id)
            ).first()
            if row is not None and (row[0], row[1]) == (content_hash, pipeline_version) and not force:
                return "unchanged"
            doc_row = {
                "title": rec.title,
                "date": rec.date,
                "url": rec.url,
                "outlet": rec.outlet,
                "source": rec.source,
                "text": article.text or rec.text,
                "content_hash": content_hash,
                "pipeline_version": pipeline_version,
                "ingested_at": _now(),
                "notes": _dumps(list(article.notes)),
            }
            if row is None:
                conn.execute(documents.insert().values(id=doc_id, **doc_row))
            else:
                for table in _LAYERS:
                    conn.execute(delete(table).where(table.c.doc_id == doc_id))
                conn.execute(documents.update().where(documents.c.id == doc_id).values(**doc_row))
            self._insert_layers(conn, article)
        self._wrote()
        return "added" if row is None else "replaced"

    @staticmethod
    def _insert_layers(conn: Connection, article: Article) -> None:
        doc_id = article.id
        seen_sentences: set[int] = set()
        sent_rows = []
        for s in article.sentences:
            if s.index not in seen_sentences:
                seen_sentences.add(s.index)
                sent_rows.append({"doc_id": doc_id, "idx": s.index, "start": s.start, "end": s.end, "text": s.text})
        mention_rows = [
            {
                "doc_id": doc_id, "idx": i, "start": m.start, "end": m.end, "text": m.text,
                "actor": m.actor, "kind": m.kind, "person": m.person, "sentence": m.sentence,
            }
            for i, m in enumerate(article.mentions)
        ]
        best: dict[str, Event] = {}
        for ev in article.events:
            if ev.doc != doc_id:
                ev = dataclasses.replace(ev, doc=doc_id)
            kept = best.get(ev.id)
            if kept is None or ev.confidence > kept.confidence:
                best[ev.id] = ev
        event_rows = [Store._event_row(ev, article.record) for ev in best.values()]
        quantity_rows = [
            {
                "doc_id": doc_id, "idx": i, "actor": q.actor, "measure": q.measure, "value_text": q.value_text,
                "low": q.low, "high": q.high, "unit": q.unit, "claimed_by": _dumps(list(q.claimed_by)),
                "date": q.date, "evidence": q.evidence, "evidence_start": q.evidence_start,
                "evidence_end": q.evidence_end,
            }
            for i, q in enumerate(article.quantities)
        ]
        candidate_rows = [{"doc_id": doc_id, "name": n} for n in dict.fromkeys(article.candidates)]
        for table, rows in (
            (sentences, sent_rows),
            (mentions, mention_rows),
            (events, event_rows),
            (quantities, quantity_rows),
            (candidates, candidate_rows),
        ):
            if rows:
                conn.execute(table.insert(), rows)

    @staticmethod
    def _event_row(ev: Event, record: Record) -> dict[str, Any]:
        place = ev.place or {}
        return {
            "id": ev.id,
            "doc_id": ev.doc,
            "actor": ev.actor,
            "recipient": ev.recipient,
            "type": ev.type,
            "quad": _quad(ev.type),
            "polarity": _polarity(ev.type),
            "mode": ev.mode,
            "mutual": bool(ev.mutual),
            "status": ev.status,
            "claimed_by": _dumps(list(ev.claimed_by)),
            "aux": _dumps(list(ev.aux)),
            "date": ev.date or record.date,  # the event's own date, else the publication date
            "date_granularity": ev.date_granularity,
            "location": ev.location,
            "place": _dumps(ev.place) if ev.place else None,
            "country": place.get("country"),
            "admin1": place.get("admin1"),
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "evidence": ev.evidence,
            "evidence_start": ev.evidence_start,
            "evidence_end": ev.evidence_end,
            "sentence": ev.sentence,
            "trigger": ev.trigger,
            "trigger_start": getattr(ev, "trigger_start", None),
            "confidence": float(ev.confidence),
        }

    # -- events --------------------------------------------------------

    @staticmethod
    def event_filters(
        view: Any,
        *,
        actor: str | Sequence[str] | None = None,
        recipient: str | Sequence[str] | None = None,
        dyad: tuple[str | Sequence[str], str | Sequence[str]] | None = None,
        type: str | Sequence[str] | None = None,
        status: str | Sequence[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | Sequence[str] | None = None,
        id: str | Sequence[str] | None = None,
    ) -> list[ColumnElement]:
        """The WHERE conditions every reader of the events applies: one definition of each filter.

        ``actor`` matches the actor OR the recipient (a name or a list of names:
        an actor and its branches); ``recipient`` the recipient only; ``dyad``
        events between two names (or name lists) in either direction;
        ``since``/``until`` partial ISO dates compared as intervals: an event
        overlapping the period matches ("2016-08" is inside ``since="2016-08-15"``);
        undated events never match a date filter; ``doc`` and ``id`` documents and
        events by id.
        """
        from ..graph.dates import PartialDate

        v = view.c
        conds: list[ColumnElement] = []
        if (actors := _as_list(actor)) is not None:
            conds.append(or_(v.actor.in_(actors), v.recipient.in_(actors)))
        if (recipients := _as_list(recipient)) is not None:
            conds.append(v.recipient.in_(recipients))
        if dyad is not None:
            a, b = _as_list(dyad[0]) or [], _as_list(dyad[1]) or []
            conds.append(or_(and_(v.actor.in_(a), v.recipient.in_(b)), and_(v.actor.in_(b), v.recipient.in_(a))))
        if (types := _as_list(type)) is not None:
            conds.append(v.type.in_(types))
        if (statuses := _as_list(status)) is not None:
            conds.append(v.status.in_(statuses))
        if since:
            conds.append(v.date_end >= PartialDate.parse(since, "since").start.isoformat())
        if until:
            conds.append(v.date_start <= PartialDate.parse(until, "until").end.isoformat())
        if (docs := _as_list(doc)) is not None:
            conds.append(v.doc_id.in_(docs))
        if (ids := _as_list(id)) is not None:
            conds.append(v.id.in_(ids))
        return conds

    def _event_select(self, *, apply_reviews: bool = True, columns: Sequence[str] | None = None,
                      **filters: Any):
        """Events from the ``analyst_events`` view (``extracted_events`` without reviews), filtered."""
        view = analyst_events if apply_reviews else extracted_events
        if columns:
            cols = [view.c[c] for c in columns]
        else:  # as extracted: no review, no corrections to keep apart
            cols = [c for c in view.c if apply_reviews or not c.name.startswith(("review_", "extracted_"))]
        stmt = select(*cols)
        conds = self.event_filters(view, **filters)
        return stmt.where(and_(*conds)) if conds else stmt

    @staticmethod
    def _event_dict(m: dict[str, Any], lean: bool = False) -> dict[str, Any]:
        """A view row (as a dict) with JSON columns decoded; unless ``lean``, the review and original values."""
        for key in ("claimed_by", "aux"):
            if key in m:
                v = m[key]
                m[key] = [] if v in (None, "", "[]") else json.loads(v)
        if "place" in m:
            m["place"] = _loads(m["place"], None)
        if "mutual" in m:
            m["mutual"] = bool(m["mutual"])
        if "doc_id" in m:
            m["doc"] = m["doc_id"]
        if lean:
            return m
        original = {k: m.pop(f"extracted_{k}", m[k]) for k in ("type", "actor", "recipient")}
        review = None
        if m.get("review_id") is not None:
            review = {
                "id": m["review_id"], "event_id": m["id"], "verdict": m["review_verdict"],
                "reviewer": m["review_reviewer"], "created_at": m["review_created_at"], "note": m["review_note"],
                "type": m["review_type"], "actor": m["review_actor"], "recipient": m["review_recipient"],
            }
        for k in [k for k in m if k.startswith("review_")]:
            del m[k]
        m["review"] = review
        if original != {k: m[k] for k in original}:  # a correction applied: keep what was extracted
            m["original"] = original
        return m

    def events(
        self,
        *,
        actor: str | list[str] | None = None,
        recipient: str | list[str] | None = None,
        dyad: tuple[str | list[str], str | list[str]] | None = None,
        type: str | list[str] | None = None,
        status: str | list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | list[str] | None = None,
        id: str | list[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
        apply_reviews: bool = True,
        columns: Sequence[str] | None = None,
        ordered: bool = True,
    ) -> list[dict]:
        """Events matching every filter given, ordered by date (undated last), document, sentence.

        Reads the ``analyst_events`` view (``extracted_events`` with
        ``apply_reviews=False``). Each dict holds the view's columns: ``id``,
        ``doc_id`` (also as ``doc``), ``actor``, ``recipient``, ``type``, ``quad``,
        ``polarity``, ``mode``, ``mutual``, ``status``, ``claimed_by`` and ``aux``
        (lists), ``date`` (the event's, else the publication date),
        ``date_start``/``date_end`` (the interval it means, ISO days),
        ``date_granularity``, ``location``, ``place`` (dict or None), ``country``,
        ``admin1``, ``lat``, ``lon``, ``evidence``, ``evidence_start``,
        ``evidence_end``, ``sentence``, ``trigger``, ``trigger_start``,
        ``confidence``, the document's ``doc_title``, ``doc_date``,
        ``doc_outlet``, ``doc_url``, and ``review`` (the latest review as a dict,
        or None). With reviews applied, "wrong" hides the event and "corrected"
        replaces its type/actor/recipient (filters see the corrected values; the
        extracted ones are kept under ``original``). ``columns`` selects fewer
        columns (a lean read for the map); ``ordered=False`` leaves the order
        to the caller. Filters: :meth:`event_filters`.
        """
        stmt = self._event_select(
            actor=actor, recipient=recipient, dyad=dyad, type=type, status=status,
            since=since, until=until, doc=doc, id=id, apply_reviews=apply_reviews, columns=columns,
        ).subquery("ev")
        q = select(stmt)
        if ordered or limit is not None or offset:
            order = [stmt.c.date_start.is_(None), stmt.c.date_start]
            if "doc_id" in stmt.c:
                order.append(stmt.c.doc_id)
            if "sentence" in stmt.c:
                order += [stmt.c.sentence.is_(None), stmt.c.sentence]
            if "evidence_start" in stmt.c:
                order.append(stmt.c.evidence_start)
            if "id" in stmt.c:
                order.append(stmt.c.id)
            q = q.order_by(*order)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        with self._read() as conn:
            result = conn.execute(q)
            keys = list(result.keys())
            return [self._event_dict(dict(zip(keys, row)), lean=bool(columns)) for row in result]

    def count_events(
        self,
        *,
        actor: str | list[str] | None = None,
        recipient: str | list[str] | None = None,
        dyad: tuple[str | list[str], str | list[str]] | None = None,
        type: str | list[str] | None = None,
        status: str | list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | list[str] | None = None,
        apply_reviews: bool = True,
    ) -> int:
        """How many events :meth:`events` would return with the same filters (no limit)."""
        stmt = self._event_select(
            actor=actor, recipient=recipient, dyad=dyad, type=type, status=status,
            since=since, until=until, doc=doc, apply_reviews=apply_reviews, columns=["id"],
        ).subquery("ev")
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(stmt)).scalar_one())

    def actor_names(self) -> list[str]:
        """Distinct actors (as actor or recipient) of the events, reviews applied, sorted."""
        v = analyst_events
        q = union(select(v.c.actor.label("name")), select(v.c.recipient.label("name"))).subquery("names")
        with self._read() as conn:
            return sorted(n for n in conn.execute(select(q.c.name)).scalars() if n)

    def date_range(self) -> tuple[str | None, str | None]:
        """First and last day any event (reviews applied) can mean: the span of the store's news."""
        v = analyst_events
        with self._read() as conn:
            lo, hi = conn.execute(select(func.min(v.c.date_start), func.max(v.c.date_end))).one()
        return lo, hi

    def candidates(self, known: Any = None, limit: int | None = None) -> list[dict]:
        """Organisation-like names found in articles but not in the actor dictionary.

        Each: ``name`` (without a leading "the"), ``documents`` (how many mention
        it), ``mentions`` and a ``sample`` sentence with its ``doc_id``, most
        documents first. ``known(name) -> bool`` drops names the dictionary (a
        user actor file included) now knows.
        """
        from ..actors.dictionary import surface_form

        c, m = candidates, mentions
        with self._read() as conn:
            docs: dict[str, set[str]] = {}
            for name, doc_id in conn.execute(select(c.c.name, c.c.doc_id)):
                docs.setdefault(surface_form(name), set()).add(doc_id)
            rows = [{"name": n, "documents": len(d)} for n, d in docs.items() if not (known and known(n))]
            rows.sort(key=lambda r: (-r["documents"], r["name"]))
            rows = rows[:limit] if limit is not None else rows
            for r in rows:
                named = and_(m.c.kind == "candidate", m.c.actor == r["name"])
                r["mentions"] = int(conn.execute(select(func.count()).select_from(m).where(named)).scalar_one())
                hit = conn.execute(
                    select(m.c.doc_id, sentences.c.text)
                    .select_from(m.outerjoin(sentences, and_(sentences.c.doc_id == m.c.doc_id,
                                                             sentences.c.idx == m.c.sentence)))
                    .where(named).order_by(m.c.doc_id, m.c.idx).limit(1)).first()
                r["doc_id"], r["sample"] = (hit[0], hit[1]) if hit else (None, None)
        return rows

    # -- documents and their layers ------------------------------------

    def documents(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Documents without their text, by id, each with ``n_events`` (extracted, before reviews)."""
        counts = select(events.c.doc_id, func.count().label("n")).group_by(events.c.doc_id).subquery("counts")
        cols = [c for c in documents.c if c.name not in ("text", "notes")]
        q = (
            select(*cols, func.coalesce(counts.c.n, literal(0)).label("n_events"))
            .select_from(documents.outerjoin(counts, counts.c.doc_id == documents.c.id))
            .order_by(documents.c.id)
        )
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(q)]

    def count_documents(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def document(self, doc_id: str) -> dict | None:
        """One document with its ``text``, ``notes`` (list) and ``candidates`` (unknown actor-like names)."""
        with self._read() as conn:
            row = conn.execute(select(documents).where(documents.c.id == doc_id)).first()
            if row is None:
                return None
            out = dict(row._mapping)
            out["notes"] = _loads(out["notes"], [])
            out["candidates"] = list(
                conn.execute(
                    select(candidates.c.name).where(candidates.c.doc_id == doc_id).order_by(candidates.c.name)
                ).scalars()
            )
        return out

    def sentences(self, doc_id: str) -> list[dict]:
        """The document's sentences in order: ``idx``, ``start``, ``end``, ``text``."""
        q = select(sentences).where(sentences.c.doc_id == doc_id).order_by(sentences.c.idx)
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(q)]

    def mentions(self, doc_id: str | list[str] | None = None, actor: str | None = None) -> list[dict]:
        """Actor mentions, by document and position; filter by document id(s) and/or canonical actor."""
        q = select(mentions)
        if (doc_ids := _as_list(doc_id)) is not None:
            q = q.where(mentions.c.doc_id.in_(doc_ids))
        if actor is not None:
            q = q.where(mentions.c.actor == actor)
        q = q.order_by(mentions.c.doc_id, mentions.c.idx)
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(q)]

    def quantities(self, actor: str | None = None) -> list[dict]:
        """Quantitative claims (``claimed_by`` decoded) with their document's ``doc_title``/``doc_date``."""
        q = select(quantities, documents.c.title.label("doc_title"), documents.c.date.label("doc_date")).select_from(
            quantities.join(documents, documents.c.id == quantities.c.doc_id)
        )
        if actor is not None:
            q = q.where(quantities.c.actor == actor)
        q = q.order_by(quantities.c.doc_id, quantities.c.idx)
        with self._read() as conn:
            rows = [dict(row._mapping) for row in conn.execute(q)]
        for row in rows:
            row["claimed_by"] = _loads(row["claimed_by"], [])
        return rows

    # -- reviews -------------------------------------------------------

    def add_review(
        self,
        event_id: str,
        verdict: str,
        reviewer: str,
        *,
        type: str | None = None,
        actor: str | None = None,
        recipient: str | None = None,
        note: str | None = None,
    ) -> dict:
        """Record an analyst's verdict on an event and return the stored review.

        ``verdict``: "correct", "wrong" (hides the event) or "corrected" (give
        at least one of ``type``/``actor``/``recipient``; ``type`` must be a
        PLOVER type). The reviewer and UTC time are stored. The latest review of
        an event is the one that applies; all are kept. Raises ``ValueError``
        for an invalid review and ``KeyError`` for an unknown event id.
        """
        verdict = (verdict or "").strip().lower()
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        reviewer = (reviewer or "").strip()
        if not reviewer:
            raise ValueError("a review needs a reviewer")
        if type is not None:
            type = type.strip().upper()
            if type not in PLOVER_TYPES:
                raise ValueError(f"unknown event type {type!r}; one of {', '.join(PLOVER_TYPES)}")
        actor = actor.strip() if actor else None
        recipient = recipient.strip() if recipient else None
        if verdict == "corrected" and not (type or actor or recipient):
            raise ValueError("a 'corrected' review needs a corrected type, actor or recipient")
        if verdict != "corrected" and (type or actor or recipient):
            raise ValueError(f"a {verdict!r} review takes no corrected type/actor/recipient (use 'corrected')")
        row = {
            "event_id": event_id, "verdict": verdict, "type": type, "actor": actor, "recipient": recipient,
            "note": note, "reviewer": reviewer, "created_at": _now(),
        }
        with self._write() as conn:
            if conn.execute(select(events.c.id).where(events.c.id == event_id)).first() is None:
                raise KeyError(f"no event with id {event_id!r}")
            review_id = conn.execute(reviews.insert().values(**row).returning(reviews.c.id)).scalar_one()
        self._wrote()
        return {"id": review_id, **row}

    def reviews(self, event_id: str | None = None) -> list[dict]:
        """All reviews, oldest first (of one event if ``event_id`` is given)."""
        q = select(reviews).order_by(reviews.c.id)
        if event_id is not None:
            q = q.where(reviews.c.event_id == event_id)
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(q)]
