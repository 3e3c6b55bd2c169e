"""Shared pieces for the store, runner and crash tests: databases and corpora.

PostgreSQL tests need the server that ``scripts/setup-postgres.sh`` starts;
its URL comes in ``FACTIONMAP_TEST_PG_URL``. Each test gets a fresh database
on that server (dropped afterwards), so migrations run from scratch every time.
"""
from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds" / "docs.jsonl"
PG_ENV = "FACTIONMAP_TEST_PG_URL"
PG_SKIP = f"{PG_ENV} is unset: run `bash scripts/setup-postgres.sh && source /tmp/factionmap-pg/env.sh` first"


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty database on the test server; yields its postgresql:// URL."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1) if base.startswith("postgresql://") else base)
    name = f"fm_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def store_url_for(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        with fresh_pg_database() as url:
            yield url


def seed_docs() -> list[dict]:
    if not SEEDS.exists():
        pytest.skip(f"dev corpus not found at {SEEDS}")
    return [json.loads(line) for line in SEEDS.read_text("utf-8").splitlines() if line.strip()]


def variant_corpus(n: int, *, paragraphs: int | None = 3) -> list[dict]:
    """``n`` documents made from the seed articles: distinct ids, small variations.

    Document i takes seed i % 5, keeps a window of its paragraphs (``paragraphs``
    of them, starting further in as i grows; None keeps them all) and moves the
    date, so documents differ in text, date and therefore content hash.
    """
    seeds = seed_docs()
    out = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        paras = [p for p in seed["text"].split("\n") if p.strip()]
        if paragraphs is not None:  # the lede plus a window of the article's real paragraphs (no bylines, menus)
            body = [p for p in paras[1:] if len(p.split()) >= 12]
            start = (i // len(seeds)) % max(1, len(body) - paragraphs + 2)
            paras = [paras[0]] + body[start : start + paragraphs - 1]
        date = seed.get("date") or "2016"
        year = int(date[:4]) + (i // len(seeds)) % 3
        out.append({"id": f"{seed['id']}-v{i:04d}", "title": seed.get("title"),
                    "date": f"{year}{date[4:]}", "text": "\n\n".join(paras)})
    return out


def write_jsonl(path: Path, docs: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), "utf-8")
    return path
