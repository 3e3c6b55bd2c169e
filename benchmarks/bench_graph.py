"""How fast `graph` answers on a large store.

Synthesises N events (default 100,000) among a few hundred actors across
N/20 documents, writes them into a temporary SQLite store through the Store,
then times the graph queries the CLI runs: the whole network, one period,
one actor, a rollup and --min-events. Prints the figures.

    .venv/bin/python benchmarks/bench_graph.py [--events 100000] [--keep PATH]
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from factionmap.graph.names import Names
from factionmap.graph.network import build_graph
from factionmap.graph.source import actor_names
from factionmap.model import PLOVER_TYPES, STATUSES, Article, Event, Record
from factionmap.store import Store


def synthesise(store: Store, n_events: int, n_actors: int = 300, per_doc: int = 20, seed: int = 1) -> None:
    rng = random.Random(seed)
    actors = [f"Group {i:03d}" for i in range(n_actors)]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_actors)]  # a few big players, a long tail
    n_docs = max(1, n_events // per_doc)
    made = 0
    for d in range(n_docs):
        year, month = 2010 + rng.randrange(12), 1 + rng.randrange(12)
        date = f"{year}-{month:02d}-{1 + rng.randrange(28):02d}"
        rec = Record(id=f"bench-{d:06d}", text="synthetic", title=f"doc {d}", date=date, outlet=f"Outlet {d % 40}")
        events = []
        seen = set()
        while len(events) < per_doc and made + len(events) < n_events:
            a, r = rng.choices(actors, weights, k=2)
            t = rng.choice(PLOVER_TYPES)
            if a == r or (a, r, t) in seen:
                continue
            seen.add((a, r, t))
            events.append(Event(doc=rec.id, actor=a, recipient=r, type=t, status=rng.choice(STATUSES),
                                mutual=t in ("ASSAULT", "CONSULT", "AGREE", "COOPERATE") and rng.random() < 0.5,
                                aux=["future"] if rng.random() < 0.05 else [],
                                claimed_by=[f"Outlet {rng.randrange(40)}"] if rng.random() < 0.3 else [],
                                date=date, evidence=f"{a} {t} {r}", evidence_start=0, evidence_end=10))
        made += len(events)
        store.save_article(Article(record=rec, text=rec.text, events=events), "bench")


def timed(fn, repeat: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--keep", help="write the store here instead of a temporary file")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    path = Path(args.keep) if args.keep else Path(tmp.name) / "bench.db"
    store = Store.open(str(path))
    t0 = time.perf_counter()
    synthesise(store, args.events)
    n = store.count_events() if hasattr(store, "count_events") else args.events
    print(f"store: {n} events in {path} ({path.stat().st_size / 1e6:.1f} MB), written in "
          f"{time.perf_counter() - t0:.1f} s")
    names = Names(store_names=actor_names(store.engine), load=False)
    cases = {
        "graph (all)": lambda: build_graph(store.engine, names),
        "graph --since 2015 --until 2016": lambda: build_graph(store.engine, names, since="2015", until="2016"),
        "graph --actor 'Group 000'": lambda: build_graph(store.engine, names, actor="Group 000"),
        "graph --min-events 50": lambda: build_graph(store.engine, names, min_events=50),
        "graph --rollup": lambda: build_graph(store.engine, names, rollup=True),
    }
    for label, fn in cases.items():
        secs, G = timed(fn)
        print(f"{label:<34} {secs:6.2f} s  ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
    store.close()
    tmp.cleanup()


if __name__ == "__main__":
    main()
