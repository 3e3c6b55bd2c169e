"""The store on SQLite and PostgreSQL: migrations, atomic per-document writes, queries, reviews.

Articles are built by hand here so the store is tested apart from extraction;
the runner tests feed it real pipeline output.
"""
from __future__ import annotations

import dataclasses
import os
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from factionmap.model import Article, Event, Mention, Quantity, Record, Sentence
from factionmap.store import Store
from factionmap.store import migrate
from factionmap.store.engine import normalize_url
from factionmap.store import fulltext
from factionmap.store.schema import documents, events, mentions, metadata, sentences

from store_helpers import store_url_for

V1 = "test-1"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    with store_url_for(request.param, tmp_path) as u:
        yield u


@pytest.fixture
def store(url):
    s = Store.open(url)
    yield s
    s.close()


def make_article(doc_id: str = "d1", text_: str | None = None, date: str | None = "2016-08-10",
                 events_: list[tuple] | None = None, title: str = "A title") -> Article:
    """An article whose sentences are its lines; events as (actor, recipient, type, kw) tuples."""
    body = text_ or "Taliban fought Islamic State near Jalalabad.\nUN urged Taliban to talk.\nPakistan denied aiding Taliban."
    rec = Record(id=doc_id, text=body, title=title, date=date, url=f"https://example.org/{doc_id}", outlet="Example")
    art = Article(record=rec, text=body)
    pos = 0
    for i, line in enumerate(body.split("\n")):
        art.sentences.append(Sentence(i, pos, pos + len(line), line))
        first = line.split()[0]
        art.mentions.append(Mention(pos, pos + len(first), first, first, "state", None, i))
        pos += len(line) + 1
    specs = events_ if events_ is not None else [
        ("Taliban", "Islamic State", "ASSAULT", {"mutual": True, "sentence": 0, "date": "2016-08-09",
                                                  "place": {"name": "Jalalabad", "country": "AF", "admin1": "Nangarhar",
                                                            "lat": 34.43, "lon": 70.45}, "location": "Jalalabad"}),
        ("UN", "Taliban", "REQUEST", {"sentence": 1, "status": "reported", "claimed_by": ["UN"]}),
        ("Pakistan", "Taliban", "AID", {"sentence": 2, "status": "denied", "claimed_by": ["Pakistan"],
                                         "aux": ["negated"], "date": "2015"}),
    ]
    for actor, recipient, type_, kw in specs:
        s = art.sentences[kw.get("sentence", 0)]
        art.events.append(Event(doc=doc_id, actor=actor, recipient=recipient, type=type_, evidence=s.text,
                                evidence_start=s.start, evidence_end=s.end, trigger=s.text.split()[1], **kw))
    art.quantities.append(Quantity(doc=doc_id, actor="Taliban", measure="strength", value_text="about 60,000",
                                   low=55000, high=65000, unit="fighters", claimed_by=["UN"], evidence=body[:20],
                                   evidence_end=20))
    art.candidates = ["Lashkar-e-Islam", "Lashkar-e-Islam"]
    art.notes = ["a note"]
    return art


# -- opening and migrations ---------------------------------------------------


def test_open_migrates_to_head_and_matches_schema(url):
    s = Store.open(url)
    with s.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
        # the migrated database and schema.py agree: autogenerate finds nothing to do
        diff = compare_metadata(MigrationContext.configure(conn, opts={
            "compare_type": True, "include_name": fulltext.include_name}), metadata)
    assert diff == []
    assert set(inspect(s.engine).get_table_names()) >= {t.name for t in metadata.sorted_tables}
    s.close()
    s = Store.open(url)  # idempotent
    assert s.count_events() == 0
    s.close()


def test_downgrade_and_upgrade_again(url):
    s = Store.open(url)
    s.save_article(make_article(), V1)
    migrate.downgrade(s.engine, "base")
    assert "documents" not in inspect(s.engine).get_table_names()
    s.close()
    s = Store.open(url)
    assert s.documents() == []
    s.save_article(make_article(), V1)
    assert s.count_events() == 3
    s.close()


