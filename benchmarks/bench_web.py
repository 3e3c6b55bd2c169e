"""How the web page copes with a large store: first render, payload, one period step.

Synthesises a store (default 2,000 actors, 100,000 events; the same generator
as bench_graph.py), derives the server's first views as ``factionmap ingest``
does on a large store (``--no-derive``: the server computes them), serves it,
and opens the page in Debian's chromium at 1440×900. Prints, from one run:

* first render: from navigation to the network drawn (``#cy[data-ready]``);
* the payload of ``/api/view/network`` (what the page loads) next to
  ``/api/graph`` (every edge with its evidence), and the server's time for each;
* one step of the period control (keyboard on the brush) until redrawn.

    .venv/bin/python benchmarks/bench_web.py [--actors 2000] [--events 100000] [--keep PATH]

tests/test_web_scale.py runs the same measurement at 300 actors and 5,000 events.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_graph import synthesise  # noqa: E402


def build_store(path: Path, actors: int, events: int) -> float:
    from factionmap.store import Store

    t0 = time.perf_counter()
    with Store.open(str(path)) as store:
        synthesise(store, events, n_actors=actors)
    return time.perf_counter() - t0


def measure(db: str, browser) -> dict:
    """Open the page over ``db`` and time what a user waits for."""
    import httpx
    from web_helpers import serve, watched_page

    out: dict = {}
    with serve(db) as url:
        page = watched_page(browser)  # first, on a cold server: what a user opening the page waits for
        sizes: dict[str, int] = {}

        def record(resp) -> None:
            if "/api/view/network" in resp.url and resp.ok:
                try:
                    sizes[resp.url] = len(resp.body())
                except Exception:  # the page moved on before the body was read
                    pass

        page.on("response", record)
        try:
            t0 = time.perf_counter()
            page.goto(url + "/#/")
            page.wait_for_selector("#cy[data-ready=true]", state="attached", timeout=600_000)
            out["first_render_s"] = time.perf_counter() - t0
            out["page_payload_bytes"] = max(sizes.values()) if sizes else None
            out["drawn"] = page.evaluate("({nodes: window.factionmap.cy.nodes().length,"
                                         " edges: window.factionmap.cy.edges().length})")
            out["status"] = page.locator("#graph-status").inner_text()
            renders = page.evaluate("Number(document.getElementById('cy').dataset.renders)")
            page.focus("[data-testid=from]")
            t0 = time.perf_counter()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(n) => Number(document.getElementById('cy').dataset.renders) > n",
                                   arg=renders, timeout=600_000)
            out["period_step_s"] = time.perf_counter() - t0
            out["problems"] = list(page.problems)
        finally:
            page.context.close()
        for path in ("/api/view/network?top=61", "/api/graph"):  # top=61: not the answer cached above
            t0 = time.perf_counter()
            r = httpx.get(url + path, timeout=600)
            out[path.split("?")[0]] = {"bytes": len(r.content), "seconds": time.perf_counter() - t0}
            r.raise_for_status()
    return out


def report(label: str, m: dict) -> None:
    view, full = m["/api/view/network"], m["/api/graph"]
    print(f"{label}: first render {m['first_render_s']:.2f} s; /api/view/network {view['bytes'] / 1000:.0f} kB "
          f"in {view['seconds']:.2f} s (page loaded {m['page_payload_bytes'] / 1000:.0f} kB); "
          f"/api/graph {full['bytes'] / 1e6:.2f} MB in {full['seconds']:.2f} s; "
          f"one period step {m['period_step_s']:.2f} s; drawn {m['drawn']['nodes']} actors, "
          f"{m['drawn']['edges']} relations ({m['status']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--keep", help="write the store here instead of a temporary file")
    ap.add_argument("--no-derive", action="store_true",
                    help="do not derive the server's first views before it starts (it computes them)")
    args = ap.parse_args()
    from web_helpers import chromium

    tmp = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(tmp.name) / "web.db"
    if not path.exists():
        secs = build_store(path, args.actors, args.events)
        print(f"store: {args.events} events among {args.actors} actors written in {secs:.0f} s ({path})")
    os.environ["FACTIONMAP_VIEWS_DIR"] = str(Path(tmp.name) / "views")  # nothing kept by an earlier run
    if not args.no_derive:  # what `factionmap ingest` does when it leaves a large store changed
        from factionmap.api.saved import derive

        n, secs = derive(str(path))
        print(f"derive: the server's {n} first views computed for this content and kept in {secs:.1f} s "
              "(as `factionmap ingest` does above 20,000 events)")
    with chromium() as browser:
        report(f"{args.actors} actors / {args.events} events", measure(str(path), browser))


if __name__ == "__main__":
    main()
