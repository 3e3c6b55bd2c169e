"""How cleaning cost grows with length, on the input that used to make it quadratic.

Runs of short stand-alone lines whose last words occur nowhere else (each one
a candidate cut-off caption), plus ordinary prose, at several sizes; prints the
seconds per size and the growth against the smallest size, measured in one run.

    .venv/bin/python benchmarks/bench_clean.py [--sizes 50000 100000 200000 400000]
"""
from __future__ import annotations

import argparse
import random
import time

from factionmap.ingest.clean import Boilerplate, clean_text


def short_lines(size: int, rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(4, 9)))

    lines, n = ["Headline of a story"], 0
    while n < size:
        lines += [" ".join(word() for _ in range(rng.randint(5, 9))), ""]
        n += len(lines[-2]) + 2
    return "\n".join(lines)


def prose(size: int, rng: random.Random) -> str:
    sentence = ("The army and the rebels fought near the border on Tuesday, killing at least twelve people, "
                "officials said in a statement. ")
    paras, n = ["Headline of a story"], 0
    while n < size:
        paras.append(sentence * rng.randint(2, 5))
        n += len(paras[-1]) + 2
    return "\n\n".join(paras)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000, 200_000, 400_000])
    args = ap.parse_args()
    bp = Boilerplate.load()
    print(f"{'input':<12} {'chars':>9} {'seconds':>8} {'× time':>7} {'× size':>7}")
    for name, make in (("short lines", short_lines), ("prose", prose)):
        base = None
        for size in args.sizes:
            text = make(size, random.Random(size))
            t = time.perf_counter()
            cleaned = clean_text(text, bp)
            seconds = time.perf_counter() - t
            assert len(cleaned) == len(text)
            base = base or (seconds, len(text))
            print(f"{name:<12} {len(text):>9,} {seconds:>8.3f} {seconds / base[0]:>7.1f} {len(text) / base[1]:>7.1f}")


if __name__ == "__main__":
    main()