def _open_four_at_once(url: str) -> list[BaseException]:
    """Four threads open the store at the same moment and each saves an article: what they raised."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def opener():
        try:
            barrier.wait()
            st = Store.open(url)
            st.save_article(make_article(f"doc-{threading.get_ident()}"), V1)
            st.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_concurrent_openers_all_succeed(url):
    """Several processes' worth of openers on a brand-new database: one migrates, the rest wait."""
    assert _open_four_at_once(url) == []
    s = Store.open(url)
    assert len(s.documents()) == 4
    s.close()


def test_brand_new_sqlite_files_opened_by_four_at_once_never_report_locked(tmp_path):
    """Switching a new file to WAL while others open it answered 'database is locked' at once, about one
    time in twenty: it waits now, as every other statement does."""
    failures = [exc for n in range(25) for exc in _open_four_at_once(str(tmp_path / f"new{n}.db"))]
    assert failures == []


def test_url_forms(tmp_path):
    assert normalize_url("x.db") == "sqlite:///" + os.path.abspath("x.db")
    assert normalize_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"
    assert normalize_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    s = Store.open(f"sqlite:///{tmp_path / 'sub' / 'u.db'}")
    s.save_article(make_article(), V1)
    s.close()
    assert (tmp_path / "sub" / "u.db").exists()


def test_sqlite_is_wal_with_foreign_keys(tmp_path):
    s = Store.open(tmp_path / "w.db")
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    s.close()
    # a plain file other tools can read
    import sqlite3

    con = sqlite3.connect(tmp_path / "w.db")
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    con.close()


# -- writing --------------------------------------------------------------------


def test_save_article_added_unchanged_replaced(store):
    art = make_article()
    assert store.document_state("d1") is None
    assert store.needs_processing(art.record, V1)
    assert store.save_article(art, V1) == "added"
    assert store.document_state("d1") == (art.record.content_hash, V1)
    assert not store.needs_processing(art.record, V1)
    assert store.save_article(art, V1) == "unchanged"
    assert store.count_events() == 3
    # a pipeline version bump: needs processing again, replaced in place
    assert store.needs_processing(art.record, "test-2")
    assert store.save_article(art, "test-2") == "replaced"
    assert store.count_events() == 3
    assert store.save_article(art, "test-2", force=True) == "replaced"
    # a changed document replaces every layer: old events, mentions, sentences gone
    changed = make_article(text_="Iran accused Taliban of attacks.\nTaliban rejected Iran.",
                           events_=[("Iran", "Taliban", "ACCUSE", {"sentence": 0})])
    assert store.needs_processing(changed.record, "test-2")
    assert store.save_article(changed, "test-2") == "replaced"
    evs = store.events()
    assert [(e["actor"], e["recipient"], e["type"]) for e in evs] == [("Iran", "Taliban", "ACCUSE")]
    assert [s["text"] for s in store.sentences("d1")] == changed.text.split("\n")
    assert {m["actor"] for m in store.mentions("d1")} == {"Iran", "Taliban"}
    assert len(store.documents()) == 1


def test_failed_write_leaves_previous_version_whole(store):
    """A write that fails half-way (after the document row and sentences) rolls back completely."""
    good = make_article()
    store.save_article(good, V1)
    before = (store.events(), store.sentences("d1"), store.mentions("d1"), store.document("d1"))
    bad = make_article(text_="Russia met Taliban.\nRussia praised Taliban.",
                       events_=[("Russia", "Taliban", "CONSULT", {"sentence": 0})])
    # quantities are written last: this one violates NOT NULL after everything else went in
    bad.quantities.append(Quantity(doc="d1", actor=None, measure="strength", value_text="many"))
    with pytest.raises(IntegrityError):
        store.save_article(bad, V1)
    assert (store.events(), store.sentences("d1"), store.mentions("d1"), store.document("d1")) == before
    # and a new document that fails leaves nothing at all
    bad_new = dataclasses.replace(bad, record=dataclasses.replace(bad.record, id="d2"))
    bad_new.events = [dataclasses.replace(ev, doc="d2") for ev in bad.events]
    with pytest.raises(IntegrityError):
        store.save_article(bad_new, V1)
    assert store.document("d2") is None
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sentences).where(sentences.c.doc_id == "d2")).scalar() == 0


