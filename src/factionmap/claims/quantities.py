"""Quantities: numbers an article states about an actor, with who says so and when.

Two measures matter for the map: fighter **strength** ("nearly 40,000
fighters", "a peak of about 3,000 to between 1,000 and 1,500", "as high as
300" operatives) and **casualties** attributed to an actor ("42 percent" of
civilian deaths). Number phrases are found on the surface (robust to parse
errors); the parse decides which actor a number is about (the mention closest
in the dependency tree, not a speaker, not a place after "in") and who claims
it (the claims already on events in that sentence, else the subjects of
say/estimate/report verbs and the sources after "citing"/"according to").
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import Article, Mention, Quantity
from ..pipeline import PipelineContext, register

_MONTHS = (r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    files = resources.files("factionmap.data")
    q = json.loads(files.joinpath("quantities.json").read_text("utf-8"))
    c = json.loads(files.joinpath("claims.json").read_text("utf-8"))
    q["speech_verbs"] = sorted(set(c.get("speech_verbs", [])) | {"estimate", "cite", "put"})
    return q


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    c = cues()
    qual = "|".join(sorted((re.escape(w) for w in c["qualifiers"]), key=len, reverse=True))
    nouns = "|".join(sorted((re.escape(w) for w in c["strength_nouns"]), key=len, reverse=True))
    num = rf"(?:{_NUM})(?:\s*(?:million|thousand))?"
    rng = rf"between\s+(?P<lo>{num})\s+and\s+(?P<hi>{num})|(?P<lo2>{num})\s*(?:-|–|to)\s*(?P<hi2>{num})"
    return {
        # "peak of about 3,000 to between 1,000 and 1,500"
        "peak": re.compile(
            rf"\bpeak\s+of\s+(?:(?:{qual})\s+)?(?P<peak>{num})\s+to\s+[“\"]?(?:{rng}|(?:(?:{qual})\s+)?(?P<one>{num}))",
            re.I),
        # "nearly 40,000 fighters", "between 1,000 and 1,500 militants", "3,000 core operatives"
        "counted": re.compile(
            rf"(?:\b(?P<q>{qual})\s+)?(?:{rng}|(?P<n>{num}))\s+(?:[A-Za-z-]+\s+){{0,2}}?(?P<noun>{nouns})\b", re.I),
        # "as high as 300", "up to 5,000" (noun elsewhere in the sentence)
        "bare": re.compile(rf"\b(?P<q>{qual})\s+(?:{rng}|(?P<n>{num}))\b(?!\s*(?:percent|per cent|%))", re.I),
        "range": re.compile(rf"\b(?:{rng})\b(?!\s*(?:percent|per cent|%))", re.I),
        "percent": re.compile(rf"(?:\b(?P<q>{qual})\s+)?(?P<n>{_NUM})\s*(?:percent|per cent|%)", re.I),
    }


def _value(text: str | None) -> float | None:
    if not text:
        return None
    t = text.lower().replace(",", "").strip()
    mult = 1.0
    for word, m in (("million", 1e6), ("thousand", 1e3)):
        if t.endswith(word):
            t, mult = t[: -len(word)].strip(), m
    try:
        return float(t) * mult
    except ValueError:
        return None


def _bounds(m: re.Match[str], qual: str | None = None) -> tuple[float | None, float | None]:
    g = m.groupdict()
    lo = _value(g.get("lo") or g.get("lo2"))
    hi = _value(g.get("hi") or g.get("hi2"))
    if lo is not None:
        return lo, hi
    n = _value(g.get("n") or g.get("one"))
    q = (qual or "").lower()
    if n is None:
        return None, None
    if q in ("as high as", "as many as", "up to", "at most", "less than", "fewer than", "under", "just under",
             "nearly", "almost", "close to"):
        return None, n
    if q in ("more than", "over", "at least", "just over", "well over", "as few as"):
        return n, None
    return n, n


class Quantities:
    """Finds strength and casualty-share claims and attaches them to actors."""

    name = "quantities"

    def __init__(self, ctx: PipelineContext | None = None, opts: dict[str, Any] | None = None):
        self.ctx = ctx
        self.opts = opts or {}

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None:
            return article
        found: list[Quantity] = []
        # mentions and events in text order, sliced per sentence by binary search (linear in length)
        mentions = sorted(article.mentions, key=lambda m: m.start)
        events = sorted(article.events, key=lambda e: e.evidence_start)
        self._mention_starts = [m.start for m in mentions]
        self._event_starts = [e.evidence_start for e in events]
        self._mentions, self._events = mentions, events
        for sent in doc.sents:
            try:
                found.extend(self._sentence(article, sent))
            except Exception as exc:  # one odd sentence never sinks the article
                article.notes.append(f"quantities: skipped sentence at {sent.start_char}: {exc}")
        article.quantities = found
        return article

    # -- one sentence ----------------------------------------------------
    def _sentence(self, article: Article, sent: Any) -> list[Quantity]:
        text = sent.text
        low = text.lower()
        c, p = cues(), patterns()
        has_strength_cue = any(w in low for w in c["strength_cues"]) or any(
            re.search(rf"\b{re.escape(n)}\b", low) for n in c["strength_nouns"])
        has_casualty = any(re.search(rf"\b{re.escape(n)}\b", low) for n in c["casualty_nouns"])
        if not (has_strength_cue or has_casualty):
            return []
        hits: list[tuple[int, int, str, float | None, float | None, str | None]] = []
        taken: list[tuple[int, int]] = []

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken)

        def date_like(a: int, b: int) -> bool:
            span = sent.doc.char_span(sent.start_char + a, sent.start_char + b, alignment_mode="expand")
            return span is not None and any(t.ent_type_ in ("DATE", "TIME", "MONEY") for t in span)

        if has_strength_cue:
            for m in p["peak"].finditer(text):
                lo, hi = _bounds(m)
                hits.append((m.start(), m.end(), "strength", lo, hi, "fighters"))
                taken.append((m.start(), m.end()))
            for m in p["counted"].finditer(text):
                if free(m.start(), m.end()) and not date_like(m.start(), m.end()):
                    lo, hi = _bounds(m, m.group("q"))
                    hits.append((m.start(), m.end(), "strength", lo, hi, m.group("noun").lower()))
                    taken.append((m.start(), m.end()))
            if any(w in low for w in c["strength_cues"]) or any(
                    re.search(rf"\b{re.escape(n)}\b", low) for n in c["strength_nouns"]):
                for key in ("bare", "range"):
                    for m in p[key].finditer(text):
                        if not free(m.start(), m.end()) or date_like(m.start(), m.end()):
                            continue
                        if self._counts_something_else(sent, m.end()):
                            continue
                        lo, hi = _bounds(m, m.groupdict().get("q"))
                        hits.append((m.start(), m.end(), "strength", lo, hi, None))
                        taken.append((m.start(), m.end()))
        if has_casualty:
            for m in p["percent"].finditer(text):
                if free(m.start(), m.end()):
                    lo, hi = _bounds(m, m.group("q"))
                    hits.append((m.start(), m.end(), "casualties", lo, hi, "percent"))
                    taken.append((m.start(), m.end()))
        if not hits:
            return []
        mentions = self._mentions[bisect_left(self._mention_starts, sent.start_char):
                                  bisect_left(self._mention_starts, sent.end_char)]
        speakers, speaker_tokens = self._claimants(article, sent, mentions)
        out = []
        pub = article.record.date
        for a, b, measure, lo, hi, unit in sorted(hits):
            anchor = self._anchor(sent, sent.start_char + a, sent.start_char + b)
            actor = self._actor(sent, anchor, mentions, speaker_tokens)
            if actor is None:
                continue
            if measure == "casualties":
                noun = next((n for n in sorted(c["casualty_nouns"], key=len, reverse=True)
                             if re.search(rf"\b{re.escape(n)}\b", low)), None)
                unit = f"percent of {noun}" if noun else "percent"
            ev_start = sent.start_char + (len(text) - len(text.lstrip()))
            ev_text = text.strip()
            out.append(Quantity(
                doc=article.id, actor=actor, measure=measure, value_text=re.sub(r"[“”\"]\s*", "", text[a:b]).strip(),
                low=lo, high=hi, unit=unit or self._unit_in(low), claimed_by=list(speakers),
                date=self._date(sent, pub, anchor) or pub, evidence=ev_text,
                evidence_start=ev_start, evidence_end=ev_start + len(ev_text),
            ))
        return out

    def _counts_something_else(self, sent: Any, end_char: int) -> bool:
        """"3,500 civilian deaths", "13 years": the number counts a noun that is not fighters."""
        after = sent.text[end_char:end_char + 40].lower()
        words = re.findall(r"[a-z-]+", after)[:2]
        nouns = set(cues()["strength_nouns"])
        if not words or words[0] in ("and", "to", "now", "at", "in", "but", "or", "by", "before", "after", "as",
                                     "this", "last", "then", "today", "currently"):
            return False
        return not any(w in nouns for w in words)

    def _unit_in(self, low: str) -> str | None:
        for n in sorted(cues()["strength_nouns"], key=len, reverse=True):
            if re.search(rf"\b{re.escape(n)}\b", low):
                return n
        return None

    @staticmethod
    def _anchor(sent: Any, a: int, b: int) -> Any:
        span = sent.doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return sent.root
        nums = [t for t in span if t.like_num]
        return nums[0] if nums else span.root

    # -- who the number is about ------------------------------------------
    def _actor(self, sent: Any, anchor: Any, mentions: list[Mention], speaker_tokens: set[int]) -> str | None:
        doc = sent.doc
        preps = set(cues()["location_preps"])
        best = None
        for m in mentions:
            if not m.actor or m.kind in ("outlet", "candidate"):
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            if any(t.i in speaker_tokens for t in span):
                continue
            root = span.root
            dist = _tree_distance(root, anchor)
            head = root
            while head.dep_ in ("compound", "amod", "nmod") and head.head is not head:
                head = head.head
            if head.dep_ == "pobj" and head.head.lower_ in preps:
                dist += 4  # "in Afghanistan": a place, not the group counted
            if m.kind == "person":
                dist += 2
            key = (dist, root.i > anchor.i, abs(root.i - anchor.i))
            if best is None or key < best[0]:
                best = (key, m.actor)
        return best[1] if best else None

    # -- who says so --------------------------------------------------------
    def _claimants(self, article: Article, sent: Any, mentions: list[Mention]) -> tuple[list[str], set[int]]:
        doc = sent.doc
        verbs = set(cues()["speech_verbs"])
        names: list[str] = []
        tokens: set[int] = set()
        for ev in self._events[bisect_left(self._event_starts, sent.start_char):
                               bisect_left(self._event_starts, sent.end_char)]:
            if ev.claimed_by:
                names.extend(ev.claimed_by)
        by_token = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                for t in span:
                    by_token[t.i] = m
        sources = []  # (order, token) of the claimant phrases
        for t in sent:
            if t.lemma_.lower() in verbs and t.pos_ in ("VERB", "AUX"):
                for ch in t.children:
                    if ch.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() != "cite":
                        sources.append((0 if t.dep_ == "ROOT" else 1, ch))
                    if t.lemma_.lower() in ("cite", "quote") and ch.dep_ == "dobj":
                        sources.append((2, ch))
            if t.lower_ == "according":
                for to in t.children:
                    for ob in to.children:
                        if ob.dep_ == "pobj":
                            sources.append((3, ob))
        found: list[str] = []
        for _, head in sorted(sources, key=lambda x: (x[0], x[1].i)):
            sub = list(head.subtree)
            tokens.update(t.i for t in sub)
            seen = []
            for t in sub:
                m = by_token.get(t.i)
                if m is not None and m not in seen and _in_core(t, head):
                    seen.append(m)
            for m in seen:
                if m.kind == "outlet":
                    found.append(m.actor or m.text)
                elif m.actor:
                    found.append(m.actor)
                if m.person:
                    found.append(m.person)
        if not names:
            names = found
        return list(dict.fromkeys(n for n in names if n)), tokens

    @staticmethod
    def _date(sent: Any, pub: str | None, anchor: Any) -> str | None:
        from ..context.dates import date_in_span

        try:
            got = date_in_span(sent, pub)
        except Exception:
            return None
        # only dates the sentence states outright ("October 2015", "April of this year");
        # a relative "last year" dates what is counted, not the claim
        if got and (re.search(r"\b\d{4}\b", got[2]) or re.search(_MONTHS, got[2], re.I)):
            return got[0]
        return None


_CORE_DEPS = {"compound", "amod", "nmod", "poss", "conj", "cc", "det", "flat", "case"}


def _in_core(tok: Any, head: Any) -> bool:
    """Token belongs to the noun phrase's core ("the U.S. military", "U.S. and NATO"), not an appositive."""
    while tok.i != head.i:
        if tok.dep_ not in _CORE_DEPS or tok.head is tok:
            return False
        tok = tok.head
    return True


def _tree_distance(a: Any, b: Any) -> int:
    """Edges between two tokens in the dependency tree."""
    up_a = [a] + list(a.ancestors)
    up_b = [b] + list(b.ancestors)
    pos_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in pos_b:
            return n + pos_b[t.i]
    return len(up_a) + len(up_b)


@register("quantities")
def make_quantities(ctx: PipelineContext, opts: dict[str, Any]) -> Quantities:
    return Quantities(ctx, opts)
