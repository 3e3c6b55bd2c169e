"""Who does it and to whom: finding actor arguments in a dependency parse.

Noun phrases resolve to actor mentions through the phrase itself, its
coordination ("X and Y"), member nouns ("supporters of ISIS", "Taliban
fighters", "the leader of ISIS"), apposition and pronouns (a deliberately
small heuristic: the nearest earlier actor in the sentence, or the subject of
the previous one).
"""
from __future__ import annotations

from typing import Any

from ..actors.mentions import mention_words
from ..model import Article, Mention
from .lexicon import argument_words

_WORDS = argument_words()

SUBJ = {"nsubj", "csubj", "expl"}
OBJ = {"dobj", "obj", "dative", "attr", "oprd"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
# "both parties", "the two sides": the last two actors named
PAIR_ANAPHORS = _WORDS["pair_anaphors"]
# "the group", "the rebels": a definite noun that points back to the last armed group named.
GROUP_ANAPHORS = _WORDS["group_anaphors"]
PERSONAL = {"they", "them", "their", "theirs", "it", "its", "he", "him", "his", "she", "her", "we", "our", "us"}
# "talks hosted by X": X is a third party (a mediator), not the one holding the talks
HOSTING = _WORDS["hosting"]
ACCUSING = _WORDS["accusing"]
OBJECT_CONTROL = _WORDS["object_control"]
WEAPON_NOUNS = _WORDS["weapon_nouns"]
INSTRUMENT_PREPS = _WORDS["instrument_preps"]
AGENTIVE = _WORDS["agentive_participles"]
QUANTITY_NOUNS = _WORDS["quantity_nouns"]
STATEMENT_NOUNS = _WORDS["statement_nouns"]
STOPPING_VERBS = _WORDS["stopping_verbs"]
STOPPING_NOUNS = _WORDS["stopping_nouns"]


class MentionIndex:
    """Token index -> the actor mention covering it, for one parsed article."""

    def __init__(self, article: Article):
        self.article = article
        doc = article.spacy_doc
        self.doc = doc
        self.by_token: dict[int, Mention] = {}
        self.sent_first_subject: dict[int, Mention] = {}
        for m in article.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token[t.i] = m
        self._member_nouns = mention_words()["member_nouns"]

    def at(self, tok: Any) -> Mention | None:
        m = self.by_token.get(tok.i)
        if m is None or m.actor is None or m.kind in ("outlet", "dateline"):
            return None
        return m

    def source_at(self, tok: Any) -> Mention | None:
        """A mention that can make a claim: actors, people and outlets."""
        m = self.by_token.get(tok.i)
        return m if m is not None and m.actor is not None and m.kind != "dateline" else None

    # -- noun phrases -------------------------------------------------------

    def actors_of(self, tok: Any, depth: int = 0) -> list[Mention]:
        """The actors a noun phrase headed by ``tok`` stands for (coordination included)."""
        if depth > 4:
            return []
        out: list[Mention] = []
        own = self._own(tok, depth)
        out.extend(own)
        for child in tok.children:
            if child.dep_ == "conj":
                out.extend(self.actors_of(child, depth + 1))
        if not own:
            for child in tok.children:
                if child.dep_ == "appos":
                    out.extend(self.actors_of(child, depth + 1))
        elif any(c.dep_ == "cc" for c in tok.children):
            # "Turkey, Russia, and Iran": a list the parser read as a name in apposition to a name
            for child in tok.children:
                if child.dep_ == "appos" and self.at(child) is not None:
                    out.extend(self.actors_of(child, depth + 1))
        return _unique(out)

    def _own(self, tok: Any, depth: int) -> list[Mention]:
        m = self.at(tok)
        if m is not None:
            # "Malian, Russian forces": a second demonym coordinated inside the phrase
            doc = tok.doc  # (not the patron of an "X-backed" epithet)
            extra = [o for c in tok.children if c.dep_ in ("amod", "nmod") and (o := self.at(c)) is not None and o is not m
                     and not (c.i + 1 < len(doc) and doc[c.i + 1].text in ("-", "–"))]
            return [m, *extra]
        if tok.pos_ == "PRON" or tok.lower_ in PERSONAL or tok.lower_ == "whose":
            p = self.pronoun(tok)
            return [p] if p else []
        if tok.lemma_.lower() in PAIR_ANAPHORS and tok.tag_ == "NNS" and any(
                c.lower_ in ("both", "two", "warring", "opposing", "rival") for c in tok.children):
            return self.last_groups_before(tok, 2, kinds=None)  # "both parties", "the two sides"
        if (tok.lemma_.lower() in GROUP_ANAPHORS or tok.lower_ in GROUP_ANAPHORS) \
                and any(c.lower_ in ("the", "this", "that", "these", "both") for c in tok.children):
            if tok.tag_ == "NNS" and any(c.lower_ in ("two", "both") for c in tok.children):
                return self.last_groups_before(tok, 2)  # "the two groups"
            p = self.last_group_before(tok)
            if p is not None:
                return [p]
        if tok.pos_ == "PROPN" or tok.lower_ in ("fob", "fobs"):  # "the Nigerian Army's FOB Sabon Gari"
            owners = [m for c in tok.children if c.dep_ == "poss" and (m := self.at(c)) is not None]
            if owners:
                return owners
        if (tok.like_num or tok.lemma_.lower() in QUANTITY_NOUNS) and depth < 3:
            found = self.of_actors(tok)  # "dozens of RSF fighters", "three of the attackers"
            if found:
                return found
        if tok.lower_ in self._member_nouns or tok.lemma_.lower() in self._member_nouns:
            named = [m for c in tok.children if c.dep_ == "appos" and (m := self.at(c))]
            if named:  # "Iran's ally Russia": the name in apposition is the one
                return named[:1]
            for c in tok.children:  # "Houthi-held areas", "rebel-controlled towns"
                if c.dep_ == "amod" and c.lower_ in ("held", "controlled", "run", "occupied") and c.i >= 2 \
                        and tok.doc[c.i - 1].text in ("-", "–") and (m := self.at(tok.doc[c.i - 2])) is not None:
                    return [m]
            mods = [c for c in tok.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
            for child in sorted(mods, key=lambda c: c.pos_ == "PRON"):  # a name beats a pronoun
                m = self.at(child) or (self.pronoun(child) if child.pos_ == "PRON" else None)
                if m is not None and not _is_former(tok):
                    return [m]
            for child in tok.children:
                if child.dep_ == "acl" and child.lemma_.lower() == "belong":  # "targets belonging to X"
                    found = [m for p in child.children if p.dep_ == "prep" and p.lower_ == "to"
                             for o in p.children if o.dep_ == "pobj" for m in self.actors_of(o, depth + 1)]
                    if found:
                        return found
                if child.dep_ == "prep" and child.lower_ in ("of", "from", "within", "with"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found = self.actors_of(pobj, depth + 1)
                            if found:
                                return found
        return []

    def pronoun(self, tok: Any) -> Mention | None:
        """Resolve a pronoun to an actor mention (relative pronouns to their head noun)."""
        low = tok.lower_
        if low in RELATIVE:
            clause = tok.head
            if low == "whose":  # "X, whose troops fought ..."
                clause = clause.head
            if clause.dep_ in ("relcl", "acl"):
                found = self.actors_of(clause.head, 3)
                return found[0] if found else None
            return None
        if low not in PERSONAL:
            return None
        accuser = self._accuser_of_content(tok)
        if accuser is not None:  # "X accused Y of bombing its troops": "its" is X's
            return accuser
        denier = self._denier_of_claim(tok) if low in ("it", "they") else None
        if denier is not None:  # "X denies Y's claim it backs Z": X is the one said to back Z
            return denier
        speaker = self._speaker_of_complement(tok) if low in ("its", "their", "it", "they", "we", "our") else None
        if speaker is not None:  # "JNIM, al-Qaeda's affiliate, said its fighters ...": JNIM's
            return speaker
        if low in ("their", "they", "them") and self._inside_clause_of_non_actor(tok):
            return None  # "Kurds, backed by X in their fight": "their" are the Kurds, not X
        sent = tok.sent
        earlier = [t for t in sent if t.i < tok.i and self.at(t) is not None]
        if low in ("he", "him", "his", "she", "her"):  # a person: the last one named, in this sentence or the one before
            person = self._last_person_before(tok)
            if person is not None:
                return person
        if tok.dep_ == "poss" or low in ("their", "its", "his", "her", "our"):
            # a name used as a place ("in southern Lebanon") is a poor antecedent when a party precedes it
            parties = [t for t in earlier if not as_place(t)]
            if parties or earlier:
                return self.at((parties or earlier)[-1])
        elif tok.dep_ in ("dobj", "pobj", "dative") and low in ("it", "him", "her") and any(not _in_subject(t) for t in earlier):
            # an object pronoun ("cut ties with Ukraine and accused it") is rarely the subject
            return self.at([t for t in earlier if not _in_subject(t)][-1])
        else:
            subj_like = [t for t in earlier if _in_subject(t)]
            if subj_like:
                return self.at(subj_like[-1])
            if earlier:
                return self.at(earlier[-1])
        prev = self._previous_sentence_subject(sent)
        return prev

    def _last_person_before(self, tok: Any) -> Mention | None:
        start = tok.sent.start
        prev_start = self.doc[start - 1].sent.start if start > 0 else start
        for i in range(tok.i - 1, prev_start - 1, -1):
            m = self.at(self.doc[i])
            if m is not None and m.kind == "person":
                return m
        return None

    def _accuser_of_content(self, tok: Any) -> Mention | None:
        if tok.dep_ != "poss":
            return None
        t = tok
        for _ in range(6):
            if t.head.i == t.i:
                return None
            if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.lemma_.lower() in ACCUSING:
                subj = [m for c in t.head.head.children if c.dep_ == "nsubj" for m in self.actors_of(c)]
                return subj[0] if subj else None
            t = t.head
        return None

    def _denier_of_claim(self, tok: Any) -> Mention | None:
        """The subject pronoun of what a denied claim says ("X denies (Y's) claim (that) it backs Z",
        the headline's "claim" parsed as Y's verb or not) is the denier: one denies what one is
        accused of. Only a claim some other actor owns; the denier must be an actor."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ not in ("ccomp", "acl", "advcl"):
            return None
        from ..claims.status import cues  # the claim layer's words (it imports this module)

        c = cues()
        claim = tok.head.head
        deny = claim.head
        if claim.lemma_.lower() not in c["claim_nouns"] or deny.lemma_.lower() not in c["deny_verbs"] \
                or claim.dep_ not in ("dobj", "ccomp") or deny.pos_ != "VERB":
            return None
        deniers = [m for s in deny.children if s.dep_ == "nsubj" for m in self.actors_of(s)]
        owners = [m for ch in claim.children if ch.dep_ in ("nsubj", "poss", "compound", "amod", "nmod")
                  or (ch.dep_ == "prep" and ch.lower_ == "by")
                  for h in ([p for p in ch.children if p.dep_ == "pobj"] if ch.dep_ == "prep" else [ch])
                  for m in self.actors_of(h)]
        if len(deniers) != 1 or not owners or deniers[0].actor in {o.actor for o in owners}:
            return None
        return deniers[0]

    def _speaker_of_complement(self, tok: Any) -> Mention | None:
        """A possessive or subject pronoun that opens what a speech verb says ("X said its fighters
        attacked", "X announced that it had seized") is the speaker's, however many other actors
        the speaker's own phrase names ("X, Y's affiliate, said ..."). Only where the complement
        names no actor before the pronoun ("X said the Taliban moved its fighters" is left to the
        nearest-actor reading) and the speaker is an actor."""
        if tok.dep_ not in ("poss", "nsubj", "nsubjpass"):
            return None
        from ..claims.status import cues  # the claim layer's speech verbs (it imports this module)

        speech = cues()["speech_verbs"]
        t = tok
        for _ in range(8):
            head = t.head
            if head.i == t.i or t.dep_ in ("relcl", "acl", "appos", "parataxis"):
                return None
            if t.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in speech:
                if any(self.at(x) is not None for x in t.subtree if x.i < tok.i):
                    return None
                subjects = [c for c in head.children if c.dep_ == "nsubj"]
                if tok.lower_ in ("its", "it") and any(c.tag_ == "NNS" for c in subjects):
                    return None  # "Israeli officials said its fighters ...": not theirs
                speakers = [m for c in subjects for m in self.actors_of(c)]
                return speakers[0] if len(speakers) == 1 else None
            t = head
        return None

    def _inside_clause_of_non_actor(self, tok: Any) -> bool:
        t = tok
        for _ in range(8):
            if t.head.i == t.i:
                return False
            if t.dep_ in ("acl", "relcl"):
                if t.tag_ not in ("VBN", "VBG") or any(c.dep_ in ("nsubj", "mark") for c in t.children):
                    return False  # only participle clauses: "Kurds, backed by X in their fight"
                noun = t.head
                return self.at(noun) is None and noun.tag_ in ("NNS", "NNPS")
            t = t.head
        return False

    def between_actors(self, prep: Any) -> list[Mention]:
        """All parties of "between X and Y", even where the parser nests one inside the other."""
        out: list[Mention] = []
        doc = prep.doc
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            out.extend(self.actors_of(pobj))
            for t in pobj.subtree:
                if any(a.dep_ == "prep" for a in _path_between(t, pobj)):
                    continue
                if t.i + 2 < len(doc) and doc[t.i + 1].text in ("-", "–") and doc[t.i + 2].tag_ in ("VBN", "VBD"):
                    continue  # "the Iran-backed group": Iran is no party to it
                m = self.at(t)
                if m is not None:
                    out.append(m)
        return _unique(out)

    def last_group_before(self, tok: Any, window: int = 600) -> Mention | None:
        """The armed group most recently named before ``tok`` (within ``window`` characters)."""
        found = self.last_groups_before(tok, 1, window)
        return found[0] if found else None

    def last_groups_before(self, tok: Any, n: int, window: int = 1200,
                           kinds: tuple[str, ...] | None = ("armed_group", "candidate")) -> list[Mention]:
        out: list[Mention] = []
        own = {t.i for t in tok.subtree}  # "the al-Qaeda-linked group" is not al-Qaeda
        as_object = not _in_subject(tok)
        for i in range(tok.i - 1, -1, -1):
            t = self.doc[i]
            if tok.idx - t.idx > window:
                break
            if i in own or (as_object and t.sent.start == tok.sent.start and _in_subject(t)):
                continue  # an object "the group" is not the clause's own subject
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "across", "inside"):
                continue  # "met in Pretoria": a place here, not a party
            m = self.at(t)
            if m is not None and (kinds is None or m.kind in kinds) and m.actor not in {o.actor for o in out}:
                out.append(m)
                if len(out) == n:
                    break
        return out

    def _previous_sentence_subject(self, sent: Any) -> Mention | None:
        doc = self.doc
        if sent.start == 0:
            return None
        prev = doc[sent.start - 1].sent
        for t in prev:  # the main clause's subject first: "The members of the Security Council said
            if t.dep_ == "nsubj" and t.head.dep_ == "ROOT":  # that X threatens Y. They condemned ..."
                found = self.actors_of(t)
                if found:
                    return found[0]
        for t in prev:
            if self.at(t) is not None and _in_subject(t):
                return self.at(t)
        return None

    # -- clauses ------------------------------------------------------------

    def subjects(self, verb: Any, depth: int = 0) -> list[Mention]:
        """Who does what ``verb`` says, following control, coordination and relative clauses."""
        if depth > 5:
            return []
        subs = [c for c in verb.children if c.dep_ in SUBJ]
        if subs:
            out: list[Mention] = []
            for s in subs:
                out.extend(self.actors_of(s))
                if not out and s.pos_ in ("NOUN", "PROPN"):
                    out.extend(self.noun_owner(s))
            return _unique(out)
        agent = [c for c in verb.children if c.dep_ == "agent"]
        if agent:
            pobjs = [p for a in agent for p in a.children if p.dep_ == "pobj"]
            found = [m for p in pobjs for m in self.actors_of(p)]
            # "killed by a roadside bomb planted by X", "shot by an X sniper": the instrument's owner
            return _unique(found or [m for p in pobjs for m in self.noun_owner(p)])
        if any(c.dep_ == "nsubjpass" for c in verb.children) or self.passive_subject(verb) is not None:
            return self.instrument_owners(verb)
        head = verb.head
        if head.i == verb.i:
            return []
        dep = verb.dep_
        if dep == "pcomp" and head.head.lemma_.lower() in ACCUSING:
            # "X accused Y of arming Z": Y is who (allegedly) arms
            accused = [m for c in head.head.children if c.dep_ in OBJ for m in self.actors_of(c)]
            if accused:
                return accused
        if dep == "xcomp" and any(c.dep_ == "nsubjpass" for c in head.children):
            # "the group was sanctioned / asked / allowed to fight X": the passive subject does it
            return _unique([m for c in head.children if c.dep_ == "nsubjpass" for m in self.actors_of(c)])
        if dep == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            objs = [m for c in head.children if c.dep_ in OBJ for m in self.actors_of(c)]
            return objs or self.subjects(head, depth + 1)
        if dep in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "pobj"):
            found = self.subjects(head, depth + 1)
            if not found and dep == "conj" and not any(c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in head.children):
                found = self._nearest_subject_before(verb)
            return found
        if dep in ("relcl", "acl"):
            found = self.actors_of(head)
            if not found and dep == "acl" and head.dep_ in ("dobj", "attr") and head.head.pos_ in ("VERB", "AUX") \
                    and head.lemma_.lower() in STATEMENT_NOUNS:
                found = self.subjects(head.head, depth + 1)  # "X issued a statement demanding ..."
            if not found and dep == "acl" and head.dep_ == "pobj" and head.head.lower_ == "among" \
                    and head.head.head.pos_ in ("VERB", "AUX"):
                found = self.subjects(head.head.head, depth + 1)  # "X and Y are among countries backing Z"
            return found
        if head.dep_ in ("prep", "pobj", "pcomp") or dep in ("pobj",):
            return self.subjects(head, depth + 1)
        return []

    def passive_subject(self, verb: Any) -> Any | None:
        """The passive subject a verb shares with the verb it is coordinated with ("were shot and killed")."""
        own = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if own:
            return own[0]
        if verb.dep_ == "conj" and verb.tag_ == "VBN":
            shared = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
            return shared[0] if shared else None
        return None

    def instrument_owners(self, verb: Any) -> list[Mention]:
        """Victim-first passives: the attacker sits inside the event or weapon noun.

        "were killed in an airstrike by Afghan forces", "wounded during a raid by X", "killed in a
        Turkish drone strike", "an attack claimed by X"; the agent of a coordinated verb counts
        too ("were shot and killed by X"). Event nouns come from the trigger lexicon.
        """
        out: list[Mention] = []
        for v in [verb] + [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VBN"]:
            if v.i != verb.i:
                out.extend(m for a in v.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
                           for m in self.actors_of(p) or self.noun_owner(p))
            for prep in v.children:
                if prep.dep_ != "prep" or prep.lower_ not in INSTRUMENT_PREPS:
                    continue
                for p in prep.children:
                    if p.dep_ == "pobj" and _is_instrument(p):
                        out.extend(self.noun_owner(p))
        return _unique(out)

    def _nearest_subject_before(self, verb: Any) -> list[Mention]:
        """Coordinated verbs the parser hung on the wrong head: the last actor subject before them."""
        for t in reversed(list(verb.sent)[: verb.i - verb.sent.start]):
            if t.dep_ == "nsubj" and t.head.pos_ in ("VERB", "AUX"):
                found = self.actors_of(t)
                if found:
                    return found
        return []

    def noun_owner(self, noun: Any) -> list[Mention]:
        """Who owns a nominal event: "X's offensive", "a NATO strike", "attacks by X", "Russian airstrikes"."""
        out: list[Mention] = []
        for c in noun.children:
            if c.dep_ == "poss":
                out.extend(self.actors_of(c))
            elif c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i:
                m = self.at(c)
                if m is None and c.lower_ in AGENTIVE and c.i >= 2 and noun.doc[c.i - 1].text in ("-", "–"):
                    m = self.at(noun.doc[c.i - 2])  # "the US-led war", "an IS-planted landmine"
                if m is not None:
                    out.append(m)
            elif c.dep_ == "prep" and c.lower_ == "by":
                out.extend(m for p in c.children if p.dep_ == "pobj" for m in self.actors_of(p))
            elif c.dep_ == "acl" and c.lemma_.lower() not in HOSTING:  # "an ambush launched by X"
                out.extend(m for a in c.children if a.dep_ == "agent"
                           for p in a.children if p.dep_ == "pobj" for m in self.actors_of(p))
        return _unique(out)

    def of_actors(self, noun: Any) -> list[Mention]:
        """"the right of Russia's troops", "the decision of X": the actor after "of"."""
        return [m for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children if p.dep_ == "pobj" for m in self.actors_of(p)]

    def prep_objects(self, tok: Any, preps: frozenset[str] | set[str]) -> list[tuple[str, list[Mention]]]:
        """(preposition, actors) for each prepositional complement of ``tok`` in ``preps``."""
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in preps:
                if c.lower_ == "between":
                    found = self.between_actors(c)
                else:
                    found = [m for p in c.children if p.dep_ in ("pobj", "pcomp") for m in self.actors_of(p)]
                if found:
                    out.append((c.lower_, found))
        return out


def is_reciprocal(tok: Any) -> bool:
    """"each other", "one another"."""
    return tok.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in tok.children)


def has_reciprocal(tok: Any) -> bool:
    for c in tok.children:
        if c.dep_ in OBJ and is_reciprocal(c):
            return True
        if c.dep_ == "prep" and any(is_reciprocal(p) for p in c.children):
            return True
    return False


def stopped_by(tok: Any) -> Any | None:
    """The word that stops a deed ("stopped / halted / suspended attacks on X", "stopped attacking
    X", "a cessation of hostilities"), else None: a deed that is stopped is not going on."""
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ in ("dobj", "obj", "xcomp", "pcomp", "ccomp") and head.pos_ in ("VERB", "AUX") \
            and head.lemma_.lower() in STOPPING_VERBS:
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "of" and head.head.lemma_.lower() in STOPPING_NOUNS:
        return head.head
    return None


def _path_between(tok: Any, top: Any) -> list[Any]:
    """Tokens from ``tok`` up to (not including) ``top``."""
    out = []
    t = tok
    while t.i != top.i and t.head.i != t.i and len(out) < 12:
        out.append(t)
        t = t.head
    return out


LOCATIVE_PREPS = frozenset({"in", "inside", "near", "at", "across", "around", "throughout"})


def as_place(tok: Any, preps: frozenset[str] = LOCATIVE_PREPS) -> bool:
    """A name inside a locative phrase ("in southern Lebanon", "near Kabul")."""
    t = tok
    for _ in range(3):
        if t.dep_ == "pobj":
            return t.head.lower_ in preps
        if t.dep_ not in ("compound", "amod", "nmod", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _in_subject(tok: Any) -> bool:
    t = tok
    for _ in range(6):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.head.i == t.i or t.dep_ in ("dobj", "pobj", "ccomp", "xcomp", "advcl", "relcl"):
            return False
        t = t.head
    return False


def _is_instrument(tok: Any) -> bool:
    """An event noun ("airstrike", "raid") or a weapon ("bomb", "landmine") that can carry an attacker."""
    from .lexicon import default_lexicon

    lemma = tok.lemma_.lower()
    trig = default_lexicon().nouns.get(lemma)
    return lemma in WEAPON_NOUNS or tok.lower_ in WEAPON_NOUNS or (trig is not None and trig.type in ("ASSAULT", "COERCE"))


def _is_former(tok: Any) -> bool:
    return any(c.lower_ in ("former", "ex", "erstwhile") for c in tok.children)


def _unique(ms: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.actor and m.actor not in seen:
            seen.add(m.actor)
            out.append(m)
    return out
