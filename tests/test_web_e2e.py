"""The web page, driven in headless Chromium against a real server over the seed corpus.

The seed articles go through the real pipeline into a temporary SQLite store;
uvicorn serves the app on a free localhost port; Playwright drives Debian's
chromium (install it with scripts/setup-browser.sh). Screenshots of the
network and the dyad are saved to test-artifacts/.
"""
from __future__ import annotations

from web_helpers import (
    SEEDS, TOKEN, canonical, chromium, edge_point, ingest, needs_chromium, open_app, serve, shot, watched_page,
)

import pytest

REVIEWER = "e2e-analyst"
TRUCE = {"AGREE", "RETREAT", "CONCEDE"}  # a truce or deal, as the annotation guide codes it
HOSTILE = {"ASSAULT", "THREATEN", "COERCE", "MOBILIZE"}

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory, pipeline) -> str:
    """The seed corpus through the real pipeline into a fresh SQLite store."""
    return ingest(tmp_path_factory.mktemp("e2e") / "seeds.db", [SEEDS], pipeline)


@pytest.fixture(scope="module")
def server(seeded_db):
    with serve(seeded_db, TOKEN, warm=True) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser, server):
    pg = watched_page(browser)
    yield pg
    pg.context.close()


def open_network(page, server) -> None:
    open_app(page, server)


def click_edge(page, a: str, b: str) -> int:
    """Click the middle of the edge between a and b, where the user would."""
    pos = edge_point(page, a, b)
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
    shot(page, "network-seeds.png")
    assert page.locator("#graph-status").inner_text().split()[0] != "0"

    taliban, iskp = canonical(page, server, "Taliban"), canonical(page, server, "ISKP")
    events_before = click_edge(page, taliban, iskp)
    title = page.locator("[data-testid=dyad-title]")
    title.wait_for(timeout=15000)
    assert taliban in title.inner_text() and iskp in title.inner_text()
    page.locator("[data-testid=event]").first.wait_for()
    shot(page, "dyad.png")

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
    shot(page, "dyad-reviewed.png")
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
