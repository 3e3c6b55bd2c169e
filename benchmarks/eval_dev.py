"""Score the extractor on every development gold set and print one table.

    python benchmarks/eval_dev.py [--sets seeds world dev notes] [--out DIR] [--errors]

Loads the pipeline once, extracts each set's ``docs.jsonl`` from ``../shared/corpus``,
and scores it with the shared scorer (``../shared/eval/score.py``) against
``../shared/gold``. ``--out`` keeps the predictions (one JSONL per set) for error
analysis; ``--errors`` prints the scorer's false negatives and positives too.
The development sets were read while developing: they are not held out.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS = ("seeds", "world", "dev", "notes")
TARGETS = {"seeds": 0.85, "world": 0.62, "dev": 0.55, "notes": None}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, help="keep predictions here (SET.jsonl)")
    ap.add_argument("--errors", action="store_true", help="print the scorer's errors per set")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    from factionmap.cli.extract_cmds import event_json, write_actor_records
    from factionmap.ingest.readers import read_inputs
    from factionmap.pipeline import Pipeline

    scorer = args.shared / "eval" / "score.py"
    out_dir = args.out or Path(tempfile.mkdtemp(prefix="factionmap-eval-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    actors = out_dir / "actors.jsonl"
    write_actor_records(actors)
    t0 = time.perf_counter()
    pipeline = Pipeline()
    rows = []
    for name in args.sets:
        docs = args.shared / "corpus" / name / "docs.jsonl"
        pred = out_dir / f"{name}.jsonl"
        t = time.perf_counter()
        with open(pred, "w", encoding="utf-8") as fh:
            for article in pipeline.process(read_inputs([str(docs)])):
                for ev in article.events:
                    fh.write(json.dumps(event_json(ev), ensure_ascii=False) + "\n")
        seconds = time.perf_counter() - t
        base = [sys.executable, str(scorer), "--gold", str(args.shared / "gold" / f"{name}.jsonl"),
                "--gold-actors", str(args.shared / "gold" / f"{name}.actors.json"),
                "--pred", str(pred), "--actors", str(actors)]
        report = json.loads(subprocess.run(base + ["--json"], capture_output=True, text=True, check=True).stdout)
        levels = report.get("levels") or report
        rows.append((name, levels, seconds))
        if args.errors:
            print(subprocess.run(base + ["--show-errors", "1000"], capture_output=True, text=True).stdout)
    print(f"pipeline {pipeline.version}; {time.perf_counter() - t0:.1f} s in all")
    print(f"{'set':6} {'strict':>7} {'quad':>6} {'polar':>6} {'P':>6} {'R':>6} {'TP':>4} {'FP':>4} {'FN':>4}  target")
    for name, lv, _ in rows:
        s = lv["strict"]
        target = TARGETS.get(name)
        mark = "" if target is None else f"≥ {target:.2f} {'ok' if s['f1'] >= target else 'below'}"
        print(f"{name:6} {s['f1']:7.3f} {lv['quad']['f1']:6.3f} {lv['polarity']['f1']:6.3f} "
              f"{s['precision']:6.3f} {s['recall']:6.3f} {s.get('tp', 0):4} {s.get('fp', 0):4} {s.get('fn', 0):4}  {mark}")
    if args.out:
        print(f"predictions in {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
