"""Dump the map's API answers for a store, to check that a change leaves every output byte-identical.

    .venv/bin/python benchmarks/map_outputs.py STORE OUTDIR [--dyads N] [--random N] [--rollups N]

Asks an uncached, unwarmed app (the routers as ``serve`` runs them) for meta,
the graph (plain and rolled up), all contradictions, contradictions in a
period, about the top actors and about dyads, the actor pages of the top
actors, and the dyads (plain and rolled up) of the N busiest edges plus N
random ones. Writes each body to OUTDIR/NNN.json and an index
(OUTDIR/index.tsv: file, seconds, status, bytes, sha256, path); compare two
dumps with ``diff A/index.tsv B/index.tsv`` after cutting the seconds column
(``cut -f1,3-``). Prints the slowest requests.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote

warnings.filterwarnings("ignore", message=".*httpx.*")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("out", type=Path)
    ap.add_argument("--dyads", type=int, default=40, help="the busiest edges' dyads")
    ap.add_argument("--random", type=int, default=40, help="random edges' dyads")
    ap.add_argument("--rollups", type=int, default=10, help="of those, rolled up too")
    ap.add_argument("--actors", type=int, default=8, help="top actors: pages and their contradictions")
    args = ap.parse_args()
    from fastapi.testclient import TestClient

    from factionmap.api import create_app

    app = create_app(args.store, None, cache=False, warm=False, view_workers=0)
    args.out.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, float, int, int, str, str]] = []
    with TestClient(app, base_url="http://127.0.0.1") as client:
        def get(path: str) -> bytes:
            t = time.perf_counter()
            r = client.get(path)
            secs = time.perf_counter() - t
            name = f"{len(rows):03d}.json"
            (args.out / name).write_bytes(r.content)
            rows.append((name, secs, r.status_code, len(r.content), hashlib.sha256(r.content).hexdigest(), path))
            print(f"{secs:7.2f} s  {r.status_code}  {path}", file=sys.stderr, flush=True)
            return r.content

        import json

        get("/api/meta")
        graph = json.loads(get("/api/graph"))
        get("/api/graph?rollup=true")
        get("/api/graph?since=2015&until=2016")
        get("/api/contradictions")
        get("/api/contradictions?since=2015&until=2016-06")
        edges = graph["edges"]
        nodes = [n["id"] for n in graph["nodes"]]
        rng = random.Random(3)
        picked = edges[:args.dyads] + rng.sample(edges[args.dyads:], min(args.random, max(0, len(edges) - args.dyads)))
        dyad = lambda a, b: f"/api/dyads/{quote(a, safe='')}/{quote(b, safe='')}"  # noqa: E731
        for n in nodes[:args.actors]:
            get(f"/api/actors/{quote(n, safe='')}")
            get(f"/api/contradictions?actor={quote(n, safe='')}")
        for e in picked:
            get(dyad(e["source"], e["target"]))
        for e in picked[:args.rollups]:
            get(dyad(e["target"], e["source"]) + "?rollup=true")
            get(f"/api/contradictions?dyad={quote(e['source'], safe='')}&dyad={quote(e['target'], safe='')}")
    with open(args.out / "index.tsv", "w") as fh:
        for name, secs, status, size, digest, path in rows:
            fh.write(f"{name}\t{secs:.3f}\t{status}\t{size}\t{digest}\t{path}\n")
    total = sum(r[1] for r in rows)
    print(f"{len(rows)} answers in {total:.1f} s; slowest:")
    for name, secs, status, size, digest, path in sorted(rows, key=lambda r: -r[1])[:6]:
        print(f"  {secs:7.2f} s  {size:>10,} B  {path}")


if __name__ == "__main__":
    main()
