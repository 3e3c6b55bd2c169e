"""The analyst's views in a real browser over the seed and sample articles.

The seed corpus and the project's samples go through the real pipeline into a
SQLite store; uvicorn serves the app; Debian's chromium renders it at
1440×900 (and 390×844 for the phone). Each test saves a screenshot under
test-artifacts/: network legibility, the period brush, the map, the URL
round-trip, the phone layout, keyboard navigation and the axe-core check.
"""
from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

import pytest
from web_helpers import (
    AXE, SAMPLES, SEEDS, canonical, chromium, edge_point, graph_summary, ingest, needs_chromium, open_app,
    serve, shot, watched_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, pipeline) -> str:
    return ingest(tmp_path_factory.mktemp("views") / "samples.db", [SEEDS, *SAMPLES], pipeline)


@pytest.fixture(scope="module")
def server(sample_db):
    with serve(sample_db) as url:
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


def overlap(a: dict, b: dict, tol: float = 1.0) -> bool:
    return a["x1"] + tol < b["x2"] and b["x1"] + tol < a["x2"] and a["y1"] + tol < b["y2"] and b["y1"] + tol < a["y2"]


# ---------------------------------------------------------------- colour checks, done in Python

def _linear(hex_: str) -> list[float]:
    c = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]


def luminance(hex_: str) -> float:
    r, g, b = _linear(hex_)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    x, y = sorted((luminance(a), luminance(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB
CVD = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
}


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, v)) for v in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def cvd_distance(a: str, b: str, kind: str) -> float:
    m = CVD[kind]
    sa, sb = ([sum(m[i][j] * c[j] for j in range(3)) for i in range(3)] for c in (_linear(a), _linear(b)))
    return sum((p - q) ** 2 for p, q in zip(lab(sa), lab(sb))) ** 0.5


def test_colour_checks_tell_a_red_green_pair_from_a_blue_orange_one():
    # the old allied/rival pair (green #2e7d32, red #c62828) collapses for a deuteranope; Okabe–Ito does not
    assert cvd_distance("#2e7d32", "#c62828", "deuteranopia") < 25
    assert cvd_distance("#0072b2", "#e69f00", "deuteranopia") > 40
    assert contrast("#2e7d32", "#c62828") < 1.3 and contrast("#ffffff", "#000000") == pytest.approx(21)


# ---------------------------------------------------------------- the network

def test_network_labels_are_legible_apart_and_the_edges_explained(page, server):
    open_app(page, server)
    labels = None
    for _ in range(30):  # until the page has settled (the panels beside it may still resize it)
        page.wait_for_timeout(300)
        now = page.evaluate("window.factionmap.network.shownLabels()")
        if now == labels:
            break
        labels = now
    nodes = page.evaluate("window.factionmap.cy.nodes().length")
    shot(page, "network.png")
    sizes = sorted(lab["px"] for lab in labels)
    print(f"{len(labels)} of {nodes} labels drawn; rendered size {sizes[0]:.1f}–{sizes[-1]:.1f} px; "
          f"zoom {page.evaluate('window.factionmap.cy.zoom()'):.2f}")
    assert nodes >= 30 and len(labels) >= 0.5 * nodes
    assert sizes[0] >= 10, f"labels drawn at {sizes[0]:.1f} px"
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not overlap(a["box"], b["box"]), f"labels of {a['id']} and {b['id']} overlap"
    canvas = page.locator("#cy").bounding_box()
    assert all(lab["box"]["x1"] >= -1 and lab["box"]["x2"] <= canvas["width"] + 1 for lab in labels)

    edges = page.evaluate("""async () => {
        const pal = await import('/static/palette.js');
        return window.factionmap.cy.edges().map((e) => ({
            forward: e.data('forward'), backward: e.data('backward'), status: e.data('status'), state: e.data('state'),
            target: e.style('target-arrow-shape'), source: e.style('source-arrow-shape'), line: e.style('line-style'),
            color: e.style('line-color'), want: pal.stateColor(e.data('state')), wantLine: pal.statusLine(e.data('status')).style,
        })); }""")
    assert edges
    for e in edges:
        assert (e["target"] == "triangle") == (e["forward"] > 0) and (e["source"] == "triangle") == (e["backward"] > 0)
        assert e["line"] == e["wantLine"]
        want = tuple(int(e["want"][i:i + 2], 16) for i in (1, 3, 5))
        assert e["color"].replace(" ", "") == f"rgb({want[0]},{want[1]},{want[2]})", e
    assert any(e["forward"] and not e["backward"] for e in edges), "no one-way edge to show direction on"
    assert {e["line"] for e in edges} >= {"solid"}

    # the legend is in view and names exactly the states drawn
    box = page.locator("[data-testid=legend]").bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 900 and box["x"] + box["width"] <= 1440
    shown = set(page.locator("[data-testid=legend-state]").all_inner_texts())
    labels_of = page.evaluate("""async (states) => { const pal = await import('/static/palette.js');
        return states.map((s) => pal.stateStyle(s).label); }""", sorted({e["state"] for e in edges}))
    assert shown == set(labels_of)
    colours = page.evaluate("""async () => { const pal = await import('/static/palette.js');
        return {allied: pal.stateColor('allied'), rival: pal.stateColor('rival'), mixed: pal.stateColor('mixed'),
                none: pal.stateColor('no relation'), war: pal.stateColor('at war'), truce: pal.stateColor('truce')}; }""")
    assert contrast(colours["allied"], colours["rival"]) >= 2.0
    for kind in CVD:
        assert cvd_distance(colours["allied"], colours["rival"], kind) > 40, kind
        for a, b in (("allied", "war"), ("truce", "war"), ("allied", "mixed"), ("rival", "mixed"), ("mixed", "none"),
                     ("allied", "none"), ("rival", "none")):
            assert cvd_distance(colours[a], colours[b], kind) > 20, (kind, a, b)
    assert not page.problems, page.problems


