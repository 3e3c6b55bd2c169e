"""The server stays responsive and safe: cached views per store version, a time limit with 503 and
Retry-After, one computation per view however many ask, Host names checked (DNS rebinding),
names and ids with "/", over-long texts refused with 413, and long articles in their own lane.

Real stores, the real app; the concurrency tests run uvicorn on a free 127.0.0.1 port.
"""
from __future__ import annotations

import random
import socket
import threading
import time
import warnings
from contextlib import contextmanager
from urllib.parse import quote

import httpx
import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from factionmap.api import create_app  # noqa: E402
from factionmap.api.cache import WARM_PATHS  # noqa: E402
from factionmap.model import Article, Event, Record  # noqa: E402
from factionmap.store.store import Store  # noqa: E402

from test_api import make_article  # noqa: E402

LOCAL = "http://127.0.0.1"
TOKEN = "write-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SPLM, SUDAN, SLM = "SPLM/A", "Sudan", "SLM/A - MA"
SLASH_DOCS = [
    ("afp/2003/0412", "2003-04-12", "Wire", "The SPLM/A attacked Sudanese army positions near Juba on Saturday.",
     [(SPLM, SUDAN, "ASSAULT", "asserted", [], "The SPLM/A attacked Sudanese army positions", False)]),
    ("afp/2003/0502", "2003-05-02", "Wire", "The SPLM/A and the government agreed a truce in Nairobi.",
     [(SPLM, SUDAN, "AGREE", "reported", ["Wire"], "The SPLM/A and the government agreed a truce", True),
      (SLM, SUDAN, "ACCUSE", "asserted", [], "agreed a truce", False)]),
]


