"""Event extraction over the dependency parse.

For every trigger word the lexicon knows (verbs, event nouns, light-verb
phrases such as "declare war", adjectival compounds such as "X-backed Y") the
component finds the actor and the recipient among the article's actor
mentions and emits one candidate :class:`Event` per pair. Status, speaker and
modality are the claim layer's job; dates and places the context layer's;
one-event-per-key the dedupe component's.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from ..actors.mentions import mention_words
from ..model import Article, Event, Mention
from ..pipeline import PipelineContext, register
from .arguments import OBJ, WEAPON_NOUNS, MentionIndex, has_reciprocal, stopped_by
from .lexicon import Lexicon, Trigger, argument_words, default_lexicon

_WORDS = argument_words()

# Verbal events whose other party may be named inside a complement clause.
COMPLEMENT_TYPES = {"REQUEST", "THREATEN", "REJECT", "AGREE", "CONCEDE", "ACCUSE"}
PARTY_PREPS = {"with", "to", "against", "from", "on"}
# Nouns whose "of X" names who acts (not whom it is done to, as in "the invasion of X")
AGENT_OF_NOUNS = _WORDS["agent_of_nouns"]
WANTED_NOT_DONE = {"REQUEST", "THREATEN", "REJECT"}
# Promises whose complement names a partner, unless it is someone the promise is to stop
COOPERATIVE_PROMISES = {"AGREE", "CONCEDE"}
# Material hostile acts: promised or agreed, they are recorded themselves (aux future)
HOSTILE_ACTS = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}
AFFILIATION_NOUNS = _WORDS["affiliation_nouns"]
SPLINTER_MODIFIERS = _WORDS["splinter_modifiers"]
# Membership nouns read only as a predicate or a role ("X is part of Y", "X acts as a member of Y"),
# never as an apposition ("the rail link, a key part of China's initiative")
MEMBERSHIP_NOUNS = _WORDS["membership_nouns"]
RECEIVING = _WORDS["receiving"]
PLACE_PREPS = frozenset({"in", "near", "at", "across", "around"})
AGAINST = frozenset({"against"})
ALONGSIDE = frozenset({"alongside", "beside"})
GRANULARITY = {4: "year", 7: "month", 10: "day"}
MEDIATING = _WORDS["mediating"]
MEDIATING_LEMMAS = _WORDS["mediating_lemmas"]
MEDIATOR_CUES = _WORDS["mediator_cues"]
SAYING = _WORDS["saying"]
OBLIGATION = _WORDS["obligation"]
# Verbal events aimed at what someone did: "condemned Israel's strikes", "welcomed the decision of X"
VERBAL_TYPES = {"SUPPORT", "ACCUSE", "REJECT", "AGREE", "CONCEDE", "REQUEST", "THREATEN"}
STOPPING_VERBS = _WORDS["stopping_verbs"]
JOINT_CUES = _WORDS["joint_cues"]
REPELLING = _WORDS["repelling"]
SUPPORT_NOUNS = _WORDS["support_nouns"]
ADJECTIVAL_PARTICIPLES = _WORDS["adjectival_participles"]
BACKING_LEMMAS = _WORDS["backing_lemmas"]
TAKING = _WORDS["taking"]
AVOIDING = _WORDS["avoiding"]
AUTHORISING = _WORDS["authorising"]
STRAINED = _WORDS["strained_qualifiers"]
ARMS_NOUNS = _WORDS["arms_nouns"]
SUPPLYING = _WORDS["supplying"]
SEVERING = _WORDS["severing_verbs"]
MERGING = _WORDS["merging_verbs"]
FORMING = _WORDS["forming_verbs"]
TIE_NOUNS = _WORDS["tie_nouns"]
PREVENTING = _WORDS["preventing"]
DISCUSSING = _WORDS["discussing"]
STOPPED_FIGHTING = Trigger("VERB", "cease", "RETREAT", True, frozenset({"with", "against", "between"}), None)
# "strained ties", "relations are tense": the tie read as hostile (a standing rivalry alone is no event)
STRAINED_TIES = Trigger("NOUN", "strain", "REJECT", True, frozenset({"with", "between"}), None)
CONFLICT_TYPES = {"ASSAULT", "THREATEN", "ACCUSE", "COERCE", "SANCTION", "MOBILIZE", "PROTEST", "REJECT"}
# Directed attacks whose doer may be named later ("… claimed responsibility"): kept as open events.
OPEN_TYPES = {"ASSAULT"}
AIR_SUPPORT = _WORDS["air_support"]  # "backed by air support": with an owner only
CLAIM_NOUNS = _WORDS["claim_nouns"]
# What a claim noun's content must be to make the claim an accusation ("claims that Y backs Z")
ACCUSING_CONTENT = CONFLICT_TYPES | {"AID", "SUPPORT"}
# Where a threatened act names its target ("vowed strikes on Y", "threatened reprisals against Y")
THREAT_TARGET_PREPS = frozenset({"on", "against", "at"})
RETALIATING = _WORDS["retaliating"]  # a vow that answers an attack ("vowed to retaliate", "will not go unpunished")


@lru_cache(maxsize=1)
def _owned_people() -> frozenset[str]:
    """People and organs a name before them owns ("the US envoy", "Kenyan troops")."""
    words = mention_words()
    return frozenset(words["role_nouns"]) | frozenset(words["member_nouns"]) | frozenset(words["state_member_nouns"])


class EventExtractor:
    name = "events"

    def __init__(self, ctx: PipelineContext, lexicon: Lexicon | None = None):
        self.ctx = ctx
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, article: Article) -> Article:
        doc = article.spacy_doc
        if doc is None or not article.mentions:
            return article
        index = MentionIndex(article)
        events: list[Event] = []
        open_events: list[Event] = []
        for sentence in article.sentences:
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is None:
                continue
            if not any(index.at(t) is not None or t.pos_ == "PRON" or t.lower_ in ("the", "both") for t in span):
                continue  # no actor, pronoun or definite noun phrase: nothing to find
            found = [f for f in self._sentence_events(span, index) if not _prevented(f[0])]
            for trig_tok, trig, actors, recipients, mutual in _drop_contents(found):
                if not actors:  # a victim without a named attacker
                    open_events.extend(_pairs(article, sentence, trig_tok, trig, [_UNKNOWN], recipients, False))
                    continue
                for ev in _pairs(article, sentence, trig_tok, trig, actors, recipients, mutual):
                    events.append(ev)
            events.extend(self._condemned_deeds(article, sentence, span, index, events))
            events.extend(self._backed_deeds(article, sentence, span, index, events))
            events.extend(self._vowed_retaliation(article, sentence, span, index, events))
        article.events = events
        article.open_events = open_events
        return article

    # -- one sentence -------------------------------------------------------

    def _sentence_events(self, span: Any, index: MentionIndex) -> Iterator[tuple]:
        lex = self.lexicon
        consumed: set[int] = set()
        for tok in span:
            if tok.i in consumed or _in_question(tok):
                continue
            found = self._compound(tok, index) if tok.lower_ in lex.compounds else None
            if found:
                yield found
                continue
            labelled = self._labelled(tok, index) if tok.lemma_.lower() in lex.labelling else None
            if labelled is not None:
                yield from labelled
                continue
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")) \
                    or _verb_as_root_noun(tok, lex, index):
                yield from self._verb(tok, index, consumed)
            elif tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "oprd", "ROOT") and tok.lemma_.lower() in lex.adjectives:
                yield from self._adjective(tok, lex.adjectives[tok.lemma_.lower()], index)
            elif tok.pos_ in ("ADJ", "VERB") and tok.dep_ in ("amod", "acl") and tok.lemma_.lower() in lex.adjectives \
                    and any(c.dep_ == "prep" for c in tok.children):
                yield from self._postnominal_adjective(tok, lex.adjectives[tok.lemma_.lower()], index)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in lex.nouns:
                yield from self._noun(tok, lex.nouns[tok.lemma_.lower()], index)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in CLAIM_NOUNS and "accusation" in lex.nouns:
                yield from self._claim(tok, index)
            if tok.dep_ == "acl" and tok.lower_ in lex.compounds:
                yield from self._backed_by(tok, lex.compounds[tok.lower_], index)
            elif tok.dep_ == "advcl" and tok.tag_ == "VBN" and tok.lower_ in lex.compounds:
                yield from self._backed_by(tok, lex.compounds[tok.lower_], index, fronted=True)
            if tok.pos_ == "NOUN" and _splinter_modified(tok) and tok.dep_ in ("appos", "attr", "pobj"):
                yield from self._splinter(tok, index)
            elif tok.lemma_.lower() in AFFILIATION_NOUNS and (tok.dep_ in ("appos", "attr") or _as_role(tok)):
                yield from self._affiliation(tok, index)

    def _labelled(self, verb: Any, index: MentionIndex) -> list[tuple] | None:
        """"X designated Y as a terrorist group", "X sees Y as a partner", "X acted as mediator between
        Y and Z": the label after "as" (or a second object) gives the type, a hostile one adding the
        verb's own (a designation is also a SANCTION). None where no known label follows: the verb
        keeps its ordinary reading ("described the visit as productive" is no event)."""
        lex = self.lexicon
        complements = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                       for p in c.children if p.dep_ == "pobj"]
        complements += [c for c in verb.children if c.dep_ == "dobj"][1:] + [c for c in verb.children if c.dep_ == "oprd"]
        clauses = _small_clauses(verb)
        complements += [verb.doc[i] for i in clauses]
        for comp in complements:
            words = [comp] + [c for c in comp.children if c.dep_ in ("amod", "compound")]
            words += [p for c in comp.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children]
            label = next((lex.labels[w.lemma_.lower()] for w in words if w.lemma_.lower() in lex.labels), None)
            if label is None:
                continue
            by = [m for h in (verb, comp) for _, found in index.prep_objects(h, {"by"}) for m in found]
            if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "Hezbollah, designated as terrorists by X"
                actors, labelled = by, index.actors_of(verb.head)
            elif comp.i in clauses:  # "X considers Y an enemy": Y is the small clause's subject
                actors = index.subjects(verb) or by
                labelled = [m for c in clauses[comp.i] for m in index.actors_of(c)]
            else:
                actors = index.subjects(verb) or by
                labelled = [m for c in verb.children if c.i != comp.i and c.dep_ in ("dobj", "nsubjpass")
                            for m in index.actors_of(c)]
            if not labelled:  # "acted as mediator between Y and Z"
                labelled = [m for t in comp.subtree if t.dep_ == "prep" and t.lower_ in label.preps
                            for m in index.between_actors(t)]
            types = [label] + ([lex.labelling[verb.lemma_.lower()]] if label.type in CONFLICT_TYPES else [])
            return [(verb, trig, actors, labelled, label.mutual) for trig in types if actors and labelled]
        return None

    def _compound(self, tok: Any, index: MentionIndex) -> tuple | None:
        """"Iran-backed Houthis": actor before the hyphen, recipient the modified noun."""
        trig = self.lexicon.compounds[tok.lower_]
        doc = tok.doc
        if tok.lower_ in MEDIATING and tok.head.lemma_.lower() in self.lexicon.nouns:
            return None  # "U.S.-sponsored talks": a mediator, handled with the talks
        if tok.i < 2:
            return None
        if doc[tok.i - 1].text in ("-", "–"):
            left = doc[tok.i - 2]
        elif tok.dep_ in ("amod", "acl") and tok.head.i > tok.i and index.at(doc[tok.i - 1]) is not None:
            left = doc[tok.i - 1]  # "the al-Qaeda linked JNIM", hyphen left out
        else:
            return None
        actor = index.at(left)
        if actor is None:
            dem = self.ctx.actors.demonym(left.text)
            actor = Mention(left.idx, left.idx + len(left.text), left.text, dem.name, kind=dem.kind) if dem else None
        if actor is None:
            return None
        head = tok.head if tok.head.i != tok.i else None
        recipients = index.actors_of(head) if head is not None else []
        if not recipients and head is not None and head.dep_ == "attr":
            recipients = index.subjects(head.head)  # "X is a UN-designated terrorist group"
        if not recipients and head is not None and head.dep_ == "appos" and index.at(head) is None:
            recipients = index.actors_of(head.head)  # "X, a UN-designated terrorist group"
        recipients = [r for r in recipients if r.actor != actor.actor]
        if not recipients:
            return None
        return (tok, trig, [actor], recipients, trig.mutual)

    def _verb(self, verb: Any, index: MentionIndex, consumed: set[int]) -> Iterator[tuple]:
        lex = self.lexicon
        if _adjectival_participle(verb):
            yield from self._allied_conjunct(verb, index)
            return
        lemma = verb.lemma_.lower()
        lemma = lex.lemma_fixes.get(lemma, lemma)  # the lemmatizer misses some past forms ("retook")
        phrase = None
        severed = _severed_tie(verb, lemma)
        if severed is not None and ("sever", "tie") in lex.phrases:
            # "broke off / cut / suspended relations with Y": a rupture, whatever particle the verb has
            phrase, phrase_tok = lex.phrases[("sever", "tie")], severed
        for c in verb.children if phrase is None else ():
            if c.dep_ in OBJ | {"prt", "advmod", "acomp", "prep"}:
                key = (lemma, c.lemma_.lower())
                if key in lex.phrases:
                    phrase, phrase_tok = lex.phrases[key], c
                    break
            if c.dep_ in ("ccomp", "advcl", "xcomp") and c.pos_ == "ADJ" and (lemma, c.lemma_.lower()) in lex.phrases:
                phrase, phrase_tok = lex.phrases[(lemma, c.lemma_.lower())], c  # "holds X accountable"
                break
            if c.dep_ in ("dobj", "obj"):  # "held X responsible": the parser may hang the predicate on X
                pred = next((a for a in c.children if a.dep_ in ("amod", "acomp") and a.pos_ == "ADJ" and a.i > c.i
                             and (lemma, a.lemma_.lower()) in lex.phrases), None)
                if pred is not None:
                    phrase, phrase_tok = lex.phrases[(lemma, pred.lemma_.lower())], pred
                    break
        if phrase is not None:
            consumed.add(phrase_tok.i)
            trig = phrase
            recipient_heads = [verb, phrase_tok]
        elif lemma in lex.verbs:
            trig = lex.verbs[lemma]
            recipient_heads = [verb]
        elif lemma in SAYING:
            yield from self._must(verb, index)  # "X said Y must withdraw": a demand
            return
        elif _mediating_verb(verb):
            yield from self._brokering(verb, index)
            return
        else:
            return
        if lemma in AUTHORISING and any(c.dep_ == "xcomp" for c in verb.children):
            return  # "sanctioned / licensed the group to fight X": an authorisation, no penalty
        if verb.dep_ in ("xcomp", "dobj", "pcomp", "ccomp") and verb.head.lemma_.lower() in STOPPING_VERBS \
                and trig.type in CONFLICT_TYPES:
            trig = STOPPED_FIGHTING  # "stopped battling X": a cessation, not an attack
        actors = index.subjects(verb)
        if not actors and verb.pos_ == "NOUN":  # "Jamaat-ul-Ahrar split from X": the subject parsed as compounds
            actors = list({m.actor: m for c in verb.children if c.dep_ == "compound" and c.i < verb.i
                           for m in [index.at(c)] if m is not None}.values())
        if actors and trig.type not in VERBAL_TYPES and _urged_non_actor(verb, index):
            actors = []  # "X urged all States to cooperate with Y": the States would act, not X
        recipients: list[Mention] = []
        passive = index.passive_subject(verb)
        if passive is not None:
            recipients.extend(index.actors_of(passive))
        if phrase is not None and trig.mutual:  # "pulled X and Y closer", "X joined forces with Y"
            objects = [m for c in verb.children if c.dep_ in ("dobj", "obj") and c.i != phrase_tok.i
                       for m in index.actors_of(c)]
            if len(objects) >= 2:
                yield (verb, trig, objects[:1], objects[1:], True)
                return
        # "forced X out", "handed X over", and a predicate on the object ("held X responsible")
        particle = phrase is not None and (phrase_tok.dep_ in ("prt", "prep", "oprd", "acomp", "xcomp")
                                           or phrase_tok.pos_ == "ADJ")
        # "provided Y with missiles": with the thing given after "with", the object is who gets it
        # (a finite, unnegated supply only: "orders not to supply Y with ammunition" is no aid)
        supplied_with = trig.object_is_theme and not any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ == "to") for c in verb.children) and any(
            c.dep_ == "prep" and c.lower_ == "with" and any(p.dep_ == "pobj" and index.at(p) is None for p in c.children)
            for c in verb.children)
        if phrase is None or particle:
            for c in verb.children:
                if c.dep_ == "dative" or (c.dep_ in OBJ and (not trig.object_is_theme or supplied_with)):
                    heads = [p for p in c.children if p.dep_ == "pobj"] if c.pos_ == "ADP" else [c]  # "to X" as dative
                    found = [m for h in heads for m in index.actors_of(h)]
                    if not found and c.dep_ in OBJ and trig.type in VERBAL_TYPES and not _denied_claim(verb, c):
                        found = index.noun_owner(c) or index.of_actors(c)  # "praised Haiti's efforts"
                    recipients.extend(found)
        if phrase is not None and not particle and "to" in trig.preps:  # "paid tribute to X" ("to" as dative)
            recipients.extend(m for c in verb.children if c.dep_ == "dative" and c.lower_ == "to"
                              for p in c.children if p.dep_ == "pobj" for m in index.actors_of(p))
        if phrase is not None and phrase_tok.pos_ == "ADJ":
            if phrase_tok.dep_ != "amod":  # "holds X accountable" parsed as a small clause
                recipients.extend(m for s in phrase_tok.children if s.dep_ == "nsubj" for m in index.actors_of(s))
            if not actors and passive is not None:  # "X was held responsible by Y"
                actors = [m for _, ms in index.prep_objects(phrase_tok, {"by"}) for m in ms]
        if phrase is not None and phrase_tok.dep_ == "prep":  # "fought off the attackers"
            recipients.extend(m for p in phrase_tok.children if p.dep_ == "pobj" for m in index.actors_of(p))
        recipients.extend(m for c in verb.children if _adjectival_participle(c)
                          for o in c.children if o.dep_ in ("dobj", "obj") for m in index.actors_of(o))
        if trig.type == "ACCUSE" and "on" in trig.preps:  # "blamed the attack on X": X is blamed, not attacked
            for c in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
                blamed = [m for _, ms in index.prep_objects(c, {"on"}) for m in ms]
                if blamed:
                    recipients.extend(blamed)
                    consumed.add(c.i)
        preps = set(trig.preps)
        if trig.type in CONFLICT_TYPES:
            preps.add("against")
        between: list[Mention] = []
        named_object = bool(recipients)
        for head in recipient_heads:
            for prep, found in index.prep_objects(head, preps | {"between"}):
                if prep == "between":
                    between.extend(found)
                elif prep == "from" and named_object and trig.type in ("COERCE", "ASSAULT"):
                    continue  # "expelled Y from Afghanistan", "drove Y out of/from Z": the place Y leaves
                elif prep != "by":
                    recipients.extend(found)
        if phrase is not None and not recipients and not between and phrase_tok.dep_ in ("dobj", "obj"):
            recipients.extend(self._phrase_object_owners(phrase_tok, index, actors))
        if trig.type in CONFLICT_TYPES and not recipients and not between:
            recipients.extend(m for p in _place_nouns(recipient_heads) for _, found in index.prep_objects(p, AGAINST)
                              for m in found)
        if phrase is not None and trig.type in ("SUPPORT", "AID") and not recipients and not between:
            recipients.extend(self._cause_owners(phrase_tok, index))  # "voiced support for X's struggle"
        mutual = trig.mutual
        if between and len(between) >= 2 and not actors:
            yield (verb, trig, between[:1], between[1:], True)
            return
        recipients.extend(between)
        has_object = any(c.dep_ in ("dobj", "obj") for c in verb.children)
        if lemma in MERGING and trig.mutual and actors and not has_object:
            # "A, B and C merged (with E) to form D": every party with every other, and each with D
            parties = list({m.actor: m for m in actors + recipients}.values())
            formed = [m for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in FORMING
                      for o in c.children if o.dep_ in ("dobj", "obj", "attr") for m in index.actors_of(o)
                      if m.actor not in {p.actor for p in parties}]
            if len(parties) >= 2 or formed:
                for i, p in enumerate(parties):
                    if parties[i + 1:]:
                        yield (verb, trig, [p], parties[i + 1:], True)
                    if formed:
                        yield (verb, trig, [p], formed, True)
                return
        if not recipients and len(actors) >= 2 and (trig.mutual or severed is not None) \
                and (phrase is not None or not has_object):  # "X and Y cut ties": both broke them
            yield (verb, trig, actors[:1], actors[1:], True)
            return
        if has_reciprocal(verb) or (phrase is not None and has_reciprocal(phrase_tok)):
            if len(actors) >= 2:
                yield (verb, trig, actors[:1], actors[1:], True)
                return
        if not actors and len(recipients) >= 2 and trig.mutual:
            yield (verb, trig, recipients[:1], recipients[1:], True)
            return
        if actors and not recipients and not between and not has_object and not trig.mutual:
            recipients = [m for o in _shared_objects(verb) for m in index.actors_of(o)
                          if m.actor not in {a.actor for a in actors}]
        if actors and not recipients and trig.type in COMPLEMENT_TYPES and not has_object:
            recipients = self._complement_actors(verb, index, {a.actor for a in actors}, trig.type)
        if actors and not recipients and not between and trig.type == "THREATEN":
            recipients = self._threatened_act_targets(verb, index, actors)
        if trig.type == "ASSAULT" and actors:
            actors = actors + [b for b in self._military_backers(verb, index) if b.actor not in {a.actor for a in actors}]
        if lemma in TAKING and actors and not recipients and not between:
            recipients = self._holder_of_taken_place(verb, index, actors)
        if trig.type == "ASSAULT" and actors and not recipients and not between \
                and not index.prep_objects(verb, ALONGSIDE):  # "fought alongside Y in Syria": no attack on Syria
            recipients = self._attacked_country(verb, index, actors)
        if actors and recipients:
            yield (verb, trig, actors, recipients, mutual)
            yield from self._joint(verb, trig, actors)
        elif recipients and not actors and trig.type in OPEN_TYPES and not mutual:
            yield (verb, trig, [], recipients, False)
        if actors:
            yield from self._in_support_of(verb, actors, index)
        if trig.type == "ASSAULT" and actors:
            # "X fought alongside Y": X and Y cooperate
            for _, allies in index.prep_objects(verb, ALONGSIDE):
                yield (verb, self.lexicon.verbs.get("cooperate") or trig, actors, allies, True)

    def _hostile_noun(self, noun: Any) -> bool:
        """A noun naming a hostile material act ("strikes", "an offensive", "sanctions") or a
        retaliation ("revenge", "reprisals")."""
        if noun.pos_ not in ("NOUN", "PROPN"):
            return False
        lemma = noun.lemma_.lower()
        trig = self.lexicon.nouns.get(lemma)
        return lemma in RETALIATING or (trig is not None and trig.type in HOSTILE_ACTS)

    def _threatened_act_targets(self, verb: Any, index: MentionIndex, actors: list[Mention]) -> list[Mention]:
        """"X vowed new strikes on Y", "threatened reprisals against Y": a threat whose object is a
        hostile act threatens the act's target (the guide codes a vow as THREATEN); the act itself
        has not happened, so the noun gives no event of its own (see ``_threatened_act``)."""
        exclude = {a.actor for a in actors}
        acts = [c for c in verb.children if c.dep_ in ("dobj", "obj")] + _vowed_clause_subjects(verb)
        for obj in (c for c in acts if self._hostile_noun(c)):
            trig = self.lexicon.nouns.get(obj.lemma_.lower())
            preps = set(trig.preps if trig is not None else ()) | THREAT_TARGET_PREPS
            found = [m for _, ms in index.prep_objects(obj, preps) for m in ms if m.actor not in exclude]
            if found:
                return found
        return []

    def _threatened_act(self, noun: Any) -> bool:
        """The object of a threat or a warning ("vowed new strikes on Y", "warned of fresh attacks
        on Y", "threatened Y with sanctions"): a hostile act not (yet) done, no event of its own."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in ("of", "with") and head.head.i != head.i:
            head = head.head
        elif noun.dep_ == "nsubj" and head.dep_ == "ccomp" and noun in _vowed_clause_subjects(head.head):
            head = head.head  # "vowed that new strikes on Y would follow"
        elif noun.dep_ not in ("dobj", "obj"):
            return False
        lemma = head.lemma_.lower()
        trig = self.lexicon.verbs.get(self.lexicon.lemma_fixes.get(lemma, lemma))
        return head.pos_ == "VERB" and trig is not None and trig.type == "THREATEN" and self._hostile_noun(noun)

    def _phrase_object_owners(self, noun: Any, index: MentionIndex, actors: list[Mention]) -> list[Mention]:
        """"expelled France's ambassador", "expelled the French envoy": where a phrase's noun is the
        object, whose it is (another actor's) is whom the act is aimed at. A name merely set before a
        thing ("signed the Doha deal") says where or what, not whose: only people and organs ("the US
        envoy") are owned that way."""
        owners = [m for m in index.noun_owner(noun) if m.actor not in {a.actor for a in actors}]
        if noun.lower_ in _owned_people():
            return owners
        return [m for m in owners if any(c.dep_ in ("poss", "amod") and index.at(c) is m for c in noun.children)]

    def _condemned_deeds(self, article: Article, sentence: Any, span: Any, index: MentionIndex,
                         prior: list[Event]) -> list[Event]:
        """"Y struck X's positions. X condemned the strike.": who is condemned is who struck. A
        verbal act (condemn, denounce, welcome) on a definite event noun with no owner points to
        the doers of the last such event told in the three sentences before."""
        out: list[Event] = []
        for verb in span:
            trig = self.lexicon.verbs.get(verb.lemma_.lower())
            if verb.pos_ != "VERB" or trig is None or trig.type not in ("ACCUSE", "SUPPORT", "REJECT"):
                continue
            for noun in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
                deed = self.lexicon.nouns.get(noun.lemma_.lower())
                if deed is None or deed.type not in ("ASSAULT", "COERCE", "SANCTION") or index.noun_owner(noun) \
                        or not any(c.lower_ in ("the", "this", "that", "these", "those") for c in noun.children):
                    continue
                speakers = index.subjects(verb)
                if not speakers:
                    continue
                doers = []
                for e in reversed(prior):  # in text order: the last three sentences are at the end
                    if e.sentence is None or sentence.index - e.sentence > 3:
                        break
                    if e.type == deed.type and e.sentence < sentence.index and e.actor not in {m.actor for m in speakers}:
                        doers.append(e)
                if doers:  # every doer of the last such deed ("X and Y struck ...")
                    last = max(doers, key=lambda e: e.evidence_start)
                    targets = {e.actor: Mention(e.evidence_start, e.evidence_start, "", e.actor)
                               for e in doers if e.sentence == last.sentence and e.trigger_start == last.trigger_start}
                    out.extend(_pairs(article, sentence, verb, trig, speakers, list(targets.values()), False))
        return out

    def _vowed_retaliation(self, article: Article, sentence: Any, span: Any, index: MentionIndex,
                           prior: list[Event]) -> list[Event]:
        """"X struck Y. Y vowed that the attacks would not go unpunished / vowed to retaliate": a threat
        that names no target but answers an attack told in the three sentences before threatens its
        doers."""
        out: list[Event] = []
        for verb in span:
            trig = self.lexicon.verbs.get(verb.lemma_.lower())
            if verb.pos_ != "VERB" or trig is None or trig.type != "THREATEN":
                continue
            if any(e.trigger_start == verb.idx for e in prior):
                continue  # the rules found whom it threatens
            inner = [t for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl") for t in c.subtree]
            answers = any(t.lemma_.lower() in RETALIATING for t in inner) or any(
                (d := self.lexicon.nouns.get(t.lemma_.lower())) is not None and d.type == "ASSAULT"
                and any(c.lower_ in ("the", "these", "those", "this") for c in t.children) and not index.noun_owner(t)
                for t in inner if t.pos_ == "NOUN")
            if not answers:
                continue
            speakers = index.subjects(verb)
            victims = {m.actor for m in speakers}
            if not speakers:
                continue
            if any(t.lemma_.lower() in RETALIATING for t in inner):  # "to retaliate for Pakistani air strikes"
                owners = [m for t in inner if t.pos_ == "NOUN" and (d := self.lexicon.nouns.get(t.lemma_.lower()))
                          is not None and d.type == "ASSAULT" for m in index.noun_owner(t) if m.actor not in victims]
                if owners:
                    out.extend(_pairs(article, sentence, verb, trig, speakers, owners, False))
                    continue
            if any(index.at(t) is not None for t in inner):
                continue
            doers: dict[str, Mention] = {}
            last = None
            for e in reversed(prior):
                if e.sentence is None or sentence.index - e.sentence > 3:
                    break
                if e.type == "ASSAULT" and e.sentence < sentence.index and e.recipient in victims \
                        and e.actor and e.actor not in victims and last in (None, e.sentence):
                    last = e.sentence
                    doers.setdefault(e.actor, Mention(e.evidence_start, e.evidence_start, "", e.actor))
            if doers:
                out.extend(_pairs(article, sentence, verb, trig, speakers, list(doers.values()), False))
        return out

    def _backed_deeds(self, article: Article, sentence: Any, span: Any, index: MentionIndex,
                      prior: list[Event]) -> list[Event]:
        """"X and Y struck Z. The strikes, supported by A and B, hit ...": who backs a definite attack
        noun with no owner backs the doers of the last such attack told in the three sentences before."""
        out: list[Event] = []
        for verb in span:
            trig = self.lexicon.compounds.get(verb.lower_)
            if trig is None or verb.dep_ != "acl" or verb.tag_ != "VBN" or trig.type not in ("AID", "SUPPORT"):
                continue
            noun = verb.head
            deed = self.lexicon.nouns.get(noun.lemma_.lower())
            if deed is None or deed.type != "ASSAULT" or index.at(noun) is not None \
                    or not any(c.lower_ in ("the", "these", "those") for c in noun.children):
                continue
            backers = [m for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                       for m in index.actors_of(p)]
            if not backers or [m for m in index.noun_owner(noun) if m.actor not in {b.actor for b in backers}]:
                continue  # an owned attack ("Israel's strikes, backed by X") is the rules' own case
            doers: dict[str, Event] = {}
            last = None
            for e in reversed(prior):
                if e.sentence is None or sentence.index - e.sentence > 3:
                    break
                if e.type == "ASSAULT" and e.sentence < sentence.index and e.actor:
                    if last is None:
                        last = e.sentence
                    if e.sentence == last:
                        doers.setdefault(e.actor, e)
            targets = [Mention(e.evidence_start, e.evidence_start, "", e.actor) for e in doers.values()
                       if e.actor not in {b.actor for b in backers}]
            if targets:
                out.extend(_pairs(article, sentence, verb, trig, backers, targets, False))
        return out

    def _joint(self, tok: Any, trig: Trigger, actors: list[Mention]) -> Iterator[tuple]:
        """"X and Y conducted joint airstrikes", "jointly recaptured": the partners cooperate."""
        if trig.type not in ("ASSAULT", "COERCE", "MOBILIZE") or len(actors) < 2:
            return
        lead = _lead_conjunct(tok)  # "joint air and artillery strikes": the cue sits on the first conjunct
        scope = [tok, lead] + ([lead.head] if lead.dep_ in ("dobj", "pobj", "nsubjpass") else [])
        cues = {c.lower_ for t in scope for c in t.children if c.dep_ in ("amod", "advmod", "compound", "npadvmod")}
        if cues & JOINT_CUES or tok.lower_ in JOINT_CUES or _one_coordinated_subject(lead, actors):
            yield (tok, self.lexicon.verbs["cooperate"], actors[:1], actors[1:], True)

    def _military_backers(self, verb: Any, index: MentionIndex) -> list[Mention]:
        """"Commandos backed by US airstrikes raided X": the backer's strikes hit X too. Only arms or
        forces count ("backed by Russian jets"), not a patron ("rebels backed by Rwanda attacked")."""
        out: list[Mention] = []
        for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            for acl in (c for c in subj.children if c.dep_ == "acl" and c.lemma_.lower() in BACKING_LEMMAS):
                for p in (p for a in acl.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"):
                    if index.at(p) is None and (p.lemma_.lower() in WEAPON_NOUNS or p.lemma_.lower() in self.lexicon.nouns
                                                or p.lower_ in AIR_SUPPORT):
                        out.extend(index.noun_owner(p))
        return out

    def _in_support_of(self, verb: Any, actors: list[Mention], index: MentionIndex) -> Iterator[tuple]:
        """"X struck Y in support of government troops": X backs them."""
        trig = self.lexicon.nouns.get("support")
        if trig is None:
            return
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "for")):
            for noun in (p for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in SUPPORT_NOUNS):
                backed = index.of_actors(noun)
                backed = [b for b in backed if b.actor not in {a.actor for a in actors}]
                if backed:
                    yield (noun, trig, actors, backed, False)

    def _holder_of_taken_place(self, verb: Any, index: MentionIndex, actors: list[Mention]) -> list[Mention]:
        """"X captured <town>": the town is taken from the state whose territory it is in, when the
        taker is not that state and the sentence names no other holder."""
        from ..context.places import sentence_country

        objects = [t for c in verb.children if c.dep_ in ("dobj", "obj") for t in _what_is_taken(c)]
        if not objects or any(index.actors_of(o) for o in objects):
            return []
        takers = {a.actor for a in actors}
        if any(index.at(t) is not None and index.at(t).actor not in takers and index.at(t).kind == "armed_group"
               for t in verb.sent):
            return []  # another group in the sentence may be the holder ("after X withdrew from the city")
        article = index.article
        places = article.places_by_sentence.get(article.sentence_at(verb.idx), []) if article.places_by_sentence else []
        if not any(o.left_edge.idx <= p.start < o.idx + len(o.text) + 80 for o in objects for p in places):
            return []
        iso3 = sentence_country(article, article.sentence_at(verb.idx))
        state = self.ctx.actors.state_for_country(iso3) if iso3 else None
        if state is None:
            return []
        name = self.ctx.actors.identity_at(state, article.record.date)
        if name in {a.actor for a in actors}:
            return []
        a = self.ctx.actors.get(name)
        return [Mention(verb.idx, verb.idx, "", name, kind=a.kind if a else "state")]

    def _attacked_country(self, tok: Any, index: MentionIndex, actors: list[Mention]) -> list[Mention]:
        """"Al-Shabaab's attacks in Somalia", "IS struck across Iraq": an armed group's attack in a
        country, with no target named, is on that state (never a state's own strikes abroad,
        which hit whoever is there)."""
        if any(a.kind != "armed_group" for a in actors):
            return []
        if any(c.dep_ in ("dobj", "obj") for c in tok.children) or any(
                c.dep_ == "prep" and c.lower_ in ("on", "against") for c in tok.children):
            return []  # a target is named, and it is no actor ("attacked villages", "attacks on civilians")
        article = index.article
        places = (article.places_by_sentence or {}).get(article.sentence_at(tok.idx), [])
        own = {c.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "inside", "across", "throughout")}
        for p in places:
            if p.prep in own and p.place and p.place.get("feature") == "country" and p.place.get("iso3"):
                state = self.ctx.actors.state_for_country(p.place["iso3"])
                name = self.ctx.actors.identity_at(state, article.record.date) if state else None
                if name and name not in {a.actor for a in actors}:
                    a = self.ctx.actors.get(name)
                    return [Mention(p.start, p.end, p.text, name, kind=a.kind if a else "state")]
        return []

    def _allied_conjunct(self, verb: Any, index: MentionIndex) -> Iterator[tuple]:
        """"clashed with the army and allied militias" (the parser makes "allied" a verb): the
        militias are the army's allies."""
        partners = [m for t in reversed(list(verb.doc[verb.sent.start: verb.i])) if t.dep_ in ("pobj", "dobj")
                    for m in index.actors_of(t)][:1]
        allies = [m for o in verb.children if o.dep_ in ("dobj", "obj") for m in index.actors_of(o)]
        if partners and allies:
            yield (verb, self.lexicon.verbs["cooperate"], partners, allies, True)

    def _affiliation(self, noun: Any, index: MentionIndex) -> Iterator[tuple]:
        """"JNIM, al-Qaeda's affiliate in the Sahel", "X is an ally of Y": standing ties (a standing
        rivalry, "X and Y are rivals", is a status the guide does not code)."""
        trig = self.lexicon.verbs["ally"]
        patrons = index.noun_owner(noun) or index.of_actors(noun) or [
            m for _, ms in index.prep_objects(noun, {"to", "with", "for"}) for m in ms]
        head = noun.head
        if _as_role(noun):
            members = _role_holders(noun, index)  # "X operates as a wing of Y", "described X as a front of Y"
        elif noun.dep_ == "appos":
            members = [] if noun.lemma_.lower() in MEMBERSHIP_NOUNS else index.actors_of(head)
        else:
            members = index.subjects(head)
        members = [m for m in members if m.actor not in {p.actor for p in patrons}]
        if patrons and members:
            yield (noun, trig, members, patrons, True)
        elif not patrons and len(members) >= 2 and noun.tag_ == "NNS":
            yield (noun, trig, members[:1], members[1:], True)

    def _splinter(self, noun: Any, index: MentionIndex) -> Iterator[tuple]:
        """"X is a splinter faction of Y", "X, a breakaway group from Y": X split from Y (the split
        reading of "splinter", not the membership the head noun alone would give)."""
        parents = index.noun_owner(noun) or [m for _, ms in index.prep_objects(noun, {"of", "from"}) for m in ms]
        head = noun.head
        if _as_role(noun):
            members = _role_holders(noun, index)
        else:
            members = index.actors_of(head) if noun.dep_ == "appos" else (
                index.subjects(head) if noun.dep_ == "attr" else [])
        members = [m for m in members if m.actor not in {p.actor for p in parents}]
        if parents and members:
            yield (noun, self.lexicon.verbs["splinter"], members, parents, False)

    def _backed_by(self, verb: Any, trig: Trigger, index: MentionIndex, fronted: bool = False) -> Iterator[tuple]:
        """"Afghan troops, backed by U.S. air strikes", "rebels supported by Rwanda", and fronted
        "Backed by Russia, the Syrian regime ..." (the backed is the main clause's subject)."""
        backers = [m for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                   for m in index.actors_of(p) or index.noun_owner(p)]
        backed = index.subjects(verb.head) if fronted else index.actors_of(verb.head)
        backed = [b for b in backed if b.actor not in {m.actor for m in backers}]
        if backers and backed:
            yield (verb, trig, backers, backed, trig.mutual)

    def _must(self, verb: Any, index: MentionIndex) -> Iterator[tuple]:
        for c in verb.children:
            if c.dep_ != "ccomp" or not any(a.lower_ in OBLIGATION for a in c.children if a.dep_ == "aux"):
                continue
            speakers = index.subjects(verb)
            addressees = [m for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for m in index.actors_of(s)]
            addressees = [m for m in addressees if m.actor not in {s.actor for s in speakers}]
            if speakers and addressees:
                yield (verb, self.lexicon.verbs["demand"], speakers, addressees, False)

    def _adjective(self, adj: Any, trig: Trigger, index: MentionIndex) -> Iterator[tuple]:
        """"X and Y remained closely allied", "X is hostile to Y"."""
        verb = adj.head if adj.dep_ != "ROOT" else adj
        actors = index.subjects(verb)
        recipients = [m for _, found in index.prep_objects(adj, trig.preps) for m in found]
        if not recipients and len(actors) >= 2 and trig.mutual:
            yield (adj, trig, actors[:1], actors[1:], True)
        elif not recipients and actors and trig.type in COMPLEMENT_TYPES:
            recipients = self._complement_actors(adj, index, {a.actor for a in actors})
        if actors and recipients:
            yield (adj, trig, actors, recipients, trig.mutual)

    def _postnominal_adjective(self, adj: Any, trig: Trigger, index: MentionIndex) -> Iterator[tuple]:
        """"the Security Belt forces, loyal to the STC", "militias affiliated with X": the noun the
        phrase describes stands in the relation."""
        holders = index.actors_of(adj.head)
        others = [m for _, found in index.prep_objects(adj, trig.preps) for m in found
                  if m.actor not in {h.actor for h in holders}]
        if holders and others:
            yield (adj, trig, holders, others, trig.mutual)

    def _complement_actors(self, head: Any, index: MentionIndex, exclude: set[str],
                           etype: str | None = None) -> list[Mention]:
        """"X demanded that Y withdraw", "X threatened to cut ties with Y": the other party sits in the complement.
        A promise to stop or prevent Y ("pledged to stop Y from expanding") names no partner of the promise,
        nor does a promise of a hostile act on Y ("pledged to expel Y", "promised to fight Y")."""
        for c in head.children:
            if c.dep_ not in ("ccomp", "xcomp"):
                continue
            if etype in COOPERATIVE_PROMISES and self._hostile_act(c):
                continue
            kept_from = etype in COOPERATIVE_PROMISES and c.lemma_.lower() in PREVENTING
            args = [t for t in c.children if t.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")
                    and not (kept_from and t.dep_ == "dobj")]
            holders = [c] + [t for t in c.children if t.dep_ == "dobj"]  # "to break relations with Y"
            args += [p for h in holders for t in h.children if t.dep_ == "prep" and t.lower_ in PARTY_PREPS
                     for p in t.children if p.dep_ == "pobj"]
            for t in args:
                found = [m for m in index.actors_of(t) or index.noun_owner(t) if m.actor not in exclude]
                if found:
                    return found[:1]
        return []

    def _hostile_act(self, verb: Any) -> bool:
        """A verb of conflict ("expel", "attack", "sanction"): whom it names is its target, no partner."""
        lemma = self.lexicon.lemma_fixes.get(verb.lemma_.lower(), verb.lemma_.lower())
        trig = self.lexicon.verbs.get(lemma)
        return verb.pos_ == "VERB" and trig is not None and trig.type in CONFLICT_TYPES

    def _noun(self, noun: Any, trig: Trigger, index: MentionIndex) -> Iterator[tuple]:
        head = noun.head
        if head.lemma_.lower() in AVOIDING:
            return  # "to avoid all-out war": there is none
        if self._threatened_act(noun):
            return  # "vowed new strikes on Y": a THREATEN (see _verb), no strike yet
        if trig.type == "COOPERATE" and _strained(noun):
            trig = STRAINED_TIES  # "strained ties", "relations between X and Y are tense"
        if noun.lemma_.lower() in ARMS_NOUNS and head.lemma_.lower() not in SUPPLYING | RECEIVING:
            return  # "hand in their weapons", "weapons seized": arms given are aid, not arms as such
        stopper = stopped_by(noun) if noun.dep_ in ("dobj", "pobj") else None
        stopped = stopper is not None
        if stopped:
            if trig.type not in CONFLICT_TYPES:
                return
            if trig.type == "ASSAULT" and stopper.lemma_.lower() == "end":
                pass  # "the end of its war with X", "ended its offensive against X": the war was fought
            else:  # "a cessation of hostilities between X and Y", "halted its attacks on X": whom it stops hitting
                trig = replace(STOPPED_FIGHTING, preps=STOPPED_FIGHTING.preps | trig.preps)
        topic = head.head if stopped and head.dep_ == "prep" else noun  # "discuss the cessation of hostilities"
        if trig.type in ("AGREE", "RETREAT") and topic.dep_ in ("dobj", "obj") \
                and topic.head.lemma_.lower() in DISCUSSING and "talk" in self.lexicon.nouns:
            trig = self.lexicon.nouns["talk"]  # "to discuss a ceasefire with Y": talks, no truce yet
        if noun.dep_ == "compound":
            return
        preps = set(trig.preps)
        if trig.type in CONFLICT_TYPES:
            preps.add("against")
        between: list[Mention] = []
        recipients: list[Mention] = []
        holders = [noun] + [c for c in noun.children if c.dep_ == "acl"]  # "an agreement concluded between X and Y"
        lead = _lead_conjunct(noun)  # "launched joint air and artillery strikes on Y": the object is "air"
        if lead is not noun and lead.lemma_.lower() not in self.lexicon.nouns:
            holders.append(lead)
        if lead.dep_ in ("nsubj", "nsubjpass", "dobj") and lead.head.pos_ in ("VERB", "AUX"):
            holders.append(lead.head)  # "clashes erupted between X and Y", "launched an offensive ... against Y"
        elif noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX") \
                and trig.type in ("SUPPORT", "COOPERATE"):
            holders.append(noun.head.head)  # "acting in solidarity (coordination) with X": "with X" on the verb
        party_preps: set[str] = set()  # the prepositions that named a party
        for h in holders:
            for prep, found in index.prep_objects(h, preps | {"between"}):
                (between if prep == "between" else recipients).extend(found)
                party_preps.update([prep] if found else [])
        if trig.type in CONFLICT_TYPES and not recipients:
            recipients.extend(m for p in _place_nouns(holders) for _, found in index.prep_objects(p, AGAINST) for m in found)
        if trig.type in ("SUPPORT", "AID") and not recipients and not between:
            recipients.extend(self._cause_owners(noun, index))  # "support for the defence of Ukraine"
        mediators = self._mediators(noun, index) if trig.type in ("CONSULT", "AGREE", "RETREAT") else []
        if mediators:
            third = {m.actor for m in mediators}
            between = [m for m in between if m.actor not in third]
            recipients = [m for m in recipients if m.actor not in third]
        if len(between) >= 2:
            yield (noun, trig, between[:1], between[1:], True)
            yield from self._mediated(noun, mediators, between)
            return
        recipients.extend(between)
        share = _share_of(noun)  # "X gets most of its funding from Y": the share is what X gets
        if trig.type in ("AID", "SUPPORT") and share.dep_ in ("dobj", "obj") and share.head.lemma_.lower() in RECEIVING:
            # "X received support from Y": Y gives, X gets
            givers = [m for h in (noun, share, share.head) for _, ms in index.prep_objects(h, {"from"}) for m in ms]
            takers = [m for m in index.subjects(share.head) if m.actor not in {g.actor for g in givers}]
            if givers and takers:
                yield (noun, trig, givers, takers, False)
            return
        actors = index.noun_owner(noun)
        if not actors and noun.lemma_.lower() in AGENT_OF_NOUNS:
            actors = index.of_actors(noun)  # "the withdrawal of U.S. troops", "at the request of X"
        direct = noun.dep_ in ("dobj", "attr", "nsubjpass") or (  # "X and Y reached a truce"
            noun.dep_ == "pobj" and noun.head.lower_ == "at" and trig.mutual)  # "X and Y are at war"
        if not actors and trig.type == "ACCUSE":
            actors = _claim_from_owners(noun, index)  # "accusations from Congo that Y arms Z"
        if not actors:
            actors = self._governor_subjects(noun, index)
        if mediators:
            actors = [a for a in actors if a.actor not in {m.actor for m in mediators}]
        yield from self._mediated(noun, mediators, actors + recipients)
        if trig.type == "REQUEST" and actors and not recipients:  # "X struck at the request of Y": Y asked X
            recipients = [m for m in self._governor_subjects(noun, index) if m.actor not in {a.actor for a in actors}]
        actors = [a for a in actors if a.actor not in {r.actor for r in recipients}] or actors
        if not recipients and len(actors) >= 2 and trig.mutual and (direct or trig.type == "CONSULT"):
            yield (noun, trig, actors[:1], actors[1:], True)
            return
        if not actors and trig.mutual and trig.type == "COOPERATE" and len(party_preps - {"between"}) >= 2 \
                and len({r.actor for r in recipients}) >= 2:  # "the merger of X into (with) Y": one party a preposition
            yield (noun, trig, recipients[:1], recipients[1:], True)
            return
        if actors and not recipients and trig.type == "ACCUSE":  # "X's allegation that Y arms Z"
            recipients = [m for m in self._content_subjects(noun, index) if m.actor not in {a.actor for a in actors}]
        if actors and not recipients and trig.type == "ACCUSE" and not _claim_clauses(noun):
            recipients = [m for m in _deniers(noun, index) if m.actor not in {a.actor for a in actors}]
        if actors and not recipients and trig.type == "ASSAULT" and not trig.mutual:
            recipients = self._attacked_country(noun, index, actors)  # "al-Shabaab's attacks in Somalia"
        if actors and not recipients and trig.type == "ASSAULT" and noun.dep_ in ("dobj", "nsubjpass") \
                and noun.head.lemma_.lower() in REPELLING:  # "soldiers repulsed an attack by X": X attacked them
            recipients = [m for m in index.subjects(noun.head) if m.actor not in {a.actor for a in actors}]
        if actors and recipients:
            yield (noun, trig, actors, recipients, trig.mutual)
            yield from self._joint(noun, trig, actors)
        elif recipients and not actors and trig.type in OPEN_TYPES and not trig.mutual:
            yield (noun, trig, [], recipients, False)

    def _claim(self, noun: Any, index: MentionIndex) -> Iterator[tuple]:
        """"claims by X that Y backs Z", "X's claim that Y shelled Z": a claim whose content is a hostile
        act or backing by Y is X's accusation of Y (the content itself is read as usual, alleged by X).
        Other claims ("X's claim that talks were progressing") and claims about X's own deeds are none."""
        owners = index.noun_owner(noun) or _claim_from_owners(noun, index)
        if not owners:
            return
        subjects = self._content_subjects(noun, index, ACCUSING_CONTENT)
        accused = [m for m in subjects if m.actor not in {o.actor for o in owners}]
        if accused:
            yield (noun, self.lexicon.nouns["accusation"], owners, accused, False)

    def _content_subjects(self, noun: Any, index: MentionIndex, types: set[str] | None = None) -> list[Mention]:
        """The actors that do what a claim or accusation noun says ("the allegation that Y arms Z": Y):
        the subject of its "that"-clause, where that clause's verb is a trigger of one of ``types``
        (any, where None). See ``_claim_clauses`` for where the parser puts that clause."""
        for c in _claim_clauses(noun):
            trig = self.lexicon.verbs.get(self.lexicon.lemma_fixes.get(c.lemma_.lower(), c.lemma_.lower()))
            if types is not None and (trig is None or trig.type not in types):
                continue
            found = [m for k in c.children if k.dep_ == "nsubj" for m in index.actors_of(k)]
            if found:
                return found
        return []

    def _cause_owners(self, noun: Any, index: MentionIndex) -> list[Mention]:
        """"support for the defence of Ukraine and NATO's eastern flank", "backing for Kyiv's war
        effort": the backed is who owns the cause supported."""
        out: list[Mention] = []
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"):
            for p in (p for p in prep.children if p.dep_ == "pobj"):
                if index.actors_of(p):
                    continue
                causes = [p] + [t for t in p.subtree if t.dep_ == "conj" and t.i != p.i]
                for cause in causes:  # "... of Ukraine and NATO's eastern flank": each cause's owner
                    if index.at(cause) is None:
                        out.extend(index.actors_of(cause) or index.noun_owner(cause) or index.of_actors(cause))
        return out

    def _mediators(self, noun: Any, index: MentionIndex) -> list[Mention]:
        """"talks hosted by Qatar", "the U.S.-mediated agreement", "a China-brokered ceasefire"."""
        out: list[Mention] = []
        doc = noun.doc
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_.lower() in MEDIATING_LEMMAS:
                out.extend(m for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                           for m in index.actors_of(p))
            elif c.dep_ in ("amod", "compound") and c.lower_ in MEDIATING and c.i >= 2 and doc[c.i - 1].text in ("-", "–"):
                m = index.at(doc[c.i - 2])
                if m is not None:
                    out.append(m)
        out.extend(m for m in sentence_mediators(noun, index) if m.actor not in {o.actor for o in out})
        return out

    def _mediated(self, noun: Any, mediators: list[Mention], parties: list[Mention]) -> Iterator[tuple]:
        parties = [p for p in parties if p.actor not in {m.actor for m in mediators}]
        if mediators and parties:
            yield (noun, self.lexicon.nouns["mediation"], mediators, parties, True)

    def _governor_subjects(self, noun: Any, index: MentionIndex) -> list[Mention]:
        """The subject of the verb a nominal event hangs from ("X reached a truce", "X launched an offensive")."""
        t = noun
        for _ in range(3):
            if t.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "conj", "appos"):
                t = t.head
            elif t.dep_ == "pobj" and t.head.dep_ == "prep":
                t = t.head.head
                if t.pos_ in ("VERB", "AUX") and any(index.actors_of(c) for c in t.children if c.dep_ in OBJ):
                    return []  # "X backs Y in the fight": whose fight is unclear
            else:
                break
            if t.pos_ in ("VERB", "AUX"):
                if t.dep_ == "acl" and t.tag_ == "VBN":  # "Kurds, backed by X in their fight": the Kurds'
                    return index.actors_of(t.head)
                if _mediating_verb(t):
                    return []  # "X helped broker a ceasefire": X mediates, it is no party
                judged = self.lexicon.verbs.get(t.lemma_.lower())
                if judged is not None and judged.type == "ACCUSE" and noun.dep_ in ("dobj", "obj") and t.i == noun.head.i \
                        and noun.lemma_.lower() in self.lexicon.nouns \
                        and self.lexicon.nouns[noun.lemma_.lower()].type in CONFLICT_TYPES:
                    return []  # "X condemned the attack on Y": X judges the attack, it did not make it
                return index.subjects(t)
        return []

    def _brokering(self, verb: Any, index: MentionIndex) -> Iterator[tuple]:
        """"X brokered a ceasefire between Y and Z", "X helped broker a truce with Y": X talks with
        each party; the parties agree only where both are named."""
        for noun in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
            trig = self.lexicon.nouns.get(noun.lemma_.lower())
            if trig is None or trig.type not in ("AGREE", "CONSULT", "RETREAT"):
                continue
            mediators = index.subjects(verb)
            parties = [m for _, ms in index.prep_objects(noun, {"with", "between"}) for m in ms]
            parties = [p for p in parties if p.actor not in {m.actor for m in mediators}]
            if mediators and parties:
                yield (verb, self.lexicon.nouns["mediation"], mediators, parties, True)
            if len(parties) >= 2:
                yield (noun, trig, parties[:1], parties[1:], True)


