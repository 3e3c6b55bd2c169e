"""Implied parties: "the war", "a two-year-old ceasefire", "the talks" in a story about one conflict.

News names a conflict's parties once and then speaks of "the civil war", "the ceasefire", "the
peace process" or "the talks", or of one side's talks with no other side named ("the peace
process Erdogan launched"). The rules need both parties in the clause, so those events are lost.
A side that withdraws, retreats or surrenders with no one named gives way to its adversary,
and one that breaks or violates the truce breaks it with its adversary.
This component reads the article's principal conflict dyad — the pair the rules found fighting
most often in it — and gives a party-less nominal war, truce or talks to that dyad, and a
one-party one to that party's principal adversary. A mediator named with the talks ("with Oman mediating", "under
the auspices of Egypt", "negotiations led by the AU") talks with each party.

Only a closed set of nouns that always have two sides (``implied_party_nouns``) is read, only
where the rules found no event on the noun, and never where the noun is placed in a country
neither party belongs to ("the war in Ukraine" in a story about Sudan).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Article, Event, Mention
from ..pipeline import PipelineContext, register
from .arguments import MentionIndex
from .extract import _pairs, sentence_mediators
from .lexicon import argument_words, default_lexicon

_WORDS = argument_words()
IMPLIED = _WORDS["implied_party_nouns"]
PARTY_KINDS = ("state", "armed_group", "igo")
FIGHTING = frozenset({"ASSAULT", "COERCE"})
PEACEMAKING = frozenset({"AGREE", "CONSULT", "RETREAT", "CONCEDE"})
YIELDING = frozenset({"RETREAT", "CONCEDE"})
YIELDING_VERBS = _WORDS["yielding_verbs"]
RUPTURE_VERBS = _WORDS["rupture_verbs"]
BREAKING_VERBS = _WORDS["breaking_verbs"]
AVOIDING = _WORDS["avoiding"]


class ImpliedParties:
    name = "implied_parties"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx
        self.lexicon = default_lexicon()

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None or not article.mentions:
            return article
        index = MentionIndex(article)
        co = _fighting_pairs(article)
        dyad = _principal(co)
        if dyad is None:
            return article
        used = {e.trigger_start for e in article.events}
        known = {(frozenset((e.actor, e.recipient)), e.type) for e in article.events if e.mutual}
        by_actor = {m.actor: m for m in article.mentions if m.actor}
        added: list[Event] = []
        for sentence in article.sentences:
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                lemma = tok.lemma_.lower()
                if tok.pos_ == "VERB" and tok.idx not in used:
                    added.extend(self._yielding(article, sentence, tok, index, co, by_actor))
                    continue
                if tok.pos_ != "NOUN" or lemma not in IMPLIED or tok.idx in used or tok.dep_ == "compound":
                    continue
                trig = self.lexicon.nouns.get(lemma)
                if trig is None or not trig.mutual:
                    continue
                if tok.head.lemma_.lower() in AVOIDING or tok.head.head.lemma_.lower() in AVOIDING:
                    continue  # "to avoid confrontation with X": there is none
                rupture = _broken_truce(tok, self.lexicon)  # "the collapse of the ceasefire"
                breaker = _breaker(tok, index, self.lexicon)  # "Hamas broke the ceasefire"
                if breaker is not None:
                    other = _counterpart(co, breaker.actor)
                    if other in by_actor:
                        added.extend(_pairs(article, sentence, tok.head, self.lexicon.nouns["collapse"],
                                            [breaker], [by_actor[other]], False))
                    continue
                parties = self._parties(tok, index)
                if len(parties) >= 2:
                    continue  # the rules had both and chose not to link them
                if len(parties) == 1:
                    x = parties[0].actor
                    y = _counterpart(co, x)
                    pair = (x, y) if y else None
                else:
                    pair = dyad
                if pair is None or not self._placed_with(tok, pair, index):
                    continue
                a, b = by_actor.get(pair[0]), by_actor.get(pair[1])
                if a is None or b is None:
                    continue
                if (frozenset(pair), trig.type) not in known:  # else "the clashes" told already
                    added.extend(_pairs(article, sentence, tok, trig, [a], [b], True))
                if rupture is not None:  # the truce held once, and then broke
                    added.extend(_pairs(article, sentence, tok, rupture, [a], [b], True))
                if trig.type in ("CONSULT", "AGREE"):
                    for mediator in (m for m in sentence_mediators(tok, index) if m.actor not in pair):
                        med = self.lexicon.nouns["mediation"]
                        added.extend(_pairs(article, sentence, tok, med, [mediator], [a, b], True))
        for ev in added:
            ev.confidence = min(ev.confidence, 0.6)
        article.events.extend(added)
        return article

    def _yielding(self, article: Article, sentence: Any, verb: Any, index: MentionIndex, co: Counter,
                  by_actor: dict[str, Mention]) -> list[Event]:
        """"Government forces withdrew", "the military was forced to retreat": one side gives way,
        and it gives way to its adversary."""
        trig = self.lexicon.verbs.get(verb.lemma_.lower())
        if trig is None or trig.type not in YIELDING or verb.lemma_.lower() not in YIELDING_VERBS:
            return []
        actors = [m for m in index.subjects(verb) if m.kind in PARTY_KINDS]
        if len(actors) != 1:
            return []
        other = _counterpart(co, actors[0].actor)
        if other is None or other not in by_actor:
            return []
        return list(_pairs(article, sentence, verb, trig, actors, [by_actor[other]], False))

    def _parties(self, noun: Any, index: MentionIndex) -> list[Mention]:
        """Who the noun's own clause names as a party: owner, "with/between X", the subject of the
        verb it is the object of ("X launched a peace process", "talks X held")."""
        found = list(index.noun_owner(noun))
        for _, ms in index.prep_objects(noun, {"with", "between", "against", "among"}):
            found.extend(ms)
        for c in noun.children:
            if c.dep_ in ("relcl", "acl") and c.pos_ == "VERB":
                found.extend(index.subjects(c))
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        if noun.dep_ in ("dobj", "attr", "nsubjpass", "pobj") and head.pos_ in ("VERB", "AUX"):
            found.extend(index.subjects(head))
        out, seen = [], set()
        for m in found:
            if m.actor and m.actor not in seen and m.kind in PARTY_KINDS + ("person",):
                seen.add(m.actor)
                out.append(m)
        return out

    def _placed_with(self, noun: Any, pair: tuple[str, str], index: MentionIndex) -> bool:
        """False for "the war in Ukraine" when neither party is Ukrainian."""
        article = index.article
        here = (article.places_by_sentence or {}).get(article.sentence_at(noun.idx), [])
        countries = {a.country for name in pair if (a := self.ctx.actors.get(name)) is not None and a.country}
        sub = {t.i for t in noun.subtree}
        return not any(p.token_start in sub and p.place and p.place.get("iso3") and countries
                       and p.place["iso3"] not in countries for p in here)


def _broken_truce(noun: Any, lexicon: Any) -> Any:
    """The rupture trigger when a truce or talks noun is what collapsed, broke down or was
    suspended ("the collapse of the ceasefire", "the ceasefire collapsed"), else None."""
    if lexicon.nouns.get(noun.lemma_.lower()) is None or \
            lexicon.nouns[noun.lemma_.lower()].type not in ("AGREE", "CONSULT"):
        return None
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("of", "in"):
        rupture = lexicon.nouns.get(head.head.lemma_.lower())
        if rupture is not None and rupture.type == "SANCTION" and rupture.mutual:
            return rupture
    if noun.dep_ == "nsubj" and head.lemma_.lower() in RUPTURE_VERBS:
        return lexicon.nouns.get("collapse")
    return None


def _breaker(noun: Any, index: MentionIndex, lexicon: Any) -> Mention | None:
    """Who broke, violated or abandoned the truce or talks ``noun`` names, when the clause says
    ("Hamas broke the ceasefire", "accused Hamas of violating the truce"); None otherwise."""
    head = noun.head
    if noun.dep_ not in ("dobj", "obj") or head.lemma_.lower() not in BREAKING_VERBS:
        return None
    trig = lexicon.nouns.get(noun.lemma_.lower())
    if trig is None or trig.type not in ("AGREE", "CONSULT"):
        return None
    who = [m for m in index.subjects(head) if m.kind in PARTY_KINDS]
    return who[0] if len(who) == 1 else None


def _fighting_pairs(article: Article) -> Counter:
    """Unordered pairs the rules found fighting in the article, with how often; where they found
    none, the pairs they found making or breaking peace ("reached a peace deal", "held talks")."""
    for types in (FIGHTING, PEACEMAKING):
        co: Counter = Counter()
        for e in article.events:
            if e.type in types and e.actor and e.recipient and e.trigger != "mediation" \
                    and (types is FIGHTING or e.mutual):
                co[tuple(sorted((e.actor, e.recipient)))] += 1
        if co and (types is FIGHTING or max(co.values()) >= 2):
            return co
    return Counter()


def _principal(co: Counter) -> tuple[str, str] | None:
    """The pair found fighting most often, when one pair clearly leads."""
    ranked = co.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _counterpart(co: Counter, actor: str) -> str | None:
    """The one actor ``actor`` was found fighting most often."""
    scores = {(b if a == actor else a): n for (a, b), n in co.items() if actor in (a, b)}
    if not scores:
        return None
    best = max(scores.values())
    top = [k for k, n in scores.items() if n == best]
    return top[0] if len(top) == 1 else None


@register("implied_parties")
def make_implied(ctx: PipelineContext, opts: dict[str, Any]) -> ImpliedParties:
    return ImpliedParties(ctx)