def synthetic_store(path, n_events: int, seed: int = 3) -> str:
    """A store of ``n_events`` generated events among a few dozen actors (a load the views must work for)."""
    rng = random.Random(seed)
    actors = [f"Front {i:02d}" for i in range(40)]
    types = ["ASSAULT", "AGREE", "ACCUSE", "SUPPORT", "THREATEN", "CONSULT"]
    store = Store.open(str(path))
    per_doc, made, d = 20, 0, 0
    while made < n_events:
        rec = Record(id=f"gen-{d:05d}", text="generated", date=f"{2010 + rng.randrange(10)}-{1 + rng.randrange(12):02d}",
                     outlet=f"Outlet {d % 7}")
        events, seen = [], set()
        while len(events) < per_doc and made + len(events) < n_events:
            a, r, t = rng.choice(actors), rng.choice(actors), rng.choice(types)
            if a != r and (a, r, t) not in seen:
                seen.add((a, r, t))
                events.append(Event(doc=rec.id, actor=a, recipient=r, type=t, date=rec.date,
                                    status=rng.choice(["asserted", "reported", "denied"]),
                                    claimed_by=[f"Source {rng.randrange(300)}"] if rng.random() < 0.5 else [],
                                    evidence=f"{a} {t} {r}", evidence_end=10))
        store.save_article(Article(record=rec, text=rec.text, events=events), "test")
        made, d = made + len(events), d + 1
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def slash_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("slash") / "slash.db"
    store = Store.open(str(path))
    for doc in SLASH_DOCS:
        store.save_article(make_article(*doc), "test")
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    return synthetic_store(tmp_path_factory.mktemp("big") / "big.db", 15000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(app):
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


# --------------------------------------------------------------------------
# DNS rebinding: the Host header


@pytest.mark.parametrize("host, ok", [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("192.168.1.20", True),
    ("app.localhost", True), ("evil.example", False), ("evil.example:8000", False),
    ("127.0.0.1.evil.example", False), ("localhost.evil.example", False)])
def test_host_header_is_checked(slash_db, host, ok):
    with TestClient(create_app(slash_db, None), base_url=LOCAL) as c:
        r = c.get("/api/meta", headers={"Host": host})
        assert (r.status_code == 200) is ok, (host, r.status_code)
        if not ok:
            assert r.status_code == 421 and "--allow-host" in r.json()["error"]["message"]
            assert r.headers["content-security-policy"]
            assert c.get("/", headers={"Host": host}).status_code == 421  # the page too


def test_allowed_host_names(slash_db):
    with TestClient(create_app(slash_db, None, allowed_hosts=["Factionmap.Example.org"]), base_url=LOCAL) as c:
        assert c.get("/api/meta", headers={"Host": "factionmap.example.org:443"}).status_code == 200
        assert c.get("/api/meta", headers={"Host": "other.example.org"}).status_code == 421
    with TestClient(create_app(slash_db, None, allowed_hosts=["*"]), base_url=LOCAL) as c:
        assert c.get("/api/meta", headers={"Host": "anything.example"}).status_code == 200


# --------------------------------------------------------------------------
# names and ids with "/"


def test_actor_names_with_a_slash(slash_db):
    with TestClient(create_app(slash_db, None), base_url=LOCAL) as c:
        for path in (f"/api/actors/{quote(SPLM, safe='')}", f"/api/actors/{SPLM}", f"/api/actors/{quote(SLM, safe='')}"):
            r = c.get(path)
            assert r.status_code == 200, (path, r.text)
        assert c.get(f"/api/actors/{quote(SPLM, safe='')}").json()["name"] == SPLM
        assert c.get("/api/actors/No%2FSuch%20Group").status_code == 404


def test_dyads_with_a_slash_in_a_name(slash_db):
    with TestClient(create_app(slash_db, None), base_url=LOCAL) as c:
        forms = [f"/api/dyads/{quote(SPLM, safe='')}/{SUDAN}",  # encoded, as the page sends it
                 f"/api/dyads/{SPLM}/{SUDAN}",  # as typed: the split is found
                 f"/api/dyads/{SUDAN}/{SPLM}"]
        answers = []
        for path in forms:
            r = c.get(path)
            assert r.status_code == 200, (path, r.text)
            answers.append(r.json())
        assert len(answers[0]["events"]) == len(answers[1]["events"]) == 2
        q = c.get("/api/dyad", params={"a": SPLM, "b": SUDAN})
        assert q.status_code == 200 and len(q.json()["events"]) == 2
        slm = c.get(f"/api/dyads/{quote(SLM, safe='')}/{SUDAN}")
        assert slm.status_code == 200 and len(slm.json()["events"]) == 1
        assert c.get(f"/api/dyads/{SUDAN}").status_code == 422  # one name is not a pair
        assert c.get(f"/api/dyads/{SPLM}/Nowhere%20Land").status_code in (404, 422)


def test_document_ids_with_a_slash(slash_db):
    with TestClient(create_app(slash_db, None), base_url=LOCAL) as c:
        for path in ("/api/documents/afp/2003/0412", "/api/documents/afp%2F2003%2F0412"):
            r = c.get(path)
            assert r.status_code == 200, (path, r.text)
            assert r.json()["id"] == "afp/2003/0412" and r.json()["events"]
        assert c.get("/api/documents/afp/2003/9999").status_code == 404


# --------------------------------------------------------------------------
# over-long texts


def test_text_over_the_length_limit_is_413_and_nothing_is_stored(slash_db, tmp_path):
    from factionmap.language.nlp import MAX_CHARS

    db = str(tmp_path / "long.db")
    with TestClient(create_app(db, TOKEN), base_url=LOCAL) as c:
        text = ("The rebels attacked the town again. " * (MAX_CHARS // 36 + 10))[: MAX_CHARS + 100]
        r = c.post("/api/documents", headers=AUTH, json={"id": "too-long", "text": text})
        assert r.status_code == 413, r.text[:300]
        msg = r.json()["error"]["message"]
        assert f"{MAX_CHARS:,}" in msg and "split it" in msg and "--max-bytes" not in msg
        assert c.get("/api/documents/too-long").status_code == 404
        files = [("files", ("long.txt", text.encode(), "text/plain"))]
        up = c.post("/api/documents/upload", headers=AUTH, files=files)
        assert up.status_code == 422 and "characters" in up.json()["error"]["problems"][0]


# --------------------------------------------------------------------------
# views cached per store version, in a time limit


def test_views_are_cached_per_store_version(slash_db, tmp_path):
    import shutil

    db = str(tmp_path / "copy.db")
    shutil.copy(slash_db, db)
    with TestClient(create_app(db, TOKEN, warm=False), base_url=LOCAL) as c:
        first = c.get("/api/graph")
        assert first.headers["x-factionmap-cache"] == "miss"
        again = c.get("/api/graph")
        assert again.headers["x-factionmap-cache"] == "hit" and again.content == first.content
        assert c.get("/api/graph?since=2003&until=2003").headers["x-factionmap-cache"] == "miss"
        assert c.get("/api/graph?until=2003&since=2003").headers["x-factionmap-cache"] == "hit"  # same view
        # a write (a review) is a new store version: the view is computed again, and shows it
        ev = c.get("/api/events", params={"doc": "afp/2003/0412"}).json()["items"][0]["id"]
        r = c.post("/api/reviews", headers=AUTH, json={"event_id": ev, "verdict": "wrong", "reviewer": "ana"})
        assert r.status_code == 201
        after = c.get("/api/graph")
        assert after.headers["x-factionmap-cache"] == "miss" and after.content != first.content
        # another process writing to the store is seen too
        store = Store.open(db)
        store.save_article(make_article("later", "2004-01-01", None, "SPLM/A fighters clashed with troops.",
                                        [(SPLM, SUDAN, "ASSAULT", "asserted", [], "SPLM/A fighters clashed", False)]),
                           "test")
        store.close()
        fresh = c.get("/api/graph")
        assert fresh.headers["x-factionmap-cache"] == "miss" and fresh.content != after.content


def test_first_views_are_ready_before_anyone_asks(slash_db, tmp_path):
    """Warming: at start-up, and again once the store settles after a change."""
    import shutil

    db = str(tmp_path / "warm.db")
    shutil.copy(slash_db, db)
    with TestClient(create_app(db, TOKEN, "reader"), base_url=LOCAL) as c:
        view_cache = _middleware_instance(c.app, "ViewCache")
        read = {"Authorization": "Bearer reader"}
        running = []  # warming computes one view at a time: a heavy slot stays free for a visitor
        _wait_for(lambda: running.append(sum(j.started and not j.task.done() for j in list(view_cache._jobs.values())))
                  or view_cache.computed >= len(WARM_PATHS))
        _wait_for(lambda: not view_cache._jobs)
        assert max(running) <= 1
        # what the page asks first, with the page's own default parameters, then the API's heavy views
        for path in ("/api/meta", "/api/view/network?top=60", "/api/view/timeline", "/api/contradictions",
                     "/api/graph"):
            r = c.get(path, headers=read)
            assert r.status_code == 200 and r.headers["x-factionmap-cache"] == "hit", path
        before = c.get("/api/graph", headers=read).content
        ev = c.get("/api/events", headers=read, params={"doc": "afp/2003/0412"}).json()["items"][0]["id"]
        c.post("/api/reviews", headers=AUTH, json={"event_id": ev, "verdict": "wrong", "reviewer": "ana"})
        _wait_for(lambda: view_cache.computed >= 2 * len(WARM_PATHS), timeout=60)  # settled, then computed again
        _wait_for(lambda: not view_cache._jobs)
        r = c.get("/api/graph", headers=read)
        assert r.headers["x-factionmap-cache"] == "hit" and r.content != before


def test_the_apis_heavy_views_wait_until_the_page_has_loaded(slash_db):
    """Warming serves a page being opened first: contradictions and the graph wait for a quiet second."""
    app = create_app(slash_db, None)
    with TestClient(app, base_url=LOCAL) as c:
        view_cache = _middleware_instance(app, "ViewCache")
        warmed = lambda: {k[2] + ("?" + k[3] if k[3] else "") for k in view_cache._answers}  # noqa: E731
        busy_until = time.monotonic() + 1.5
        while time.monotonic() < busy_until:  # a page loading its scripts
            assert c.get("/static/app.js").status_code == 200
            time.sleep(0.1)
        assert {"/api/meta", "/api/view/network?top=60", "/api/view/timeline"} <= warmed()
        assert not {"/api/contradictions", "/api/graph"} & warmed()
        _wait_for(lambda: {"/api/contradictions", "/api/graph"} <= warmed(), timeout=30)


def _wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_cached_views_need_the_read_token(slash_db):
    with TestClient(create_app(slash_db, TOKEN, "reader", warm=False), base_url=LOCAL) as c:
        ok = c.get("/api/graph", headers={"Authorization": "Bearer reader"})
        assert ok.status_code == 200
        assert c.get("/api/graph", headers={"Authorization": "Bearer reader"}).headers["x-factionmap-cache"] == "hit"
        assert c.get("/api/graph").status_code == 401  # the cache never answers for the routers
        assert c.get("/api/graph", headers={"Authorization": "Bearer wrong"}).status_code == 403


def test_slow_view_answers_503_with_retry_after_then_the_kept_result(big_db):
    app = create_app(big_db, None, time_limit=0.02, warm=False)
    with TestClient(app, base_url=LOCAL) as c:
        r = c.get("/api/contradictions")
        assert r.status_code == 503, "the view was quicker than 20 ms: use a bigger store"
        assert int(r.headers["retry-after"]) >= 1 and "try again" in r.json()["error"]["message"]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            time.sleep(0.5)
            r = c.get("/api/contradictions")
            if r.status_code == 200:
                break
            assert r.status_code == 503
        # the computation went on: a poll either finds it kept or, in the last 20 ms, sees it end
        assert r.status_code == 200 and r.headers["x-factionmap-cache"] in ("hit", "miss")
        assert c.get("/api/contradictions").headers["x-factionmap-cache"] == "hit"


def test_one_computation_per_view_however_many_ask(big_db):
    app = create_app(big_db, None, time_limit=300, warm=False)
    with served(app) as url:
        results: list[httpx.Response] = []

        def ask() -> None:
            results.append(httpx.get(f"{url}/api/graph", timeout=300))

        threads = [threading.Thread(target=ask) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [r.status_code for r in results] == [200] * 6
        assert len({r.content for r in results}) == 1
        view_cache = _middleware_instance(app, "ViewCache")
        assert view_cache.computed == 1, f"{view_cache.computed} computations for one view"


def _middleware_instance(app, name: str):
    layer = app.middleware_stack
    while layer is not None:
        if type(layer).__name__ == name:
            return layer
        layer = getattr(layer, "app", None)
    raise AssertionError(f"no {name} in the middleware stack")


def test_light_requests_answer_while_heavy_views_compute(big_db):
    """/api/meta and a page of events come back while contradictions are being computed."""
    app = create_app(big_db, None, time_limit=300, warm=False)
    with served(app) as url:
        heavy_done = threading.Event()

        def heavy() -> None:
            httpx.get(f"{url}/api/contradictions", timeout=300)
            heavy_done.set()

        threading.Thread(target=heavy, daemon=True).start()
        time.sleep(0.3)  # the heavy view is under way
        light = [httpx.get(f"{url}/api/events", params={"limit": 5}, timeout=60) for _ in range(3)]
        assert all(r.status_code == 200 for r in light)
        assert not heavy_done.is_set(), "the heavy view finished first: the store is too small to show anything"
        heavy_done.wait(300)


# --------------------------------------------------------------------------
# adding articles: a long one never holds up a short one, nor the readers


LONG_PARAGRAPH = ("Taliban fighters attacked Islamic State positions in Nangarhar province on Sunday, officials "
                  "said, and the group accused Pakistan of sheltering its enemies near the border. ")


@pytest.mark.slow
def test_a_short_article_is_not_held_up_behind_a_long_one(tmp_path):
    app = create_app(str(tmp_path / "lanes.db"), TOKEN)
    state = app.state.factionmap
    state.warm_up().join()  # the short lane is ready, as `serve --token` makes it
    # ~170,000 characters, seconds of work however fast the pipeline starts: the long lane
    long_text = "\n\n".join(f"Report {i}. " + LONG_PARAGRAPH * 4 for i in range(240))
    assert len(long_text) > state.large_article_chars
    with served(app) as url:
        finished: dict[str, float] = {}

        def post(doc_id: str, text: str) -> None:
            r = httpx.post(f"{url}/api/documents", headers=AUTH, json={"id": doc_id, "text": text}, timeout=600)
            assert r.status_code == 201, r.text[:300]
            finished[doc_id] = time.monotonic()

        long_post = threading.Thread(target=post, args=("long", long_text))
        long_post.start()
        time.sleep(1.0)  # the long article is in its lane
        post("short", "Taliban fighters attacked Islamic State militants in Kunar on Monday.")
        reads = httpx.get(f"{url}/api/meta", timeout=60)
        assert reads.status_code == 200
        assert "long" not in finished, "the long article finished before the short one: it was not long enough"
        long_post.join(600)
        assert finished["short"] < finished["long"]
        assert httpx.get(f"{url}/api/documents/long", timeout=60).json()["events"]


def test_views_computed_in_worker_processes_are_the_same(slash_db):
    """`serve` computes heavy views in worker processes: the answers are the routers' own."""
    inline = create_app(slash_db, None, warm=False)
    with TestClient(inline, base_url=LOCAL) as c:
        want = {p: c.get(p).json() for p in ("/api/graph", "/api/contradictions",
                                             f"/api/dyads/{quote(SPLM, safe='')}/{SUDAN}")}
    app = create_app(slash_db, None, warm=False, view_workers=1)
    with served(app) as url:
        for path, body in want.items():
            r = httpx.get(url + path, timeout=120)
            assert r.status_code == 200 and r.json() == body, path
        view_cache = _middleware_instance(app, "ViewCache")
        assert view_cache.workers is not None and view_cache.workers._pool is not None
        workers = list(view_cache.workers._pool._processes.values())
        assert workers and all(w.is_alive() for w in workers)
    deadline = time.monotonic() + 30  # join() can return on the exit pipe a moment before the process is reaped
    while any(w.is_alive() for w in workers) and time.monotonic() < deadline:
        for w in workers:
            w.join(timeout=0.2)
    assert not any(w.is_alive() for w in workers), "the view workers outlived the server"


def test_a_queued_view_is_dropped_when_its_client_leaves(big_db):
    app = create_app(big_db, None, time_limit=300, warm=False, max_heavy=1)
    with served(app) as url:
        busy = threading.Thread(target=lambda: httpx.get(f"{url}/api/contradictions", timeout=300))
        busy.start()
        time.sleep(0.2)  # the one slot is taken (for about a second on this store)
        with pytest.raises(httpx.TimeoutException):
            httpx.get(f"{url}/api/graph", timeout=0.3)  # queued, then the client hangs up well before the slot frees
        busy.join(300)
        view_cache = _middleware_instance(app, "ViewCache")
        _wait_for(lambda: not view_cache._jobs, timeout=60)
        assert view_cache.computed == 1, "the abandoned view was computed anyway"
        again = httpx.get(f"{url}/api/graph", timeout=300)
        assert again.status_code == 200 and again.headers["x-factionmap-cache"] == "miss"
