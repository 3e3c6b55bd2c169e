"""The data objects that flow through the pipeline.

One :class:`Article` travels down the line of components (see
:mod:`factionmap.pipeline`); each component reads what earlier ones left on it
and adds its own layer: sentences, actor mentions, events. Offsets always refer
to ``Article.text``, the document text as read, so evidence maps back to the
original.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

PLOVER_QUADS: dict[str, tuple[str, ...]] = {
    "verbal cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
TYPE_QUAD: dict[str, str] = {t: q for q, ts in PLOVER_QUADS.items() for t in ts}
PLOVER_TYPES: tuple[str, ...] = tuple(TYPE_QUAD)
STATUSES: tuple[str, ...] = ("asserted", "reported", "alleged", "denied")
AUX_MODES: tuple[str, ...] = ("negated", "hypothetical", "future", "historical")


def polarity(event_type: str) -> str:
    """'cooperation' or 'conflict' for a PLOVER type."""
    return "cooperation" if "cooperation" in TYPE_QUAD[event_type] else "conflict"


@dataclass
class Record:
    """One input document as read, before any language processing."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO date of publication, may be partial ("2016-08")
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # file (and line) it came from, for messages

    @property
    def content_hash(self) -> str:
        """Identity of the content: a changed text or date means a changed document."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.date or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def sentence_at(sentences: "list[Sentence]", offset: int, starts: list[int] | None = None) -> int | None:
    """Index of the sentence of ``sentences`` (sorted, non-overlapping) that holds ``offset``."""
    starts = starts if starts is not None else [s.start for s in sentences]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and offset < sentences[i].end:
        return sentences[i].index
    return None


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass
class Mention:
    """A span of text that names an actor (or a person speaking for one)."""

    start: int
    end: int
    text: str
    actor: str | None  # canonical actor name; None for an unresolved candidate
    kind: str | None = None  # state / armed group / igo / outlet / person / candidate
    person: str | None = None  # canonical person name when the span names a person
    sentence: int | None = None


@dataclass
class PlaceMention:
    """A place the text names, resolved once per document by the ``places`` component.

    ``start``/``end`` span the text as reported ("northern Mali", "Kunar" in
    "Afghanistan's Kunar province"); the token bounds and the governing
    preposition let later steps weigh it against an event's trigger without
    re-reading the document's entities.
    """

    start: int
    end: int
    text: str
    sentence: int | None  # index into Article.sentences
    place: dict[str, Any] | None  # {"name","feature","country","country_code","iso3","admin1","lat","lon"}
    token_start: int = 0
    token_end: int = 0
    prep: int | None = None  # token index of the locative preposition over it; None: not said as a location
    weak: bool = False  # under a weak preposition ("from", "to"): a location only when nothing better is
    label: str = ""  # the entity label it was read from ("" for an untagged proper noun)


@dataclass
class Event:
    """A relation event in the annotation guide's shape, with provenance."""

    doc: str
    actor: str
    recipient: str
    type: str
    mode: str | None = None
    mutual: bool = False
    status: str = "asserted"
    claimed_by: list[str] = field(default_factory=list)
    aux: list[str] = field(default_factory=list)
    date: str | None = None
    date_granularity: str | None = None  # day / month / year / decade
    location: str | None = None
    place: dict[str, Any] | None = None  # as PlaceMention.place
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    sentence: int | None = None
    trigger: str | None = None
    trigger_start: int | None = None  # character offset of the trigger word in the document
    confidence: float = 1.0

    @property
    def key(self) -> tuple[str, ...]:
        """The guide's unit: one event per (document, actor, recipient, type). Two-sided fighting and
        a one-sided attack between the same pair are two events, so a mutual event's key says so."""
        if self.mutual:
            a, r = sorted((self.actor, self.recipient))
            return (self.doc, a, r, self.type, "mutual")
        return (self.doc, self.actor, self.recipient, self.type)

    @property
    def id(self) -> str:
        """Stable across re-ingestion, so reviews survive it."""
        return hashlib.sha1("\x1f".join(self.key).encode("utf-8")).hexdigest()[:16]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["id"] = self.id
        return out


@dataclass
class Quantity:
    """A quantitative claim about an actor: fighter strength, casualty share."""

    doc: str
    actor: str
    measure: str  # "strength" / "casualties" / ...
    value_text: str
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    claimed_by: list[str] = field(default_factory=list)
    date: str | None = None
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0


@dataclass
class Article:
    """The object that flows through the pipeline: a record plus every layer added to it."""

    record: Record
    text: str = ""  # the text offsets refer to (record.text with boilerplate blanked)
    spacy_doc: Any = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # attacks whose doer the sentence does not name (actor ""): "two soldiers were killed in a bomb
    # blast"; a later claim of responsibility, denial or blame can name it (claims/responsibility.py)
    open_events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)  # unknown actor-like names
    places: list[PlaceMention] = field(default_factory=list)  # in text order
    places_by_sentence: dict[int, list[PlaceMention]] | None = None  # None until the places component ran
    place_country: str | None = None  # ISO3 of the country the article is set in (dateline, places, states)
    notes: list[str] = field(default_factory=list)
    _sentence_starts: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.record.id

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence holding a character offset (binary search: long documents stay linear)."""
        if self._sentence_starts is None or len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s.start for s in self.sentences]
        return sentence_at(self.sentences, offset, self._sentence_starts)