def test_period_brush_trims_outliers_moves_every_panel_and_keeps_the_layout(page, server):
    open_app(page, server)
    tl = page.request.get(f"{server}/api/view/timeline").json()
    assert tl["first"] < "2000" and tl["extent"][0] >= "2000", "the stray early date should sit outside the chart"
    assert page.locator("[data-testid=period-show-all]").is_visible()
    bins = page.evaluate("window.factionmap.state.brush.bins")
    assert bins[0]["start"] == tl["extent"][0] and len(bins) <= 180
    before = graph_summary(page)
    pos_before = page.evaluate("(ids) => window.factionmap.network.positionsOf(ids)", before["nodes"])
    renders = page.evaluate("Number(document.getElementById('cy').dataset.renders)")

    chart = page.locator("[data-testid=period-brush]").bounding_box()
    y = chart["y"] + chart["height"] * 0.4
    page.mouse.move(chart["x"] + chart["width"] * 0.78, y)
    page.mouse.down()
    page.mouse.move(chart["x"] + chart["width"] * 0.90, y, steps=5)
    page.mouse.move(chart["x"] + chart["width"] * 0.995, y, steps=5)
    page.mouse.up()
    page.wait_for_function("(n) => Number(document.getElementById('cy').dataset.renders) > n", arg=renders)
    state = page.evaluate("window.factionmap.state.view")
    since, until = state["since"], state["until"]
    assert since and until and since > tl["extent"][0]
    assert f"since={since}" in page.url and f"until={until}" in page.url
    assert page.locator("[data-testid=period-label]").inner_text().startswith(f"{since} – {until}")
    shot(page, "period-brush.png")
    after = graph_summary(page)
    assert after["edges"] < before["edges"]
    assert set(after["nodes"]) <= set(before["nodes"]), "narrowing the period only takes actors away"
    pos_after = page.evaluate("(ids) => window.factionmap.network.positionsOf(ids)", after["nodes"])
    moved = max(abs(pos_after[n]["x"] - pos_before[n]["x"]) + abs(pos_after[n]["y"] - pos_before[n]["y"])
                for n in after["nodes"])
    assert moved < 0.5, f"an actor moved {moved:.1f} units when the period narrowed"

    # the panels follow: contradictions and events of the period only
    page.click("[data-testid=nav-contradictions]")
    page.locator("[data-testid=contradictions-title]").wait_for()
    assert f"since={since}" in page.url
    assert page.locator("[data-testid=period-note]").is_visible()
    shown = page.locator("[data-testid=contradiction]").count()
    api = page.request.get(f"{server}/api/contradictions", params={"since": since, "until": until}).json()
    assert shown == api["total"]
    page.click("[data-testid=nav-events]")
    page.locator("[data-testid=events-title]").wait_for()
    dates = page.locator("[data-testid=event] .head strong").all_inner_texts()
    def overlaps(d: str) -> bool:  # a year- or month-dated event overlaps the period when any of it is inside
        start, end = (d[:7] if len(d) >= 7 else f"{d}-01"), (d[:7] if len(d) >= 7 else f"{d}-12")
        return end >= since and start <= until

    assert dates and all(overlaps(d) for d in dates if d != "undated"), dates[:5]
    assert not page.problems, page.problems


