"""Extraction throughput against plain spaCy on the same texts, memory, and the dev-set scores beside them.

    .venv/bin/python benchmarks/bench_extract.py [--docs 200] [--shared ../shared] [--no-scores]

The corpus is every real article at hand (the seeds, world and dev sets in
../shared/corpus, read in place, and the bundled samples), repeated with
distinct ids up to ``--docs``. Everything is measured in this one run, so the
ratios hold whatever the machine's speed:

1. **Whole processes, start-up included** (what a user waits for). Plain:
   ``python -c 'spacy.load(MODEL); nlp.pipe(texts)'`` on the corpus file.
   factionmap: ``factionmap extract corpus.jsonl`` with ``--workers 1`` and
   with the default (``auto``: one worker per core above 48 documents). Each
   prints its wall time, the ratio plain/factionmap (target >= 1.0 for the
   default) and the largest resident memory of any one of its processes
   (target < 600 MB per worker).
2. **In one process, warm** (start-up excluded): ``nlp.pipe`` against
   ``Pipeline().process`` over the same records, and the process's resident
   memory after each quarter of the corpus (it should stay flat).
3. The dev-set scores (``benchmarks/eval_dev.py``), so a speed-up that costs
   recall shows here too.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "src"))

from factionmap.ingest.readers import read_inputs  # noqa: E402
from factionmap.language.nlp import MODEL_NAME  # noqa: E402
from factionmap.model import Record  # noqa: E402

PLAIN = f"""
import json, sys, spacy
nlp = spacy.load({MODEL_NAME!r})
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for _ in nlp.pipe(texts, batch_size=32):
    pass
"""


def base_texts(shared: Path) -> list[Record]:
    paths = [shared / "corpus" / s / "docs.jsonl" for s in ("seeds", "world", "dev")] + [REPO / "samples" / "articles.jsonl"]
    return [r for r in read_inputs([p for p in paths if p.exists()]) if isinstance(r, Record)]


def corpus(base: list[Record], n: int) -> Iterator[Record]:
    for i in range(n):
        r = base[i % len(base)]
        yield Record(id=f"{r.id}-{i}", text=r.text, title=r.title, date=r.date)


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, the largest RSS (MB) any one process of the command reached, and its process count."""
    peak: dict[int, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def watch() -> None:
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                for p in [root, *root.children(recursive=True)]:
                    peak[p.pid] = max(peak.get(p.pid, 0.0), p.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.05)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    t.join()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return seconds, max(peak.values(), default=0.0), len(peak)


def whole_processes(path: Path, words: int, docs: int) -> dict:
    plain_s, plain_mb, _ = timed([sys.executable, "-c", PLAIN, str(path)])
    print(f"plain spaCy (load + nlp.pipe)     : {plain_s:6.1f} s  {words / plain_s:7.0f} words/s  "
          f"peak {plain_mb:4.0f} MB")
    out = {"plain_s": round(plain_s, 2), "plain_mb": round(plain_mb)}
    for label, extra in (("workers 1", ["--workers", "1"]), ("default", [])):
        s, mb, procs = timed([str(BIN / "factionmap"), "extract", str(path), *extra])
        print(f"factionmap extract ({label:9s})   : {s:6.1f} s  {words / s:7.0f} words/s  "
              f"ratio {plain_s / s:4.2f}  largest process {mb:4.0f} MB ({procs} process(es))")
        key = label.replace(" ", "")
        out.update({f"{key}_s": round(s, 2), f"{key}_ratio": round(plain_s / s, 3), f"{key}_mb": round(mb),
                    f"{key}_processes": procs})
    print(f"  target: default ratio >= 1.0 (beyond: 1.5); each process < 600 MB; {docs} documents")
    return out


def warm(base: list[Record], n: int, words: int) -> dict:
    import spacy

    from factionmap.pipeline import Pipeline

    nlp = spacy.load(MODEL_NAME)
    list(nlp.pipe(r.text for r in base))  # warm-up
    t = time.perf_counter()
    for _ in nlp.pipe((r.text for r in corpus(base, n)), batch_size=32):
        pass
    plain = time.perf_counter() - t
    del nlp

    pipeline = Pipeline()
    list(pipeline.process(base[:4]))  # load the model, rulers, gazetteer, dateparser
    marks = {n * k // 4 for k in (1, 2, 3, 4)}
    memory = []
    events = 0
    t = time.perf_counter()
    for i, article in enumerate(pipeline.process(corpus(base, n)), 1):
        events += len(article.events)
        if i in marks:
            memory.append((i, rss_mb()))
    full = time.perf_counter() - t
    print(f"plain spaCy nlp.pipe  (warm)      : {words / plain:7.0f} words/s")
    print(f"Pipeline().process    (warm)      : {words / full:7.0f} words/s  ratio {plain / full:4.2f}  ({events} events)")
    print("resident memory                   : " + ", ".join(f"{mb:.0f} MB after {i}" for i, mb in memory))
    return {"warm_plain_s": round(plain, 2), "warm_s": round(full, 2), "warm_ratio": round(plain / full, 3),
            "rss_mb": [round(mb) for _, mb in memory], "events": events}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--no-scores", action="store_true", help="skip the dev-set scores")
    args = ap.parse_args()
    base = base_texts(Path(args.shared))
    records = list(corpus(base, args.docs))
    words = sum(len(r.text.split()) for r in records)
    print(f"corpus: {args.docs} documents, {words} words ({len(base)} distinct real articles, "
          f"{words // args.docs} words each on average); {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({"id": r.id, "title": r.title, "date": r.date, "text": r.text}) + "\n")
        print("-- whole processes, start-up included")
        result = whole_processes(path, words, args.docs)
    print("-- one process, warm")
    result.update(warm(base, args.docs, words))
    if not args.no_scores:
        print("-- dev-set scores (benchmarks/eval_dev.py)")
        sys.stdout.flush()
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "eval_dev.py"), "--shared", args.shared], check=False)
    print(json.dumps({"docs": args.docs, "words": words, **result}))


if __name__ == "__main__":
    main()