def test_duplicate_event_keys_stored_once(store):
    art = make_article(events_=[
        ("Taliban", "Islamic State", "ASSAULT", {"mutual": True, "sentence": 0, "confidence": 0.5}),
        ("Islamic State", "Taliban", "ASSAULT", {"mutual": True, "sentence": 1, "confidence": 0.9}),
        ("Taliban", "Islamic State", "ASSAULT", {"sentence": 2}),  # directed: a separate event
    ])
    store.save_article(art, V1)
    evs = store.events()
    assert len(evs) == 2
    mutual = [e for e in evs if e["mutual"]]
    assert len(mutual) == 1 and mutual[0]["confidence"] == 0.9 and mutual[0]["sentence"] == 1


def test_layers_round_trip(store):
    art = make_article()
    store.save_article(art, V1)
    doc = store.document("d1")
    assert doc["text"] == art.text and doc["title"] == "A title" and doc["outlet"] == "Example"
    assert doc["content_hash"] == art.record.content_hash and doc["pipeline_version"] == V1
    assert doc["notes"] == ["a note"] and doc["candidates"] == ["Lashkar-e-Islam"]
    assert doc["ingested_at"].endswith("+00:00")
    listed = store.documents()
    assert [d["id"] for d in listed] == ["d1"] and listed[0]["n_events"] == 3 and "text" not in listed[0]
    assert store.document("nope") is None
    sents = store.sentences("d1")
    assert [(s["idx"], s["start"], s["end"]) for s in sents] == [(s.index, s.start, s.end) for s in art.sentences]
    assert all(art.text[s["start"]:s["end"]] == s["text"] for s in sents)
    assert [m["actor"] for m in store.mentions(actor="Taliban")] == ["Taliban"]
    assert len(store.mentions()) == 3
    (q,) = store.quantities(actor="Taliban")
    assert (q["low"], q["high"], q["claimed_by"], q["doc_date"]) == (55000, 65000, ["UN"], "2016-08-10")
    assert store.quantities(actor="Iran") == []
    ev = store.events(type="ASSAULT")[0]
    assert ev["id"] == art.events[0].id
    assert ev["mutual"] is True and ev["place"]["name"] == "Jalalabad"
    assert (ev["country"], ev["admin1"], ev["lat"]) == ("AF", "Nangarhar", 34.43)
    assert (ev["quad"], ev["polarity"]) == ("material conflict", "conflict")
    assert (ev["doc_title"], ev["doc_date"], ev["doc_outlet"], ev["doc_url"]) == (
        "A title", "2016-08-10", "Example", "https://example.org/d1")
    assert ev["evidence"] == art.text[ev["evidence_start"]:ev["evidence_end"]]
    request = store.events(type="REQUEST")[0]
    assert request["claimed_by"] == ["UN"] and request["aux"] == [] and request["status"] == "reported"
    assert request["date"] == "2016-08-10"  # no event date: the publication date
    assert store.actor_names() == ["Islamic State", "Pakistan", "Taliban", "UN"]


# -- queries ----------------------------------------------------------------------


@pytest.fixture
def filled(store):
    store.save_article(make_article("d1"), V1)
    store.save_article(make_article("d2", date="2017-01", events_=[
        ("Iran", "Taliban", "ACCUSE", {"sentence": 0}),
        ("Taliban", "Iran", "REJECT", {"sentence": 1, "date": "2017-01-20"}),
        ("Taliban", "UN", "THREATEN", {"sentence": 2, "status": "alleged"}),
    ]), V1)
    store.save_article(make_article("d3", date=None, events_=[("Russia", "Taliban", "CONSULT", {"sentence": 0})]), V1)
    return store


