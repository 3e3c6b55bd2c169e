"""The claim layer: how the article presents each event, and who claims it.

Status is read from the trigger's place in the sentence: under a speech or
reporting verb ("WSJ reported that ...", "..., Mujahid told Tasnim, according
to Afghanistan Times") it is *reported* and the speakers, outermost first,
are ``claimed_by``; under allegation cues ("allegedly", "accused X of ...") it
is *alleged*; under a denial ("X denied the suggestion that ...", "..., a claim
that the Kremlin denies") it is *denied* and the denier is named first.
Aux modes come from auxiliaries, negation, conditionals and time.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..events.arguments import MentionIndex
from ..model import Article, Event
from ..pipeline import PipelineContext, register

# Verbal acts a party performs by announcing them ("X said it recognised / condemned / rejected Y").
PERFORMATIVE = frozenset({"SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN", "AGREE", "CONCEDE"})
# Material hostile acts that a promise or a plan can name as its object ("pledged more attacks on Y")
PROMISABLE_ACTS = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
CLAUSE_EDGES = {"ccomp", "parataxis", "xcomp", "advcl", "conj", "acl", "relcl", "pcomp"}


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("factionmap.data").joinpath("claims.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


class ClaimStatus:
    name = "claims"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None or not article.events:
            return article
        index = MentionIndex(article)
        trigger_tokens = {}
        for ev in article.events:
            tok = _token_at(doc, ev.trigger_start)
            if tok is not None:
                trigger_tokens[id(ev)] = tok
        all_triggers = {t.i for t in trigger_tokens.values()}
        pub = article.record.date
        for ev in article.events:
            tok = trigger_tokens.get(id(ev))
            if tok is None:
                continue
            nested = _nested_under_trigger(tok, all_triggers)
            status, claimed = _status(tok, ev, index, nested)
            if status == "reported" and claimed[:1] == [ev.actor] and ev.type in PERFORMATIVE:
                status = "asserted"  # "X said it had recognised Y": saying so is the act
            ev.status = status
            ev.claimed_by = _dedupe_names(claimed)
            ev.aux = _aux(tok, ev, pub)
            if nested:
                ev.confidence = min(ev.confidence, 0.5)
        _next_sentence_attribution(article, index)
        return article


def _next_sentence_attribution(article: Article, index: MentionIndex) -> None:
    """A denial or a source in the next sentence reaches the events of the one before: "X armed
    Y, a report said. X denied the report." / "Y clashed with Z. Agency W reported the clashes."

    Only a sentence whose main verb denies or reports something it names as a claim, a pronoun
    or an event noun ("the report", "it", "the clashes") and says nothing of its own (no
    complement clause); a denial reaches only the events its denier takes part in."""
    c = cues()
    doc = article.spacy_doc
    by_sentence: dict[int, list[Event]] = {}
    for ev in article.events:
        if ev.sentence is not None:
            by_sentence.setdefault(ev.sentence, []).append(ev)
    for sentence in article.sentences:
        if sentence.index == 0:
            continue
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        lemma = root.lemma_.lower()
        objects = [ch for ch in root.children if ch.dep_ in ("dobj", "obj")]
        if not objects or any(ch.dep_ in ("ccomp", "xcomp") for ch in root.children):
            continue
        referring = all(o.pos_ == "PRON" or o.lemma_.lower() in c["claim_nouns"] or o.lower_ in c["claim_nouns"]
                        or o.lemma_.lower() in c["event_reference_nouns"] for o in objects)
        if not referring:
            continue
        previous = next((i for i in (sentence.index - 1, sentence.index - 2) if i in by_sentence), None)
        if previous is None:
            continue
        targets = by_sentence[previous]
        speakers = _dedupe_names(_speakers(root, index))
        if not speakers:
            continue
        if lemma in c["deny_verbs"]:
            for ev in targets:
                if ev.status != "denied" and speakers[0] in (ev.actor, ev.recipient):
                    ev.status = "denied"
                    ev.claimed_by = _dedupe_names(speakers + ev.claimed_by)
        elif lemma in c["speech_verbs"] and lemma not in c["responsibility_verbs"]:
            for ev in targets:
                if ev.status == "asserted":
                    ev.status = "reported"
                    ev.claimed_by = speakers


def _token_at(doc: Any, offset: int | None) -> Any:
    if offset is None:
        return None
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _ancestors(tok: Any) -> list[Any]:
    out = []
    t = tok
    while t.head.i != t.i and len(out) < 12:
        out.append((t.dep_, t.head))
        t = t.head
    return out


def _nested_under_trigger(tok: Any, triggers: set[int]) -> bool:
    """A trigger inside another event's adjunct ("supporting X in their fight against Y")."""
    t = tok
    passed_prep = False
    while t.head.i != t.i:
        prep = t if t.dep_ == "prep" else t.head if t.dep_ in ("pobj", "pcomp") else None
        if prep is not None and prep.lower_ not in ("of", "for"):  # "accused X of Y-ing" is content
            passed_prep = True
        t = t.head
        if t.i in triggers and passed_prep:
            return True
        if t.dep_ in ("ccomp", "parataxis") or t.pos_ == "AUX":
            break
    return False


