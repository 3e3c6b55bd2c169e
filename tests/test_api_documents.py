"""Adding articles through the API runs the real pipeline and updates the map.

The article texts here are written for these tests. The language model loads
once per module (a few seconds).
"""
from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from factionmap.api import create_app  # noqa: E402

LOCAL = "http://127.0.0.1"  # the server answers to IP addresses and localhost (Host check)

TOKEN = "doc-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

ARTICLE = (
    "Taliban fighters attacked Islamic State militants in Nangarhar province on Sunday, "
    "officials said. The Taliban also accused Pakistan of sheltering its enemies.\n\n"
    "<b>Analysts</b> <script>alert('x')</script> expect more fighting."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("docs") / "docs.db"
    with TestClient(create_app(str(db), TOKEN), base_url=LOCAL) as c:
        yield c


@pytest.mark.slow
def test_post_article_extracts_stores_and_updates_the_map(client):
    before = client.get("/api/meta").json()
    r = client.post("/api/documents", headers=AUTH,
                    json={"id": "api-1", "text": ARTICLE, "date": "2019-05-12", "title": "Clash in the east"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "added"
    assert body["document"]["id"] == "api-1" and body["document"]["date"] == "2019-05-12"
    assert body["events"], "the pipeline found no event in a plain attack report"
    doc = client.get("/api/documents/api-1").json()
    for ev in body["events"]:
        assert doc["text"][ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
    assert "<script>" in doc["text"]  # kept verbatim, never interpreted by the API
    after = client.get("/api/meta").json()
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + len(body["events"])
    graph = client.get("/api/graph").json()
    pairs = {frozenset((e["source"], e["target"])) for e in graph["edges"]}
    assert frozenset((body["events"][0]["actor"], body["events"][0]["recipient"])) in pairs
    # the same article again changes nothing
    again = client.post("/api/documents", headers=AUTH,
                        json={"id": "api-1", "text": ARTICLE, "date": "2019-05-12", "title": "Clash in the east"})
    assert again.status_code == 201 and again.json()["status"] == "unchanged"


@pytest.mark.slow
def test_upload_files_reports_each(client):
    files = [
        ("files", ("east-report.txt", ("Title: Border clash\nDate: 2019-06-02\n\n" + ARTICLE).encode(), "text/plain")),
        ("files", ("broken.txt", b"\xff\xfe\x00\x00garbage\x00", "text/plain")),
    ]
    r = client.post("/api/documents/upload", headers=AUTH, files=files)
    assert r.status_code == 201, r.text
    body = r.json()
    assert [x["document"]["id"] for x in body["results"]] == ["east-report"]
    assert body["results"][0]["document"]["date"] == "2019-06-02"
    assert len(body["errors"]) == 1 and body["errors"][0].startswith("broken.txt")
