"""Heavy views kept on disk per store content (factionmap.api.saved): read back by the next server,
never served for other content, recomputed when unreadable, derived by ingest on large stores."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from factionmap.api import create_app, saved
from factionmap.api.saved import SavedViews, derive
from factionmap.cli.main import cli
from factionmap.model import Article, Event, Record
from factionmap.store import Store

LOCAL = "http://127.0.0.1"
PAIRS = [("Taliban", "Islamic State Khorasan Province"), ("Houthis", "Saudi Arabia"), ("Hamas", "Israel")]


def _store(path, n_docs: int = 30) -> Store:
    store = Store.open(str(path))
    for i in range(n_docs):
        a, b = PAIRS[i % len(PAIRS)]
        day = f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}"
        rec = Record(id=f"d{i:03d}", text="x", date=day)
        events = [Event(doc=rec.id, actor=a, recipient=b, type="ASSAULT" if i % 2 else "AGREE", date=day,
                        evidence=f"sentence {i}", claimed_by=["Wire One"] if i % 3 else [])]
        store.save_article(Article(record=rec, text="x", events=events), "test")
    return store


def _kept(views_dir) -> list[str]:
    return sorted(os.path.join(d, f) for d, _, files in os.walk(views_dir) for f in files if f.endswith(".json.z"))


@pytest.fixture
def kept_store(tmp_path, monkeypatch) -> tuple[str, object]:
    """A small store and the folder its views are kept in: (store path, views folder)."""
    views = tmp_path / "views"
    monkeypatch.setenv("FACTIONMAP_VIEWS_DIR", str(views))
    db = str(tmp_path / "s.db")
    _store(db).close()
    return db, views


def test_a_view_kept_by_one_server_is_read_by_the_next(kept_store):
    db, views = kept_store
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        first = c.get("/api/contradictions")
        assert first.status_code == 200 and first.headers["x-factionmap-cache"] == "miss"
    assert len(_kept(views)) == 1  # a warm view: always kept
    app = create_app(db, None, warm=False)
    with TestClient(app, base_url=LOCAL) as c:
        again = c.get("/api/contradictions")
        assert again.headers["x-factionmap-cache"] == "saved" and again.content == first.content
        assert c.get("/api/contradictions").headers["x-factionmap-cache"] == "hit"
        assert json.loads(again.content)["total"] == json.loads(first.content)["total"]


def test_new_content_is_never_answered_from_an_older_kept_view(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTIONMAP_VIEWS_DIR", str(tmp_path / "views"))
    db = str(tmp_path / "s.db")
    store = _store(db)
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        before = c.get("/api/graph").json()
    # another process adds an article; then an analyst marks an event wrong
    rec = Record(id="new", text="x", date="2019-05-05")
    store.save_article(Article(record=rec, text="x", events=[
        Event(doc="new", actor="Hamas", recipient="Hezbollah", type="COOPERATE", date="2019-05-05", evidence="e")]),
        "test")
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        r = c.get("/api/graph")
        assert r.headers["x-factionmap-cache"] == "miss"
        assert len(r.json()["edges"]) == len(before["edges"]) + 1
    victim = store.events(dyad=("Hamas", "Hezbollah"))[0]["id"]
    store.add_review(victim, "wrong", "ana")
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        r = c.get("/api/graph")
        assert r.headers["x-factionmap-cache"] == "miss" and len(r.json()["edges"]) == len(before["edges"])
    store.close()


def test_an_answer_is_filed_under_the_content_it_was_computed_for(tmp_path):
    db = str(tmp_path / "s.db")
    store = _store(db)
    kept = SavedViews(store, tmp_path / "views")
    folder = kept.folder()
    store.add_review(store.events()[0]["id"], "wrong", "ana")  # written while the view was computed
    kept.put(folder, "/api/graph", "", 200, [(b"content-type", b"application/json")], b"{}")
    assert kept.get(kept.folder(), "/api/graph", "") is None  # the new content has no such answer
    assert kept.folder() != folder
    store.close()


def test_an_unreadable_kept_view_is_computed_again(kept_store):
    db, views = kept_store
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        good = c.get("/api/contradictions").content
    (path,) = _kept(views)
    with open(path, "r+b") as fh:
        fh.truncate(40)
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        r = c.get("/api/contradictions")
        assert r.status_code == 200 and r.headers["x-factionmap-cache"] == "miss" and r.content == good


def test_views_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTIONMAP_VIEWS_DIR", "off")
    db = str(tmp_path / "s.db")
    _store(db).close()
    with TestClient(create_app(db, None, warm=False), base_url=LOCAL) as c:
        assert c.get("/api/contradictions").status_code == 200
    assert saved.views_dir() is None
    assert not any(p.name == "views" for p in tmp_path.iterdir())


def test_derive_keeps_the_servers_first_views_so_its_start_computes_nothing(kept_store):
    db, views = kept_store
    n, _ = derive(db)
    assert n == 5 and len(_kept(views)) == 5
    app = create_app(db, None, warm=False)
    with TestClient(app, base_url=LOCAL) as c:
        for path in ("/api/meta", "/api/view/network?top=60", "/api/view/timeline", "/api/contradictions",
                     "/api/graph"):
            r = c.get(path)
            assert r.status_code == 200 and r.headers["x-factionmap-cache"] == "saved", path


def test_ingest_derives_the_views_of_a_large_store_and_not_of_a_small_one(tmp_path, monkeypatch):
    views = tmp_path / "views"
    monkeypatch.setenv("FACTIONMAP_VIEWS_DIR", str(views))
    text = tmp_path / "a.txt"
    text.write_text("Taliban fighters attacked Islamic State militants in Kunar on Monday.\n")
    db = str(tmp_path / "s.db")
    small = CliRunner().invoke(cli, ["ingest", "--db", db, "--date", "2020-01-01", str(text)])
    assert small.exit_code == 0, small.output
    assert "views:" not in small.output and not _kept(views)
    monkeypatch.setattr(saved, "DERIVE_ABOVE_EVENTS", 1)  # this store counts as large
    text.write_text("Taliban fighters attacked Islamic State militants in Kunar on Tuesday.\n")
    large = CliRunner().invoke(cli, ["ingest", "--db", db, "--date", "2020-01-01", str(text)])
    assert large.exit_code == 0, large.output
    assert "views: the server's 5 first views" in large.output and len(_kept(views)) == 5
    unchanged = CliRunner().invoke(cli, ["ingest", "--db", db, "--date", "2020-01-01", str(text)])
    assert "views:" not in unchanged.output  # nothing changed: nothing to derive
