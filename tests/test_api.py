"""The REST API over a real SQLite store: reading, filters, validation, tokens, reviews.

The store is filled with small articles written for these tests (events placed
by hand with their evidence offsets), so every expectation below follows from
the data in this file. Extraction through the real pipeline is covered in
tests/test_api_documents.py.
"""
from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from factionmap.api import create_app  # noqa: E402

LOCAL = "http://127.0.0.1"  # the server answers to IP addresses and localhost (Host check)
from factionmap.model import Article, Event, Record  # noqa: E402
from factionmap.store.store import Store  # noqa: E402

TOKEN = "write-secret"
READ_TOKEN = "read-secret"
TAL, ISKP, AQ = "Taliban", "Islamic State Khorasan Province", "al-Qaeda"

# Each document: (id, date, outlet, text, [(actor, recipient, type, status, claimed_by, evidence, mutual)])
DOCS = [
    ("t-truce", "2016-08-02", "Wire One",
     "Officials said the Taliban and the Khorasan branch agreed a truce in the east. "
     "The deal was said to cover two districts.",
     [(TAL, ISKP, "AGREE", "reported", ["Wire One"], "the Taliban and the Khorasan branch agreed a truce", True)]),
    ("t-war", "2016-08-20", "Paper Two",
     "Taliban fighters attacked Khorasan positions near the border on Tuesday. "
     "<script>window.pwned = 1</script> Several were killed.",
     [(TAL, ISKP, "ASSAULT", "asserted", [], "Taliban fighters attacked Khorasan positions", False),
      (AQ, TAL, "SUPPORT", "asserted", [], "Several were killed", False)]),
    ("t-later", "2017-03", None,
     "In March the Taliban accused the Khorasan group of killing elders.",
     [(TAL, ISKP, "ACCUSE", "asserted", [], "the Taliban accused the Khorasan group", False)]),
]


def make_article(doc_id: str, date: str, outlet: str | None, text: str, events: list) -> Article:
    record = Record(id=doc_id, text=text, date=date, outlet=outlet, title=f"Story {doc_id}")
    article = Article(record=record, text=text)
    for actor, recipient, type_, status, claimed_by, evidence, mutual in events:
        start = text.index(evidence)
        article.events.append(Event(
            doc=doc_id, actor=actor, recipient=recipient, type=type_, status=status, mutual=mutual,
            claimed_by=list(claimed_by), evidence=evidence, evidence_start=start,
            evidence_end=start + len(evidence), date=date))
    return article


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "api.db"
    store = Store.open(str(path))
    for doc in DOCS:
        assert store.save_article(make_article(*doc), "test") == "added"
    store.close()
    return str(path)


@pytest.fixture()
def client(db):
    with TestClient(create_app(db, TOKEN), base_url=LOCAL) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def message(resp) -> str:
    body = resp.json()
    assert "error" in body, body
    return body["error"]["message"]


def event_id(client, doc: str, type_: str) -> str:
    items = client.get("/api/events", params={"doc": doc, "type": type_}).json()["items"]
    assert len(items) == 1, items
    return items[0]["id"]


# ---------------------------------------------------------------- reading

