"""The "when_where" component: date and place for each event, read from its sentence.

The sentence is found from the event's evidence offsets (falling back to its
sentence index), the trigger token from its offset. A date stated in the
sentence wins; otherwise the event takes the publication date at its own
precision. The place is filled only when the sentence names one, picked from
the ``places`` layer (read once per document); dates come from the document's
entities listed once and grouped by sentence, so the cost stays linear in length.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Article, Event, PlaceMention
from ..pipeline import PipelineContext, register
from .dates import date_in_span, parse_pub, refers_back
from .places import Places, gazetteer, pick_place


def _main_verb(span: Any) -> Any:
    """Without a trigger, the evidence's highest verb stands for the event (its root may be a noun)."""
    verbs = [t for t in span if t.pos_ == "VERB"]
    if not verbs:
        return span.root
    return min(verbs, key=lambda t: (sum(1 for _ in t.ancestors), t.i))


def _anchor(doc: Any, event: Event) -> Any:
    """The trigger token: at its offset, else found in the evidence, else the evidence's main verb."""
    if event.trigger_start is not None:
        span = doc.char_span(event.trigger_start, event.trigger_start + 1, alignment_mode="expand")
        if span is not None and len(span):
            return span[0]
    if event.evidence_end <= event.evidence_start:
        return None
    span = doc.char_span(event.evidence_start, event.evidence_end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if event.trigger and event.evidence:
        m = re.search(re.escape(event.trigger), event.evidence, flags=re.I)
        if m:
            tspan = doc.char_span(event.evidence_start + m.start(), event.evidence_start + m.end(),
                                  alignment_mode="expand")
            if tspan is not None and len(tspan):
                return tspan.root
    return _main_verb(span)


def _date_ents(doc: Any, sentence_of: Any) -> dict[int, list[Any]]:
    """The document's DATE entities by sentence, listed in one pass."""
    out: dict[int, list[Any]] = {}
    for ent in doc.ents:
        if ent.label_ == "DATE":
            i = sentence_of(ent.start_char)
            if i is not None:
                out.setdefault(i, []).append(ent)
    return out


_LOOK_BACK = 3  # sentences searched for the day that "later the same day" counts from


class _StatedDays:
    """The day each sentence states, for "later the same day" in the sentences after it.

    Memoised per sentence, so a document is read once however many events
    point back; a chain of pointing-back sentences is followed a few steps deep.
    """

    def __init__(self, article: Article, doc: Any, pub: str | None, dates: dict[int, list[Any]]):
        self.article, self.doc, self.pub, self.dates = article, doc, pub, dates
        self.memo: dict[int, str | None] = {}

    def before(self, index: int, depth: int = 0) -> str | None:
        """The last day stated in the few sentences before sentence ``index``."""
        for j in range(index - 1, max(-1, index - 1 - _LOOK_BACK), -1):
            day = self.stated(j, depth)
            if day is not None:
                return day
        return None

    def stated(self, j: int, depth: int = 0) -> str | None:
        if j not in self.memo:
            s = self.article.sentences[j]
            span = self.doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is None:
                return None
            ref = self.before(j, depth + 1) if depth < _LOOK_BACK and refers_back(span.text) else None
            found = date_in_span(span, self.pub, None, self.dates.get(j, []), reference=ref)
            self.memo[j] = found[0] if found is not None and found[1] == "day" else None
        return self.memo[j]


def _told_in_past(anchor: Any) -> bool:
    """"The group claimed the attack", "were killed", "had fled": a past act, which happened where
    the story is. Standing relations ("have long been enemies") and epithets carry no place."""
    if anchor is None:
        return False
    verb = anchor
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _place_before(article: Article, doc: Any, index: int) -> PlaceMention | None:
    """A sentence that names no place ("The group claimed the attack.") is set where the sentence
    before it in the same paragraph is."""
    by_sentence = article.places_by_sentence or {}
    for j in range(index - 1, max(-1, index - 1 - _LOOK_BACK), -1):
        if "\n" in article.text[article.sentences[j].end:article.sentences[j + 1].start]:
            return None
        found = pick_place(by_sentence.get(j, []), doc)
        if found is not None:
            return found
    return None


class WhenWhere:
    name = "when_where"

    def __init__(self, ctx: PipelineContext | None = None, opts: dict[str, Any] | None = None):
        opts = opts or {}
        self.pub_fallback = bool(opts.get("publication_date_fallback", True))
        self.places = Places(ctx)  # for lines that leave out the places component
        if ctx is not None:
            ctx.get("gazetteer", gazetteer)  # load once per process, before the first article

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        pub = article.record.date
        pub_parsed = parse_pub(pub)
        if doc is not None and article.places_by_sentence is None:
            self.places(article)
        sentence_of = article.sentence_at
        dates = _date_ents(doc, sentence_of) if doc is not None and (article.events or article.open_events) else {}
        stated = _StatedDays(article, doc, pub, dates)
        for event in article.events + article.open_events:
            index = sentence_of(event.evidence_start) if event.evidence_end > event.evidence_start else None
            if index is None:
                index = event.sentence
            sent = anchor = None
            if doc is not None and index is not None and 0 <= index < len(article.sentences):
                s = article.sentences[index]
                sent = doc.char_span(s.start, s.end, alignment_mode="expand")
                anchor = _anchor(doc, event)
                if anchor is not None and not (sent.start <= anchor.i < sent.end):
                    anchor = None
            if sent is not None and event.date is None and not _ongoing(anchor):
                ref = stated.before(index) if refers_back(sent.text) else None
                found = date_in_span(sent, pub, anchor, dates.get(index, []), reference=ref)
                if found is not None:
                    event.date, event.date_granularity, _ = found
            if event.date is None and self.pub_fallback and pub_parsed is not None:
                event.date, event.date_granularity = pub_parsed.iso, pub_parsed.granularity
            if sent is not None and event.location is None:
                where = pick_place((article.places_by_sentence or {}).get(index, []), doc, anchor)
                if where is None and _told_in_past(anchor):
                    where = _place_before(article, doc, index)
                if where is not None:
                    event.location, event.place = where.text, where.place
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
