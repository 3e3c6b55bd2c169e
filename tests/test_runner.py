"""The ingest job with the real pipeline: incremental, per-document failures, workers, Dask, PostgreSQL.

A small corpus made from the seed articles is ingested once in this process
(the reference); every other way of running the same job must leave the same
store contents (canonical dump of the extraction tables).
"""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from factionmap.cli.main import cli
from factionmap.ingest.readers import read_inputs
from factionmap.model import Quantity, Record
from factionmap.pipeline import Pipeline, default_config, register
from factionmap.runner import run_ingest
from factionmap.store import Store
from factionmap.store.dump import canonical_dump
from factionmap.store.schema import documents

from store_helpers import fresh_pg_database, variant_corpus, write_jsonl

N_DOCS = 10
MARKER = "XQZ-BREAKS-THE-PIPELINE"
BAD_DATA = "XQZ-YIELDS-UNSTORABLE-DATA"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    return write_jsonl(path, variant_corpus(N_DOCS, paragraphs=3))


def ingest(*args: str):
    result = CliRunner().invoke(cli, ["ingest", *args], catch_exceptions=False)  # not a TTY: no progress bar
    return result


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """The single-process run everything else is compared with."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    result = ingest(str(corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    store = Store.open(db)
    dump = canonical_dump(store.engine)
    store.close()
    return db, dump, result


def copy_db(db, tmp_path):
    target = tmp_path / "copy.db"
    shutil.copy(db, target)  # the reference run closed cleanly: WAL checkpointed into the file
    return target


def test_single_process_run_stores_every_document(reference, corpus):
    db, dump, result = reference
    assert f"processed {N_DOCS} (added {N_DOCS}" in result.stderr
    assert "failed 0" in result.stderr
    docs = dump["documents"]
    assert len(docs) == N_DOCS
    with_sentences = {row[0] for row in dump["sentences"]}
    assert with_sentences == {row[0] for row in docs}
    assert dump["events"], "the seed variants hold relation events"
    # the stdout summary shows what the documents contain
    store = Store.open(db)
    top_actor = max(store.actor_names(), key=lambda a: store.count_events(actor=a))
    ev = store.events(actor=top_actor)[0]
    store.close()
    out = result.stdout
    assert "Actors (mentions):" in out and "Events by dyad:" in out
    assert top_actor in out and ev["type"] in out and ev["doc_id"] in out


def test_rerun_skips_and_changes_nothing(reference, tmp_path, corpus):
    db, dump, _ = reference
    db = copy_db(db, tmp_path)
    result = ingest(str(corpus), "--db", str(db))
    assert result.exit_code == 0
    assert f"processed 0 (added 0, replaced 0, unchanged 0), skipped {N_DOCS}" in result.stderr
    store = Store.open(db)
    assert canonical_dump(store.engine) == dump
    store.close()


def test_changed_document_replaces_its_events(reference, tmp_path, corpus):
    db, dump, _ = reference
    db = copy_db(db, tmp_path)
    docs = [json.loads(line) for line in corpus.read_text("utf-8").splitlines()]
    other = variant_corpus(N_DOCS + 5, paragraphs=None)[N_DOCS + 2]  # a different seed, whole
    docs[0] = {**docs[0], "text": other["text"], "date": other["date"]}
    changed = write_jsonl(tmp_path / "changed.jsonl", docs)
    store = Store.open(db)
    report = run_ingest(read_inputs([changed]), store)
    assert (report.added, report.replaced, report.skipped, report.failed) == (0, 1, N_DOCS - 1, 0)
    record = next(r for r in read_inputs([changed]) if isinstance(r, Record) and r.id == docs[0]["id"])
    fresh = Pipeline()(record)
    stored = {e["id"] for e in store.events(doc=docs[0]["id"], apply_reviews=False)}
    assert stored == {e.id for e in fresh.events}
    assert store.document(docs[0]["id"])["text"] == fresh.text
    # every other document is as it was
    after = canonical_dump(store.engine)
    store.close()
    keep = lambda rows, col=0: sorted(r for r in rows if r[col] != docs[0]["id"])  # noqa: E731
    assert keep(after["documents"]) == keep(dump["documents"])
    assert keep(after["events"], 1) == keep(dump["events"], 1)


def test_version_bump_reprocesses_only_stale_documents(reference, tmp_path, corpus):
    db, dump, _ = reference
    db = copy_db(db, tmp_path)
    store = Store.open(db)
    stale = [row[0] for row in dump["documents"][:3]]
    with store.engine.begin() as conn:  # as if these were stored by an older pipeline
        conn.execute(update(documents).where(documents.c.id.in_(stale)).values(pipeline_version="0.0.0-old"))
    report = run_ingest(read_inputs([corpus]), store)
    assert (report.replaced, report.skipped, report.added) == (3, N_DOCS - 3, 0)
    assert canonical_dump(store.engine) == dump
    forced = run_ingest(read_inputs([corpus]), store, force=True)
    assert forced.replaced == N_DOCS
    assert canonical_dump(store.engine) == dump
    store.close()


def test_local_workers_give_identical_store(reference, tmp_path, corpus):
    _, dump, _ = reference
    db = tmp_path / "workers.db"
    result = ingest(str(corpus), "--db", str(db), "--workers", "2")
    assert result.exit_code == 0, result.output
    store = Store.open(db)
    assert canonical_dump(store.engine) == dump
    store.close()


def test_dask_cluster_gives_identical_store(reference, tmp_path, corpus):
    distributed = pytest.importorskip("distributed")
    _, dump, _ = reference
    db = tmp_path / "dask.db"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        result = ingest(str(corpus), "--db", str(db), "--scheduler", cluster.scheduler_address)
        assert result.exit_code == 0, result.output
        with distributed.Client(cluster) as client:  # each worker built the pipeline once, and kept it
            built = client.run(lambda: len(__import__("factionmap.runner.work", fromlist=["_"])._PIPELINES))
        assert sorted(built.values()) == [1, 1]
    store = Store.open(db)
    assert canonical_dump(store.engine) == dump
    store.close()


@pytest.mark.postgres
def test_postgres_store_gives_identical_contents(reference, corpus):
    _, dump, _ = reference
    with fresh_pg_database() as url:
        result = ingest(str(corpus), "--db", url)
        assert result.exit_code == 0, result.output
        again = ingest(str(corpus), "--db", url)
        assert f"skipped {N_DOCS}" in again.stderr
        store = Store.open(url)
        assert canonical_dump(store.engine) == dump
        store.close()


# -- failures -------------------------------------------------------------------


@register("explode_on_marker")
def _explode_on_marker(ctx, opts):
    """A real pipeline component that fails on one document, as a buggy component would."""

    class Explode:
        name = "explode_on_marker"

        def __call__(self, article):
            if MARKER in article.record.text:
                raise RuntimeError("component failed on this document")
            if BAD_DATA in article.record.text:  # a quantity without an actor: the store refuses it
                article.quantities.append(Quantity(doc=article.id, actor=None, measure="strength", value_text="?"))
            return article

    return Explode()


def exploding_pipeline() -> Pipeline:
    config = default_config()
    config["components"] = [*config["components"], "explode_on_marker"]
    return Pipeline(config)


def test_one_failing_document_does_not_sink_the_batch(tmp_path, reference):
    _, dump, _ = reference
    docs = variant_corpus(5, paragraphs=2)
    docs[2]["text"] += f"\n\n{MARKER}"
    docs[4]["text"] += f"\n\n{BAD_DATA}"
    path = tmp_path / "mixed.jsonl"
    lines = [json.dumps(d) for d in docs]
    lines.insert(1, '{"id": "broken", "text": ')  # a malformed line: line 2
    path.write_text("\n".join(lines) + "\n", "utf-8")
    store = Store.open(tmp_path / "mixed.db")
    report = run_ingest(read_inputs([path]), store, pipeline_factory=exploding_pipeline, batch_size=4)
    assert report.added == 3
    where = sorted((f.source, f.line) for f in report.failures)
    # the bad line; the document on line 4 that failed in the pipeline; the one on line 6 the store refused
    assert where == [(str(path), 2), (str(path), 4), (str(path), 6)]
    msg = next(str(f) for f in report.failures if f.line == 4)
    assert docs[2]["id"] in msg and "component failed" in msg
    assert "could not be stored" in next(str(f) for f in report.failures if f.line == 6)
    assert {d["id"] for d in store.documents()} == {docs[0]["id"], docs[1]["id"], docs[3]["id"]}
    store.close()


def test_cli_reports_bad_inputs_and_exits_1(tmp_path):
    good = variant_corpus(1, paragraphs=2)
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good[0]) + "\nnot json at all\n", "utf-8")
    missing = tmp_path / "missing.txt"
    result = ingest(str(path), str(missing), "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert f"{path}:2:" in result.stderr and str(missing) in result.stderr
    assert "processed 1 (added 1" in result.stderr and "failed 2" in result.stderr


# -- events command ------------------------------------------------------------------


def test_events_command_formats_and_filters(reference):
    db, dump, _ = reference
    runner = CliRunner()
    store = Store.open(db)
    total = store.count_events()
    actor = store.actor_names()[0]
    n_actor = store.count_events(actor=actor)
    a_type = store.events()[0]["type"]
    n_type = store.count_events(type=a_type)
    store.close()
    out = runner.invoke(cli, ["events", "--db", str(db), "--format", "jsonl"])
    assert out.exit_code == 0
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == total == len(dump["events"])
    out = runner.invoke(cli, ["events", "--db", str(db), "--actor", actor, "--format", "json"])
    rows = json.loads(out.stdout)
    assert len(rows) == n_actor and all(actor in (r["actor"], r["recipient"]) for r in rows)
    out = runner.invoke(cli, ["events", "--db", str(db), "--type", a_type.lower(), "--limit", "1"])
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0].split()[:4] == ["date", "actor", "type", "recipient"]
    assert "(1 event)" in out.stdout and n_type >= 1
    # the user may type any alias: resolved through the actor dictionary
    by_alias = runner.invoke(cli, ["events", "--db", str(db), "--actor", "taliban", "--format", "jsonl"])
    by_name = runner.invoke(cli, ["events", "--db", str(db), "--actor", "Taliban", "--format", "jsonl"])
    assert by_alias.stdout == by_name.stdout and by_name.stdout.count("\n") > 0
    out = runner.invoke(cli, ["events", "--db", str(db), "--type", "FIGHT"])
    assert out.exit_code == 2 and "FIGHT" in out.output
    out = runner.invoke(cli, ["events", "--db", str(db), "--since", "2999"])
    assert out.exit_code == 0 and "No events." in out.stdout
