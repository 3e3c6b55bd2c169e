"""Mentions: which spans of the text stand for which actor.

Entities from the dictionary rulers resolve directly; people resolve to the
organisation they speak for (from the dictionary, or from the text: "Taliban
spokesman X", "X, the Taliban spokesman"); "<demonym> <organ>" ("Iranian
border guards") resolves to the state; organisations the dictionary does not
know are kept as candidates when they look like armed groups or parties.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from ..context.places import sentence_country, sentence_place_country
from ..model import Article, Mention
from ..pipeline import PipelineContext, register

ACTOR_LABELS = {"ACTOR", "OUTLET", "PERSON_ACTOR"}


@lru_cache(maxsize=1)
def mention_words() -> dict[str, frozenset[str]]:
    raw = json.loads(resources.files("factionmap.data").joinpath("mention_words.json").read_text("utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def _strip_article(text: str) -> str:
    words = text.split()
    if words and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words).strip(" ,.;:'\"’‘“”")


class Mentions:
    """Turns entity spans into actor mentions, one per span."""

    name = "mentions"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        actors = self.ctx.actors
        date = article.record.date
        words = mention_words()
        sent_of = article.sentence_at
        mentions: list[Mention] = []
        taken: set[int] = set()
        for ent in doc.ents:
            m = self._from_entity(ent, actors, date, words)
            if m is None:
                continue
            if _is_dateline(ent):  # "PRETORIA, Nov. 3 (Reuters) -": where it was filed, not who acts
                m.kind = "dateline"
            m.sentence = sent_of(m.start)
            mentions.append(m)
            taken.update(range(ent.start, ent.end))
        mentions.extend(self._demonym_mentions(doc, actors, taken, words, sent_of))
        mentions.extend(_plural_demonym_mentions(doc, actors, taken, sent_of))
        mentions.extend(self._generic_force_mentions(article, doc, actors, mentions, taken, words, sent_of, date))
        mentions.sort(key=lambda m: m.start)
        article.mentions = mentions
        article.candidates = sorted({m.text for m in mentions if m.kind == "candidate"})
        return article

    def _from_entity(self, ent: Any, actors: Any, date: str | None, words: dict) -> Mention | None:
        label, text = ent.label_, ent.text
        state = self._demonym_on_organ(ent, actors, words) if label in ("ACTOR", "NORP", "GPE") else None
        if state is not None:  # "Somali and AU troops": Somalia, not the UCDP communal group "Somali"
            actor = actors.identity_at(state.name, date)
            a = actors.get(actor)
            return Mention(ent.start_char, ent.end_char, text, actor, kind=a.kind if a else state.kind)
        if label == "ACTOR":
            if _word_not_acronym(ent) or _generic_phrase(ent, actors):
                return None  # "TALIBAN IS WINNING", "to build an Islamic state"
            ident = actors.choose(text, ent.ent_id_, _article_countries(ent, actors)) if ent.ent_id_ else None
            if ident and _place_not_state(ent, actors.get(ident)):
                return None  # "Kabul province", "Lower Juba region", "Mocímboa da Praia town"
            actor = actors.identity_at(ident, date) if ident else None
            a = actors.get(actor) if actor else None
            return Mention(ent.start_char, ent.end_char, text, actor, kind=a.kind if a else "armed_group")
        if label == "OUTLET":
            return Mention(ent.start_char, ent.end_char, text, ent.ent_id_, kind="outlet")
        if label in ("PERSON_ACTOR", "PERSON"):
            person = actors.resolve_person(ent.ent_id_ or text, date)
            org = person.org if person else (_org_from_role(ent, words) or _state_from_title(ent, actors, words))
            if org is None:
                return None
            org = actors.identity_at(org, date)
            return Mention(ent.start_char, ent.end_char, text, org, kind="person",
                           person=person.name if person else _strip_article(text))
        if label in ("ORG", "GPE", "NORP"):
            found = actors.resolve(_strip_article(text), date)
            if found is not None:
                return Mention(ent.start_char, ent.end_char, text, found.name, kind=found.kind)
            if label == "ORG" and _looks_like_group(text, words):
                name = _strip_article(text)
                return Mention(ent.start_char, ent.end_char, text, name, kind="candidate")
        return None

    def _generic_force_mentions(self, article: Article, doc: Any, actors: Any, mentions: list[Mention],
                                taken: set[int], words: dict, sent_of: Any, date: str | None) -> list[Mention]:
        """"policemen", "soldiers", "an army patrol", "security forces", "the army": a state's forces or
        organs that name no state. They are the state just named for its forces ("Kenyan troops … the
        soldiers"), else the state whose territory the sentence is set in, else (a sentence that places
        nothing) the home state of the armed group it names ("the RSF accused the army" in a story
        filed from Jeddah), else the state the article is about, at the article's date (Afghanistan's
        forces after 15 August 2021 are the Taliban's)."""
        spans = _generic_force_spans(doc, taken, words, self._event_nouns())
        if not spans:
            return []
        focus = focus_state(mentions)
        explicit = [m for m in mentions if m.kind == "state" and _names_forces(m.text, words)]
        out = []
        for span, lone in spans:
            sent = sent_of(span.start_char)
            state = None
            if lone:
                state = _recent_force_state(explicit, span.start_char, sent)
            iso3 = sentence_place_country(article, sent)
            if iso3 is None and state is None:
                state = _home_state_of_group(mentions, sent, actors)
            iso3 = iso3 or sentence_country(article, sent)
            state = state or (actors.state_for_country(iso3) if iso3 else None) or focus
            if state is None:
                continue
            actor = actors.identity_at(state, date)
            a = actors.get(actor)
            out.append(Mention(span.start_char, span.end_char, span.text, actor,
                               kind=a.kind if a else "state", sentence=sent))
            taken.update(range(span.start, span.end))
        return out

    def _event_nouns(self) -> frozenset[str]:
        from ..events.lexicon import default_lexicon

        return frozenset(default_lexicon().nouns)

    def _demonym_on_organ(self, ent: Any, actors: Any, words: dict) -> Any:
        """A state's demonym that is also another actor's name (the UCDP communal groups "Somali",
        "Uzbek", "Armenian", "Senegalese") is the state where it modifies forces, an organ or an event
        ("Somali troops", "Somali and AU forces", "a Somali airstrike"): the state acts through them."""
        if len(ent) != 1:
            return None
        tok = ent[0]
        state = actors.demonym(tok.text)
        if state is None or state.kind != "state":
            return None
        head = tok
        for _ in range(4):  # "Somali and AU troops": the first conjunct carries the noun
            if head.dep_ not in ("amod", "compound", "nmod", "conj") or head.head.i == head.i:
                return None
            head = head.head
            if head.dep_ != "conj" and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i \
                    and (head.lower_ in _organ_nouns(actors, words) | self._event_nouns() | _weapon_nouns()
                         or _claim_noun(head)):
                return state
            if head.pos_ not in ("NOUN", "PROPN", "ADJ"):
                return None
        return None

    def _demonym_mentions(self, doc: Any, actors: Any, taken: set[int], words: dict, sent_of: Any) -> list[Mention]:
        """"Iranian proxies", "an Afghan soldier": a demonym on an organ noun is the state; on an event
        or weapon noun ("a Pakistani airstrike", "a Turkish drone strike") the demonym alone is, so the
        noun keeps it as its owner."""
        out: list[Mention] = []
        organs = _organ_nouns(actors, words)
        owned = self._event_nouns() | _weapon_nouns()
        for tok in doc:
            if tok.i in taken or tok.dep_ not in ("amod", "compound", "nmod", "conj"):
                continue
            head = tok.head
            if tok.dep_ == "conj":  # "American and British warplanes"
                if head.dep_ not in ("amod", "compound") or actors.demonym(head.text) is None:
                    continue
                head = head.head
            event_head = (head.lemma_.lower() in owned or _claim_noun(head)) and head.lower_ not in organs
            if head.i <= tok.i or not (head.lower_ in organs or event_head):
                continue
            state = actors.demonym(tok.text)
            if state is None or _owned_by_named_actor(head):
                continue
            span = doc[tok.i: head.i + 1]
            if event_head or any(t.i in taken for t in span) or any(
                    t.i != tok.i and actors.demonym(t.text) for t in span[:-1]):  # "Malian, Russian forces"
                span = doc[tok.i: tok.i + 1]
            out.append(Mention(span.start_char, span.end_char, span.text, state.name,
                               kind=state.kind, sentence=sent_of(span.start_char)))
            taken.update(range(span.start, span.end))
        return out


