"""How much parsing a pre-parse gate could save: the share of tokens in sentences that cannot hold an event.

    .venv/bin/python benchmarks/bench_gate.py [--shared ../shared]

Issue 12 suggested skipping the parser on sentences with no actor mention. For
each development set this parses every line as the pipeline does and prints the
share of tokens in sentences with

* no actor-dictionary name (what a phrase-matcher gate over actor names would skip), and
* no actor name, no agent or member noun (``agents.jsonl``, ``mention_words.json``:
  "soldiers", "police", "officials") and no pronoun or "the group" (what a gate
  must keep, since generic forces and anaphora carry events).

The second figure is the most a gate could save without losing events.
"""
from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

from factionmap.language.nlp import line_segments
from factionmap.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
PRONOUNS = {"he", "she", "they", "it", "them", "its", "their", "his", "her", "we", "i", "group", "who"}
RULER_LABELS = ("ACTOR", "PERSON_ACTOR", "OUTLET")


def agent_words() -> set[str]:
    data = resources.files("factionmap.data")
    words: set[str] = set()
    for key, value in json.loads(data.joinpath("mention_words.json").read_text("utf-8")).items():
        if not key.startswith("_") and isinstance(value, (list, dict)):
            words |= {w.lower() for phrase in value for w in phrase.split()}
    for line in data.joinpath("actors", "agents.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            words |= {f.lower() for f in json.loads(line)["forms"]}
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args()
    nlp = Pipeline().context.nlp
    agents = agent_words() | PRONOUNS
    print(f"{'set':6} {'tokens':>7} {'no actor name':>14} {'no actor, agent or pronoun':>27}")
    for name in ("seeds", "world", "dev", "notes"):
        path = args.shared / "corpus" / name / "docs.jsonl"
        if not path.is_file():
            continue
        total = no_actor = no_anything = 0
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            for doc in nlp.pipe(line_segments(json.loads(line)["text"])):
                for sent in doc.sents:
                    n = len(sent)
                    total += n
                    if any(e.label_ in RULER_LABELS for e in sent.ents):
                        continue
                    no_actor += n
                    if not any(t.lower_ in agents for t in sent):
                        no_anything += n
        print(f"{name:6} {total:>7} {no_actor / total:>14.1%} {no_anything / total:>27.1%}")


if __name__ == "__main__":
    main()
