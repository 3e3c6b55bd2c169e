"""Shared pieces of the browser tests: real stores, a real server, Debian's chromium.

Stores are filled through the real pipeline (or, for the scale test, with
synthetic events through the Store); uvicorn serves the app on a free
localhost port; Playwright drives /usr/bin/chromium (scripts/setup-browser.sh).
Screenshots go to test-artifacts/.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds" / "docs.jsonl"
SAMPLES = [ROOT / "samples" / "articles.jsonl", ROOT / "samples" / "feeds", ROOT / "samples" / "pages"]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
TOKEN = "e2e-token"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium: "
                                                                  "run scripts/setup-browser.sh")


def ingest(db: Path, inputs: list[Path], pipeline=None) -> str:
    """Run the inputs through the real pipeline into a fresh SQLite store at ``db``."""
    from factionmap.ingest.errors import InputError
    from factionmap.ingest.readers import read_inputs
    from factionmap.pipeline import Pipeline
    from factionmap.store.store import Store

    for p in inputs:
        assert p.exists(), f"input missing: {p}"
    records = [r for r in read_inputs(inputs) if not isinstance(r, InputError)]
    pipeline = pipeline or Pipeline()
    with Store.open(str(db)) as store:
        for article in pipeline.process(records):
            store.save_article(article, pipeline.version)
    return str(db)


@contextmanager
def serve(db: str, token: str | None = TOKEN, warm: bool = False) -> Iterator[str]:
    """The app over ``db`` on a free port; yields its base URL."""
    import uvicorn

    from factionmap.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(db, token)
    if warm:
        app.state.factionmap.warm_up()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()


def watched_page(browser, **context):
    """A page that records script errors, policy violations and every request it makes."""
    ctx = browser.new_context(**{"viewport": {"width": 1440, "height": 900}, **context})
    pg = ctx.new_page()
    pg.problems = []
    pg.requests = []
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}")
          if m.type == "error" or "Content Security Policy" in m.text else None)
    pg.on("request", lambda r: pg.requests.append(r.url))
    return pg


def open_app(page, url: str, hash_: str = "#/") -> None:
    page.goto(url + "/" + hash_)
    page.wait_for_selector("#cy[data-ready=true]", state="attached", timeout=30000)


def shot(page, name: str, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full_page)
    return path


def canonical(page, url: str, alias: str) -> str:
    found = page.request.get(f"{url}/api/actors", params={"q": alias}).json()["items"]
    assert found, f"no actor found for {alias!r}"
    return found[0]["name"]


def edge_point(page, a: str, b: str, fit: bool = True) -> dict | None:
    """Where the middle of the edge between a and b is on screen (None: not drawn)."""
    return page.evaluate(
        """([a, b, fit]) => {
            const cy = window.factionmap.cy;
            const e = cy.edges().filter((x) => (x.data('source') === a && x.data('target') === b) ||
                                               (x.data('source') === b && x.data('target') === a));
            if (!e.length) return null;
            if (fit) { cy.fit(e.connectedNodes(), 90); window.factionmap.network.labels(); }
            const m = e.renderedMidpoint();
            const box = cy.container().getBoundingClientRect();
            return {x: box.left + m.x, y: box.top + m.y, events: e.data('events')};
        }""", [a, b, fit])


def graph_summary(page) -> dict:
    return page.evaluate("""() => { const cy = window.factionmap.cy;
        return {nodes: cy.nodes().map((n) => n.id()).sort(), edges: cy.edges().length}; }""")