def _claim_noun(tok: Any) -> bool:
    """"Kenyan claims that ...", "Somali allegations": a state's demonym on what someone asserts or
    alleges names the claimant, as "a US claim" does (the guide: ``claimed_by`` and the accuser are
    who makes the claim), not the people or a communal group."""
    from ..events.lexicon import argument_words, default_lexicon

    lemma = tok.lemma_.lower()
    trig = default_lexicon().nouns.get(lemma)
    return lemma in argument_words()["claim_nouns"] or (trig is not None and trig.type == "ACCUSE")


def _organ_nouns(actors: Any, words: dict) -> set[str]:
    """The nouns a state's demonym makes the state's ("troops", "army", "an Afghan soldier"), not
    "Albanian guerrillas"."""
    organs = set(actors.organ_words) | words["state_member_nouns"]
    return organs | {w[:-1] for w in organs if w.endswith("s") and len(w) > 4}


def _word_not_acronym(ent: Any) -> bool:
    """An acronym that is also a word ("IS", "US") in an all-capitals line is the word, unless a
    preposition or "and" puts it where a name goes ("CLASHES WITH IS"); see language.nlp.AcronymNorms."""
    doc = ent.doc
    tok = doc[ent.start]
    if len(ent) != 1 or not tok.is_stop or not tok.has_extension("acronym_name") or tok._.acronym_name:
        return False
    prev = doc[ent.start - 1] if ent.start > 0 else None
    return prev is None or prev.lower_ not in ("with", "against", "by", "and", "of", "from", "vs", "on", "to")