def _vowed_clause_subjects(verb: Any) -> list[Any]:
    """"X vowed that new strikes on Y would follow": the subject of a "that"-clause still to come
    (will / would / shall) after a vow is what is vowed, as the object of "vowed new strikes on Y" is."""
    return [s for c in verb.children if c.dep_ == "ccomp"
            and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)
            and any(k.dep_ == "aux" and k.lower_ in ("will", "would", "shall", "'ll") for k in c.children)
            for s in c.children if s.dep_ == "nsubj"]


def _claim_clauses(noun: Any) -> list[Any]:
    """The "that"-clauses saying what a claim noun claims: its own (acl, ccomp, or an adverbial clause
    the parser hangs on it, "US claims that it backs Z"), or, where the noun is what a denial
    rejects, one the parser hangs on the denying verb after it ("rejected claims by Y that it armed Z")."""
    from ..claims.status import cues  # the claim layer's words (it imports the events layer)

    candidates = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "advcl")]
    head = noun.head
    if noun.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in cues()["deny_verbs"]:
        candidates += [c for c in head.children if c.dep_ == "ccomp" and c.i > noun.i]
    return [c for c in candidates if c.pos_ in ("VERB", "AUX")
            and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)]


def _claim_from_owners(noun: Any, index: MentionIndex) -> list[Mention]:
    """"accusations from Congo", "claims from Somalia that ...": an accusation or claim "from" an
    actor is that actor's (a report "from" somewhere only says where it came from)."""
    from ..claims.status import cues

    if noun.lemma_.lower() not in cues()["owned_from_nouns"]:
        return []
    return [m for _, ms in index.prep_objects(noun, {"from"}) for m in ms]


