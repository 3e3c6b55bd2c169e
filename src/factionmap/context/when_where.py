"""The "when_where" component: date and place for each event, read from its sentence.

The sentence is found from the event's evidence offsets (falling back to its
sentence index), the trigger token from the trigger text inside the evidence.
A date stated in the sentence wins; otherwise the event takes the publication
date at its own precision. The place is filled only when the sentence names one.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Article, Event
from ..pipeline import PipelineContext, register
from .dates import date_in_span, parse_pub
from .places import gazetteer, place_in_span


def _main_verb(span: Any) -> Any:
    """Without a trigger, the evidence's highest verb stands for the event (its root may be a noun)."""
    verbs = [t for t in span if t.pos_ == "VERB"]
    if not verbs:
        return span.root
    return min(verbs, key=lambda t: (sum(1 for _ in t.ancestors), t.i))


def _sentence_and_anchor(doc: Any, event: Event) -> tuple[Any, Any]:
    sent = None
    anchor = None
    if event.evidence_end > event.evidence_start:
        span = doc.char_span(event.evidence_start, event.evidence_end, alignment_mode="expand")
        if span is not None and len(span):
            sent = span[0].sent
            anchor = _main_verb(span)
            if event.trigger and event.evidence:
                m = re.search(re.escape(event.trigger), event.evidence, flags=re.I)
                if m:
                    tspan = doc.char_span(event.evidence_start + m.start(), event.evidence_start + m.end(),
                                          alignment_mode="expand")
                    if tspan is not None and len(tspan):
                        anchor = tspan.root
    if sent is None and event.sentence is not None:
        sents = list(doc.sents)
        if 0 <= event.sentence < len(sents):
            sent = sents[event.sentence]
            if event.trigger:
                anchor = next((t for t in sent if t.text.lower() == event.trigger.split()[0].lower()), None)
    return sent, anchor


class WhenWhere:
    name = "when_where"

    def __init__(self, ctx: PipelineContext | None = None, opts: dict[str, Any] | None = None):
        opts = opts or {}
        self.pub_fallback = bool(opts.get("publication_date_fallback", True))
        if ctx is not None:
            ctx.get("gazetteer", gazetteer)  # load once per process, before the first article

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        pub = article.record.date
        pub_parsed = parse_pub(pub)
        for event in article.events + article.open_events:
            sent, anchor = (None, None) if doc is None else _sentence_and_anchor(doc, event)
            if sent is not None and event.date is None and not _ongoing(anchor):
                found = date_in_span(sent, pub, anchor)
                if found is not None:
                    event.date, event.date_granularity, _ = found
            if event.date is None and self.pub_fallback and pub_parsed is not None:
                event.date, event.date_granularity = pub_parsed.iso, pub_parsed.granularity
            if sent is not None and event.location is None:
                where = place_in_span(sent, anchor)
                if where is not None:
                    event.location, event.place = where
        return article


def _ongoing(anchor: Any) -> bool:
    """"has been fighting X since 2014": the event is still going on at publication."""
    if anchor is None:
        return False
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
    return any(c.lower_ == "since" for c in verb.children) or any(
        c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children) for c in verb.children)


@register("when_where")
def make_when_where(ctx: PipelineContext, opts: dict[str, Any]) -> WhenWhere:
    return WhenWhere(ctx, opts)
