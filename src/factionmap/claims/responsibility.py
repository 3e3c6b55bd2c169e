"""Responsibility: naming the doer of an attack the sentence tells without one.

Incident reports tell an attack first and its author after: "Two soldiers were killed when a
bomb hit their vehicle. Group X claimed responsibility, while group Y denied any involvement."
The events component leaves such attacks as open events (``article.open_events``: a victim, no
actor). This component gives each a doer from what follows in the same sentence or the next
two:

* a claim of responsibility ("X claimed the attack", "X claimed responsibility", "X took
  responsibility") → X's attack, *reported*, claimed by X;
* a denial of involvement ("X denied any involvement") → X's attack, *denied*, claimed by X;
* blame ("officials blamed X", "Y held X responsible") → X's attack, *alleged*, claimed by the
  blamer (the blaming itself is an ACCUSE the events component finds).

It runs after the claim layer, so the status it sets is the one that stands.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..events.arguments import MentionIndex
from ..model import Article, Event
from ..pipeline import PipelineContext, register
from .status import cues

LOOKBACK = 2  # sentences before the claim in which its attack may be told


class Responsibility:
    name = "responsibility"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None or not article.open_events:
            return article
        index = MentionIndex(article)
        c = cues()
        by_sentence: dict[int, list[Event]] = {}
        for ev in article.open_events:
            if ev.sentence is not None:
                by_sentence.setdefault(ev.sentence, []).append(ev)
        added: list[Event] = []
        for sentence in article.sentences:
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                found = _statement(tok, index, c)
                if found is None:
                    continue
                status, doers, claimants = found
                for target in _open_events_before(by_sentence, tok.idx, sentence.index):
                    for doer in doers:
                        if doer != target.recipient:
                            added.append(replace(target, actor=doer, status=status, claimed_by=claimants,
                                                 confidence=min(target.confidence, 0.7)))
        article.events.extend(added)
        return article


def _statement(tok: Any, index: MentionIndex, c: dict) -> tuple[str, list[str], list[str]] | None:
    """(status, doers, claimants) when ``tok`` heads a claim, denial or blame about an attack."""
    lemma = tok.lemma_.lower()
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    objects = [ch for ch in tok.children if ch.dep_ in ("dobj", "obj", "attr")]
    obj_lemmas = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
    speakers = [m.actor for m in index.subjects(tok) if m.actor]
    if lemma in c["responsibility_verbs"] and obj_lemmas & c["responsibility_nouns"] and speakers:
        return "reported", speakers, speakers
    if lemma in c["taking_verbs"] and "responsibility" in obj_lemmas and speakers:
        return "reported", speakers, speakers
    if lemma in c["deny_verbs"] and obj_lemmas & c["involvement_nouns"] and speakers:
        return "denied", speakers, speakers
    if lemma in c["blame_verbs"] and speakers:
        blamed = [m.actor for o in objects for m in index.actors_of(o) if m.actor and m.actor not in speakers]
        if blamed and (lemma != "hold" or any(ch.lower_ == "responsible" for ch in tok.subtree)):
            return "alleged", blamed, speakers
    return None


def _open_events_before(by_sentence: dict[int, list[Event]], offset: int, sentence: int) -> list[Event]:
    """The open attacks of the last sentence before ``offset`` that tells one (this sentence or the
    LOOKBACK before it), one per victim."""
    for i in range(sentence, sentence - LOOKBACK - 1, -1):
        near = [ev for ev in by_sentence.get(i, ()) if ev.evidence_start <= offset]
        if near:
            by_victim: dict[str, Event] = {}
            for ev in near:
                by_victim.setdefault(ev.recipient, ev)
            return list(by_victim.values())
    return []


@register("responsibility")
def make_responsibility(ctx: PipelineContext, opts: dict[str, Any]) -> Responsibility:
    return Responsibility(ctx)
