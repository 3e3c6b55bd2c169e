"""How the extractor does on third-party, human-coded sentences: the PLOVER gold standard records.

    .venv/bin/python benchmarks/plover_gsr.py [--shared ../shared] [--show N]

Each record of ``shared/data/plover/PLOVER_GSR_CAMEO.txt`` (CC BY-SA 4.0) is
one sentence with its coded event type, source and target. The script runs the
full pipeline on every sentence and prints, per type and overall:

* found: the share of sentences where the extractor produced any event;
* type: among those, the share whose events include the coded type
  (v0.5 labels mapped to today's PLOVER: DEMAND→REQUEST, DISAPPROVE and
  INVESTIGATE→ACCUSE, FIGHT→ASSAULT);
* polarity: the same on cooperation/conflict;
* pair: the share of found sentences where an event links the coded source
  and target actors (both resolvable through the actor dictionary).
It reads the shared file in place and copies none of it.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from factionmap.model import TYPE_QUAD, Record, polarity
from factionmap.pipeline import Pipeline

V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--show", type=int, default=0, help="print N misses")
    args = ap.parse_args()
    path = Path(args.shared) / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("event") not in (None, "DOCUMENT")]
    pipeline = Pipeline()
    actors = pipeline.context.actors
    inputs = [Record(id=r["id"], text=r["text"], date=r.get("date")) for r in records]
    stats: dict[str, Counter] = defaultdict(Counter)
    misses = []
    pair_misses: list[tuple] = []
    for rec, article in zip(records, pipeline.process(inputs)):
        gold = V05.get(rec["event"], rec["event"])
        if gold not in TYPE_QUAD:
            continue
        s = stats[gold]
        s["n"] += 1
        types = {e.type for e in article.events}
        if not types:
            misses.append((gold, rec["text"]))
            continue
        s["found"] += 1
        s["type"] += gold in types
        s["polarity"] += polarity(gold) in {polarity(t) for t in types}
        src = {a.name for x in _actors(rec.get("source")) if (a := actors.resolve(x) or actors.demonym(x))}
        tgt = {a.name for x in _actors(rec.get("target")) if (a := actors.resolve(x) or actors.demonym(x))}
        if src and tgt:
            s["pairable"] += 1
            hit = any((e.actor in src and e.recipient in tgt) or (e.mutual and e.actor in tgt and e.recipient in src)
                      for e in article.events)
            s["pair"] += hit
            if not hit:
                pair_misses.append((gold, sorted(src), sorted(tgt), rec["text"]))
    total: Counter = Counter()
    print(f"{'type':<10} {'n':>4} {'found':>7} {'type':>7} {'polar':>7} {'pair':>9}")
    for t in sorted(stats):
        s = stats[t]
        total.update(s)
        _row(t, s)
    _row("ALL", total)
    for gold, text in misses[: args.show]:
        print(f"MISS {gold}: {text[:160]}")
    for gold, src, tgt, text in pair_misses[: args.show]:
        print(f"PAIR MISS {gold} {src} -> {tgt}: {text[:160]}")


def _actors(field: object) -> list[str]:
    if isinstance(field, list):
        return [a.get("actorText", "") if isinstance(a, dict) else str(a) for a in field]
    return []


def _row(name: str, s: Counter) -> None:
    n, f = s["n"], s["found"]
    pct = lambda a, b: f"{a / b:6.1%}" if b else "     -"  # noqa: E731
    print(f"{name:<10} {n:>4} {pct(f, n):>7} {pct(s['type'], f):>7} {pct(s['polarity'], f):>7} "
          f"{pct(s['pair'], s['pairable']):>6} /{s['pairable']}")


if __name__ == "__main__":
    main()
