"""The trigger lexicon: which words introduce which PLOVER event.

Two data files, layered: the curated ``data/lexicon.tsv`` on top of
``data/lexicon_cameo.tsv``, which ``scripts/build_lexicon.py`` generates from
PETRARCH2's CAMEO verb dictionary and the CAMEO→PLOVER table. A curated row
wins over a generated one with the same key.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..model import PLOVER_TYPES

LAYERS = ("lexicon.tsv", "lexicon_cameo.tsv")  # first wins


@dataclass(frozen=True)
class Trigger:
    pos: str  # VERB / NOUN / ADJ / PHRASE / COMPOUND / LABEL / LABELLING
    lemma: str
    type: str
    mutual: bool
    preps: frozenset[str]
    mode: str | None
    object_is_theme: bool = False  # "send troops to X": the object is not the recipient


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    phrases: dict[tuple[str, str], Trigger]  # (governing verb lemma, noun/particle lemma)
    compounds: dict[str, Trigger]  # participle of "X-backed Y"
    adjectives: dict[str, Trigger]  # predicate adjectives: "X and Y remain allied"
    lemma_fixes: dict[str, str]  # past forms the lemmatizer leaves alone -> lemma
    # "X designated Y as a terrorist group": the verbs that label (their type is what a
    # hostile label adds, SANCTION for a designation) and the labels (the complement's type)
    labelling: dict[str, Trigger] = field(default_factory=dict)
    labels: dict[str, Trigger] = field(default_factory=dict)


_TABLES = {"VERB": "verbs", "NOUN": "nouns", "PHRASE": "phrases", "COMPOUND": "compounds", "ADJ": "adjectives",
           "LABELLING": "labelling", "LABEL": "labels"}


def parse_lexicon(text: str, source: str = "lexicon.tsv", lemma_fixes: dict[str, str] | None = None) -> Lexicon:
    tables: dict[str, dict] = {pos: {} for pos in _TABLES}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise ValueError(f"{source}:{n}: expected 6 tab-separated columns, got {len(cols)}")
        pos, lemma, etype, mutual, preps, mode = (c.strip() for c in cols)
        if pos not in tables or etype not in PLOVER_TYPES or mutual not in ("yes", "no") or not lemma:
            raise ValueError(f"{source}:{n}: bad entry {line!r}")
        prep_list = [p for p in preps.split(",") if p and p != "-"]
        trig = Trigger(pos, lemma, etype, mutual == "yes",
                       frozenset(p for p in prep_list if p != "!obj"),
                       None if mode == "-" else mode, "!obj" in prep_list)
        if pos == "PHRASE":
            verb, _, noun = lemma.partition(" ")
            if not noun:
                raise ValueError(f"{source}:{n}: a PHRASE needs a verb and a noun or particle: {line!r}")
            tables[pos].setdefault((verb, noun), trig)
        else:
            tables[pos].setdefault(lemma, trig)  # first entry wins
    return Lexicon(**{_TABLES[pos]: table for pos, table in tables.items()}, lemma_fixes=dict(lemma_fixes or {}))


def layered(*lexicons: Lexicon) -> Lexicon:
    """One lexicon from several, the first winning every key it has."""
    merged: dict[str, dict] = {}
    for name in _TABLES.values():
        table: dict = {}
        for lex in reversed(lexicons):
            table.update(getattr(lex, name))
        merged[name] = table
    fixes: dict[str, str] = {}
    for lex in reversed(lexicons):
        fixes.update(lex.lemma_fixes)
    return Lexicon(**merged, lemma_fixes=fixes)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    data = resources.files("factionmap.data")
    fixes = json.loads(data.joinpath("lemma_fixes.json").read_text("utf-8"))
    fixes = {k: v for k, v in fixes.items() if not k.startswith("_")}
    return layered(*(parse_lexicon(data.joinpath(name).read_text("utf-8"), name, lemma_fixes=fixes)
                     for name in LAYERS))


@lru_cache(maxsize=1)
def argument_words() -> dict[str, frozenset[str]]:
    """Closed word lists (``data/argument_words.json``): stopping verbs, mediating participles, ..."""
    raw = json.loads(resources.files("factionmap.data").joinpath("argument_words.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