def test_openapi_describes_every_resource(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in ("/api/documents", "/api/documents/upload", "/api/events", "/api/actors", "/api/actors/{name}",
              "/api/dyads/{pair}", "/api/dyad", "/api/graph", "/api/contradictions", "/api/reviews"):
        assert p in paths, p
    assert "post" in spec["paths"]["/api/documents"]


def test_meta_counts_and_slider_months(client):
    meta = client.get("/api/meta").json()
    assert meta["documents"] == 3 and meta["events"] == 4
    assert meta["months"][0] == "2016-08" and meta["months"][-1] == "2017-03"
    assert len(meta["months"]) == 8
    assert meta["writes"] is True


def test_events_filter_and_paginate(client):
    all_ = client.get("/api/events").json()
    assert all_["total"] == 4
    page = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    assert [e["id"] for e in page["items"]] == [e["id"] for e in all_["items"][2:]]
    assert client.get("/api/events", params={"type": "ASSAULT,AGREE"}).json()["total"] == 2
    assert client.get("/api/events", params={"status": "reported"}).json()["total"] == 1
    assert client.get("/api/events", params={"since": "2017"}).json()["total"] == 1
    assert client.get("/api/events", params={"until": "2016-08"}).json()["total"] == 3
    dy = client.get("/api/events", params=[("dyad", ISKP), ("dyad", TAL)]).json()
    assert dy["total"] == 3
    assert client.get("/api/events", params={"actor": AQ}).json()["total"] == 1


def test_actor_alias_resolves_everywhere(client):
    # ISKP is an alias in the actor dictionary; the store holds the canonical name
    r = client.get("/api/events", params={"actor": "ISKP"})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == 3
    found = client.get("/api/actors", params={"q": "ISKP"}).json()["items"]
    assert found and found[0]["name"] == ISKP
    assert client.get(f"/api/dyads/ISKP/{TAL}").json()["dyad"] == [ISKP, TAL]


def test_document_has_text_and_events(client):
    doc = client.get("/api/documents/t-war").json()
    assert "<script>" in doc["text"]  # stored verbatim; the page shows it as text
    ev = next(e for e in doc["events"] if e["type"] == "ASSAULT")
    assert doc["text"][ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
    listing = client.get("/api/documents").json()
    assert listing["total"] == 3 and all("text" not in d for d in listing["items"])


def test_graph_edges_have_state_and_counts(client):
    g = client.get("/api/graph").json()
    edge = next(e for e in g["edges"] if {e["source"], e["target"]} == {TAL, ISKP})
    assert edge["events"] == 3 and edge["state"] in ("rival", "mixed", "allied")
    assert {n["id"] for n in g["nodes"]} == {TAL, ISKP, AQ}
    narrowed = client.get("/api/graph", params={"since": "2017-01"}).json()
    assert [(e["source"], e["target"], e["events"]) for e in narrowed["edges"]] in (
        [(TAL, ISKP, 1)], [(ISKP, TAL, 1)])


def test_dyad_has_events_with_offsets_and_the_contradiction(client):
    d = client.get(f"/api/dyads/{TAL}/{ISKP}").json()
    assert d["dyad"] == [TAL, ISKP]
    assert len(d["events"]) == 3
    assert all(isinstance(e["evidence_start"], int) and e["evidence_end"] > e["evidence_start"] for e in d["events"])
    kinds = [c["kind"] for c in d["contradictions"]]
    assert "opposing_reports" in kinds
    c = next(c for c in d["contradictions"] if c["kind"] == "opposing_reports")
    sources = {cl["source"] for cl in c["claims"]}
    types = {cl["type"] for cl in c["claims"]}
    assert {"AGREE", "ASSAULT"} <= types
    assert len(sources) >= 2  # both sides, each with its own source
    listed = client.get("/api/contradictions", params=[("dyad", TAL), ("dyad", ISKP)]).json()
    assert listed["total"] == len(d["contradictions"])


def test_actor_profile(client):
    p = client.get(f"/api/actors/{TAL}").json()
    assert p["name"] == TAL
    assert {r["counterpart"] for r in p["relations"]} == {ISKP, AQ}


# ---------------------------------------------------------------- validation: 4xx, never 500

@pytest.mark.parametrize("params", [
    {"since": "2016-13"}, {"until": "2016-02-30"}, {"since": "last week"}, {"since": "2017", "until": "2016"},
])
def test_bad_dates_are_422_with_a_message(client, params):
    for path in ("/api/events", "/api/graph", "/api/contradictions", f"/api/dyads/{TAL}/{ISKP}"):
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, r.text)
        msg = message(r)
        assert "date" in msg or "after" in msg, msg


def test_unknown_actors_are_404_with_a_message(client):
    for path, params in (("/api/events", {"actor": "Nobody Brigade"}), ("/api/graph", {"actor": "Nobody Brigade"}),
                         ("/api/actors/Nobody Brigade", {}), (f"/api/dyads/{TAL}/Nobody Brigade", {}),
                         ("/api/contradictions", {"actor": "Nobody Brigade"})):
        r = client.get(path, params=params)
        assert r.status_code == 404, (path, r.text)
        assert "Nobody Brigade" in message(r)


def test_other_bad_parameters_are_422(client):
    cases = [({"type": "PUNCH"}, "PUNCH"), ({"status": "rumoured"}, "rumoured"), ({"limit": 0}, "limit"),
             ({"limit": "ten"}, "limit"), ({"offset": -1}, "offset"), ({"offset": 10**20}, "offset")]
    for params, word in cases:
        r = client.get("/api/events", params=params)
        assert r.status_code == 422, (params, r.text)
        assert word in message(r)
    r = client.get("/api/events", params={"dyad": TAL})
    assert r.status_code == 422 and "two actors" in message(r)


def test_unknown_routes_and_ids_are_404(client):
    assert client.get("/api/nothing").status_code == 404
    r = client.get("/api/documents/no-such-doc")
    assert r.status_code == 404 and "no-such-doc" in message(r)
    r = client.get("/api/events/0000000000000000")
    assert r.status_code == 404


def test_write_body_validation(client):
    r = client.post("/api/documents", headers=auth(), json={"id": "x", "text": "Some text.", "date": "2016-02-31"})
    assert r.status_code == 422 and "date" in message(r)
    r = client.post("/api/documents", headers=auth(), json={"id": "x"})
    assert r.status_code == 422 and "text" in message(r)
    r = client.post("/api/documents", headers=auth(), json={"id": "x", "text": "t", "colour": "red"})
    assert r.status_code == 422 and "colour" in message(r)
    r = client.post("/api/documents", headers={**auth(), "Content-Type": "application/json"}, content=b"{not json")
    assert r.status_code == 422 and "JSON" in message(r)
    r = client.post("/api/reviews", headers=auth(), json={"event_id": "x", "reviewer": "ana", "verdict": "maybe"})
    assert r.status_code == 422 and "verdict" in message(r)


def test_oversized_bodies_are_413(db):
    with TestClient(create_app(db, TOKEN, max_upload_bytes=10_000), base_url=LOCAL) as c:
        r = c.post("/api/documents", headers=auth(), json={"id": "big", "text": "war " * 5000})
        assert r.status_code == 413
        assert "limit" in message(r)
        r = c.post("/api/documents/upload", headers=auth(),
                   files={"files": ("big.txt", b"fighting " * 3000, "text/plain")})
        assert r.status_code == 413 and "limit" in message(r)


def test_upload_of_unreadable_file_is_422(client):
    r = client.post("/api/documents/upload", headers=auth(),
                    files={"files": ("notes.docx", b"PK\x03\x04binary", "application/octet-stream")})
    assert r.status_code == 422
    body = r.json()["error"]
    assert "notes.docx" in " ".join(body["problems"])


# ---------------------------------------------------------------- tokens

def test_writes_need_the_token(client):
    ev = event_id(client, "t-war", "ASSAULT")
    body = {"event_id": ev, "verdict": "correct", "reviewer": "ana"}
    r = client.post("/api/reviews", json=body)
    assert r.status_code == 401 and "token" in message(r)
    assert r.headers.get("www-authenticate") == "Bearer"
    r = client.post("/api/reviews", json=body, headers=auth("wrong"))
    assert r.status_code == 403
    r = client.post("/api/documents", json={"id": "a", "text": "b"}, headers={"X-Factionmap-Token": "wrong"})
    assert r.status_code == 403
    assert client.post("/api/reviews", json=body, headers={"X-Factionmap-Token": TOKEN}).status_code == 201
    assert client.get("/api/reviews", params={"event_id": ev}).json()["total"] == 1


def test_server_without_token_is_read_only(db):
    with TestClient(create_app(db, None), base_url=LOCAL) as c:
        assert c.get("/api/events").status_code == 200
        r = c.post("/api/reviews", json={"event_id": "x", "verdict": "correct", "reviewer": "a"}, headers=auth())
        assert r.status_code == 403 and "read-only" in message(r)
        assert c.get("/api/meta").json()["writes"] is False


def test_read_token_when_configured(db):
    with TestClient(create_app(db, TOKEN, READ_TOKEN), base_url=LOCAL) as c:
        r = c.get("/api/events")
        assert r.status_code == 401 and "token" in message(r)
        assert c.get("/api/events", headers=auth("nope")).status_code == 403
        assert c.get("/api/events", headers=auth(READ_TOKEN)).status_code == 200
        assert c.get("/api/graph", headers=auth(TOKEN)).status_code == 200  # the write token reads too
        assert c.get("/").status_code == 200  # the page itself holds no data
        assert c.get("/openapi.json").status_code == 200
        ev = c.get("/api/events", headers=auth(READ_TOKEN)).json()["items"][0]["id"]
        r = c.post("/api/reviews", headers=auth(READ_TOKEN), json={"event_id": ev, "verdict": "correct", "reviewer": "a"})
        assert r.status_code == 403


# ---------------------------------------------------------------- reviews change every aggregate

def test_marking_wrong_changes_dyad_graph_and_contradictions(client, db):
    before = client.get(f"/api/dyads/{TAL}/{ISKP}").json()
    assert any(c["kind"] == "opposing_reports" for c in before["contradictions"])
    truce = event_id(client, "t-truce", "AGREE")
    r = client.post("/api/reviews", headers=auth(), json={"event_id": truce, "verdict": "wrong", "reviewer": "ana"})
    assert r.status_code == 201, r.text
    review = r.json()["review"]
    assert review["reviewer"] == "ana" and review["created_at"]
    after = client.get(f"/api/dyads/{TAL}/{ISKP}").json()
    assert len(after["events"]) == len(before["events"]) - 1
    assert not any(c["kind"] == "opposing_reports" for c in after["contradictions"])
    assert [e["id"] for e in after["reviewed_out"]] == [truce]
    edge = next(e for e in client.get("/api/graph").json()["edges"] if {e["source"], e["target"]} == {TAL, ISKP})
    assert edge["events"] == 2
    assert client.get("/api/events").json()["total"] == 3
    assert client.get("/api/events", params={"reviews": "false"}).json()["total"] == 4
    # the analyst changes their mind: the event is back
    client.post("/api/reviews", headers=auth(), json={"event_id": truce, "verdict": "correct", "reviewer": "bo"})
    assert len(client.get(f"/api/dyads/{TAL}/{ISKP}").json()["events"]) == 3


def test_correction_applies_and_survives_reingestion(client, db):
    war = event_id(client, "t-war", "ASSAULT")
    r = client.post("/api/reviews", headers=auth(),
                    json={"event_id": war, "reviewer": "ana", "type": "threaten", "recipient": "ISKP",
                          "note": "a threat, not an attack"})
    assert r.status_code == 201, r.text
    ev = r.json()["event"]
    assert ev["type"] == "THREATEN" and ev["recipient"] == ISKP
    assert ev["original"]["type"] == "ASSAULT"
    assert r.json()["review"]["verdict"] == "corrected"
    # re-ingest the document with a changed text: same event id, the correction still applies
    store = Store.open(db)
    doc = DOCS[1]
    changed = make_article(doc[0], doc[1], doc[2], doc[3] + " More later.", doc[4])
    assert store.save_article(changed, "test-2") == "replaced"
    store.close()
    again = client.get(f"/api/events/{war}").json()
    assert again["type"] == "THREATEN"
    assert [x["reviewer"] for x in again["reviews"]] == ["ana"]
    assert client.get("/api/events", params={"type": "ASSAULT", "dyad": [TAL, ISKP]}).json()["total"] == 0
    assert client.get("/api/events", params={"type": "THREATEN"}).json()["items"][0]["id"] == war


def test_graph_filters_by_kind_type_and_status(client):
    only_assault = client.get("/api/graph", params={"type": "ASSAULT"})
    assert only_assault.status_code == 200, only_assault.text
    edges = only_assault.json()["edges"]
    assert [e["events"] for e in edges if {e["source"], e["target"]} == {TAL, ISKP}] == [1]
    assert not any(AQ in (e["source"], e["target"]) for e in edges)
    reported = client.get("/api/graph", params={"status": "reported"}).json()["edges"]
    assert [(e["events"], e["state"]) for e in reported] == [(1, reported[0]["state"])]
    kinds = client.get("/api/meta").json()["kinds"]
    assert "armed_group" in kinds
    groups = client.get("/api/graph", params={"kind": "armed_group"}).json()
    assert {n["kind"] for n in groups["nodes"]} == {"armed_group"}


def test_review_errors(client):
    r = client.post("/api/reviews", headers=auth(), json={"event_id": "ffffffffffffffff", "verdict": "correct", "reviewer": "a"})
    assert r.status_code == 404 and "ffffffffffffffff" in message(r)
    ev = event_id(client, "t-war", "ASSAULT")
    r = client.post("/api/reviews", headers=auth(), json={"event_id": ev, "reviewer": "a", "actor": "Nobody Brigade"})
    assert r.status_code == 422 and "Nobody Brigade" in message(r)
    r = client.post("/api/reviews", headers=auth(), json={"event_id": ev, "reviewer": "a"})
    assert r.status_code == 422 and "verdict" in message(r)
    r = client.post("/api/reviews", headers=auth(), json={"event_id": ev, "reviewer": " ", "verdict": "wrong"})
    assert r.status_code == 422 and "reviewer" in message(r)
    r = client.post("/api/reviews", headers=auth(), json={"event_id": ev, "reviewer": "a", "verdict": "wrong", "type": "AID"})
    assert r.status_code == 422 and "corrected" in message(r)


# ---------------------------------------------------------------- the page and its headers

def test_page_and_assets_are_served_with_a_strict_policy(client):
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "http" not in csp
    assert "<script>" not in r.text  # no inline script: every script is a file from this origin
    for asset in ("/static/app.js", "/static/dom.js", "/static/api.js", "/static/app.css"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/api/meta").headers["x-content-type-options"] == "nosniff"


def test_vendored_graph_library_is_served(client):
    r = client.get("/static/vendor/cytoscape.min.js")
    assert r.status_code == 200, "run scripts/build-web.sh to copy the front-end libraries"
    assert len(r.content) > 100_000
