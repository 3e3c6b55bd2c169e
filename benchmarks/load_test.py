"""A bounded load test of ``factionmap serve`` on a 100,000-event store (127.0.0.1 only).

    .venv/bin/python benchmarks/load_test.py [--events 100000] [--db PATH] [--clients 8]
                                             [--requests 400] [--abandon 30]

Builds the store as ``benchmarks/bench_graph.py`` does (or reuses ``--db``),
starts the real ``factionmap serve`` in a subprocess on a free 127.0.0.1 port,
and prints, measured in this one run:

0. derive: the server's first views computed once for the store's content and
   kept on disk, as ``factionmap ingest`` does above 20,000 events (skip with
   ``--no-derive``, so that the server computes them at start-up);
1. cold: each heavy view's first answer from a server just started (it reads
   kept views or computes them at start-up; the time until they are ready is
   printed);
2. warm: the same views asked again (answered from the per-version cache);
3. a mix of endpoints from ``--clients`` concurrent clients, ``--requests`` in
   all: requests/s, p50 and p99 per endpoint;
4. abandoned heavy requests: ``--abandon`` views nobody asked before, each
   dropped by its client after 0.2 s, while one client asks ``/api/meta``
   over and over: its p50 and p99.

Targets (issue 10): contradictions < 2 s, a dyad < 1 s, ``/api/meta`` p99 <
200 ms while heavy requests are abandoned. Every loop is bounded in count and
time; the server is stopped at the end. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DEADLINE = 1800  # seconds: the whole run stops by then, whatever happens


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build_store(path: Path, n_events: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_graph import synthesise

    from factionmap.store import Store

    store = Store.open(str(path))
    t = time.perf_counter()
    synthesise(store, n_events)
    print(f"store: {store.count_events():,} events in {path}, written in {time.perf_counter() - t:.0f} s")
    store.close()


def start_server(db: Path, port: int, time_limit: float) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "factionmap.cli.main", "serve", "--db", str(db), "--host", HOST,
           "--port", str(port), "--time-limit", str(time_limit)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/favicon.ico", timeout=2).status_code == 204:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the server did not start: {proc.stderr.read() if proc.stderr else ''}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed_get(client: httpx.Client, url: str, timeout: float = 600) -> tuple[float, int, str]:
    t = time.perf_counter()
    r = client.get(url, timeout=timeout)
    return time.perf_counter() - t, r.status_code, r.headers.get("x-factionmap-cache", "-")


def wait_ready(client: httpx.Client, base: str, path: str, budget: float) -> float:
    """Seconds until ``path`` answers 200 (503 means: still computing, ask again)."""
    t = time.perf_counter()
    while time.perf_counter() - t < budget:
        r = client.get(base + path, timeout=600)
        if r.status_code == 200:
            return time.perf_counter() - t
        time.sleep(float(r.headers.get("retry-after", "1")) / 4)
    return float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="use (or create) this store instead of a temporary one")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--abandon", type=int, default=30)
    ap.add_argument("--time-limit", type=float, default=20.0, help="the server's --time-limit")
    ap.add_argument("--views-dir", type=Path,
                    help="keep and reuse the derived views here (default: a fresh temporary folder per run)")
    ap.add_argument("--no-derive", action="store_true",
                    help="do not derive the views before the server starts (it computes what is not kept)")
    args = ap.parse_args()
    started = time.monotonic()
    tmp = tempfile.TemporaryDirectory(prefix="factionmap-load-")
    db = args.db or Path(tmp.name) / "load.db"
    if not db.exists():
        build_store(db, args.events)
    if not args.views_dir:  # a fresh folder: measure the computations, not what an earlier run kept
        os.environ["FACTIONMAP_VIEWS_DIR"] = str(Path(tmp.name) / "views")
    else:
        os.environ["FACTIONMAP_VIEWS_DIR"] = str(args.views_dir)
    if not args.no_derive:  # what `factionmap ingest` does when it leaves a large store changed
        from factionmap.api.saved import derive

        n, secs = derive(str(db))
        print(f"derive: the server's {n} first views computed for this content and kept on disk in {secs:.1f} s "
              "(as `factionmap ingest` does above 20,000 events; 0 s when already kept)")
    port = free_port()
    base = f"http://{HOST}:{port}"
    t0 = time.perf_counter()
    server = start_server(db, port, args.time_limit)
    print(f"server: factionmap serve on {base}, up in {time.perf_counter() - t0:.1f} s; "
          f"machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        run(base, args, started)
        print(f"machine load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        tmp.cleanup()


def run(base: str, args: argparse.Namespace, started: float) -> None:
    rng = random.Random(5)
    big, small = ("Group 000", "Group 001"), ("Group 040", "Group 120")
    dyad = lambda a, b: f"/api/dyads/{quote(a, safe='')}/{quote(b, safe='')}"  # noqa: E731
    views = {
        "meta": "/api/meta",
        "graph": "/api/graph",
        "contradictions": "/api/contradictions",
        "dyad (largest)": dyad(*big),
        "dyad (small)": dyad(*small),
        "actor page": f"/api/actors/{quote('Group 003', safe='')}",
        "events page": "/api/events?limit=50",
    }
    with httpx.Client() as client:
        print("\n1. cold: first answer of each view (503s waited out)")
        warm_start = time.perf_counter()
        for name in ("meta", "graph", "contradictions"):  # computed at start-up
            secs = wait_ready(client, base, views[name], 900)
            print(f"   {name:<16} ready {time.perf_counter() - warm_start:6.2f} s after start-up (warmed)")
        for name in ("dyad (largest)", "dyad (small)", "actor page", "events page"):
            secs = wait_ready(client, base, views[name], 900)
            print(f"   {name:<16} {secs:6.2f} s")
        print("\n2. warm: the same views again")
        for name, path in views.items():
            secs, status, how = timed_get(client, base + path)
            print(f"   {name:<16} {secs * 1000:8.1f} ms  ({status}, cache {how})")

    print(f"\n3. mix: {args.requests} requests from {args.clients} clients")
    mix = [("meta", 30), ("events page", 20), ("graph", 10), ("contradictions", 10), ("dyad (largest)", 5),
           ("dyad (small)", 10), ("actor page", 10), ("dyad (other)", 5)]
    plan = [rng.choices([m for m, _ in mix], [w for _, w in mix])[0] for _ in range(args.requests)]
    latencies: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, list[int]] = defaultdict(list)
    lock = threading.Lock()
    todo = iter(plan)

    def client_loop() -> None:
        with httpx.Client() as c:
            while time.monotonic() - started < DEADLINE:
                with lock:
                    name = next(todo, None)
                if name is None:
                    return
                path = views.get(name) or dyad(f"Group {rng.randrange(200):03d}", f"Group {rng.randrange(200):03d}")
                secs, status, _ = timed_get(c, base + path)
                with lock:
                    latencies[name].append(secs)
                    statuses[name].append(status)

    t = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(args.clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    done = sum(len(v) for v in latencies.values())
    print(f"   {done} requests in {wall:.1f} s: {done / wall:.1f} requests/s")
    print(f"   {'endpoint':<16} {'n':>4} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name, _ in mix:
        v = latencies[name]
        codes = ", ".join(f"{c}×{statuses[name].count(c)}" for c in sorted(set(statuses[name])))
        print(f"   {name:<16} {len(v):>4} {pct(v, 50) * 1000:8.1f} {pct(v, 99) * 1000:8.1f}  {codes}")
    everything = [x for v in latencies.values() for x in v]
    print(f"   {'all':<16} {len(everything):>4} {pct(everything, 50) * 1000:8.1f} {pct(everything, 99) * 1000:8.1f}")

    print(f"\n4. /api/meta while {args.abandon} uncached heavy requests are abandoned after 0.2 s")
    meta: list[float] = []
    stop = threading.Event()

    def meta_loop() -> None:
        with httpx.Client() as c:
            while not stop.is_set() and time.monotonic() - started < DEADLINE:
                meta.append(timed_get(c, base + "/api/meta")[0])
                time.sleep(0.02)

    th = threading.Thread(target=meta_loop)
    th.start()
    with httpx.Client() as c:
        for i in range(args.abandon):
            year = 2010 + i % 12
            path = rng.choice([f"/api/contradictions?since={year}-{1 + i // 12:02d}",
                               f"/api/graph?since={year}-{1 + i // 12:02d}&min_events={1 + i}",
                               dyad(f"Group {i:03d}", f"Group {i + 1:03d}") + f"?since={year}"])
            try:
                c.get(base + path, timeout=0.2)
            except httpx.TimeoutException:
                pass  # abandoned: the client hangs up
            time.sleep(0.3)
    time.sleep(2)
    stop.set()
    th.join()
    print(f"   {len(meta)} /api/meta requests: p50 {pct(meta, 50) * 1000:.1f} ms, p99 {pct(meta, 99) * 1000:.1f} ms, "
          f"max {max(meta) * 1000:.1f} ms")
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
