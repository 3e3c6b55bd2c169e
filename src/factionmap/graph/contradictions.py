"""Claims that cannot all be true, set side by side with their sources, in the terms of the states.

Three kinds, all general rules over the store's events (``contradictions`` in
``data/relationship_states.json``), each named by the relationship states the
claims support (:mod:`.scoring`, :mod:`factionmap.event_types`):

``opposing_reports``
    The same dyad in the same period reported as in two states that exclude
    each other by different sources: "reported truce vs. continued fighting",
    "reported alliance vs. fighting". Denials of the first in that period are
    shown too.
``claim_vs_denial``
    Someone denies what someone else claims: "truce reported by the Wall
    Street Journal, denied by the Taliban", "alliance alleged by X, denied by
    Y". A denied record stands for both sides by itself (the annotation guide
    records the denied event with the denier, and the accuser where named).
``self_contradiction``
    One speaker's own statements supporting exclusive states about the same
    counterpart in the same period (a truce offered and a war threatened). Only
    what the speaker claims counts: a party denying an accusation against it,
    or being accused, is not contradicting itself.

A dyad matches across the actor tree: a claim about the Islamic State and one
about its Khorasan branch concern the same relation (the text often leaves the
level ambiguous), while sibling branches stay apart.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import dates, scoring
from ..gcpause import gc_paused
from .source import claim_view, load_events, source_label

KINDS = ("opposing_reports", "claim_vs_denial", "self_contradiction")


@dataclass
class Contradiction:
    kind: str
    dyad: tuple[str, str]
    period: tuple[str | None, str | None]
    claims: list[dict[str, Any]]
    explanation: str
    states: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "dyad": list(self.dyad), "period": list(self.period), "states": list(self.states),
                "explanation": self.explanation, "claims": self.claims}


@dataclass
class Rules:
    window_days: int = 90
    opposing: tuple[tuple[str, str, str], ...] = ()  # (cooperative-side state, other state, phrase)
    not_claims_aux: frozenset[str] = frozenset()

    @classmethod
    def default(cls, window_days: int | None = None) -> "Rules":
        raw = scoring.table()["contradictions"]
        return cls(
            window_days=int(window_days if window_days is not None else raw["window_days"]),
            opposing=tuple((o["states"][0], o["states"][1], o["phrase"]) for o in raw["opposing"]),
            not_claims_aux=frozenset(raw["not_claims_aux"]),
        )


def noun(state: str | None, event_type: str = "") -> str:
    """'truce', 'alliance', 'fighting' — or the event type where the claim bears on no state."""
    if state is None:
        return event_type.lower() or "claim"
    return next(s["noun"] for s in scoring.table()["states"] if s["state"] == state)


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


class _Window:
    """A list's dated items by start: which may lie within some days of a date interval (a superset to filter)."""

    def __init__(self, items: list[dict[str, Any]], positions: Iterable[int] | None = None):
        dated = sorted((items[i]["_iv"][0], i) for i in (range(len(items)) if positions is None else positions)
                       if items[i]["_iv"] is not None)
        self.starts = [d for d, _ in dated]
        self.index = [i for _, i in dated]
        self.longest = max(((items[i]["_iv"][1] - items[i]["_iv"][0]).days for i in self.index), default=0)

    def around(self, iv: tuple[date, date] | None, days: int) -> list[int]:
        """Positions, in list order, of the items that can be ``days`` or fewer from ``iv``."""
        if iv is None or not self.starts:
            return []
        lo = bisect_left(self.starts, _shift(iv[0], -(days + self.longest)))
        hi = bisect_right(self.starts, _shift(iv[1], days))
        return sorted(self.index[lo:hi])


