"""The "clean" component: scraped text made readable without moving a character.

Every change is one character for one character, so an offset into
``Article.text`` is an offset into the document as read: evidence found in the
cleaned text points at the original. Odd spaces, zero-width characters and soft
hyphens become plain spaces, curly quotes straight ones, and page furniture
(navigation, share prompts, "Trending on ...", comment prompts, photo credits,
a headline repeated by the scrape) is blanked with spaces, newlines kept.
The patterns for page furniture are data: ``data/boilerplate.txt``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass
class Boilerplate:
    """Compiled page-furniture patterns: whole lines, and end-of-article markers."""

    line: re.Pattern[str]
    tail: re.Pattern[str]
    max_line: int = 300

    @classmethod
    def load(cls, path: str | Path | None = None) -> "Boilerplate":
        source = resources.files("factionmap.data").joinpath("boilerplate.txt") if path is None else Path(path)
        lines, tails = [], []
        for number, raw in enumerate(source.read_text("utf-8").splitlines(), 1):
            pattern = raw.strip()
            if not pattern or pattern.startswith("#"):
                continue
            is_tail = pattern.startswith("tail:")
            pattern = pattern[5:].strip() if is_tail else pattern
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{source}:{number}: bad pattern ({exc})") from None
            (tails if is_tail else lines).append(pattern)
        return cls(_union(lines), _union(tails))


    def is_furniture(self, line: str) -> bool:
        return bool(line) and len(line) <= self.max_line and self.line.fullmatch(line) is not None

    def is_end(self, line: str) -> bool:
        return bool(line) and len(line) <= self.max_line and self.tail.fullmatch(line) is not None


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)", re.IGNORECASE)


def clean_text(text: str, boilerplate: Boilerplate, captions: bool = True) -> str:
    """``text`` with the same length, characters normalised and page furniture blanked."""
    text = _MAPPED.sub(lambda m: CHAR_MAP[ord(m.group())], re.sub(r"\r(?!\n)", "\n", text))
    raw_lines = text.split("\n")
    lines = [ln.strip() for ln in raw_lines]
    drop = {i for i, ln in enumerate(lines) if boilerplate.is_furniture(ln)}
    offset = 0
    for i, raw in enumerate(raw_lines):  # an end marker in the second half: the rest is not the article
        if offset >= len(text) / 2 and boilerplate.is_end(lines[i]):
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
    title = _norm(lines[title_at])
    in_lead = not _is_body(lines[title_at])  # no headline: no lead zone
    for i in range(title_at + 1, len(lines)):
        line = lines[i]
        if not line:
            continue
        in_lead = in_lead and not _is_body(line)
        if _norm(line) == title or in_lead and (
                _is_label(line) or captions and _is_cut_caption(lines, i, text)):
            drop.add(i)
            lines[i] = ""
    return drop


def _is_body(line: str) -> bool:
    return len(line.split()) >= 15 and line.endswith(_SENTENCE_END)


def _is_label(line: str) -> bool:
    """A section name, tag or placeholder: a few words, no sentence, no date."""
    return len(line.split()) <= 4 and not line.endswith(_SENTENCE_END) and not any(c.isdigit() for c in line)


def _is_cut_caption(lines: list[str], i: int, text: str) -> bool:
    """A stand-alone line that stops mid-word or on a function word, like a truncated caption.

    Mid-word means its last word is the start of a longer word the document
    uses elsewhere, and never appears whole ("... in Pakista" beside "Pakistan").
    """
    line = lines[i]
    standalone = (i == 0 or not lines[i - 1]) and (i + 1 >= len(lines) or not lines[i + 1])
    words = _WORD.findall(line)
    if not standalone or not 5 <= len(words) <= MAX_CAPTION_WORDS or line.endswith(_SENTENCE_END) \
            or not line[-1].isalpha():  # a cut-off article body is no caption
        return False
    last = words[-1]
    if last.lower() in _FUNCTION_WORDS:
        return True
    if len(last) < 3 or re.search(rf"\b{re.escape(last)}\b", text.replace(line, "")):
        return False
    return re.search(rf"\b{re.escape(last)}\w+", text) is not None


def _norm(line: str) -> str:
    return " ".join(line.casefold().split())


class Cleaner:
    name = "clean"

    def __init__(self, boilerplate: Boilerplate, captions: bool = True):
        self.boilerplate = boilerplate
        self.captions = captions

    def __call__(self, article: Article) -> Article:
        article.text = clean_text(article.record.text, self.boilerplate, self.captions)
        return article


@register("clean")
def make_clean(ctx: PipelineContext, opts: dict[str, Any]) -> Cleaner:
    """Options: ``boilerplate`` (path to another pattern file), ``captions`` (bool)."""
    path = opts.get("boilerplate")
    patterns = ctx.get(f"boilerplate:{path or ''}", lambda: Boilerplate.load(path))
    return Cleaner(patterns, captions=bool(opts.get("captions", True)))
