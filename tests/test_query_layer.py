"""One query layer: the ``analyst_events`` view, read by the store, the map, the API, the CLI
and Datasette. On one store, with partial dates and reviews, every face returns the same events
for the same filters; and the view's date intervals are the ones the map's date type computes."""
from __future__ import annotations

import asyncio
import json
import warnings
from datetime import date

import pytest
from click.testing import CliRunner
from map_helpers import build_store, ev
from sqlalchemy import select
from store_helpers import store_url_for

from factionmap.cli.main import cli
from factionmap.graph.dates import PartialDate
from factionmap.store import Store
from factionmap.store.schema import analyst_events

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from factionmap.api import create_app  # noqa: E402

A, B, C = "Taliban", "Islamic State Khorasan Province", "Haqqani Network"


@pytest.fixture()
def db(tmp_path):
    """Events dated to a year, a month and a day, one undated, one marked wrong, one corrected."""
    docs = {
        "m1": {"date": "2016-08", "events": [ev("m1", A, B, "ASSAULT", mutual=True)]},  # a month: inside Aug 15
        "d1": {"date": "2016-08-20", "events": [ev("d1", A, B, "THREATEN"), ev("d1", C, B, "ASSAULT")]},
        "d2": {"date": "2016-08-10", "events": [ev("d2", B, A, "ACCUSE")]},  # before Aug 15: out
        "y1": {"date": "2016", "events": [ev("y1", A, B, "AGREE", status="reported", claimed_by=["Paper"])]},
        "u1": {"date": None, "events": [ev("u1", A, B, "ASSAULT")]},  # undated: never in a date filter
        "w1": {"date": "2016-09-01", "events": [ev("w1", A, B, "AID")]},  # to be marked wrong
        "c1": {"date": "2016-09-02", "events": [ev("c1", A, "Iran", "ACCUSE")]},  # to be corrected to B
    }
    path = tmp_path / "layer.db"
    s = build_store(path, docs)
    wrong = s.events(doc="w1")[0]["id"]
    s.add_review(wrong, "wrong", reviewer="t")
    fixed = s.events(doc="c1")[0]["id"]
    s.add_review(fixed, "corrected", reviewer="t", recipient=B)
    s.close()
    return str(path)


def cli_json(*args: str):
    r = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def datasette_rows(db: str, sql: str, **params: str) -> list[dict]:
    """A query of the view through the real Datasette, as its JSON API returns it."""
    from datasette.app import Datasette

    async def run() -> list[dict]:
        ds = Datasette([db])
        name = next(iter(ds.databases.keys() - {"_internal", "_memory"}))
        r = await ds.client.get(f"/{name}.json", params={"sql": sql, "_shape": "array", **params})
        assert r.status_code == 200, r.text
        return r.json()

    return asyncio.run(run())


CASES = [
    # (CLI filter args, API params, SQL condition over the view, documents of the A–B events expected)
    (["--since", "2016-08-15"], {"since": "2016-08-15"}, "date_end >= '2016-08-15'", {"m1", "d1", "y1", "c1"}),
    (["--until", "2016-08"], {"until": "2016-08"}, "date_start <= '2016-08-31'", {"m1", "d1", "d2", "y1"}),
    (["--since", "2016-08-15", "--until", "2016-08-20"], {"since": "2016-08-15", "until": "2016-08-20"},
     "date_end >= '2016-08-15' AND date_start <= '2016-08-20'", {"m1", "d1", "y1"}),
    (["--type", "ASSAULT"], {"type": "ASSAULT"}, "type = 'ASSAULT'", {"m1", "u1"}),
    (["--status", "reported"], {"status": "reported"}, "status = 'reported'", {"y1"}),
]