@dataclass
class _Finder:
    names: Any
    rules: Rules
    events: list[dict[str, Any]]
    out: list[Contradiction] = field(default_factory=list)

    _dyads: dict[tuple[str, str, str, str], bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.events:
            e["_state"] = scoring.state_for(e)
            e["_iv"] = dates.interval(e.get("date"))
            e["_key"] = frozenset((self.names.root(e["actor"]), self.names.root(e["recipient"])))
            e["_src"] = self.sources(e)

    # -- helpers -------------------------------------------------------
    def is_claim(self, e: dict[str, Any]) -> bool:
        """A claim that something happened, placed in time."""
        if set(e["aux"]) & self.rules.not_claims_aux:
            return False
        if "historical" in e["aux"] and e.get("date") == e.get("doc_date"):
            return False  # background dated only by its article
        return e["_iv"] is not None

    def same_party(self, x: str, y: str) -> bool:
        return x == y or self.names.related(x, y)

    def same_dyad(self, e: dict[str, Any], f: dict[str, Any]) -> bool:
        four = (e["actor"], e["recipient"], f["actor"], f["recipient"])
        got = self._dyads.get(four)
        if got is None:
            a1, b1, a2, b2 = four
            got = self._dyads[four] = (self.same_party(a1, a2) and self.same_party(b1, b2)) or (
                self.same_party(a1, b2) and self.same_party(b1, a2))
        return got

    def key(self, e: dict[str, Any]) -> frozenset[str]:
        """Bucket of possibly-same dyads: related parties share a root."""
        return e["_key"]

    def bucket(self, evs: Iterable[dict[str, Any]]) -> dict[frozenset[str], list[dict[str, Any]]]:
        out: dict[frozenset[str], list[dict[str, Any]]] = {}
        for e in evs:
            out.setdefault(self.key(e), []).append(e)
        return out

    def near(self, e: dict[str, Any], f: dict[str, Any]) -> bool:
        x, y = e["_iv"], f["_iv"]
        if x is None or y is None:
            return False
        return (y[0] - x[1]).days <= self.rules.window_days and (x[0] - y[1]).days <= self.rules.window_days

    def nearby(self, window: _Window, items: list[Any], e: dict[str, Any]) -> list[Any]:
        """The items (in their order) that may be near ``e``: every one that is, and others to filter."""
        return [items[i] for i in window.around(e["_iv"], self.rules.window_days)]

    @staticmethod
    def sources(e: dict[str, Any]) -> set[str]:
        return set(e["claimed_by"]) or {e.get("doc_outlet") or f"{e['doc_id']} (own voice)"}

    @staticmethod
    def period(evs: Iterable[dict[str, Any]]) -> tuple[str | None, str | None]:
        ds = [e for e in evs if e["_iv"]]
        if not ds:
            return (None, None)
        return (min(ds, key=lambda e: e["_iv"][0])["date"], max(ds, key=lambda e: e["_iv"][1])["date"])

    def clusters(self, items: list[Any], linked: Callable[[Any, Any], bool],
                 event: Callable[[Any], dict[str, Any]] = lambda x: x,
                 together: Iterable[list[int]] = (), apart: Callable[[Any], Any] = lambda x: None) -> list[list[Any]]:
        """Connected groups under ``linked``, which holds only for items whose events are near each other or
        share a list in ``together`` (positions), and never for items of different ``apart`` classes: only
        those pairs are asked."""
        parent = list(range(len(items)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(i: int, j: int) -> None:
            if find(i) != find(j) and linked(items[i], items[j]):
                parent[find(i)] = find(j)

        events = [event(x) for x in items]
        classes: dict[Any, list[int]] = {}
        for i, x in enumerate(items):
            classes.setdefault(apart(x), []).append(i)
        for ps in classes.values():
            if len(ps) < 2:
                continue
            window = _Window(events, ps)
            for i in ps:
                for j in window.around(events[i]["_iv"], self.rules.window_days):
                    if j > i:
                        join(i, j)
        for ps in together:
            for n, i in enumerate(ps):
                for j in ps[n + 1:]:
                    join(i, j)
        groups: dict[int, list[Any]] = {}
        for i, it in enumerate(items):
            groups.setdefault(find(i), []).append(it)
        return list(groups.values())

    @staticmethod
    def describe(evs: Iterable[dict[str, Any]]) -> str:
        return "; ".join(dict.fromkeys(f"{e['type']} ({e['status']}, {source_label(e)})" for e in evs))

    @staticmethod
    def by_status(evs: Iterable[dict[str, Any]]) -> str:
        """'reported by WSJ; alleged by US, NATO': who claims it, grouped by how."""
        out: dict[str, set[str]] = {}
        for e in evs:
            out.setdefault(e["status"], set()).update(e["claimed_by"] or {source_label(e)})
        return "; ".join(f"{st} by {', '.join(sorted(who))}" for st, who in out.items())

    @staticmethod
    def row(e: dict[str, Any], side: str, polarity: str) -> dict[str, Any]:
        return claim_view(e, side=side, polarity=polarity, supports=e.get("_state"))

    # -- rules ---------------------------------------------------------
    def opposing_reports(self) -> None:
        claims = [e for e in self.events if self.is_claim(e) and e["status"] != "denied" and e["_state"]]
        denials = [e for e in self.events if e["status"] == "denied" and e["_state"] and dates.interval(e.get("date"))]
        for first, second, phrase in self.rules.opposing:
            ones = [e for e in claims if e["_state"] == first]
            others_by = self.bucket(e for e in claims if e["_state"] == second)
            others_at: dict[frozenset[str], _Window] = {}
            denials_by = self.bucket(e for e in denials if e["_state"] == first)
            against: dict[str, list[dict[str, Any]]] = {}
            for c in ones:
                if self.key(c) not in others_by:
                    continue
                if self.key(c) not in others_at:
                    others_at[self.key(c)] = _Window(others_by[self.key(c)])
                ks = [k for k in self.nearby(others_at[self.key(c)], others_by[self.key(c)], c)
                      if self.same_dyad(c, k) and self.near(c, k) and not (c["_src"] & k["_src"])]
                if ks:
                    against[c["id"]] = ks
            matched = [c for c in ones if c["id"] in against]
            against_ids = {c: {k["id"] for k in ks} for c, ks in against.items()}

            def linked(x: dict[str, Any], y: dict[str, Any]) -> bool:
                return self.same_dyad(x, y) and bool(
                    self.near(x, y) or against_ids[x["id"]] & against_ids[y["id"]])

            def sharing(b: list[dict[str, Any]]) -> list[list[int]]:
                by_k: dict[str, list[int]] = {}
                for i, c in enumerate(b):
                    for k in against_ids[c["id"]]:
                        by_k.setdefault(k, []).append(i)
                return [ps for ps in by_k.values() if len(ps) > 1]

            for group in (g for b in self.bucket(matched).values()
                          for g in self.clusters(b, linked, together=sharing(b))):
                ks = list({k["id"]: k for c in group for k in against[c["id"]]}.values())
                ks.sort(key=lambda k: -scoring.weight(k))
                group_at = _Window(group)
                ds = [d for d in denials_by.get(self.key(group[0]), ())
                      if any(self.same_dyad(d, c) and self.near(d, c) for c in self.nearby(group_at, group, d))]
                rows = ([self.row(c, first, "coop") for c in group] + [self.row(k, second, "conflict") for k in ks]
                        + [self.row(d, f"denial of the {noun(first)}", "conflict") for d in ds])
                a, b = group[0]["actor"], group[0]["recipient"]
                expl = (f"{a} and {b}: {phrase} — {noun(first)} {self.by_status(group)} ({self.describe(group)}) — "
                        f"{noun(second)} {self.by_status(ks[:6])} ({self.describe(ks[:4])}{' …' if len(ks) > 4 else ''})"
                        f" — within {self.rules.window_days} days"
                        + (f"; the {noun(first)} is also denied by {', '.join(sorted({source_label(d) for d in ds}))}"
                           if ds else ""))
                self.out.append(Contradiction("opposing_reports", (a, b), self.period(group + ks + ds), rows, expl,
                                              (first, second)))

    def claim_vs_denial(self) -> None:
        denied = [e for e in self.events if e["status"] == "denied"]
        supports: dict[str, list[dict[str, Any]]] = {}
        by_key = self.bucket(self.events)
        at_key: dict[tuple, _Window] = {}  # (bucket, "type" | "state", value) -> its events that are no denials
        for k, evs in by_key.items():
            kinds: dict[tuple, list[int]] = {}
            for i, s in enumerate(evs):
                if s["status"] != "denied":
                    kinds.setdefault(("type", s["type"]), []).append(i)
                    if s["_state"] is not None:
                        kinds.setdefault(("state", s["_state"]), []).append(i)
            for kind, ps in kinds.items():
                at_key[(k, *kind)] = ps  # made a _Window when a denial asks

        def around(key: tuple, iv: tuple[date, date] | None) -> list[int]:
            got = at_key.get(key)
            if got is None:
                return []
            if not isinstance(got, _Window):
                got = at_key[key] = _Window(by_key[key[0]], got)
            return got.around(iv, self.rules.window_days)

        def candidates(d: dict[str, Any]) -> list[dict[str, Any]]:
            """The non-denials of d's bucket that may be near d with its type or its state (a superset)."""
            k = self.key(d)
            ps = around((k, "type", d["type"]), d["_iv"])
            if d["_state"] is not None:
                ps = sorted(set(ps).union(around((k, "state", d["_state"]), d["_iv"])))
            return [by_key[k][i] for i in ps]

        for d in denied:
            supports[d["id"]] = [
                s for s in candidates(d)
                if s["status"] != "denied" and not (set(s["aux"]) & self.rules.not_claims_aux)
                and (s["type"] == d["type"] or (d["_state"] is not None and s["_state"] == d["_state"]))
                and self.same_dyad(s, d) and self.near(s, d)
                and not (s["claimed_by"] and set(s["claimed_by"]) == set(d["claimed_by"]))
            ]

        def linked(x: dict[str, Any], y: dict[str, Any]) -> bool:
            return (self.same_dyad(x, y) and (x["_state"] or x["type"]) == (y["_state"] or y["type"])
                    and (self.near(x, y) or x["doc_id"] == y["doc_id"]))

        def same_doc(b: list[dict[str, Any]]) -> list[list[int]]:
            by_doc: dict[Any, list[int]] = {}
            for i, d in enumerate(b):
                by_doc.setdefault(d["doc_id"], []).append(i)
            return [ps for ps in by_doc.values() if len(ps) > 1]

        for group in (g for b in self.bucket(denied).values() for g in self.clusters(b, linked, together=same_doc(b),
                                                                     apart=lambda x: x["_state"] or x["type"])):
            ss = list({s["id"]: s for d in group for s in supports[d["id"]]}.values())
            rows = [self.row(s, "claim", "coop") for s in ss] + [self.row(d, "denied claim", "conflict") for d in group]
            a, b = group[0]["actor"], group[0]["recipient"]
            deniers = sorted({c for d in group for c in d["claimed_by"]}) or ["someone (unnamed)"]
            what = noun(group[0]["_state"], group[0]["type"])
            claimed = self.by_status(ss) if ss else "claimed in the article"
            expl = (f"{a} – {b}: {what} {claimed}, denied by {', '.join(deniers)} — "
                    + ", ".join(dict.fromkeys(f"{d['actor']} {d['type']} {d['recipient']}" for d in group))
                    + (f" against {self.describe(ss)}" if ss else ""))
            self.out.append(Contradiction("claim_vs_denial", (a, b), self.period(group + ss), rows, expl,
                                          tuple(s for s in {group[0]["_state"]} if s)))

    def statements(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """What each speaker itself claims about each counterpart (never denials, never accusations against it)."""
        by_speaker: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for e in self.events:
            if e["status"] == "denied" or not self.is_claim(e) or not e["_state"]:
                continue
            speakers = {self.names.lookup(c) or c for c in e["claimed_by"]}
            if not e["claimed_by"] and not scoring.event_types.is_material(e["type"]):
                speakers.add(e["actor"])  # a party's own words
            for sp in speakers:
                if e["status"] == "alleged" and self.same_party(sp, e["actor"]):
                    continue  # an allegation against the speaker is not its statement
                if self.same_party(sp, e["actor"]):
                    by_speaker.setdefault(sp, []).append((e["recipient"], e))
                elif self.same_party(sp, e["recipient"]) and e.get("mutual"):
                    by_speaker.setdefault(sp, []).append((e["actor"], e))
        return by_speaker

    def self_contradictions(self) -> None:
        opposed = {frozenset((a, b)): (a, b, phrase) for a, b, phrase in self.rules.opposing}
        for sp, stated in sorted(self.statements().items()):
            def opp(x: tuple[str, dict[str, Any]], y: tuple[str, dict[str, Any]]) -> bool:
                return (self.same_party(x[0], y[0]) and self.near(x[1], y[1])
                        and frozenset((x[1]["_state"], y[1]["_state"])) in opposed)

            stated_at = _Window([e for _, e in stated])
            tied = [p for p in stated if any(opp(p, q) for q in self.nearby(stated_at, stated, p[1]))]
            for group in self.clusters(tied, lambda x, y: self.same_party(x[0], y[0]) and self.near(x[1], y[1]),
                                       event=lambda x: x[1]):
                evs = list({e["id"]: e for _, e in group}.values())
                held = {e["_state"] for e in evs}
                pairs = {opposed[frozenset((x, y))] for x in held for y in held if frozenset((x, y)) in opposed}
                if not pairs:
                    continue
                first, second, _ = sorted(pairs)[0]
                pos = [e for e in evs if e["_state"] == first]
                neg = [e for e in evs if e["_state"] == second]
                cp = group[0][0]
                rows = [self.row(e, f"{noun(first)} stated", "coop") for e in pos] + [
                    self.row(e, f"{noun(second)} stated", "conflict") for e in neg]
                expl = (f"{sp} states both {noun(first)} — {self.describe(pos)} — and {noun(second)} — "
                        f"{self.describe(neg)} — about {cp} within {self.rules.window_days} days")
                self.out.append(Contradiction("self_contradiction", (sp, cp), self.period(evs), rows, expl,
                                              (first, second)))


def find(events: list[dict[str, Any]], names: Any, rules: Rules | None = None,
         kinds: Iterable[str] | None = None) -> list[Contradiction]:
    """All contradictions among these events, ordered by period then kind."""
    f = _Finder(names, rules or Rules.default(), [dict(e) for e in events if e["actor"] != e["recipient"]])
    wanted = set(kinds or KINDS)
    if "opposing_reports" in wanted:
        f.opposing_reports()
    if "claim_vs_denial" in wanted:
        f.claim_vs_denial()
    if "self_contradiction" in wanted:
        f.self_contradictions()
    f.out.sort(key=lambda c: (c.period[0] and dates.start(c.period[0]) or dates.start("9999"), c.kind, c.dyad))
    return f.out


def contradictions(engine: Any, names: Any, actor: str | None = None, since: str | None = None,
                   until: str | None = None, window_days: int | None = None,
                   kinds: Iterable[str] | None = None, pair: tuple[str, str] | None = None) -> list[Contradiction]:
    """Contradictions in the store, optionally about one actor (and its branches), a period, or the
    dyads of ``pair``'s two actor trees.

    Every rule groups only events whose parties share their roots, so the contradictions of a pair
    come from the events between the two trees alone: those are all that is read, and the answer is
    the whole store's contradictions of those dyads.
    """
    focus = None
    if actor:
        canon = names.resolve(actor)
        focus = names.family(canon) | {names.root(canon)}
    trees = None
    if pair:
        trees = tuple(names.family(names.root(names.resolve(x))) for x in pair)
    with gc_paused():
        events = load_events(engine, actors=focus, pair=trees, since=since, until=until)
        return find(events, names, Rules.default(window_days=window_days), kinds)
