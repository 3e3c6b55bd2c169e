"""The store opens in Datasette as it is: tables, the analyst's view, full-text search, metadata."""
from __future__ import annotations

import asyncio
import json

import pytest
from map_helpers import build_store, ev
from sqlalchemy import inspect

from factionmap.store import fulltext
from factionmap.web import datasette_metadata

datasette = pytest.importorskip("datasette.app")

TB, ISKP = "Taliban", "Islamic State Khorasan Province"


@pytest.fixture()
def db(tmp_path):
    s = build_store(tmp_path / "ds.db", {
        "a": {"date": "2016-08-05", "text": "The Taliban agreed a ceasefire with ISKP.", "events": [
            ev("a", TB, ISKP, "AGREE", mutual=True, evidence="The Taliban agreed a ceasefire with ISKP")]},
        "b": {"date": "2016-09-01", "text": "ISKP attacked Taliban posts.", "events": [
            ev("b", ISKP, TB, "ASSAULT", evidence="ISKP attacked Taliban posts")]},
    })
    wrong = s.events(doc="b")[0]["id"]
    s.add_review(wrong, "wrong", "tester")
    path = str(s.engine.url.database)
    objects = set(inspect(s.engine).get_table_names()) | set(inspect(s.engine).get_view_names())
    columns = {t: [c["name"] for c in inspect(s.engine).get_columns(t)] for t in objects}
    s.close()
    return path, columns


def get(ds, path: str) -> dict | list:
    async def go():
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:300])
        return r.json()
    return asyncio.run(go())


def test_metadata_describes_every_table_view_and_column(db):
    _, columns = db
    meta = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    described = meta["databases"]["*"]["tables"]
    for name, cols in columns.items():
        if fulltext.include_name(name, "table", None) is False:
            continue  # the FTS tables Datasette hides itself
        assert name in described, f"metadata.json does not describe {name}"
        missing = [c for c in cols if c not in described[name]["columns"]]
        assert not missing, f"metadata.json does not describe {name}.{missing}"
    assert described["documents"]["fts_table"] in columns and described["events"]["fts_table"] in columns


def test_datasette_opens_the_store_searches_it_and_reads_the_analysts_events(db):
    path, columns = db
    meta = json.loads(datasette_metadata().read_text(encoding="utf-8"))
    ds = datasette.Datasette(files=[path], metadata=meta)
    name = next(iter(ds.databases.keys() - {"_internal"}))
    tables = {t["name"]: t for t in get(ds, f"/{name}.json")["tables"]}
    assert {"documents", "events", "actors", "reviews"} <= set(tables)
    assert tables["documents"]["fts_table"] == "documents_fts" and tables["events"]["fts_table"] == "events_fts"
    hits = get(ds, f"/{name}/documents.json?_search=ceasefire&_shape=array")
    assert [h["id"] for h in hits] == ["a"]
    ev_hits = get(ds, f"/{name}/events.json?_search=attacked&_shape=array")
    assert [h["doc_id"] for h in ev_hits] == ["b"]
    us = get(ds, f"/{name}/actors.json?name=United+States&_shape=array")
    assert us[0]["code"] == "USA" and us[0]["sector"] == "GOV"
    if "analyst_events" in columns:  # the map layer's view: reviews applied
        rows = get(ds, f"/{name}/analyst_events.json?_shape=array")
        assert [r["doc_id"] for r in rows] == ["a"], "the event marked wrong is still in the analyst's view"
        assert rows[0]["date_start"] == "2016-08-05"
    sql = ("select e.type, a.kind from events e join actors a on a.name = e.actor where e.doc_id = 'a'")
    rows = get(ds, f"/{name}.json?sql={sql.replace(' ', '+')}&_shape=array")
    assert rows == [{"type": "AGREE", "kind": "armed_group"}]
