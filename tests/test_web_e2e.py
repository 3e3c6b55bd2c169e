"""The web page, driven in headless Chromium against a real server over the seed corpus.

The seed articles go through the real pipeline into a temporary SQLite store;
uvicorn serves the app on a free localhost port; Playwright drives Debian's
chromium (install it with scripts/setup-browser.sh). A screenshot of the
network view is saved to test-artifacts/network.png.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds" / "docs.jsonl"
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "e2e-token"
REVIEWER = "e2e-analyst"
TRUCE = {"AGREE", "RETREAT", "CONCEDE"}  # a truce or deal, as the annotation guide codes it
HOSTILE = {"ASSAULT", "THREATEN", "COERCE", "MOBILIZE"}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium: "
                                                     "run scripts/setup-browser.sh"),
]


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> str:
    """The seed corpus through the real pipeline into a fresh SQLite store."""
    from factionmap.ingest.errors import InputError
    from factionmap.ingest.readers import read_inputs
    from factionmap.pipeline import Pipeline
    from factionmap.store.store import Store

    assert SEEDS.exists(), f"seed corpus missing: {SEEDS}"
    db = tmp_path_factory.mktemp("e2e") / "seeds.db"
    records = [r for r in read_inputs([SEEDS]) if not isinstance(r, InputError)]
    assert len(records) == 5
    pipeline = Pipeline()
    with Store.open(str(db)) as store:
        for article in pipeline.process(records):
            store.save_article(article, pipeline.version)
    return str(db)


@pytest.fixture(scope="module")
def server(seeded_db):
    import uvicorn

    from factionmap.api import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(seeded_db, TOKEN)
    app.state.factionmap.warm_up()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    """A page that records script errors, policy violations and every request it makes."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    pg.problems = []
    pg.requests = []
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}")
          if m.type == "error" or "Content Security Policy" in m.text else None)
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    ctx.close()


def open_network(page, server) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#cy[data-ready=true]", timeout=20000)


def canonical(page, server, alias: str) -> str:
    found = page.request.get(f"{server}/api/actors", params={"q": alias}).json()["items"]
    assert found, f"no actor found for {alias!r}"
    return found[0]["name"]


def click_edge(page, a: str, b: str) -> None:
    """Click the middle of the edge between a and b, where the user would."""
    pos = page.evaluate(
        """([a, b]) => {
            const cy = window.factionmap.cy;
            const e = cy.edges().filter((x) => (x.data('source') === a && x.data('target') === b) ||
                                               (x.data('source') === b && x.data('target') === a));
            if (!e.length) return null;
            cy.fit(e.connectedNodes(), 120);
            const m = e.renderedMidpoint();
            const box = cy.container().getBoundingClientRect();
            return {x: box.left + m.x, y: box.top + m.y, events: e.data('events')};
        }""", [a, b])
    assert pos, f"no edge between {a} and {b} in the network"
    page.mouse.click(pos["x"], pos["y"])
    return pos["events"]


def edge_events(page, a: str, b: str) -> int | None:
    return page.evaluate(
        """([a, b]) => {
            const e = window.factionmap.cy.edges().filter((x) =>
                (x.data('source') === a && x.data('target') === b) || (x.data('source') === b && x.data('target') === a));
            return e.length ? e.data('events') : null;
        }""", [a, b])