def _deniers(noun: Any, index: MentionIndex) -> list[Mention]:
    """"Kenya rejected the US allegation", "Somalia's accusations were dismissed by Kenya": an
    accusation known only through its denial was made against the denier (one denies what one is
    accused of); the guide codes the act of accusing as an ACCUSE that happened."""
    from ..claims.status import cues

    head = noun.head
    if head.pos_ != "VERB" or head.lemma_.lower() not in cues()["deny_verbs"]:
        return []
    if noun.dep_ == "dobj":
        return index.subjects(head)
    if noun.dep_ == "nsubjpass":
        return [m for _, ms in index.prep_objects(head, {"by"}) for m in ms]
    return []


def _denied_claim(verb: Any, obj: Any) -> bool:
    """"X rejected / dismissed Y's claims (accusations) that ...": a denial, which the guide records as
    the denied content (status denied, claimed by X then Y), never as a REJECT of Y; a proposal or a
    demand rejected keeps its REJECT."""
    from ..claims.status import cues  # the claim layer's words (it imports the events layer)

    c = cues()
    return verb.lemma_.lower() in c["deny_verbs"] and (obj.lemma_.lower() in c["claim_nouns"]
                                                      or obj.lower_ in c["claim_nouns"])


def _place_nouns(heads: list[Any]) -> list[Any]:
    """"launched an offensive in Nangarhar province against X": the parser often hangs
    "against X" on the place; the place nouns are searched for it too."""
    return [p for h in heads for c in h.children
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS
            for p in c.children if p.dep_ == "pobj"]


