"""End-to-end extraction throughput against plain spaCy, and memory as the corpus grows.

    .venv/bin/python benchmarks/bench_extract.py [--docs 400] [--shared ../shared]

Both runs read the same texts in the same process: the development articles
(../shared/corpus, read in place) and the bundled samples, repeated with
distinct ids up to ``--docs``. It prints words/s and docs/s for

* plain ``nlp.pipe`` with the same English model (no rulers, no components), and
* ``Pipeline().process`` — the whole line: clean, parse with the actor rulers,
  mentions, events, dates and places, claims, quantities, dedupe,

their ratio (target ≥ 0.7), and the process's resident memory after each
quarter of the corpus (it should stay flat: records stream through in batches).
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import spacy

from factionmap.ingest.readers import read_inputs
from factionmap.language.nlp import MODEL_NAME
from factionmap.model import Record
from factionmap.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]


def base_texts(shared: Path) -> list[Record]:
    paths = [shared / "corpus" / "seeds" / "docs.jsonl", shared / "corpus" / "world" / "docs.jsonl",
             REPO / "samples" / "articles.jsonl"]
    return [r for r in read_inputs([p for p in paths if p.exists()]) if isinstance(r, Record)]


def corpus(base: list[Record], n: int) -> Iterator[Record]:
    for i in range(n):
        r = base[i % len(base)]
        yield Record(id=f"{r.id}-{i}", text=r.text, title=r.title, date=r.date)


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = ap.parse_args()
    base = base_texts(Path(args.shared))
    words = sum(len(r.text.split()) for r in corpus(base, args.docs))
    print(f"corpus: {args.docs} documents, {words} words ({len(base)} distinct texts)")

    nlp = spacy.load(MODEL_NAME)
    list(nlp.pipe(r.text for r in base))  # warm-up
    t = time.perf_counter()
    for _ in nlp.pipe((r.text for r in corpus(base, args.docs)), batch_size=32):
        pass
    plain = time.perf_counter() - t

    pipeline = Pipeline()
    list(pipeline.process(base[:4]))  # load the model, rulers, gazetteer, dateparser
    marks = {args.docs * k // 4 for k in (1, 2, 3, 4)}
    memory = []
    events = 0
    t = time.perf_counter()
    for i, article in enumerate(pipeline.process(corpus(base, args.docs)), 1):
        events += len(article.events)
        if i in marks:
            memory.append((i, rss_mb()))
    full = time.perf_counter() - t

    print(f"plain spaCy nlp.pipe : {words / plain:8.0f} words/s  {args.docs / plain:6.1f} docs/s")
    print(f"factionmap extract   : {words / full:8.0f} words/s  {args.docs / full:6.1f} docs/s  ({events} events)")
    print(f"ratio extract/plain  : {plain / full:.2f}  (target >= 0.7)")
    print("resident memory      : " + ", ".join(f"{mb:.0f} MB after {i} docs" for i, mb in memory))
    print(json.dumps({"docs": args.docs, "words": words, "plain_s": round(plain, 2), "extract_s": round(full, 2),
                      "ratio": round(plain / full, 3), "rss_mb": [round(mb) for _, mb in memory]}))


if __name__ == "__main__":
    main()