def _generic_phrase(ent: Any, actors: Any) -> bool:
    """"an Islamic state": a name made of ordinary words (matched as written), in sentence case
    after "a"/"an", is the common noun phrase."""
    words = ent.text.split()
    return len(words) > 1 and words[-1].islower() and actors.is_case_sensitive(ent.text) \
        and ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("a", "an")


def _article_countries(ent: Any, actors: Any) -> dict[str, int]:
    """How often the article names each country (states, and groups based there) outside the
    entity's own name, for telling apart the readings of an ambiguous one. Counted once per
    document (cached on the doc), so each entity costs a subtraction, not a scan."""
    doc = ent.doc
    cached = doc.user_data.get("actor_countries")
    if cached is None:
        totals: dict[str, int] = {}
        by_text: dict[str, dict[str, int]] = {}
        for e in doc.ents:
            a = actors.get(e.ent_id_) if e.ent_id_ and e.label_ == "ACTOR" else (
                actors.resolve(e.text) or actors.demonym(e.text) if e.label_ in ("GPE", "NORP") else None)
            if a is not None and a.country:
                totals[a.country] = totals.get(a.country, 0) + 1
                own = by_text.setdefault(e.text, {})
                own[a.country] = own.get(a.country, 0) + 1
        cached = doc.user_data["actor_countries"] = (totals, by_text)
    totals, by_text = cached
    own = by_text.get(ent.text, {})
    return {c: n - own.get(c, 0) for c, n in totals.items() if n - own.get(c, 0) > 0}


def _place_not_state(ent: Any, actor: Any) -> bool:
    """A state's capital used as a place name: followed by a unit word ("Kabul province",
    "Juba region") or part of a longer name ("Mocímboa da Praia")."""
    if actor is None or actor.kind != "state" or not actor.capital:
        return False
    from ..actors.dictionary import fold_key
    from ..context.places import gazetteer

    if fold_key(ent.text) != fold_key(actor.capital):
        return False
    doc = ent.doc
    lex = gazetteer().lexicon
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.lower_ in lex["unit_words"]:
        return True
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_ in ("da", "de", "do", "dos", "das", "del"):  # "Mocímboa da Praia"
        prev = doc[ent.start - 2] if ent.start > 1 else None
    if prev is None or not prev.is_title or prev.ent_type_ or prev.is_sent_start:
        return False
    return prev.lower_ in ("lower", "middle", "upper") or (prev.pos_ == "PROPN" and prev.lower_ not in lex["directions"])


