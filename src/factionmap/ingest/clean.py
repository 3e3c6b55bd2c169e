"""The "clean" component: scraped text made readable without moving a character.

Every change is one character for one character, so an offset into
``Article.text`` is an offset into the document as read: evidence found in the
cleaned text points at the original. Odd spaces, zero-width characters and soft
hyphens become plain spaces, curly quotes straight ones, and page furniture
(navigation, share prompts, "Trending on ...", comment prompts, photo credits,
a headline repeated by the scrape) is blanked with spaces, newlines kept.
The patterns for page furniture are data: ``data/boilerplate.txt``.

Blanking furniture is an optimisation, never a reason to lose a document: if
it fails (a pattern that makes ``re`` raise, a bug here), the document goes on
with its characters normalised but nothing blanked, and a warning naming the
document, the pattern and its line in the pattern file.
"""
from __future__ import annotations

import bisect
import logging
import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import Article
from ..pipeline import PipelineContext, register

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
CHAR_MAP = str.maketrans(
    {**{c: " " for c in _SPACES + _INVISIBLE + _CONTROLS + "\r"},
     **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc"},
     **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"}}
)
_MAPPED = re.compile("[" + re.escape("".join(map(chr, CHAR_MAP))) + "]")  # sub() beats translate() 10x
_SENTENCE_END = tuple('.!?"\')]:')
_FUNCTION_WORDS = frozenset("a an the of to in and or for with by from on at as its his her their".split())
_WORD = re.compile(r"[^\W\d_][\w'-]*")
MAX_CAPTION_WORDS = 20


log = logging.getLogger("factionmap.clean")

# CPython's re (3.11 to 3.13) can raise SystemError on these around capturing groups.
_UNSAFE_OPS = {_sre_constants.ATOMIC_GROUP: "an atomic group (?>...)",
               _sre_constants.POSSESSIVE_REPEAT: "a possessive quantifier (*+, ++, ?+, {m,n}+)"}


@dataclass(frozen=True, repr=False)
class FurniturePattern:
    """One pattern of the furniture file, with where it was written (for messages)."""

    text: str
    regex: re.Pattern[str]
    source: str  # the pattern file
    line: int  # its line in that file
    tail: bool = False

    def __str__(self) -> str:
        return f"{self.source}:{self.line} {self.text!r}"

    __repr__ = __str__


class PatternFailure(RuntimeError):
    """A furniture pattern raised while matching a line of a document."""

    def __init__(self, pattern: FurniturePattern | None, line: int, error: BaseException):
        self.pattern, self.line, self.error = pattern, line, error
        which = f"pattern {pattern}" if pattern else "the furniture patterns"
        super().__init__(f"{which} failed on line {line} ({type(error).__name__}: {error})")


@dataclass(repr=False)
class Boilerplate:
    """Compiled page-furniture patterns: whole lines, and end-of-article markers.

    ``line`` and ``tail`` are each one union of the patterns (one regex call per
    line); ``patterns`` keeps them one by one, to name the culprit of a failure.
    """

    line: re.Pattern[str]
    tail: re.Pattern[str]
    max_line: int = 300
    patterns: list[FurniturePattern] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Boilerplate":
        """Read a pattern file; a pattern that does not compile or is unsafe names its line."""
        source = resources.files("factionmap.data").joinpath("boilerplate.txt") if path is None else Path(path)
        name = "data/boilerplate.txt" if path is None else str(path)
        patterns = []
        for number, raw in enumerate(source.read_text("utf-8").splitlines(), 1):
            pattern = raw.strip()
            if not pattern or pattern.startswith("#"):
                continue
            is_tail = pattern.startswith("tail:")
            pattern = pattern[5:].strip() if is_tail else pattern
            try:
                regex = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"{name}:{number}: bad pattern ({exc})") from None
            if unsafe := _unsafe_construct(pattern):
                raise ValueError(f"{name}:{number}: bad pattern: it uses {unsafe}, which Python's re "
                                 "cannot match safely; rewrite it with plain groups (see the file's header)")
            patterns.append(FurniturePattern(pattern, regex, name, number, is_tail))
        return cls.from_patterns(patterns)

    def __repr__(self) -> str:
        return f"Boilerplate({len(self.patterns)} patterns)"

    @classmethod
    def from_patterns(cls, patterns: list[FurniturePattern]) -> "Boilerplate":
        return cls(_union([p.text for p in patterns if not p.tail]),
                   _union([p.text for p in patterns if p.tail]), patterns=list(patterns))

    def is_furniture(self, line: str, number: int = 0) -> bool:
        return self._fits(self.line, line, number, tail=False)

    def is_end(self, line: str, number: int = 0) -> bool:
        return self._fits(self.tail, line, number, tail=True)

    def _fits(self, union: re.Pattern[str], line: str, number: int, tail: bool) -> bool:
        if not line or len(line) > self.max_line:
            return False
        try:
            return union.fullmatch(line) is not None
        except Exception as exc:  # noqa: BLE001 - name the pattern, let the cleaner decide
            raise self._culprit(line, number, tail, exc) from exc

    def _culprit(self, line: str, number: int, tail: bool, exc: BaseException) -> PatternFailure:
        for p in self.patterns:
            if p.tail == tail:
                try:
                    p.regex.fullmatch(line)
                except Exception as own:  # noqa: BLE001
                    return PatternFailure(p, number, own)
        return PatternFailure(None, number, exc)


