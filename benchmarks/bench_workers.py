"""Throughput of ``factionmap ingest`` with 1 and 2 local workers (not a test).

    .venv/bin/python benchmarks/bench_workers.py                 # 2000 documents
    .venv/bin/python benchmarks/bench_workers.py --docs 300 --workers 1 2 4

The corpus is the seed articles (../shared/corpus/seeds/docs.jsonl, or
--source FILE.jsonl, e.g. samples/articles.jsonl) repeated with distinct ids
and titles up to --docs documents. Each worker count ingests it into a fresh
SQLite store. Printed per run: pipeline start-up time, docs/s and words/s
over the processing (start-up excluded) and end to end, peak RSS of each
worker process, how many cores the workers kept busy (CPU seconds of
processing / wall seconds: below the worker count means the workers waited,
for the CPU on a shared machine or for work), and the speed-up against the
first run. "writer cpu" is what the parent spent reading, skipping and
saving (the single writer), apart from the pipeline.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from factionmap.ingest.readers import read_inputs
from factionmap.runner import run_ingest
from factionmap.runner.executors import make_executor
from factionmap.store import Store

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds" / "docs.jsonl"


def build_corpus(source: Path, n: int, out: Path) -> tuple[int, int]:
    docs = [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    if not docs:
        sys.exit(f"{source}: no documents")
    words = 0
    with out.open("w", encoding="utf-8") as f:
        for i in range(n):
            d = dict(docs[i % len(docs)])
            d["id"] = f"{d.get('id', 'doc')}-b{i:05d}"
            d["title"] = f"{d.get('title') or ''} [{i}]".strip()
            words += len(d["text"].split())
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    return n, words


def run(corpus: Path, workers: int, tmp: Path) -> dict:
    db = tmp / f"bench-{workers}.db"
    store = Store.open(db)
    started = time.perf_counter()
    executor = make_executor(workers)
    try:
        executor.start()  # every worker builds the pipeline: start-up, timed apart
        ready = time.perf_counter()
        cpu0 = sum(os.times()[:2])
        report = run_ingest(read_inputs([corpus]), store, executor=executor)
        parent_cpu = sum(os.times()[:2]) - cpu0
    finally:
        executor.close()
        store.close()
    done = time.perf_counter()
    return {
        "workers": workers,
        "startup_s": ready - started,
        "process_s": done - ready,
        "total_s": done - started,
        "docs": report.processed,
        "failed": report.failed,
        "words": report.words,
        "rss_mib": sorted(v / 1024 for v in report.workers.values()),
        "worker_cpu_s": sum(report.worker_cpu.values()),
        "writer_cpu_s": parent_cpu - (sum(report.worker_cpu.values()) if workers == 1 else 0.0),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000, help="corpus size in documents (default 2000)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare (default 1 2)")
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="JSONL corpus to repeat")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="fm-bench-") as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        n, words = build_corpus(args.source, args.docs, corpus)
        print(f"corpus: {n} documents, {words} words ({words / n:.0f} words/doc) from {args.source}")
        print(f"machine: {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
        print(f"{'workers':>7} {'startup s':>9} {'process s':>9} {'docs/s':>8} {'words/s':>9} "
              f"{'e2e docs/s':>10} {'cores busy':>10} {'writer cpu':>10} {'failed':>6}  peak RSS per worker (MiB)")
        results = []
        for w in args.workers:
            r = run(corpus, w, tmp)
            results.append(r)
            dps = r["docs"] / r["process_s"] if r["process_s"] else 0.0
            wps = r["words"] / r["process_s"] if r["process_s"] else 0.0
            r["docs_s"] = dps
            busy = r["worker_cpu_s"] / r["process_s"] if r["process_s"] else 0.0
            print(f"{w:>7} {r['startup_s']:>9.1f} {r['process_s']:>9.1f} {dps:>8.2f} {wps:>9.0f} "
                  f"{r['docs'] / r['total_s']:>10.2f} {busy:>10.2f} {r['writer_cpu_s']:>9.1f}s {r['failed']:>6}  "
                  + ", ".join(f"{m:.0f}" for m in r["rss_mib"]), flush=True)
        from factionmap.runner.work import AUTO_WORKERS_ABOVE, local_cores

        auto = local_cores() if n > AUTO_WORKERS_ABOVE else 1
        print(f"--workers auto (the default) runs {auto} worker(s) for this corpus "
              f"({local_cores()} core(s); a pool above {AUTO_WORKERS_ABOVE} documents)")
        base = results[0]
        for r in results[1:]:
            print(f"speed-up {r['workers']} vs {base['workers']} worker(s): "
                  f"{r['docs_s'] / base['docs_s']:.2f}x (processing), "
                  f"{base['total_s'] / r['total_s']:.2f}x (end to end)")


if __name__ == "__main__":
    main()