def _drop_contents(found: list[tuple]) -> list[tuple]:
    """"X threatened to cut ties with Y" is one THREATEN, not also a SANCTION; "X pressed both
    parties to stop fighting" is one REQUEST: what a threat, demand or promise asks for has not
    happened. (An accusation's content is kept: the guide records it as alleged; so is a hostile act
    promised or agreed, "X and Y agreed to expel Z", which the guide records with aux future.)"""
    speech = [(tok, {a.actor for a in actors}, trig.type) for tok, trig, actors, _, _ in found
              if trig.type in COMPLEMENT_TYPES and tok.pos_ in ("VERB", "ADJ")
              or trig.type in WANTED_NOT_DONE and tok.pos_ == "NOUN"]  # "IS's call to join it"
    out = []
    for item in found:
        tok, trig, actors, _, _ = item
        inner = any(
            tok.i != s.i
            and any((c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "acl" and s.pos_ == "NOUN"))
                    and tok.i in {t.i for t in c.subtree} for c in s.children)
            and (stype in WANTED_NOT_DONE or {a.actor for a in actors} & who)
            and not (stype in COOPERATIVE_PROMISES and trig.type in HOSTILE_ACTS)  # "agreed to expel Z": future
            for s, who, stype in speech)
        if not inner:
            out.append(item)
    return out