def _ids(rows):
    return [(r["doc_id"], r["actor"], r["recipient"], r["type"]) for r in rows]


def test_event_filters(filled):
    s = filled
    assert s.count_events() == 7
    # ordered by date, undated last
    dates = [e["date"] for e in s.events()]
    assert dates == ["2015", "2016-08-09", "2016-08-10", "2017-01", "2017-01", "2017-01-20", None]
    assert {(a, r) for _, a, r, _ in _ids(s.events(actor="Iran"))} == {("Iran", "Taliban"), ("Taliban", "Iran")}
    assert _ids(s.events(recipient="Iran")) == [("d2", "Taliban", "Iran", "REJECT")]
    assert {t for *_, t in _ids(s.events(dyad=("Taliban", "Iran")))} == {"ACCUSE", "REJECT"}
    assert {t for *_, t in _ids(s.events(dyad=("Iran", "Taliban")))} == {"ACCUSE", "REJECT"}
    assert {t for *_, t in _ids(s.events(type=["ACCUSE", "AID"]))} == {"ACCUSE", "AID"}
    assert _ids(s.events(status="alleged")) == [("d2", "Taliban", "UN", "THREATEN")]
    assert len(s.events(status=["alleged", "denied"])) == 2
    assert {d for d, *_ in _ids(s.events(doc="d3"))} == {"d3"}
    assert len(s.events(doc=["d1", "d3"])) == 4


def test_event_dates_compare_as_prefixes(filled):
    s = filled
    # a month-dated event is inside a day range within that month, and vice versa
    assert {e["date"] for e in s.events(since="2017-01-15")} == {"2017-01", "2017-01-20"}
    assert {e["date"] for e in s.events(until="2016-08")} == {"2015", "2016-08-09", "2016-08-10"}
    assert {e["date"] for e in s.events(since="2016-08-10", until="2016-08-10")} == {"2016-08-10"}
    assert {e["date"] for e in s.events(since="2016", until="2016")} == {"2016-08-09", "2016-08-10"}
    assert s.count_events(since="2018") == 0
    assert s.count_events(until="2015-12-31") == 1
    assert s.count_events(since="2015") == 6  # undated events never match a date filter


def test_limit_offset_and_count(filled):
    s = filled
    everything = s.events()
    assert s.events(limit=2) == everything[:2]
    assert s.events(limit=3, offset=2) == everything[2:5]
    assert s.events(offset=6) == everything[6:]
    assert s.count_events(actor="Taliban") == len(s.events(actor="Taliban")) == 7
    assert s.count_events(actor="Nobody") == 0


# -- reviews ------------------------------------------------------------------------


def test_review_validation(filled):
    s = filled
    eid = s.events(type="ACCUSE")[0]["id"]
    with pytest.raises(ValueError, match="verdict"):
        s.add_review(eid, "maybe", "ana")
    with pytest.raises(ValueError, match="reviewer"):
        s.add_review(eid, "correct", " ")
    with pytest.raises(ValueError, match="corrected"):
        s.add_review(eid, "corrected", "ana")
    with pytest.raises(ValueError, match="unknown event type"):
        s.add_review(eid, "corrected", "ana", type="FIGHT")
    with pytest.raises(ValueError, match="corrected"):
        s.add_review(eid, "wrong", "ana", type="ASSAULT")
    with pytest.raises(KeyError):
        s.add_review("0000000000000000", "correct", "ana")
    assert s.reviews() == []