def _speakers(verb: Any, index: MentionIndex) -> list[str]:
    """Who speaks through ``verb``: its subject, then whom it was told to, then "according to" sources."""
    names: list[str] = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "agent"):
            heads = [p for p in c.children if p.dep_ == "pobj"] if c.dep_ == "agent" else [c]
            for h in heads:
                names.extend(_source_names(h, index))
    for c in verb.children:
        if c.dep_ in ("dative", "dobj") and verb.lemma_.lower() in ("tell", "inform", "brief"):
            names.extend(_source_names(c, index))
    names.extend(_according_to(verb, index))
    if not names and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
        # a subject the parser lost: the outlet named just before; "officials said" names no one
        names.extend(_nearest_source_before(verb, index))
    for c in verb.children:  # "..., citing Afghan officials, reported ..."
        if c.lemma_.lower() == "cite" and c.dep_ in ("advcl", "conj", "xcomp"):
            names.extend(n for t in c.children if t.dep_ == "dobj" for n in _source_names(t, index))
    if verb.dep_ == "conj" and verb.head.lemma_.lower() == "cite":
        names.extend(n for t in verb.head.children if t.dep_ == "dobj" for n in _source_names(t, index))
    return names


def _nearest_source_before(verb: Any, index: MentionIndex) -> list[str]:
    """A speech verb the parser left without a subject: the last outlet named before it."""
    before = [t for t in verb.sent if t.i < verb.i and index.source_at(t) is not None]
    outlets = [t for t in before if index.source_at(t).kind == "outlet"]
    return [index.source_at(outlets[-1]).actor] if outlets else []


def _source_names(tok: Any, index: MentionIndex) -> list[str]:
    out = []
    for t in tok.subtree:
        m = index.source_at(t)
        if m is not None and m.actor not in out:
            out.append(m.actor)
    if not out:
        m = index.pronoun(tok) if tok.pos_ == "PRON" else None
        if m is not None:
            out.append(m.actor)
    return out


def _according_to(tok: Any, index: MentionIndex) -> list[str]:
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for t in c.subtree:
                m = index.source_at(t)
                if m is not None and m.actor not in out:
                    out.append(m.actor)
    return out


