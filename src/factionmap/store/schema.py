"""The store's tables, one definition for SQLite and PostgreSQL.

The SQLite file is plain: other tools (sqlite3, pandas, Datasette) can open it.
JSON-valued columns hold JSON text so both engines read them the same way.
Schema changes go through Alembic migrations in ``store/migrations``: change a
table here, then add a version there that brings existing stores to it (a test
checks that the migrated database and these definitions agree).
"""
from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String, primary_key=True),
    Column("title", Text),
    Column("date", String),  # publication date, ISO, possibly partial
    Column("url", Text),
    Column("outlet", String),
    Column("source", Text),  # file it was read from
    Column("text", Text, nullable=False),  # the text offsets refer to (Article.text)
    Column("content_hash", String, nullable=False),  # Record.content_hash
    Column("pipeline_version", String, nullable=False),
    Column("ingested_at", String, nullable=False),  # UTC ISO
    Column("notes", Text, nullable=False, default="[]"),  # JSON list: Article.notes
    Index("ix_documents_date", "date"),
)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("actor", String),  # canonical name, NULL for a candidate
    Column("kind", String),
    Column("person", String),
    Column("sentence", Integer),
    Index("ix_mentions_actor", "actor"),
)

events = Table(
    "events",
    metadata,
    Column("id", String, primary_key=True),  # Event.id: stable over re-ingestion
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("actor", String, nullable=False),
    Column("recipient", String, nullable=False),
    Column("type", String, nullable=False),
    Column("quad", String),  # PLOVER quad group of the extracted type
    Column("polarity", String),  # cooperation / conflict of the extracted type
    Column("mode", String),
    Column("mutual", Boolean, nullable=False, default=False),
    Column("status", String, nullable=False),
    Column("claimed_by", Text, nullable=False, default="[]"),  # JSON list
    Column("aux", Text, nullable=False, default="[]"),  # JSON list
    Column("date", String),  # event date, else publication date
    Column("date_granularity", String),
    Column("location", String),
    Column("place", Text),  # JSON object Event.place, or NULL
    Column("country", String),
    Column("admin1", String),
    Column("lat", Float),
    Column("lon", Float),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("sentence", Integer),
    Column("trigger", String),
    Column("trigger_start", Integer),  # character offset of the trigger word
    Column("confidence", Float, nullable=False, default=1.0),
    Index("ix_events_doc", "doc_id"),
    Index("ix_events_actor", "actor"),
    Index("ix_events_recipient", "recipient"),
    Index("ix_events_date", "date"),
    Index("ix_events_type", "type"),
)

quantities = Table(
    "quantities",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("actor", String, nullable=False),
    Column("measure", String, nullable=False),
    Column("value_text", Text, nullable=False),
    Column("low", Float),
    Column("high", Float),
    Column("unit", String),
    Column("claimed_by", Text, nullable=False, default="[]"),
    Column("date", String),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Index("ix_quantities_actor", "actor"),
)

candidates = Table(
    "candidates",
    metadata,
    Column("doc_id", String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String, primary_key=True),
)

# Analyst reviews live apart from extracted events: they are keyed by the
# stable event id, so they survive re-ingestion of the document.
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String, nullable=False),
    Column("verdict", String, nullable=False),  # correct / wrong / corrected
    Column("type", String),  # corrected type, if any
    Column("actor", String),  # corrected actor, if any
    Column("recipient", String),  # corrected recipient, if any
    Column("note", Text),
    Column("reviewer", String, nullable=False),
    Column("created_at", String, nullable=False),
    Index("ix_reviews_event", "event_id"),
)

# The actor dictionary as a table, for SQL users and Datasette (store/actors_table.py fills it).
actors = Table(
    "actors",
    metadata,
    Column("name", String, primary_key=True),  # canonical name, as in events.actor / events.recipient
    Column("kind", String),  # state / armed_group / igo / outlet / other / communal
    Column("country", String),  # ISO3: the state itself, or where a group is based
    Column("parent", String),  # the actor this one is a branch of
    Column("code", String),  # PLOVER entity code (ISO3, IGO, UNO, EUR, IMG, ...)
    Column("sector", String),  # PLOVER sector code (GOV, REB, JRN, ...)
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list
    Column("description", Text),
    Column("dictionary_version", String, nullable=False),  # hash of the dictionary that wrote the row
    Index("ix_actors_kind", "kind"),
)