def test_reviews_apply_latest_and_survive_reingestion(filled):
    s = filled
    accuse = s.events(type="ACCUSE")[0]
    reject = s.events(type="REJECT")[0]
    r = s.add_review(accuse["id"], "correct", "ana", note="checked")
    assert r["verdict"] == "correct" and r["reviewer"] == "ana" and r["created_at"].endswith("+00:00")
    assert s.events(type="ACCUSE")[0]["review"]["verdict"] == "correct"
    assert s.events(type="ACCUSE")[0]["review"]["note"] == "checked"
    # wrong hides the event
    s.add_review(reject["id"], "wrong", "ben")
    assert s.count_events(type="REJECT") == 0
    assert s.count_events() == 6
    assert s.count_events(type="REJECT", apply_reviews=False) == 1
    assert s.events(type="REJECT", apply_reviews=False)[0]["review"] is None
    # corrected: filters see the corrected values, the extracted ones are kept
    s.add_review(accuse["id"], "corrected", "ben", type="threaten", recipient="Islamic State")
    assert s.count_events(type="ACCUSE") == 0
    (fixed,) = s.events(dyad=("Iran", "Islamic State"))
    assert (fixed["type"], fixed["actor"], fixed["recipient"]) == ("THREATEN", "Iran", "Islamic State")
    assert fixed["original"] == {"type": "ACCUSE", "actor": "Iran", "recipient": "Taliban"}
    assert fixed["quad"] == "verbal conflict"
    assert fixed["review"]["reviewer"] == "ben" and fixed["review"]["verdict"] == "corrected"
    assert "Islamic State" in s.actor_names()
    # the latest review wins
    s.add_review(reject["id"], "correct", "ana")
    assert s.count_events(type="REJECT") == 1
    assert [r["verdict"] for r in s.reviews(reject["id"])] == ["wrong", "correct"]
    assert len(s.reviews()) == 4
    # re-ingesting a changed version of the document keeps the reviews on the same event ids
    changed = make_article("d2", text_="Iran accused Taliban again.\nTaliban rejected Iran.\nTaliban threatened UN.",
                           date="2017-01", events_=[("Iran", "Taliban", "ACCUSE", {"sentence": 0}),
                                                    ("Taliban", "Iran", "REJECT", {"sentence": 1})])
    assert s.save_article(changed, V1) == "replaced"
    (fixed,) = s.events(dyad=("Iran", "Islamic State"))
    assert fixed["id"] == accuse["id"] and fixed["evidence"] == "Iran accused Taliban again."
    assert s.events(type="REJECT")[0]["review"]["verdict"] == "correct"


def test_reviews_table_is_apart_from_extraction(store):
    store.save_article(make_article(), V1)
    eid = store.events()[0]["id"]
    store.add_review(eid, "wrong", "ana")
    with store.engine.begin() as conn:  # deleting a document does not delete its reviews
        conn.execute(text("DELETE FROM events"))
        conn.execute(documents.delete())
    assert len(store.reviews(eid)) == 1
    store.save_article(make_article(), V1)
    assert store.count_events() == 2 and store.count_events(apply_reviews=False) == 3


def test_foreign_keys_cascade(store):
    store.save_article(make_article(), V1)
    with store.engine.begin() as conn:
        conn.execute(documents.delete().where(documents.c.id == "d1"))
    with store.engine.connect() as conn:
        for table in (events, sentences, mentions):
            assert conn.execute(select(func.count()).select_from(table)).scalar() == 0


def test_pg_url_without_server_is_a_clear_error():
    with pytest.raises(Exception, match="127.0.0.1|connect|refused"):
        Store.open("postgresql://nobody@127.0.0.1:1/none")


def test_plain_engine_reads_the_same_tables(store):
    store.save_article(make_article(), V1)
    eng = create_engine(store.engine.url)
    with eng.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 3
    eng.dispose()


def test_concurrent_writers_of_one_document(store):
    """Two writers racing on the same new document: one adds it, the other finds it unchanged."""
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)
    art = make_article("race")

    def writer():
        try:
            barrier.wait()
            results.append(store.save_article(art, V1))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == ["added", "unchanged", "unchanged", "unchanged"]
    assert store.count_events(doc="race") == 3