_UNKNOWN = Mention(0, 0, "", "?", kind="unknown")


def sentence_mediators(noun: Any, index: MentionIndex) -> list[Mention]:
    """Mediators a sentence names for its talks or truce: "with Oman mediating", "under the
    auspices of Egypt", "mediation efforts by X", "the mediator X", "negotiations led by the AU"."""
    out: list[Mention] = []
    for t in noun.sent:
        if t.lemma_.lower() not in MEDIATOR_CUES or t.i == noun.i:
            continue
        if t.pos_ == "VERB":
            if t.lemma_.lower() == "lead" and t.head.i != noun.i:
                continue  # "led by" only on the talks themselves
            cands = index.subjects(t) + [m for a in t.children if a.dep_ == "agent"
                                         for p in a.children if p.dep_ == "pobj" for m in index.actors_of(p)]
        elif t.pos_ == "NOUN":
            head = t.head if t.dep_ == "compound" else t  # "mediation efforts by X"
            cands = index.noun_owner(head) + index.of_actors(head) + [
                m for c in head.children if c.dep_ == "appos" for m in index.actors_of(c)]
        else:
            continue
        out.extend(m for m in cands if m.actor not in {o.actor for o in out})
    return out


def _small_clauses(verb: Any) -> dict[int, list[Any]]:
    """"X considers Y an enemy", "X deems Y to be a threat": the parser makes the label a clausal
    complement (a noun, or "be" with the label as its attribute) whose subject is the labelled Y, or
    an apposition of the object with no comma. Label token -> the labelled tokens."""
    out: dict[int, list[Any]] = {}
    for c in verb.children:
        if c.dep_ not in ("ccomp", "xcomp", "dobj"):
            continue
        if c.dep_ == "dobj":  # "deemed ISKP an enemy", parsed as an apposition with no comma
            out.update((a.i, [c]) for a in c.children if a.dep_ == "appos" and a.pos_ == "NOUN"
                       and not any(t.is_punct for t in verb.doc[c.i + 1:a.i]))
            continue
        subjects = [k for k in c.children if k.dep_ == "nsubj"]
        if not subjects:
            continue
        if c.pos_ in ("NOUN", "PROPN"):
            out[c.i] = subjects
        elif c.lemma_ == "be":
            out.update((a.i, subjects) for a in c.children if a.dep_ == "attr" and a.pos_ in ("NOUN", "PROPN"))
    return out