def _status(tok: Any, ev: Event, index: MentionIndex, nested: bool) -> tuple[str, list[str]]:
    c = cues()
    sent = tok.sent
    chain = _ancestors(tok)
    reporters: list[list[str]] = []  # one group per reporting clause, innermost first
    reported = False
    alleged = False
    alleged_by: list[str] = []
    denied_by: list[str] | None = None

    # the act of accusing is told as done ("the UN alleged that ...", "X denied claims by Y that ..."):
    # the trigger's own allegation word, and a denial of the claim it names, are about its content
    own_claim = ev.type == "ACCUSE" and tok.lower_ in c["alleged_cues"] | c["claim_nouns"]

    # 1. what the trigger hangs from
    for dep, head in chain:
        lemma = head.lemma_.lower()
        if own_claim and head.i == tok.head.i and tok.pos_ == "NOUN" and lemma in c["deny_verbs"]:
            continue
        if lemma in c["deny_verbs"] and head.pos_ in ("VERB", "AUX") and dep in ("ccomp", "xcomp", "dobj", "pcomp", "acl", "relcl"):
            if _refused_request(tok, ev, dep, head):
                continue
            denied_by = _speakers(head, index) + _stray_claim_owners(head, dep, index)
            break
        # (a "that"-clause the parser hangs on the noun as an adverbial one, "US claims that it backs Z", too)
        if lemma in c["claim_nouns"] and head.pos_ == "NOUN" and dep in ("acl", "relcl", "ccomp", "advcl"):
            alleged_by.extend(_claim_owners(head, index))  # "claims by the US that ...": the accuser
            deny = _denial_of(head, c)
            if deny is not None:
                denied_by = _speakers(deny, index)
                break
            alleged = True
        if lemma == "accuse" and dep in ("prep", "pcomp", "pobj", "advcl"):
            alleged = True
            alleged_by.extend(_speakers(head, index))
        if lemma in c["speech_verbs"] and dep in CLAUSE_EDGES | {"dobj"} and head.pos_ in ("VERB", "AUX"):
            reported = True
            reporters.append(_speakers(head, index))
        reporters.append(_according_to(head, index))
    reporters.insert(0, _according_to(tok, index))

    # 2. attribution clauses hanging off the trigger's own clause ("…, WSJ reported."),
    #    and denials or allegations elsewhere in the sentence ("…, a claim that X denies")
    root = sent.root
    clause_heads = {tok.i} | {h.i for _, h in chain}
    background = any(dep in ("relcl", "appos") for dep, _ in chain)  # "Russia, which has been fighting X, ..."
    own_clause = {tok.i}
    for dep, h in chain:
        if dep in ("relcl", "appos"):
            break
        own_clause.add(h.i)
    for t in sent:
        lemma = t.lemma_.lower()
        if t.dep_ in ("parataxis", "ccomp") and t.head.i in clause_heads and lemma in c["speech_verbs"] and t.i != tok.i \
                and not any(ch.dep_ == "mark" for ch in t.children):
            if any(ch.dep_ in ("nsubj", "nsubjpass") for ch in t.children) and t.i not in clause_heads:
                reported = True
                reporters.append(_speakers(t, index))
        if denied_by is None and not nested and not background and lemma in c["deny_verbs"] and t.pos_ in ("VERB",) and t.i not in clause_heads:
            obj = [ch for ch in t.children if ch.dep_ in ("dobj", "ccomp")]
            claimish = any(o.lemma_.lower() in c["claim_nouns"] or o.pos_ == "PRON" or o.dep_ == "ccomp" for o in obj)
            relcl_on_claim = t.dep_ in ("relcl", "acl") and t.head.lemma_.lower() in c["claim_nouns"]
            # "X denied reports that Y ...": only what the reports say is denied, found above;
            # "..., a claim that X denies" / "but X denied those allegations": the rest of the sentence is
            has_content = any(ch.dep_ in ("acl", "ccomp", "relcl") for o in obj for ch in o.children)
            inside_denial = tok.i in {x.i for x in t.subtree}
            # "X accuses Y of Z, which Y denies": Y denies Z, not that X accused
            about_content = _in_complement(t, tok)
            if (claimish or relcl_on_claim) and not has_content and not inside_denial and not about_content:
                denied_by = _speakers(t, index)
    for t in sent:
        if t.lower_ in c["alleged_cues"] and (t.head.i in own_clause or t.i in own_clause) and not (own_claim and t.i == tok.i):
            alleged = True
        if t.lower_ in c["reported_adverbs"] and t.head.i in own_clause:
            reported = True
    if root.lemma_.lower() in c["speech_verbs"] and root.i not in clause_heads and root.i != tok.i:
        reported = True
        reporters.append(_speakers(root, index))

    # speakers were collected innermost clause first; the outermost reporter leads
    outer_first = _dedupe_names([n for group in reversed(reporters) for n in group])
    if denied_by is not None:
        return "denied", denied_by + alleged_by + outer_first
    if alleged:
        return "alleged", alleged_by + outer_first
    if reported:
        return "reported", outer_first
    return "asserted", []


def _refused_request(tok: Any, ev: Event, dep: str, verb: Any) -> bool:
    """"X rejected Y's demands": the demand was made (asserted); only its acceptance was refused,
    which is X's REJECT (guide: rejecting a demand or proposal is REJECT), not a denial."""
    return ev.type == "REQUEST" and tok.pos_ == "NOUN" and dep == "dobj" and tok.head.i == verb.i


def _stray_claim_owners(verb: Any, dep: str, index: MentionIndex) -> list[str]:
    """"X rejected claims by Y that it armed Z", the "that"-clause hung on the denying verb, not on
    the claim noun it completes: the claim's owners are the accusers, listed after the denier."""
    if dep != "ccomp":
        return []
    c = cues()
    return [n for o in verb.children if o.dep_ == "dobj" and o.lemma_.lower() in c["claim_nouns"]
            for n in _claim_owners(o, index)]


def _claim_owners(noun: Any, index: MentionIndex) -> list[str]:
    """Who makes the claim a claim noun names ("claims by X", "X's allegation", "a US claim"): under a
    denial the guide lists them after the denier."""
    names: list[str] = []
    for ch in noun.children:
        if ch.dep_ == "poss" or (ch.dep_ in ("compound", "amod", "nmod") and ch.i < noun.i):
            names.extend(_source_names(ch, index))
        elif ch.dep_ == "prep" and (ch.lower_ == "by" or (ch.lower_ == "from" and _owned_from(noun))):
            names.extend(n for p in ch.children if p.dep_ == "pobj" for n in _source_names(p, index))
    return names