def test_geographic_view_shows_places_offline_and_follows_the_selected_dyad(page, server):
    open_app(page, server, "#/?view=map")
    page.wait_for_selector("#geo[data-ready=true]", timeout=20000)
    api = page.request.get(f"{server}/api/view/geo").json()
    places = page.locator("#geo path.geo-place")
    assert places.count() == len(api["places"]) >= 10
    outlines = page.locator("#geo path").count() - places.count()
    assert outlines > 100, "the country outlines are missing"
    shot(page, "map.png")
    renders = page.evaluate("Number(document.getElementById('geo').dataset.renders)")
    taliban, iskp = canonical(page, server, "Taliban"), canonical(page, server, "ISKP")
    page.evaluate("([a, b]) => { location.hash = `#/dyad/${encodeURIComponent(a)}/${encodeURIComponent(b)}?view=map`; }",
                  [taliban, iskp])
    page.wait_for_function("(n) => Number(document.getElementById('geo').dataset.renders) > n", arg=renders)
    page.locator("[data-testid=dyad-title]").wait_for()
    dyad = page.request.get(f"{server}/api/view/geo?" + urlencode([("dyad", taliban), ("dyad", iskp)])).json()
    assert 0 < places.count() == len(dyad["places"]) < len(api["places"])
    for p in dyad["places"]:
        assert all({s["actor"], s["recipient"]} == {taliban, iskp} for s in p["sample"])
    assert taliban in page.locator("#geo-list summary").inner_text()
    page.locator("#geo path.geo-place").first.click(force=True)
    page.locator(".geo-popup").wait_for()
    shot(page, "map-dyad.png")
    assert all(u.startswith(server) for u in page.requests), "the map fetched something from elsewhere"
    assert not page.problems, page.problems


def test_url_holds_the_whole_view(page, server, browser):
    open_app(page, server)
    page.locator("#statuses input[value=denied]").uncheck()
    page.locator("#types input[value=ACCUSE]").uncheck()
    page.fill("[data-testid=top]", "30")
    page.dispatch_event("[data-testid=top]", "change")
    page.focus("[data-testid=from]")
    for _ in range(60):  # the keyboard moves the brush too
        page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash.includes('since=')")
    page.wait_for_timeout(400)
    link = page.locator("[data-testid=relations] a").first
    link.wait_for()
    link.click()
    page.locator("[data-testid=dyad-title]").wait_for()
    page.click("[data-testid=tab-map]")
    page.wait_for_selector("#geo[data-ready=true]")
    page.wait_for_timeout(500)

    def view(pg) -> dict:
        return pg.evaluate("""() => ({
            statuses: [...document.querySelectorAll('#statuses input')].filter((i) => i.checked).map((i) => i.value),
            types: [...document.querySelectorAll('#types input')].filter((i) => i.checked).length,
            top: document.getElementById('top').value,
            period: document.getElementById('period-label').textContent,
            dyad: document.querySelector('[data-testid=dyad-title]').textContent,
            map: document.getElementById('tab-map').getAttribute('aria-selected'),
            places: document.getElementById('geo').dataset.places,
            nodes: window.factionmap.cy.nodes().map((n) => n.id()).sort(),
            state: window.factionmap.state.view,
        })""")

    first = view(page)
    assert first["map"] == "true" and first["top"] == "30" and "denied" not in first["statuses"]
    url = page.url
    assert "view=map" in url and "status=" in url and "top=30" in url and "#/dyad/" in url
    other = watched_page(browser)
    try:
        other.goto(url)
        other.wait_for_selector("#cy[data-ready=true]", state="attached")
        other.locator("[data-testid=dyad-title]").wait_for()
        other.wait_for_selector("#geo[data-ready=true]")
        other.wait_for_timeout(500)
        again = view(other)
        shot(other, "url-state.png")
        assert again == first
        assert other.url == url
        assert not other.problems, other.problems
    finally:
        other.context.close()


def test_phone_layout_stacks_the_panels_and_a_tap_opens_the_tapped_edge(browser, server):
    pg = watched_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                      device_scale_factor=2)
    try:
        open_app(pg, server)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        bar, centre, right = (pg.locator(s).bounding_box() for s in (".period-bar", ".center", ".right"))
        assert bar["y"] + bar["height"] <= centre["y"] + 1 and centre["y"] + centre["height"] <= right["y"] + 1
        assert centre["width"] >= 380
        labels = pg.evaluate("window.factionmap.network.shownLabels()")
        assert labels and min(lab["px"] for lab in labels) >= 10
        shot(pg, "phone.png", full_page=True)
        taliban, iskp = canonical(pg, server, "Taliban"), canonical(pg, server, "ISKP")
        pos = edge_point(pg, taliban, iskp)
        assert pos
        pg.touchscreen.tap(pos["x"], pos["y"])
        title = pg.locator("[data-testid=dyad-title]")
        title.wait_for(timeout=15000)
        assert taliban in title.inner_text() and iskp in title.inner_text()
        assert pg.locator("[data-testid=actor-title]").count() == 0
        shot(pg, "phone-dyad.png", full_page=False)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert not pg.problems, pg.problems
    finally:
        pg.context.close()


