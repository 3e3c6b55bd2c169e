"""Match every furniture pattern against long adversarial lines; print each pattern as it starts.

    python tests/backtracking_probe.py [PATTERN_FILE] [--length 10000]

Run by ``tests/test_clean.py`` in a subprocess with a time limit: a pattern that
backtracks catastrophically never finishes, and the last "probing" line names it.
The adversarial lines pump the pattern's own words with separators (what makes
an ambiguous repetition explode) and end in a character no pattern accepts, so
every ``fullmatch`` has to try all its ways before failing.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator

from factionmap.ingest.clean import Boilerplate, FurniturePattern

SEPARATORS = ("", " ", ".", ". ", ", ", "/", "|", ": ", "-")
GENERIC_PUMPS = ("a", "a ", "1", "12 ", "x", "www.", "http://", "https://a.b/", "www.a ", "(", ")", "©",
                 "a.m.", "jul. ", "sat ", "10:21 ", "<!--", "-->", "--")
ENDS = ("\x00\u2603", " \x00\u2603")  # what no furniture pattern accepts where it stands


def words_of(pattern: str) -> list[str]:
    """The literal words a pattern is written with ("posted", "jan", "photo"...)."""
    found = re.findall(r"(?<![\\?])[a-z][a-z'.-]{1,}", pattern.replace("\\.", ".").replace("\\s", " "))
    return list(dict.fromkeys(w.strip(".-") for w in found if w.strip(".-")))


def adversarial_lines(p: FurniturePattern, length: int) -> Iterator[str]:
    words = words_of(p.text)
    prefixes = [""] + [w + sep for w in words[:3] for sep in ("", " ")]
    pumps = [w + sep for w in words for sep in SEPARATORS] + list(GENERIC_PUMPS)
    for prefix in prefixes:
        for pump in pumps:
            for end in ENDS:
                body = (pump * (length // max(1, len(pump)) + 1))[: max(0, length - len(prefix) - len(end))]
                yield prefix + body + end


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pattern_file", nargs="?")
    ap.add_argument("--length", type=int, default=10_000)
    args = ap.parse_args()
    bp = Boilerplate.load(args.pattern_file)
    for p in bp.patterns:
        print(f"probing {p}", flush=True)
        n = 0
        for line in adversarial_lines(p, args.length):
            p.regex.fullmatch(line)
            n += 1
        print(f"ok {p.source}:{p.line} ({n} lines of {args.length:,} characters)", flush=True)
    print("all patterns ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