def _owned_from(noun: Any) -> bool:
    """"accusations from Congo that ...": an accusation, allegation or claim "from" X is X's; a report
    "from" a place only says where it came from."""
    return noun.lemma_.lower() in cues()["owned_from_nouns"]


def _in_complement(tok: Any, speech: Any) -> bool:
    """Whether ``tok`` sits in what a speech act says ("accused Y of [..]", "said that [..]")."""
    for c in speech.children:
        if c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and any(p.dep_ == "pcomp" for p in c.children)):
            if tok.i in {x.i for x in c.subtree}:
                return True
    return False


def _denial_of(noun: Any, c: dict) -> Any:
    """"a claim that the Kremlin denies": the denying verb attached to a claim noun."""
    for ch in noun.children:
        if ch.dep_ in ("relcl", "acl") and ch.lemma_.lower() in c["deny_verbs"]:
            return ch
    if noun.head.lemma_.lower() in c["deny_verbs"] and noun.dep_ in ("dobj", "nsubjpass"):
        return noun.head
    return None


def _aux(tok: Any, ev: Event, pub_date: str | None) -> list[str]:
    c = cues()
    aux: list[str] = []
    verb = tok if tok.pos_ in ("VERB", "AUX") else _governing_verb(tok)
    scope = [tok] + ([verb] if verb is not None and verb.i != tok.i else [])
    kids = [ch for s in scope for ch in s.children]
    low = {ch.lower_ for ch in kids}
    if any(ch.dep_ == "neg" for ch in kids) or ("no" in low and tok.pos_ == "NOUN"):
        aux.append("negated")
    conditional = any(ch.dep_ == "mark" and ch.lower_ in ("if", "unless") for s in scope for ch in s.children)
    modal_hypo = low & {"could", "might", "may", "should"}
    hypo_amod = any(ch.dep_ == "amod" and ch.lower_ in c["hypothetical_cues"] for ch in tok.children)
    if ev.type != "THREATEN" and (conditional or modal_hypo or hypo_amod):
        aux.append("hypothetical")
    elif ev.type != "THREATEN":
        future_aux = low & {"will", "shall", "'ll", "wo"}
        would = "would" in low
        controller = verb.head if verb is not None and _controlled(verb) else None
        planned = controller is not None and controller.lemma_.lower() in c["future_cues"]
        planned = planned or _promised_act(tok, ev, c)
        if future_aux or would or planned:
            aux.append("future")
    if _historical(tok, ev, pub_date):
        aux.append("historical")
    return aux


def _promised_act(tok: Any, ev: Event, c: dict) -> bool:
    """"X pledged more attacks on Y", "X planned an offensive against Y": a hostile act named as the
    object of a promise or a plan has not happened yet (the guide: promises and planned actions get
    future)."""
    head = tok.head
    return (ev.type in PROMISABLE_ACTS and tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj")
            and head.pos_ == "VERB" and head.lemma_.lower() in c["future_cues"])


def _controlled(verb: Any) -> bool:
    """A verb whose subject is its head's ("pledged to withdraw"); "agreed with X to stop attacks",
    where the parser hangs the infinitive on the head as an adverbial clause, too."""
    return verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and verb.tag_ == "VB"
                                    and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children))


def _governing_verb(tok: Any) -> Any:
    t = tok
    for _ in range(4):
        if t.head.i == t.i:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _historical(tok: Any, ev: Event, pub_date: str | None) -> bool:
    """Background a year or more before the article: "after 13 years of fighting", "then-", old dates."""
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            break
        head = t.head
        if head.lemma_.lower() in ("year", "decade") and any(ch.like_num for ch in head.children):
            if head.head.lower_ in ("after", "following"):
                return True
        t = head
    ongoing = any(t.lower_ == "since" for t in tok.subtree) or any(
        t.lower_ == "since" for t in (tok.head.subtree if tok.head.i != tok.i else []))
    if ev.date and pub_date and len(ev.date) >= 4 and len(pub_date) >= 4 and not ongoing:
        try:
            return int(pub_date[:4]) - int(ev.date[:4]) >= 2
        except ValueError:
            return False
    return False


def _dedupe_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n and n not in out:
            out.append(n)
    return out


@register("claims")
def make_claims(ctx: PipelineContext, opts: dict[str, Any]) -> ClaimStatus:
    return ClaimStatus(ctx)
