"""kill -9 in the middle of ``factionmap ingest``, run it again: the store ends whole.

A real subprocess ingests a few hundred documents (variants of the seed
articles) into SQLite and is killed with SIGKILL once some documents are
stored. What it left must hold only complete documents; the re-run must skip
those and finish the rest, and the result must equal a clean run: same
documents, same events, no duplicates.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from factionmap.ingest.readers import read_inputs
from factionmap.runner import run_ingest
from factionmap.store import Store
from factionmap.store.dump import canonical_dump

from store_helpers import variant_corpus, write_jsonl

N_DOCS = int(os.environ.get("FACTIONMAP_CRASH_DOCS", "200"))
KILL_AFTER = 25  # stored documents before the kill


def stored_count(db) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def integrity_problems(db) -> list[str]:
    """Half-written documents or orphans, described; empty when the store is whole."""
    con = sqlite3.connect(db)
    try:
        checks = {
            "documents without sentences": "SELECT id FROM documents d WHERE NOT EXISTS "
                                           "(SELECT 1 FROM sentences s WHERE s.doc_id = d.id)",
            "sentences without a document": "SELECT DISTINCT doc_id FROM sentences WHERE doc_id NOT IN (SELECT id FROM documents)",
            "events without a document": "SELECT DISTINCT doc_id FROM events WHERE doc_id NOT IN (SELECT id FROM documents)",
            "mentions without a document": "SELECT DISTINCT doc_id FROM mentions WHERE doc_id NOT IN (SELECT id FROM documents)",
            "sentence gaps": "SELECT doc_id FROM sentences GROUP BY doc_id HAVING max(idx) + 1 != count(*)",
        }
        problems = [f"{name}: {rows}" for name, sql in checks.items() if (rows := con.execute(sql).fetchall())]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return problems
    finally:
        con.close()


def per_document(dump: dict) -> dict[str, dict[str, list]]:
    """The canonical dump regrouped by document id: {doc: {table: rows}}."""
    out: dict[str, dict[str, list]] = {}
    for table, rows in dump.items():
        col = 1 if table == "events" else 0  # events rows start with the event id
        for row in rows:
            out.setdefault(row[col], {}).setdefault(table, []).append(row)
    return out


@pytest.mark.slow
def test_kill_9_mid_run_then_resume_equals_clean_run(tmp_path):
    docs = variant_corpus(N_DOCS, paragraphs=2)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", docs)

    clean = Store.open(tmp_path / "clean.db")
    report = run_ingest(read_inputs([corpus]), clean)
    assert report.added == N_DOCS and not report.failures
    want = canonical_dump(clean.engine)
    clean.close()
    want_docs = per_document(want)

    db = tmp_path / "crash.db"
    cmd = [sys.executable, "-m", "factionmap.cli.main", "ingest", str(corpus), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    try:
        while stored_count(db) < KILL_AFTER:
            assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read().decode()[-2000:]}"
            assert time.monotonic() < deadline, "ingest too slow to reach the kill point"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the job and anything it started, mid-write or not
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    before = stored_count(db)
    assert KILL_AFTER <= before < N_DOCS, "the kill should land mid-run"
    assert integrity_problems(db) == []
    # each document that made it is whole: exactly what the clean run stored for it
    store = Store.open(db)
    partial = per_document(canonical_dump(store.engine))
    store.close()
    assert len(partial) == before
    for doc_id, tables in partial.items():
        assert tables == want_docs[doc_id], f"{doc_id} is not whole after the kill"

    resumed = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert f"skipped {before} already stored" in resumed.stderr
    assert f"processed {N_DOCS - before} (added {N_DOCS - before}" in resumed.stderr
    assert integrity_problems(db) == []

    store = Store.open(db)
    got = canonical_dump(store.engine)
    store.close()
    assert len(got["documents"]) == N_DOCS == len({row[0] for row in got["documents"]})
    for table in want:
        assert got[table] == want[table], f"{table} differs from a clean run"