def test_keyboard_reaches_an_edges_evidence(page, server):
    open_app(page, server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-network"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cy"
    live = page.locator("[data-testid=network-live]")
    strongest = page.evaluate("window.factionmap.network.order[0].data()")
    assert live.inner_text().startswith("1 of ") and strongest["source"] in live.inner_text()
    page.keyboard.press("ArrowRight")
    second = page.evaluate("window.factionmap.network.order[1].data()")
    assert live.inner_text().startswith("2 of ") and second["source"] in live.inner_text()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    title = page.locator("[data-testid=dyad-title]")
    title.wait_for()
    assert strongest["source"] in title.inner_text() and strongest["target"] in title.inner_text()
    assert page.evaluate("document.activeElement.dataset.testid") == "dyad-title"
    for presses in range(1, 8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "jump-events":
            break
    else:
        pytest.fail("no way from the dyad title to its events within 7 Tabs")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.dataset.testid")
    assert focused == "event"
    card = page.locator("[data-testid=event]:focus")
    assert card.locator("mark").inner_text().strip(), "the focused event shows no highlighted evidence"
    shot(page, "keyboard.png")
    print(f"Tabs from the page's start to an edge's evidence: 1 + Enter, arrows, Enter, {presses} + Enter")
    # Enter in the search box searches
    page.focus("[data-testid=search]")
    page.keyboard.type("ISKP")
    page.keyboard.press("Enter")
    page.locator("[data-testid=search-title]").wait_for()
    assert canonical(page, server, "ISKP") in page.locator(".right").inner_text()
    assert not page.problems, page.problems


def test_accessibility_axe_finds_no_serious_violations(browser, server):
    pg = watched_page(browser, bypass_csp=True)  # to inject axe itself; the app runs as always
    taliban, iskp = "Taliban", "ISKP"
    found = {}
    try:
        for hash_ in ("#/", f"#/dyad/{taliban}/{iskp}", "#/?view=map", "#/contradictions", "#/search/ceasefire",
                      "#/actor/Taliban", "#/add"):
            open_app(pg, server, hash_)
            if "view=map" in hash_:
                pg.wait_for_selector("#geo[data-ready=true]")
            pg.wait_for_selector("#detail h1")
            pg.wait_for_timeout(600)
            pg.add_script_tag(path=str(AXE))
            res = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
            found[hash_] = [(v["id"], v["impact"], len(v["nodes"])) for v in res["violations"]]
        shot(pg, "axe.png")
    finally:
        pg.context.close()
    for hash_, violations in found.items():
        print(hash_, violations or "no violations")
    serious = {h: [v for v in vs if v[1] in ("serious", "critical")] for h, vs in found.items()}
    assert not any(serious.values()), serious


def test_full_text_search_and_export_of_the_current_view(page, server):
    open_app(page, server)
    page.fill("[data-testid=search]", "ceasefire")
    page.keyboard.press("Enter")
    page.locator("[data-testid=search-title]").wait_for()
    evidence = page.locator("[data-testid=search-evidence]")
    evidence.first.wait_for()
    marks = page.locator("[data-testid=search-evidence] mark").all_inner_texts()
    assert marks and all(m.lower().startswith("ceasefire") for m in marks)
    assert page.locator("[data-testid=search-document]").count() >= 1
    shot(page, "search.png")

    page.click("[data-testid=export] summary")
    with page.expect_download() as dl:
        page.click("[data-testid='export-events.csv']")
    rows = list(csv.DictReader(io.StringIO(open(dl.value.path(), encoding="utf-8").read())))
    graph = page.request.get(f"{server}/api/graph").json()
    assert len(rows) == sum(e["events"] for e in graph["edges"])
    assert all(r["date_start"] <= r["date_end"] for r in rows if r["date_start"])
    page.click("[data-testid=export] summary")
    with page.expect_download() as dl:
        page.click("[data-testid='export-events.plover.jsonl']")
    from factionmap.graph.export import validate_plover

    lines = [json.loads(x) for x in open(dl.value.path(), encoding="utf-8")]
    assert lines
    for rec in lines:
        validate_plover(rec)
    assert not page.problems, page.problems