@pytest.mark.parametrize("cli_args, api_params, where, docs", CASES)
def test_every_face_returns_the_same_events(db, cli_args, api_params, where, docs):
    pair = f"((actor = '{A}' AND recipient = '{B}') OR (actor = '{B}' AND recipient = '{A}'))"
    ours = {(e["doc_id"], e["id"]) for e in cli_json("events", "--dyad", A, "ISKP", "--db", db, *cli_args)}
    assert {d for d, _ in ours} == docs
    # the CLI's dyad, the API's events and dyad, and Datasette agree, id for id
    dy_args = [a for a in cli_args if a not in ("--type", "--status", "ASSAULT", "reported")]
    with TestClient(create_app(db, None), base_url="http://127.0.0.1") as client:
        api = client.get("/api/events", params={**api_params, "dyad": [A, "ISKP"], "limit": 500}).json()["items"]
        assert {(e["doc_id"], e["id"]) for e in api} == ours
        if dy_args == cli_args:  # dyad takes the period filters
            dyad = cli_json("dyad", A, "ISKP", "--db", db, *cli_args)
            api_dyad = client.get(f"/api/dyads/{A}/ISKP", params=api_params).json()
            assert {(e["doc"], e["event_id"]) for e in dyad["events"] + dyad["undated_events"]} == ours
            assert {(e["doc"], e["event_id"]) for e in api_dyad["events"] + api_dyad["undated_events"]} == ours
        api_graph = client.get("/api/graph", params=api_params).json()
    rows = datasette_rows(db, f"SELECT doc_id, id FROM analyst_events WHERE {pair} AND {where}")
    assert {(r["doc_id"], r["id"]) for r in rows} == ours
    # the graph's edge counts are the view's counts per pair, whatever the face
    sql = ("SELECT MIN(actor, recipient) AS lo, MAX(actor, recipient) AS hi, COUNT(*) AS n FROM analyst_events"
           f" WHERE actor <> recipient AND {where} GROUP BY lo, hi")
    expected = {(r["lo"], r["hi"]): r["n"] for r in datasette_rows(db, sql)}
    graph = cli_json("graph", "--db", db, *cli_args)
    assert {tuple(sorted((e["source"], e["target"]))): e["events"] for e in graph["edges"]} == expected
    assert {tuple(sorted((e["source"], e["target"]))): e["events"] for e in api_graph["edges"]} == expected
    # ... and the graph's state for the dyad is the dyad's own
    if dy_args == cli_args:
        edge = next(e for e in graph["edges"] if {e["source"], e["target"]} == {A, B})
        assert edge["label"] == dyad["state"]["label"]


def test_reviews_apply_in_the_view_for_every_face(db):
    with Store.open(db) as s:
        raw = {e["doc_id"] for e in s.events(apply_reviews=False)}
        seen = {e["doc_id"]: e for e in s.events()}
    assert "w1" in raw and "w1" not in seen  # marked wrong: hidden
    assert seen["c1"]["recipient"] == B and seen["c1"]["original"]["recipient"] == "Iran"
    rows = datasette_rows(db, "SELECT doc_id, recipient, extracted_recipient FROM analyst_events")
    assert {r["doc_id"] for r in rows} == set(seen)
    assert [(r["recipient"], r["extracted_recipient"]) for r in rows if r["doc_id"] == "c1"] == [(B, "Iran")]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path):
    with store_url_for(request.param, tmp_path) as u:
        yield u


STORED = [("2016", None), ("2016-08", None), ("2016-02", None), ("2000-02", None), ("1900-02", None),
          ("2016-08-15", None), ("2016-08-15T10:30:00", None), ("2010", "decade"), ("2016-13", None),
          ("not a date", None), (None, None)]


def test_the_view_and_the_date_type_agree_on_intervals(url, tmp_path):
    s = Store.open(url)
    for i, (d, gran) in enumerate(STORED):
        e = ev(f"x{i}", A, B, "ASSAULT", date=d, date_granularity=gran)
        build_store_into(s, f"x{i}", e)
    with s.engine.connect() as conn:
        rows = conn.execute(select(analyst_events.c.date, analyst_events.c.date_granularity,
                                   analyst_events.c.date_start, analyst_events.c.date_end)).all()
    s.close()
    assert len(rows) == len(STORED)
    for d, gran, start, end in rows:
        pd = PartialDate.stored(d, gran)
        assert (start, end) == ((pd.start.isoformat(), pd.end.isoformat()) if pd else (None, None)), d
    assert PartialDate.stored("2000-02").end == date(2000, 2, 29) and PartialDate.stored("1900-02").end.day == 28


def build_store_into(store: Store, doc: str, e) -> None:
    from factionmap.model import Article, Record

    rec = Record(id=doc, text=f"text of {doc}", date=None)
    store.save_article(Article(record=rec, text=rec.text, events=[e]), "test")


@pytest.mark.parametrize("text", ["2016-8", "2016-02-30", "16-08", "2016/08", "August 2016", "", "2016-08-15x"])
def test_user_dates_are_checked_the_same_way_everywhere(db, text):
    from factionmap.graph.dates import DateError

    with pytest.raises(DateError):
        PartialDate.parse(text)
    r = CliRunner().invoke(cli, ["events", "--db", db, "--since", text])
    assert r.exit_code == 2 and "is not a date" in r.output
    with TestClient(create_app(db, None), base_url="http://127.0.0.1") as client:
        resp = client.get("/api/events", params={"since": text})
    assert resp.status_code == (200 if text == "" else 422)  # empty means no filter on the web form