def _what_is_taken(obj: Any) -> list[Any]:
    """"seized control of X": what control is taken of; any other object is itself taken."""
    if obj.lemma_.lower() == "control":
        of = [p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]
        if of:
            return of
    return [obj]


def _mediating_verb(tok: Any) -> bool:
    """broker, mediate, facilitate, host (a truce, talks): the subject is a third party."""
    lemma = tok.lemma_.lower()
    return lemma in MEDIATING_LEMMAS and lemma not in ("lead", "negotiate", "organise", "organize") \
        and tok.pos_ in ("VERB", "AUX")


def _as_role(noun: Any) -> bool:
    """"X operates (emerged, serves) as a wing of Y": the noun is a role the verb's subject holds."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head.pos_ in ("VERB", "AUX")


def _shared_objects(verb: Any) -> list[Any]:
    """"X attacked and burned Y's camps": the parser hangs the shared object on the last verb only.
    The object of a later verb coordinated with this one, with no subject of its own, is its too."""
    for c in verb.children:
        if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > verb.i \
                and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children):
            objects = [o for o in c.children if o.dep_ in ("dobj", "obj")]
            return objects or _shared_objects(c)
    return []


def _lead_conjunct(noun: Any) -> Any:
    """The first noun of a coordination ("air" in "joint air and artillery strikes"): the parser hangs
    the verb, the modifiers and the prepositions of the whole phrase on it, not on the later nouns."""
    for _ in range(4):
        if noun.dep_ != "conj" or noun.head.pos_ not in ("NOUN", "PROPN") or noun.head.i >= noun.i:
            break
        noun = noun.head
    return noun


def _share_of(noun: Any) -> Any:
    """"most (much, some, part) of its funding": the quantity word the noun is a share of, else the noun."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in ("most", "much", "some", "part", "all", "bulk"):
        return head.head
    return noun