def test_network_edge_contradiction_and_review(page, server):
    open_network(page, server)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    assert page.locator("#graph-status").inner_text().split()[0] != "0"

    taliban, iskp = canonical(page, server, "Taliban"), canonical(page, server, "ISKP")
    events_before = click_edge(page, taliban, iskp)
    title = page.locator("[data-testid=dyad-title]")
    title.wait_for(timeout=15000)
    assert taliban in title.inner_text() and iskp in title.inner_text()
    page.locator("[data-testid=event]").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "dyad.png"))

    # the truce/war contradiction, with the source of each side
    cards = page.locator("[data-testid=contradiction]")
    assert cards.count() >= 1, "no contradiction shown on the Taliban–ISKP dyad"
    listed = set(page.locator(".right [data-testid=event]").evaluate_all(
        "els => els.map((e) => e.dataset.eventId)"))
    truce_war, truce_id = None, None
    for i in range(cards.count()):
        claims = cards.nth(i).locator("[data-testid=contradiction-source]")
        found = claims.evaluate_all("els => els.map((e) => [e.dataset.type, e.dataset.eventId])")
        types = {t for t, _ in found}
        truces = [eid for t, eid in found if t in TRUCE and eid in listed]
        if truces and types & HOSTILE:
            truce_war, truce_id = cards.nth(i), truces[0]
            break
    assert truce_war is not None, "no contradiction sets a truce on this dyad against fighting"
    claims = truce_war.locator("[data-testid=contradiction-source]")
    sources = {claims.nth(j).get_attribute("data-source") for j in range(claims.count())}
    assert len(sources) >= 2, f"both sides should name their source, got {sources}"
    for j in range(claims.count()):
        assert claims.nth(j).locator(".evidence").inner_text().strip()

    # evidence is highlighted inside its article
    card = page.locator(f"[data-testid=event][data-event-id='{truce_id}']").first
    assert card.locator("mark").inner_text().strip()

    # review: the truce event is wrong; the dyad and the map change
    page.fill("[data-testid=token]", TOKEN)
    page.dispatch_event("[data-testid=token]", "change")
    page.fill("[data-testid=reviewer]", REVIEWER)
    page.dispatch_event("[data-testid=reviewer]", "change")
    shown_before = page.locator(".right [data-testid=event]:not(.reviewed-wrong)").count()
    state_before = page.locator("[data-testid=dyad-title] ~ div [data-testid=state-badge]").first.inner_text()
    card.locator("[data-testid=review-wrong]").click()
    page.locator("[data-testid=notice]").wait_for()
    marked = page.locator(f".reviewed-wrong[data-event-id='{truce_id}']")
    marked.wait_for(timeout=15000)
    assert f"marked wrong by {REVIEWER}" in marked.locator("[data-testid=review-state]").inner_text()
    assert page.locator(".right [data-testid=event]:not(.reviewed-wrong)").count() == shown_before - 1
    still = page.locator(f"[data-testid=contradiction] [data-event-id='{truce_id}']")
    assert still.count() == 0, "a claim marked wrong still feeds a contradiction"
    page.wait_for_function(
        "([a, b, n]) => { const e = window.factionmap.cy.edges().filter((x) => "
        "(x.data('source') === a && x.data('target') === b) || (x.data('source') === b && x.data('target') === a));"
        " return !e.length || e.data('events') < n; }", arg=[taliban, iskp, events_before], timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "dyad-reviewed.png"))
    state_after = page.locator("[data-testid=dyad-title] ~ div [data-testid=state-badge]").first.inner_text()
    print(f"Taliban–ISKP state before the review: {state_before}; after: {state_after}")

    assert not page.problems, page.problems
    assert all(u.startswith(server) for u in page.requests), [u for u in page.requests if not u.startswith(server)]


def test_actor_page_by_alias_search(page, server):
    open_network(page, server)
    page.fill("[data-testid=search]", "ISKP")
    page.locator("[data-testid=search-result]").first.click()
    title = page.locator("[data-testid=actor-title]")
    title.wait_for(timeout=15000)
    assert title.inner_text() == canonical(page, server, "ISKP")
    assert page.locator("text=Relations").count() >= 1
    assert not page.problems, page.problems


def test_added_article_is_extracted_shown_as_text_and_mapped(page, server):
    open_network(page, server)
    page.fill("[data-testid=token]", TOKEN)
    page.dispatch_event("[data-testid=token]", "change")
    page.goto(server + "/#/add")
    page.locator("[data-testid=add-form]").wait_for()
    edges_before = page.evaluate("window.factionmap.cy.edges().length")
    text = ("Al-Shabaab fighters attacked African Union troops near Mogadishu on Monday, officials said.\n\n"
            "<img src=x onerror=\"window.__pwned = 1\"> <script>window.__pwned = 2</script>")
    page.fill("input[name=id]", "e2e-added")
    page.fill("input[name=date]", "2020-02-03")
    page.fill("textarea[name=text]", text)
    page.click("[data-testid=add-submit]")
    result = page.locator("[data-testid=add-result] [data-testid=event]").first
    result.wait_for(timeout=180000)
    assert page.evaluate("window.__pwned") is None
    page.goto(server + "/#/doc/e2e-added")
    doc = page.locator("[data-testid=doc-text]")
    doc.wait_for()
    assert "<script>window.__pwned = 2</script>" in doc.inner_text()
    assert page.locator("[data-testid=doc-text] script, [data-testid=doc-text] img").count() == 0
    page.wait_for_function(f"window.factionmap.cy.edges().length > {edges_before}", timeout=10000)
    assert page.evaluate("window.__pwned") is None
    assert not page.problems, page.problems
