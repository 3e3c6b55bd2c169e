"""Time and peak memory of one document against its length (issue 10: cost linear in length).

    python benchmarks/bench_length.py [--sizes 10000 100000 1000000] [--seed 7]

Generates conflict-news prose of each size (sentences drawn from templates
with armed groups, states, provinces, districts and dates, so every step of the
line has work: mentions, events, places, dates, claims), runs it through the
full pipeline as one document in a fresh process, and prints seconds, seconds
per 100 kB, events and peak resident memory, with each size's time per kB as a
ratio of the smallest size's (1.0 = linear), and each component's seconds.
Nothing here is a test: the figures are printed, not asserted.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GROUPS = ["Taliban fighters", "Islamic State militants", "al-Shabaab fighters", "the Houthis", "JNIM militants",
          "Boko Haram", "M23 rebels", "the TTP", "Hezbollah", "the SDF"]
STATES = ["Afghan forces", "the Pakistani army", "Somali troops", "Nigerian soldiers", "Malian troops",
          "Iraqi forces", "Turkish jets", "US aircraft", "government forces", "the police"]
PLACES = ["Helmand province", "Kunar province", "Marjah district, Helmand province", "Nangarhar",
          "Lower Shabelle", "Borno state", "Mopti region", "North Kivu", "Idlib", "northern Iraq",
          "Diyala province", "Khyber Pakhtunkhwa", "Kandahar", "the Red Sea", "Marib"]
DATES = ["on Monday", "on 14 March 2019", "late last month", "on Tuesday night", "around 7 May",
         "earlier this week", "on 27-April-2019", "yesterday", "in early June", "over the weekend"]
TEMPLATES = [
    "{g} attacked a checkpoint held by {s} in {p} {d}, killing four people.",
    "{s} launched an operation against {g} in {p} {d}, officials said.",
    "{g} and {s} clashed in {p} {d}.",
    "According to local sources, {s} struck positions of {g} near {p} {d}.",
    "{g} accused {s} of killing civilians in {p}, a claim the government denied.",
    "A spokesman for {g} said {d} that the group had captured two villages in {p}.",
    "Residents said the fighting in {p} had forced hundreds of families to flee {d}.",
    "{s} said {d} they had repelled an assault by {g} on a base in {p}.",
]


def prose(size: int, seed: int) -> str:
    """About ``size`` characters of paragraphs, three to six sentences each."""
    rng = random.Random(seed)
    paras: list[str] = []
    total = 0
    while total < size:
        sents = []
        for _ in range(rng.randint(3, 6)):
            t = rng.choice(TEMPLATES)
            s = t.format(g=rng.choice(GROUPS), s=rng.choice(STATES), p=rng.choice(PLACES), d=rng.choice(DATES))
            sents.append(s[0].upper() + s[1:])
        para = " ".join(sents)
        paras.append(para)
        total += len(para) + 2
    return "\n\n".join(paras)[:size]


def one(size: int, seed: int) -> dict:
    """Run one document of ``size`` characters in this process; report time per component and peak RSS."""
    sys.path.insert(0, str(ROOT / "src"))
    from factionmap.model import Article, Record
    from factionmap.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.context.nlp  # noqa: B018 - load the model before timing
    warm = Article(record=Record(id="warm", text="Taliban fighters attacked a checkpoint in Helmand.", date="2019-03-14"))
    for comp in pipeline.components:
        warm = comp(warm)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = prose(size, seed)
    article = Article(record=Record(id="long", text=text, date="2019-05-08"))
    per: dict[str, float] = {}
    t0 = time.perf_counter()
    for comp in pipeline.components:
        t = time.perf_counter()
        article = comp(article)
        per[comp.name] = time.perf_counter() - t
    seconds = time.perf_counter() - t0
    return {"chars": len(text), "seconds": seconds, "components": per, "events": len(article.events),
            "places": len(article.places), "base_rss_mb": base_rss,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per size")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.seed)))
        return 0
    rows = []
    for size in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{size:>9} chars: did not finish in {args.timeout:.0f} s")
            continue
        if done.returncode != 0:
            print(f"{size:>9} chars: failed\n{done.stderr.strip()[-2000:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"{r['chars']:>9} chars  {r['seconds']:8.2f} s  {r['events']:6} events  "
              f"peak {r['peak_rss_mb']:7.0f} MB (pipeline loaded: {r['base_rss_mb']:.0f} MB)\n"
              "           " + "  ".join(f"{k} {v:.2f}s" for k, v in r["components"].items()), flush=True)
    if not rows:
        return 1
    base = rows[0]["seconds"] / rows[0]["chars"]
    print("\nchars       s/100kB   time per char vs smallest   peak MB")
    for r in rows:
        per = r["seconds"] / r["chars"]
        print(f"{r['chars']:>9}  {per * 100_000:8.2f}   {per / base:10.2f}×                {r['peak_rss_mb']:7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