def _role_holders(noun: Any, index: MentionIndex) -> list[Mention]:
    """Who holds the role after "as": the verb's object where it has one ("described X as a front
    of Y"), else its subject ("X operates as a wing of Y")."""
    verb = noun.head.head
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if objects:
        return [m for o in objects for m in index.actors_of(o)]
    return index.subjects(verb)


def _splinter_modified(noun: Any) -> bool:
    """"a splinter faction", "a breakaway group": a noun modified by a split word."""
    return any(c.dep_ in ("amod", "compound") and c.lower_ in SPLINTER_MODIFIERS for c in noun.children)


def _prevented(tok: Any) -> bool:
    """A trigger inside what a preventing verb keeps someone from ("to prevent X from attacking Y",
    "barred X from using the border to threaten Y"): the act is not to happen, so no event."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis", "relcl"):
            return False
        if t.dep_ == "pcomp" and t.head.lower_ == "from" and t.head.head.lemma_.lower() in PREVENTING:
            return True
        t = t.head
    return False


def _severed_tie(verb: Any, lemma: str) -> Any:
    """The tie noun a breaking verb takes as its direct object ("severed ties", "broke off diplomatic
    relations", "suspended cooperation"), else None."""
    if lemma not in SEVERING:
        return None
    return next((c for c in verb.children if c.dep_ in ("dobj", "obj")
                 and (c.lemma_.lower() in TIE_NOUNS or c.lower_ in TIE_NOUNS)), None)


def _strained(noun: Any) -> bool:
    """"strained ties", "relations ... are tense", "ties have soured": the relation is hostile."""
    if any(c.dep_ == "amod" and c.lower_ in STRAINED for c in noun.children):
        return True
    head = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass") and (
        head.lower_ in STRAINED or head.lemma_.lower() in STRAINED
        or any(c.dep_ in ("acomp", "attr") and c.lower_ in STRAINED for c in head.children))


