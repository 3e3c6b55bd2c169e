"""Readers for the PETRARCH2 / Phoenix dictionaries (MIT, Open Event Data Alliance).

The formats are documented in ``../shared/data/petrarch2/dictionaries.rst``. This module
only reads them into plain records; ``build_actors.py`` decides what the project keeps.

Actor files (``Phoenix.*.actors.txt``): a primary phrase, ``+synonym`` lines and code
restrictions (``[CODE]``, ``[CODE >date]``, ``[CODE <date]``, ``[CODE date-date]``), either
inline after the phrase or on tab-indented lines below it. Several primary phrases in a
row without codes share the code lines that follow them (they are separate entries).
Dates are YYMMDD (00-29 are 20xx, as in PETRARCH) or YYYYMMDD.

Agents file (``Phoenix.agents.txt``): ``PHRASE {PLURAL} [~CODE]`` with ``!SET!``
substitution markers; regular plurals are implied unless ``{}`` or a trailing ``_``
says otherwise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass(frozen=True)
class Restriction:
    code: str  # '---' is the null code
    start: int | None  # year, inclusive
    end: int | None


@dataclass
class Entry:
    names: list[str]  # phrases as written ('_' -> ' '), primary first
    codes: list[Restriction] = field(default_factory=list)
    path: str = ""
    lineno: int = 0
    malformed: int = 0  # restrictions that could not be read

    @property
    def source(self) -> str:
        return f"{Path(self.path).name}:{self.lineno}"


def _year(text: str) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        return int(text[:4])
    if re.fullmatch(r"\d{6}", text):
        yy = int(text[:2])
        return 2000 + yy if yy < 30 else 1900 + yy
    if re.fullmatch(r"(?:19|20)\d{5,7}", text):  # a digit too many or too few: the year is still clear
        return int(text[:4])
    raise ValueError(text)


def parse_restriction(body: str) -> Restriction | None:
    """'USAGOV 090120-170120' -> Restriction('USAGOV', 2009, 2017); None when unreadable."""
    parts = body.strip().split(None, 1)
    if not parts:
        return None
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    try:
        if not rest:
            return Restriction(code, None, None)
        if rest.startswith(">"):
            return Restriction(code, _year(rest[1:]), None)
        if rest.startswith("<"):
            return Restriction(code, None, _year(rest[1:]))
        lo, hi = rest.split("-")
        return Restriction(code, _year(lo), _year(hi))
    except ValueError:
        return None


def phrase(text: str) -> str:
    """'ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_' -> 'ADEN ABYAN ISLAMIC ARMY (AAIA)'."""
    return re.sub(r"\s+", " ", text.replace("_", " ")).strip()


def read_actor_file(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    pending: list[Entry] = []  # entries still waiting for their code lines
    coded_since_primary = False
    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, raw in enumerate(fh, 1):
            raw = raw.rstrip("\n")
            body = raw.split("#", 1)[0]
            if not body.strip():
                continue
            if body[0] in " \t" and body.strip().startswith("["):
                codes = [parse_restriction(c) for c in _CODE.findall(body)]
                for e in pending:
                    e.codes.extend(c for c in codes if c is not None)
                    e.malformed += sum(c is None for c in codes)
                coded_since_primary = True
                continue
            stripped = body.strip()
            if stripped.startswith("+"):
                if not entries:
                    continue
                for syn in stripped[1:].split("+"):  # 'A_+B' holds two synonyms
                    syn = phrase(_CODE.sub("", syn))
                    if syn:
                        entries[-1].names.append(syn)
                continue
            # a primary phrase, perhaps with inline codes
            inline = [parse_restriction(c) for c in _CODE.findall(stripped)]
            name = phrase(_CODE.sub("", stripped))
            if not name:
                continue
            entry = Entry([name], [c for c in inline if c is not None], str(path), lineno,
                          sum(c is None for c in inline))
            entries.append(entry)
            if coded_since_primary or inline:
                pending = []
                coded_since_primary = False
            if not inline:
                pending.append(entry)
    return entries


@dataclass(frozen=True)
class AgentEntry:
    forms: tuple[str, ...]  # singular and plural forms, lower case
    code: str  # sector code without '~' ('MIL', 'COP', 'REB', 'GOVFRM')
    prefix: bool  # 'NGO~': the code goes before the actor code
    lineno: int


def _plural(word: str) -> str:
    if word.endswith(("men", "people", "personnel", "staff", "police")):
        return word  # already plural, or no plural of its own
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("ss", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def read_agents_file(path: Path) -> list[AgentEntry]:
    subs: dict[str, list[str]] = {}
    out: list[AgentEntry] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for lineno, raw in enumerate(fh, 1):
            body = raw.split("#", 1)[0].strip()
            if not body or body.startswith("<"):
                continue
            m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
            if m:
                subs[m.group(1)] = [w.strip().lower() for w in m.group(2).split(",") if w.strip()]
                continue
            m = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[([^\]]*)[\]}]", body)
            if not m:
                continue
            head, plural, code = m.group(1).strip(), m.group(2), m.group(3).strip()
            prefix = code.endswith("~")
            code = code.strip("~").strip()
            if not code or " " in head.strip():
                continue  # a blank between words means 'words may intervene': not a phrase we match
            variants = [head]
            marker = re.search(r"![A-Z]+!", head)
            if marker:
                variants = [head.replace(marker.group(0), s) for s in subs.get(marker.group(0), [])]
                plural = "{}"
            for v in variants:
                stop = v.endswith("_")
                singular = phrase(v).lower()
                if not singular:
                    continue
                forms = [singular]
                if plural is None:
                    if not stop:
                        words = singular.split(" ")
                        forms.append(" ".join(words[:-1] + [_plural(words[-1])]))
                else:
                    forms += [phrase(p).lower() for p in plural.strip("{}").split() if phrase(p)]
                out.append(AgentEntry(tuple(dict.fromkeys(forms)), code.upper(), prefix, lineno))
    return out