def _plural_demonym_mentions(doc: Any, actors: Any, taken: set[int], sent_of: Any) -> list[Mention]:
    """"The Egyptians and Qataris pressed Hamas": a plural demonym standing as a party with "the"
    (or coordinated with one that has it) is its state's government."""
    out: list[Mention] = []
    for tok in doc:
        if tok.i in taken or tok.tag_ not in ("NNPS", "NNS", "NNP") or not tok.text.endswith("s") or \
                tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            continue
        determined = any(c.lower_ == "the" for c in tok.children) or (
            tok.dep_ == "conj" and any(c.lower_ == "the" for c in tok.head.children))
        if not determined or any(c.dep_ in ("amod", "compound") for c in tok.children):
            continue  # "Palestinian civilians" is no demonym noun; "the Afghan people" neither
        state = actors.demonym(tok.text[:-1])
        if state is None or state.kind != "state":
            continue
        out.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, state.name, kind="state",
                           sentence=sent_of(tok.idx)))
        taken.add(tok.i)
    return out


def focus_state(mentions: list[Mention]) -> str | None:
    """The state an article is about: the one named most often, the dateline and lead counting triple."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.kind in ("state", "dateline") and m.actor:
            weight = 3 if m.kind == "dateline" or (m.sentence is not None and m.sentence <= 1) else 1
            counts[m.actor] = counts.get(m.actor, 0) + weight
    return max(counts, key=lambda a: counts[a]) if counts else None


def _is_dateline(ent: Any) -> bool:
    """An upper-case place opening a line, then a comma and a date or an agency: "PRETORIA, Nov. 3 (Reuters) -"."""
    doc = ent.doc
    starts_line = ent.start == 0 or "\n" in doc[ent.start - 1].whitespace_ or doc[ent.start - 1].is_space
    after = doc[ent.end] if ent.end < len(doc) else None
    if not (starts_line and ent.text.isupper() and len(ent.text) > 3 and after is not None and after.text in (",", "-", "—")):
        return False
    following = doc[ent.end: ent.end + 8]
    return any(t.ent_type_ == "DATE" or t.text == "(" or t.like_num for t in following)


def _generic_force_spans(doc: Any, taken: set[int], words: dict, event_nouns: frozenset[str]
                         ) -> list[tuple[Any, bool]]:
    """(span, lone) for phrases that name a state's forces or organs without naming the state.

    "the army", "the government" (a bare organ with "the"); "army patrol", "police checkpoint",
    "security forces" (a force modifier before a force head; before an event noun such as "a military
    airstrike" only the modifier is the mention, so the noun keeps its owner); "soldiers",
    "policemen" alone (``lone``). A phrase owned by a named actor, a demonym or "of X", or qualified
    as not the state's ("rebel soldiers", "pro-government militia"), is left to others.
    """
    spans: list[tuple[Any, bool]] = []
    organs, mods, heads = words["bare_state_organs"], words["force_modifiers"], words["force_heads"]
    lone_nouns, blocked = words["generic_force_nouns"], words["not_state_force_modifiers"]
    for tok in doc:
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        qualifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
        epithet = low in organs and _patron_epithet(tok, qualifiers)
        if epithet:  # "the UN-recognised government", "a Saudi-backed government": the state's organ still
            qualifiers = [c for c in qualifiers if c.i not in epithet]
        if any(c.i in taken or c.ent_type_ or c.lower_ in blocked or c.pos_ == "PRON" for c in qualifiers) \
                or _owned_by_named_actor(tok) or _is_former(tok):
            continue
        force_mods = [c for c in qualifiers if c.lower_ in mods and c.i < tok.i]
        if low in heads and force_mods:
            first = min(c.i for c in force_mods)
            last = max(c.i for c in force_mods) if lemma in event_nouns else tok.i
            spans.append((doc[first: last + 1], False))
        elif low in organs and tok.tag_ in ("NN", "NNP") and not qualifiers and any(
                c.lower_ == "the" or (epithet and c.lower_ in ("a", "an")) for c in tok.children):
            spans.append((doc[tok.i: tok.i + 1], False))
        elif (low in lone_nouns or lemma in lone_nouns) and not qualifiers \
                and not (tok.dep_ in ("compound", "amod") and tok.head.lower_ in heads):
            spans.append((doc[tok.i: tok.i + 1], True))
    return spans


def _patron_epithet(tok: Any, qualifiers: list[Any]) -> set[int]:
    """Token indices of an "X-backed" / "X-recognised" epithet before ``tok`` (the patron X, the
    hyphen, the participle), or an empty set. The patron is another party, not the organ's owner."""
    from ..events.lexicon import default_lexicon

    doc = tok.doc
    compounds = default_lexicon().compounds
    for c in qualifiers:
        if c.lower_ in compounds and c.i >= 2 and c.i < tok.i and doc[c.i - 1].text in ("-", "–"):
            return {c.i, c.i - 1, c.i - 2}
    return set()


def _home_state_of_group(mentions: list[Mention], sentence: int | None, actors: Any) -> str | None:
    """The state an armed group named in ``sentence`` is based in, where the sentence names groups
    of one home country only. A group that is a state's own (a parent state, as for a private
    military company) or that has regional branches elsewhere (a transnational movement) says
    nothing about whose army the sentence means."""
    if sentence is None:
        return None
    homes: set[str] = set()
    for m in mentions:
        if m.sentence != sentence or m.kind != "armed_group" or not m.actor:
            continue
        a = actors.get(m.actor)
        if a is None or not a.country:
            continue
        parent = actors.get(a.parent) if a.parent else None
        if parent is not None and parent.kind == "state":
            continue
        if any((b := actors.get(c)) is not None and b.country and b.country != a.country
               for c in actors.branches_of(a.name)):
            continue
        homes.add(a.country)
    if len(homes) != 1:
        return None
    return actors.state_for_country(homes.pop())


def _weapon_nouns() -> frozenset[str]:
    from ..events.lexicon import argument_words

    return argument_words()["weapon_nouns"]


def _names_forces(text: str, words: dict) -> bool:
    """"Kenyan troops", "US forces", "the Nigerian army": a mention that names a state's forces."""
    last = text.split()[-1].lower() if text.split() else ""
    return last in words["state_member_nouns"] or last in words["generic_force_nouns"] or last in words["force_heads"]


def _recent_force_state(explicit: list[Mention], offset: int, sentence: int | None) -> str | None:
    """The state whose forces were named last, in this sentence or the two before it."""
    best = None
    for m in explicit:
        if m.start >= offset:
            break
        if sentence is None or m.sentence is None or sentence - m.sentence <= 2:
            best = m.actor
    return best


def _is_former(tok: Any) -> bool:
    return any(c.lower_ in ("former", "ex", "erstwhile") for c in tok.children)


def _org_from_role(ent: Any, words: dict) -> str | None:
    """"Taliban spokesman X" / "X, the Taliban spokesman": the organisation X speaks for."""
    roles = words["role_nouns"]
    root = ent.root
    candidates = [c for c in root.children if c.dep_ in ("compound", "appos", "amod", "nmod") and c.i not in range(ent.start, ent.end)]
    if root.dep_ == "appos" or (root.dep_ == "compound" and root.head.lower_ in roles):
        candidates.append(root.head)
    for tok in candidates:
        if tok.lower_ not in roles and not any(t.lower_ in roles for t in tok.subtree):
            continue
        for t in tok.subtree:
            if t.ent_type_ == "ACTOR" and t.ent_id_:
                return t.ent_id_
    return None


def _state_from_title(ent: Any, actors: Any, words: dict) -> str | None:
    """"Russian Foreign Minister Andrei Kozyrev", "Iran's president X": the state the title names."""
    roles = words["role_nouns"]
    doc = ent.doc
    i = ent.start - 1
    seen_role = False
    while i >= 0 and i >= ent.start - 5:
        tok = doc[i]
        if tok.lower_ in roles or tok.lower_ in ("foreign", "defence", "defense", "interior", "vice", "prime", "senior", "secretary", "state"):
            seen_role = seen_role or tok.lower_ in roles
        elif tok.lower_ in ("'s", "’s"):
            pass
        else:
            state = actors.demonym(tok.text) or actors.resolve(tok.text)
            if state is not None and seen_role and state.kind == "state":
                return state.name
            if not tok.is_title:
                break
        i -= 1
    return None


def _owned_by_named_actor(noun: Any) -> bool:
    """"Russian fighters of the Wagner Group": the organisation named after "of" is the actor."""
    # the organisation heads the "of" phrase (or owns its head): "leaders of a decisive US response" are no one's
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        p.ent_type_ == "ACTOR" or any(o.dep_ == "poss" and o.ent_type_ == "ACTOR" for o in p.children)
        for p in c.children if p.dep_ == "pobj") for c in noun.children)


def _looks_like_group(text: str, words: dict) -> bool:
    toks = [t.lower().strip(".,'’") for t in text.split()]
    if not toks or any(t in words["not_actor_orgs"] for t in toks):
        return False
    return any(t in words["group_words"] for t in toks)


@register("mentions")
def make_mentions(ctx: PipelineContext, opts: dict[str, Any]) -> Mentions:
    return Mentions(ctx)