def _adjectival_participle(tok: Any) -> bool:
    """"… and allied Wazalendo militias": a participle before its noun that the parser took for a
    coordinated verb (no subject of its own, right after "and", its object right after it)."""
    if tok.lower_ not in ADJECTIVAL_PARTICIPLES or tok.dep_ != "conj":
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children) or tok.i == 0:
        return False
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    return tok.doc[tok.i - 1].lower_ == "and" and any(o.left_edge.i == tok.i + 1 for o in objects)


def _one_coordinated_subject(verb: Any, actors: list[Mention]) -> bool:
    """"The United States and Britain launched airstrikes on X": two states named as one subject of
    a material act carry it out together. Only a verb's own subject of plain names ("X and Y"), both
    states (a group beside a state is often its proxy, not its partner)."""
    for _ in range(3):  # "X and Y launched (dozens of) airstrikes"
        if verb.pos_ in ("VERB", "AUX") or verb.dep_ not in ("dobj", "obj", "pobj", "prep"):
            break
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or any(a.kind != "state" for a in actors):
        return False
    return any(_coordinated_names(subj) for subj in verb.children if subj.dep_ == "nsubj")


def _coordinated_names(subj: Any) -> bool:
    """"X and Y" as a phrase of names, or two demonyms coordinated on one noun ("American and
    British warplanes")."""
    if subj.pos_ == "PROPN":
        return any(c.dep_ == "conj" and c.pos_ == "PROPN" for c in subj.children) \
            and any(c.dep_ == "cc" and c.lower_ == "and" for c in subj.children)
    mods = [c for c in subj.children if c.dep_ in ("amod", "compound", "nmod") and c.i < subj.i]  # "Ugandan" as nmod
    return any(any(g.dep_ == "conj" for g in d.children) and any(g.dep_ == "cc" and g.lower_ == "and"
                                                              for g in d.children) for d in mods)


def _urged_non_actor(verb: Any, index: MentionIndex) -> bool:
    """A deed urged on someone who is no actor ("urged all States to cooperate"): the one urging
    does not do it (a stance urged on others, "urging jihadists to back X", is the urger's own)."""
    from .arguments import OBJECT_CONTROL

    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in OBJECT_CONTROL:
        return False
    objects = [c for c in head.children if c.dep_ in ("dobj", "obj")]
    return bool(objects) and not any(index.actors_of(c) for c in objects)


def _verb_as_root_noun(tok: Any, lex: Lexicon, index: MentionIndex) -> bool:
    """"Jamaat-ul-Ahrar split from X in 2014" parsed with "split" a noun at the root and the
    group its compounds: a lexicon verb with an actor before it and one of its own prepositions."""
    if tok.pos_ != "NOUN" or tok.dep_ != "ROOT" or tok.lemma_.lower() not in lex.verbs:
        return False
    if any(c.dep_ in ("det", "poss", "nsubj", "amod") for c in tok.children):
        return False  # "the split from X", "its split", "a bitter split": a noun after all
    preps = lex.verbs[tok.lemma_.lower()].preps
    return any(c.dep_ == "compound" and c.i < tok.i and index.at(c) is not None for c in tok.children) \
        and any(c.dep_ == "prep" and c.lower_ in preps for c in tok.children)


def _in_question(tok: Any) -> bool:
    """"asked whether X backs Y": a question, not a claim."""
    t = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ == "whether" for c in t.children):
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _pairs(article: Article, sentence: Any, tok: Any, trig: Trigger, actors: list[Mention],
           recipients: list[Mention], mutual: bool) -> Iterator[Event]:
    # "the Iran-backed Houthis" describes a standing relation: it holds at publication,
    # whatever other date the sentence mentions
    standing = trig.pos == "COMPOUND" and article.record.date
    for a in actors:
        for r in recipients:
            if not a.actor or not r.actor or a.actor == r.actor:
                continue
            yield Event(
                doc=article.id,
                actor="" if a is _UNKNOWN else a.actor,
                recipient=r.actor,
                type=trig.type,
                mode=trig.mode,
                mutual=mutual,
                evidence=sentence.text,
                evidence_start=sentence.start,
                evidence_end=sentence.end,
                sentence=sentence.index,
                trigger=tok.text,
                trigger_start=tok.idx,
                confidence=0.8 if tok.pos_ in ("VERB", "AUX") else 0.7,
                date=article.record.date if standing else None,
                date_granularity=GRANULARITY.get(len(article.record.date or "")) if standing else None,
            )


@register("events")
def make_events(ctx: PipelineContext, opts: dict[str, Any]) -> EventExtractor:
    return EventExtractor(ctx)