def _unsafe_construct(pattern: str) -> str | None:
    """The first construct of ``pattern`` that trips CPython's re, if any."""
    todo = [_sre_parser.parse(pattern, re.IGNORECASE)]
    while todo:
        for op, arg in todo.pop():
            if op in _UNSAFE_OPS:
                return _UNSAFE_OPS[op]
            stack = [arg]
            while stack:
                item = stack.pop()
                if isinstance(item, _sre_parser.SubPattern):
                    todo.append(item)
                elif isinstance(item, (list, tuple)):
                    stack.extend(item)
    return None


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


def normalise_chars(text: str) -> str:
    """Odd spaces, controls, curly quotes → plain ones, one character for one."""
    return _MAPPED.sub(lambda m: CHAR_MAP[ord(m.group())], re.sub(r"\r(?!\n)", "\n", text))


def clean_text(text: str, boilerplate: Boilerplate, captions: bool = True) -> str:
    """``text`` with the same length, characters normalised and page furniture blanked.

    Raises :class:`PatternFailure` when a pattern cannot be matched; :class:`Cleaner`
    then keeps the document unblanked.
    """
    return blank_furniture(normalise_chars(text), boilerplate, captions)


def blank_furniture(text: str, boilerplate: Boilerplate, captions: bool = True) -> str:
    """Page furniture of an already normalised ``text`` blanked with spaces, newlines kept."""
    raw_lines = text.split("\n")
    lines = [ln.strip() for ln in raw_lines]
    drop = {i for i, ln in enumerate(lines) if boilerplate.is_furniture(ln, i + 1)}
    offset = 0
    for i, raw in enumerate(raw_lines):  # an end marker in the second half: the rest is not the article
        if offset >= len(text) / 2 and boilerplate.is_end(lines[i], i + 1):
            drop.update(range(i, len(lines)))
            break
        offset += len(raw) + 1
    drop |= _lead_chrome([("" if i in drop else ln) for i, ln in enumerate(lines)], text, captions)
    return "\n".join(" " * len(raw) if i in drop else raw for i, raw in enumerate(raw_lines))


def _lead_chrome(lines: list[str], text: str, captions: bool) -> set[int]:
    """Headline chrome: repeats of the title, section labels, a cut-off image caption.

    The lead zone runs from the title (the first non-blank line) to the first
    body paragraph, a line of 15+ words that ends a sentence. Only there are
    short labels ("Metro", "image", a tag) taken for chrome; an exact repeat of
    the title is blanked anywhere.
    """
    drop: set[int] = set()
    title_at = next((i for i, ln in enumerate(lines) if ln), None)
    if title_at is None:
        return drop
    words = _DocumentWords(text)
    title = _norm(lines[title_at])
    in_lead = not _is_body(lines[title_at])  # no headline: no lead zone
    for i in range(title_at + 1, len(lines)):
        line = lines[i]
        if not line:
            continue
        in_lead = in_lead and not _is_body(line)
        if _norm(line) == title or in_lead and (
                _is_label(line) or captions and _is_cut_caption(lines, i, words)):
            drop.add(i)
            lines[i] = ""
    return drop


def _is_body(line: str) -> bool:
    return len(line.split()) >= 15 and line.endswith(_SENTENCE_END)


def _is_label(line: str) -> bool:
    """A section name, tag or placeholder: a few words, no sentence, no date."""
    return len(line.split()) <= 4 and not line.endswith(_SENTENCE_END) and not any(c.isdigit() for c in line)


