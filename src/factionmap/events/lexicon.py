"""The trigger lexicon (``data/lexicon.tsv``): which words introduce which PLOVER event."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import PLOVER_TYPES


@dataclass(frozen=True)
class Trigger:
    pos: str  # VERB / NOUN / ADJ / PHRASE / COMPOUND
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


def parse_lexicon(text: str, source: str = "lexicon.tsv", lemma_fixes: dict[str, str] | None = None) -> Lexicon:
    tables: dict[str, dict] = {"VERB": {}, "NOUN": {}, "PHRASE": {}, "COMPOUND": {}, "ADJ": {}}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 6:
            raise ValueError(f"{source}:{n}: expected 6 tab-separated columns, got {len(cols)}")
        pos, lemma, etype, mutual, preps, mode = (c.strip() for c in cols)
        if pos not in tables or etype not in PLOVER_TYPES or mutual not in ("yes", "no"):
            raise ValueError(f"{source}:{n}: bad entry {line!r}")
        prep_list = [p for p in preps.split(",") if p and p != "-"]
        trig = Trigger(pos, lemma, etype, mutual == "yes",
                       frozenset(p for p in prep_list if p != "!obj"),
                       None if mode == "-" else mode, "!obj" in prep_list)
        if pos == "PHRASE":
            verb, _, noun = lemma.partition(" ")
            tables[pos][(verb, noun)] = trig
        else:
            tables[pos].setdefault(lemma, trig)  # first entry wins
    return Lexicon(tables["VERB"], tables["NOUN"], tables["PHRASE"], tables["COMPOUND"], tables["ADJ"],
                   dict(lemma_fixes or {}))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    data = resources.files("factionmap.data")
    fixes = json.loads(data.joinpath("lemma_fixes.json").read_text("utf-8"))
    return parse_lexicon(data.joinpath("lexicon.tsv").read_text("utf-8"),
                         lemma_fixes={k: v for k, v in fixes.items() if not k.startswith("_")})


@lru_cache(maxsize=1)
def argument_words() -> dict[str, frozenset[str]]:
    """Closed word lists (``data/argument_words.json``): stopping verbs, mediating participles, ..."""
    raw = json.loads(resources.files("factionmap.data").joinpath("argument_words.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}
