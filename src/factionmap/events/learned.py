"""A learned second pass: relations between two actors of one sentence that the rules missed.

The rules (``events/extract.py``) are precise but read only the constructions they know.
This component looks at every pair of actors named in one sentence that the rules did not
link there, describes the pair by what lies between them — the dependency path and its
words, the trigger words of the lexicon on it and in the sentence, each actor's grammatical
role, their kinds, the words between them — and lets a small multinomial logistic model
(``data/relations_model.json``) say whether one acts on the other, and how (a PLOVER type),
or not (NONE). A pair read the same way in both directions is one mutual event.

The model is trained by ``scripts/train_relations.py`` from the development gold and
PLOVER's coded example sentences, and its gain is measured there by cross-validation over
documents. Events it adds carry their probability as ``confidence`` and pass through the
same date, place and claim layers as every other event.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..model import Article, Event, Mention
from ..pipeline import PipelineContext, register
from .arguments import LOCATIVE_PREPS, MentionIndex, as_place, stopped_by
from .lexicon import Lexicon, default_lexicon

MODEL_FILE = "relations_model.json"
MAX_PATH = 4  # dependency steps kept on each side of the path
MAX_BETWEEN = 10  # words between the two mentions read as a bag
# where, never whom ("fired rockets at X" names a target: "at" is left out)
WHERE_PREPS = LOCATIVE_PREPS - {"at"}
PAIR_KINDS = ("state", "armed_group", "igo", "candidate", "communal", "other")
_STOP = frozenset({"the", "a", "an", "of", "and", "to", "in", "on", "at", "for", "with", "by", "from",
                   "its", "their", "his", "her", "that", "which", "who", "as", "is", "was", "be", "been",
                   "has", "have", "had", "it", "this", "these", "those", ","})


@dataclass
class Candidate:
    """Two actors of one sentence, in one direction: does ``a`` act on ``b``?"""

    sentence: int
    a: Mention
    b: Mention
    a_tok: Any
    b_tok: Any


def sentence_pairs(article: Article, index: MentionIndex) -> Iterator[tuple[Any, list[Candidate]]]:
    """(sentence span, ordered candidates) for every sentence naming two or more actors."""
    doc = article.spacy_doc
    for sentence in article.sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        first: dict[str, tuple[Mention, Any]] = {}
        for tok in span:
            m = index.at(tok)
            if m is None or not m.actor or m.kind in ("outlet", "dateline", "unknown"):
                continue
            root = _mention_root(doc, m, tok)
            first.setdefault(m.actor, (m, root))
        if len(first) < 2:
            continue
        names = list(first)
        cands = [Candidate(sentence.index, first[x][0], first[y][0], first[x][1], first[y][1])
                 for x in names for y in names if x != y]
        yield span, cands


def _mention_root(doc: Any, m: Mention, fallback: Any) -> Any:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span):
        return fallback
    root = span.root
    # "Taliban fighters": the phrase's head stands for the mention in the parse
    while root.dep_ in ("compound", "amod", "nmod") and root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN"):
        root = root.head
    return root


def _trigger_type(tok: Any, lex: Lexicon) -> str | None:
    lemma = tok.lemma_.lower()
    lemma = lex.lemma_fixes.get(lemma, lemma)
    if tok.pos_ in ("VERB", "AUX"):
        trig = lex.verbs.get(lemma)
    elif tok.pos_ in ("NOUN", "PROPN"):
        trig = lex.nouns.get(lemma)
    elif tok.pos_ == "ADJ":
        trig = lex.adjectives.get(lemma) or lex.compounds.get(tok.lower_)
    else:
        trig = None
    if trig is None and tok.lower_ in lex.compounds:
        trig = lex.compounds[tok.lower_]
    return trig.type if trig is not None else None


def _chain(tok: Any) -> list[Any]:
    out = [tok]
    while out[-1].head.i != out[-1].i and len(out) < 40:
        out.append(out[-1].head)
    return out


def path(a: Any, b: Any) -> tuple[list[Any], Any, list[Any]]:
    """Tokens from ``a`` up to the lowest common ancestor, the ancestor, and down to ``b``."""
    up_a, up_b = _chain(a), _chain(b)
    ids_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in ids_b:
            return up_a[:k], t, list(reversed(up_b[:ids_b[t.i]]))
    return up_a, up_a[-1], list(reversed(up_b))


def _role(tok: Any) -> str:
    dep = tok.dep_
    if dep == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return f"pobj_{tok.head.lower_}"
    return dep


def sentence_features(span: Any, lex: Lexicon) -> list[str]:
    """The trigger types a sentence holds anywhere (read once per sentence, shared by its pairs)."""
    return sorted({f"st:{typ}" for t in span if (typ := _trigger_type(t, lex))})


def features(c: Candidate, span: Any, lex: Lexicon, in_sentence: list[str] | None = None) -> list[str]:
    """What lies between ``c.a`` and ``c.b`` in their sentence, as sparse feature names."""
    a, b = c.a_tok, c.b_tok
    up, lca, down = path(a, b)
    feats = ["bias"]
    ups = [t.dep_ for t in up][:MAX_PATH]
    downs = [t.dep_ for t in down][-MAX_PATH:]
    feats.append(f"p:{'/'.join(ups)}|{'/'.join(downs)}")
    feats.append(f"pa:{'/'.join(ups)}")
    feats.append(f"pb:{'/'.join(downs)}")
    feats.append(f"plen:{min(len(up) + len(down), 7)}")
    feats.append(f"ra:{_role(a)}")
    feats.append(f"rb:{_role(b)}")
    feats.append(f"rab:{_role(a)}>{_role(b)}")
    feats.append(f"lca:{lca.lemma_.lower()}")
    feats.append(f"lcapos:{lca.pos_}")
    ltype = _trigger_type(lca, lex)
    if ltype:
        feats.append(f"lcat:{ltype}")
        feats.append(f"lcat:{ltype}:{_role(up[-1]) if up else 'self'}>{_role(down[0]) if down else 'self'}")
    interior = up[1:] + down[:-1]
    for t in interior + [lca]:
        typ = _trigger_type(t, lex)
        if t.i not in (a.i, b.i) and typ:
            feats.append(f"pt:{typ}")
    for t in interior:
        if t.pos_ in ("VERB", "NOUN", "ADJ", "ADP"):
            feats.append(f"pl:{t.lemma_.lower()}")
    if any(ch.dep_ == "neg" for t in [lca] + interior for ch in t.children):
        feats.append("neg")
    if a.dep_ == "conj" and a.head.i == b.i or b.dep_ == "conj" and b.head.i == a.i:
        feats.append("coord")
    lo, hi = sorted((a.i, b.i))
    feats.append("order:ab" if a.i < b.i else "order:ba")
    between = [t for t in span.doc[lo + 1: hi] if not t.is_punct]
    feats.append(f"dist:{_bucket(len(between))}")
    for t in between[:MAX_BETWEEN]:
        lemma = t.lemma_.lower()
        if lemma not in _STOP and t.pos_ not in ("NUM", "PROPN"):
            feats.append(f"bw:{lemma}")
        typ = _trigger_type(t, lex)
        if typ:
            feats.append(f"bt:{typ}")
    feats.extend(in_sentence if in_sentence is not None else sentence_features(span, lex))
    feats.append(f"k:{_kind(c.a)}>{_kind(c.b)}")
    return sorted(set(feats))


def _kind(m: Mention) -> str:
    return m.kind if m.kind in PAIR_KINDS or m.kind == "person" else "other"


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1-3" if n <= 3 else "4-8" if n <= 8 else "9-15" if n <= 15 else "16+"


class RelationModel:
    """Multinomial logistic regression over sparse features (weights as a JSON data file)."""

    def __init__(self, classes: list[str], weights: dict[str, list[float]], threshold: float,
                 meta: dict[str, Any] | None = None):
        self.classes = classes
        self.weights = weights
        self.threshold = threshold
        self.meta = meta or {}

    @classmethod
    def load(cls, text: str | None = None) -> "RelationModel | None":
        if text is None:
            ref = resources.files("factionmap.data").joinpath(MODEL_FILE)
            if not ref.is_file():
                return None
            text = ref.read_text("utf-8")
        raw = json.loads(text)
        return cls(raw["classes"], raw["weights"], float(raw["threshold"]), raw.get("meta"))

    def to_json(self) -> str:
        return json.dumps({"classes": self.classes, "threshold": self.threshold, "meta": self.meta,
                           "weights": self.weights}, sort_keys=True, separators=(",", ":")) + "\n"

    def probabilities(self, feats: list[str]) -> list[float]:
        scores = [0.0] * len(self.classes)
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                for k, v in enumerate(w):
                    scores[k] += v
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def best(self, feats: list[str]) -> tuple[str, float]:
        probs = self.probabilities(feats)
        k = max((k for k in range(len(self.classes)) if self.classes[k] != "NONE"), key=lambda k: probs[k])
        return self.classes[k], probs[k]


class LearnedRelations:
    """The ``relations`` component: events for actor pairs of a sentence the rules left unlinked."""

    name = "relations"

    def __init__(self, ctx: PipelineContext, model: RelationModel | None = None):
        self.ctx = ctx
        self.model = model if model is not None else ctx.get("relations_model", RelationModel.load)
        self.lexicon = default_lexicon()

    def pairs(self, article: Article, include_linked: bool = False
              ) -> Iterator[tuple[Any, list[tuple[Candidate, list[str], bool]]]]:
        """Per sentence, its ordered actor pairs with their features and whether the rules linked
        them there; only the unlinked ones unless ``include_linked`` (training reads them all)."""
        index = MentionIndex(article)
        linked = {(e.sentence, frozenset((e.actor, e.recipient))) for e in article.events}
        for span, cands in sentence_pairs(article, index):
            rows = [(c, (c.sentence, frozenset((c.a.actor, c.b.actor))) in linked) for c in cands]
            rows = [(c, done) for c, done in rows if include_linked or not done]
            shared = sentence_features(span, self.lexicon) if rows else []
            rows = [(c, features(c, span, self.lexicon, shared), done) for c, done in rows]
            if rows:
                yield span, rows

    def __call__(self, article: Article) -> Article:
        if self.model is None or article.spacy_doc is None or not article.mentions:
            return article
        added: list[Event] = []
        for span, cands in self.pairs(article):
            sentence = article.sentences[cands[0][0].sentence]
            found: dict[tuple[str, str], tuple[str, float, Candidate]] = {}
            for c, feats, _ in cands:
                label, p = self.model.best(feats)
                if p >= self.model.threshold and not _stopped_on_path(c, label, self.lexicon):
                    found[(c.a.actor, c.b.actor)] = (label, p, c)
            found = _without_places(found, _sentence_parties(article, cands[0][0].sentence))
            for (x, y), (label, p, c) in sorted(found.items()):
                back = found.get((y, x))
                if back is not None and back[0] == label:
                    if x > y:
                        continue  # one mutual event for the two directions
                    added.append(_event(article, sentence, c, label, max(p, back[1]), True, self.lexicon))
                else:
                    added.append(_event(article, sentence, c, label, p, False, self.lexicon))
        article.events.extend(added)
        return article


def _sentence_parties(article: Article, sentence: int) -> dict[str, set[str]]:
    """Actor -> the other parties the rules linked it with in one sentence."""
    out: dict[str, set[str]] = {}
    for e in article.events:
        if e.sentence == sentence and e.actor and e.recipient:
            out.setdefault(e.actor, set()).add(e.recipient)
            out.setdefault(e.recipient, set()).add(e.actor)
    return out


def _without_places(found: dict[tuple[str, str], tuple[str, float, Candidate]],
                    linked: dict[str, set[str]]) -> dict[tuple[str, str], tuple[str, float, Candidate]]:
    """Drop pairs whose one side is only where the other acts: "X attacked Y's fighters in
    Afghanistan" names Afghanistan as the place. A name inside a locative phrase ("in X", "near
    X") is no party where the other side already has one in the sentence, named by the rules or
    by another pair here; with no other party, the host may be the one hit ("X struck in Y")."""
    parties = {k: set(v) for k, v in linked.items()}
    for (x, y), (_, _, c) in found.items():
        if not _where(c.a_tok) and not _where(c.b_tok):
            parties.setdefault(x, set()).add(y)
            parties.setdefault(y, set()).add(x)
    out = {}
    for (x, y), hit in found.items():
        c = hit[2]
        place, other = (y, x) if _where(c.b_tok) else (x, y) if _where(c.a_tok) else (None, None)
        if place is not None and parties.get(other, set()) - {place}:
            continue
        out[(x, y)] = hit
    return out


def _stopped_on_path(c: Candidate, label: str, lex: Lexicon) -> bool:
    """"X agreed to stop attacks on Y", "X halted its strikes on Y": the pair's attack is one that
    stops, so it names no attack now (the rules read the cessation itself)."""
    up, lca, down = path(c.a_tok, c.b_tok)
    return any(_trigger_type(t, lex) == label and stopped_by(t) is not None for t in up[1:] + [lca] + down[:-1])


def _where(tok: Any) -> bool:
    return as_place(tok, WHERE_PREPS)


def _event(article: Article, sentence: Any, c: Candidate, label: str, p: float, mutual: bool,
           lex: Lexicon) -> Event:
    up, lca, down = path(c.a_tok, c.b_tok)
    on_path = [t for t in up[1:] + [lca] + down[:-1] if _trigger_type(t, lex) == label]
    anchor = on_path[0] if on_path else lca
    return Event(doc=article.id, actor=c.a.actor, recipient=c.b.actor, type=label, mutual=mutual,
                 evidence=sentence.text, evidence_start=sentence.start, evidence_end=sentence.end,
                 sentence=sentence.index, trigger=anchor.text, trigger_start=anchor.idx,
                 confidence=round(p, 3))


@register("relations")
def make_relations(ctx: PipelineContext, opts: dict[str, Any]) -> LearnedRelations:
    return LearnedRelations(ctx)