def _is_cut_caption(lines: list[str], i: int, words: "_DocumentWords") -> bool:
    """A stand-alone line that stops mid-word or on a function word, like a truncated caption.

    Mid-word means its last word is the start of a longer word the document
    uses elsewhere, and never appears whole ("... in Pakista" beside "Pakistan").
    """
    line = lines[i]
    standalone = (i == 0 or not lines[i - 1]) and (i + 1 >= len(lines) or not lines[i + 1])
    found = _WORD.findall(line)
    if not standalone or not 5 <= len(found) <= MAX_CAPTION_WORDS or line.endswith(_SENTENCE_END) \
            or not line[-1].isalpha():  # a cut-off article body is no caption
        return False
    last = found[-1]
    if last.lower() in _FUNCTION_WORDS:
        return True
    if len(last) < 3 or len(last) >= _DocumentWords.MAX or words.whole_elsewhere(last, line):
        return False
    return words.starts_longer(last)


class _DocumentWords:
    """The document's words, indexed once, so each caption check costs a lookup, not a scan.

    At every start of a word (a letter after a non-word character) the index
    keeps the word-like run from there ("north-west", then "west"), cut at
    ``MAX`` characters. ``\\bW\\b`` matches where such a run starts with W and goes on
    with a non-word character or ends; ``\\bW\\w+`` where it goes on with one.
    Counts over sorted runs (prefix sums) answer both in O(log n).
    """

    MAX = 64
    _RUN = re.compile(r"(?<!\w)(?=([^\W\d_][\w'-]{0,%d}))" % (MAX - 1))

    def __init__(self, text: str):
        self.text = text
        self._runs: list[str] | None = None
        self._cumulative: list[int] = []
        self._lines: dict[str, int] = {}

    def _build(self) -> None:
        counts = Counter(m.group(1) for m in self._RUN.finditer(self.text))
        self._runs = sorted(counts)
        total, self._cumulative = 0, [0]
        for run in self._runs:
            total += counts[run]
            self._cumulative.append(total)
        self._lines = Counter(ln.strip() for ln in self.text.split("\n"))

    def _with_prefix(self, prefix: str) -> int:
        """How many word starts in the document begin with ``prefix``."""
        if self._runs is None:
            self._build()
        assert self._runs is not None
        lo = bisect.bisect_left(self._runs, prefix)
        hi = bisect.bisect_left(self._runs, prefix + "\U0010ffff", lo)
        return self._cumulative[hi] - self._cumulative[lo]

    def _word_chars_after(self, word: str) -> list[str]:
        if self._runs is None:
            self._build()
        assert self._runs is not None
        out, at = [], bisect.bisect_left(self._runs, word)
        while at < len(self._runs) and self._runs[at].startswith(word):
            run = self._runs[at]
            if len(run) > len(word):
                nxt = run[len(word)]
                out.append(nxt)
                at = bisect.bisect_left(self._runs, word + nxt + "\U0010ffff", at)  # skip that branch
            else:
                at += 1
        return [c for c in out if c not in "'-"]

    def whole(self, word: str) -> int:
        """Occurrences of ``\\bword\\b``: runs that are the word, or go on with ' or -."""
        return self._with_prefix(word) - self.longer(word)

    def longer(self, word: str) -> int:
        """Occurrences of ``\\bword\\w+``."""
        return sum(self._with_prefix(word + c) for c in self._word_chars_after(word))

    def whole_elsewhere(self, word: str, line: str) -> bool:
        """Does ``word`` stand whole in the document outside the copies of ``line``?"""
        if self._runs is None:
            self._build()
        in_line = _DocumentWords(line).whole(word)
        return self.whole(word) > in_line * self._lines.get(line, 1)

    def starts_longer(self, word: str) -> bool:
        return self.longer(word) > 0


def _norm(line: str) -> str:
    return " ".join(line.casefold().split())


class Cleaner:
    name = "clean"

    def __init__(self, boilerplate: Boilerplate, captions: bool = True):
        self.boilerplate = boilerplate
        self.captions = captions

    def __call__(self, article: Article) -> Article:
        text = normalise_chars(article.record.text)
        try:
            article.text = blank_furniture(text, self.boilerplate, self.captions)
        except Exception as exc:  # noqa: BLE001 - blanking is an optimisation: never lose the document
            article.text = text
            why = str(exc) if isinstance(exc, PatternFailure) else f"{type(exc).__name__}: {exc}"
            note = (f"{article.record.source or article.id}: page furniture not blanked: {why}; "
                    "the document goes on unblanked")
            article.notes.append(note)
            log.warning("warning: %s", note)
        return article


@register("clean")
def make_clean(ctx: PipelineContext, opts: dict[str, Any]) -> Cleaner:
    """Options: ``boilerplate`` (path to another pattern file), ``captions`` (bool)."""
    path = opts.get("boilerplate")
    patterns = ctx.get(f"boilerplate:{path or ''}", lambda: Boilerplate.load(path))
    return Cleaner(patterns, captions=bool(opts.get("captions", True)))
