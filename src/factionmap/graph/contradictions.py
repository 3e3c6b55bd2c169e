"""Claims that cannot all be true, set side by side with their sources.

Three kinds, all general rules over the store's events (see
``contradiction_rules`` in ``data/plover_scores.json``):

``opposing_reports``
    The same dyad in the same period reported as cooperative (truce, deal,
    aid, joint action) by one source and as hostile (fighting, threats) by
    another. Denials of the cooperative claim in that period are shown too.
``claim_vs_denial``
    Someone denies an event that someone else claims. A denied record stands
    for both sides by itself (the annotation guide records the denied event
    with the denier, and the accuser where named); other reports of the same
    relation in the period are added as the claims.
``self_contradiction``
    One actor's own statements about the same counterpart with opposite
    polarity in the same period.

A dyad matches across the actor tree: a claim about the Islamic State and one
about its Khorasan branch concern the same relation (the text often leaves the
level ambiguous), while sibling branches stay apart.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from . import dates, scoring
from .source import claim_view, load_events, source_label


@dataclass
class Contradiction:
    kind: str
    dyad: tuple[str, str]
    period: tuple[str | None, str | None]
    claims: list[dict[str, Any]]
    explanation: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "dyad": list(self.dyad), "period": list(self.period),
                "explanation": self.explanation, "claims": self.claims}


@dataclass
class Rules:
    window_days: int = 90
    cooperative_types: frozenset[str] = frozenset()
    conflict_types: frozenset[str] = frozenset()
    not_claims_aux: frozenset[str] = frozenset()

    @classmethod
    def default(cls, **override: Any) -> "Rules":
        raw = {k: v for k, v in scoring.table()["contradiction_rules"].items() if not k.startswith("_")}
        raw.update({k: v for k, v in override.items() if v is not None})
        return cls(
            window_days=int(raw["window_days"]),
            cooperative_types=frozenset(raw["cooperative_types"]),
            conflict_types=frozenset(raw["conflict_types"]),
            not_claims_aux=frozenset(raw["not_claims_aux"]),
        )


@dataclass
class _Finder:
    names: Any
    rules: Rules
    events: list[dict[str, Any]]
    out: list[Contradiction] = field(default_factory=list)

    # -- helpers -------------------------------------------------------
    def is_claim(self, e: dict[str, Any]) -> bool:
        """A claim that something happened, placed in time."""
        if set(e["aux"]) & self.rules.not_claims_aux:
            return False
        if "historical" in e["aux"] and e.get("date") == e.get("doc_date"):
            return False  # background dated only by its article
        return dates.interval(e.get("date")) is not None

    def same_party(self, x: str, y: str) -> bool:
        return x == y or self.names.related(x, y)

    def same_dyad(self, e: dict[str, Any], f: dict[str, Any]) -> bool:
        a1, b1, a2, b2 = e["actor"], e["recipient"], f["actor"], f["recipient"]
        return (self.same_party(a1, a2) and self.same_party(b1, b2)) or (
            self.same_party(a1, b2) and self.same_party(b1, a2))

    def key(self, e: dict[str, Any]) -> frozenset[str]:
        """Bucket of possibly-same dyads: related parties share a root."""
        return frozenset((self.names.root(e["actor"]), self.names.root(e["recipient"])))

    def bucket(self, evs: Iterable[dict[str, Any]]) -> dict[frozenset[str], list[dict[str, Any]]]:
        out: dict[frozenset[str], list[dict[str, Any]]] = {}
        for e in evs:
            out.setdefault(self.key(e), []).append(e)
        return out

    def near(self, e: dict[str, Any], f: dict[str, Any]) -> bool:
        g = dates.gap_days(e.get("date"), f.get("date"))
        return g is not None and g <= self.rules.window_days

    @staticmethod
    def sources(e: dict[str, Any]) -> set[str]:
        return set(e["claimed_by"]) or {e.get("outlet") or f"{e['doc_id']} (own voice)"}

    @staticmethod
    def sign(e: dict[str, Any]) -> int:
        s = scoring.type_score(e["type"], e.get("mode"))
        return (s > 0) - (s < 0)

    @staticmethod
    def period(evs: Iterable[dict[str, Any]]) -> tuple[str | None, str | None]:
        ds = [e["date"] for e in evs if dates.interval(e.get("date"))]
        if not ds:
            return (None, None)
        return (min(ds, key=dates.start), max(ds, key=dates.end))

    def dyad_of(self, evs: list[dict[str, Any]]) -> tuple[str, str]:
        first = evs[0]
        return (first["actor"], first["recipient"])

    @staticmethod
    def clusters(items: list[dict[str, Any]], linked) -> list[list[dict[str, Any]]]:
        """Connected groups under ``linked`` (small n: plain union-find)."""
        parent = list(range(len(items)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                if linked(items[i], items[j]):
                    parent[find(i)] = find(j)
        groups: dict[int, list[dict[str, Any]]] = {}
        for i, it in enumerate(items):
            groups.setdefault(find(i), []).append(it)
        return list(groups.values())

    @staticmethod
    def describe(evs: Iterable[dict[str, Any]]) -> str:
        parts = []
        for e in evs:
            parts.append(f"{e['type']} ({e['status']}, {source_label(e)})")
        return "; ".join(dict.fromkeys(parts))

    # -- rules ---------------------------------------------------------
    def opposing_reports(self) -> None:
        r = self.rules
        claims = [e for e in self.events if self.is_claim(e) and e["status"] != "denied"]
        coop = [e for e in claims if e["type"] in r.cooperative_types]
        conf = [e for e in claims if e["type"] in r.conflict_types]
        denials = [e for e in self.events if e["status"] == "denied" and self.sign(e) > 0
                   and dates.interval(e.get("date"))]
        matched: list[dict[str, Any]] = []
        against: dict[str, list[dict[str, Any]]] = {}
        conf_by, denials_by = self.bucket(conf), self.bucket(denials)
        for c in coop:
            ks = [k for k in conf_by.get(self.key(c), ()) if self.same_dyad(c, k) and self.near(c, k) and not (self.sources(c) & self.sources(k))]
            if ks:
                matched.append(c)
                against[c["id"]] = ks
        linked = lambda x, y: self.same_dyad(x, y) and bool(
            self.near(x, y) or {k["id"] for k in against[x["id"]]} & {k["id"] for k in against[y["id"]]})
        for group in (g for b in self.bucket(matched).values() for g in self.clusters(b, linked)):
            ks = list({k["id"]: k for c in group for k in against[c["id"]]}.values())
            ks.sort(key=lambda k: -abs(scoring.weighted_score(k)))
            ds = [d for d in denials_by.get(self.key(group[0]), ()) if any(self.same_dyad(d, c) and self.near(d, c) for c in group)]
            rows = ([claim_view(c, side="cooperation") for c in group]
                    + [claim_view(k, side="conflict") for k in ks]
                    + [claim_view(d, side="denial of cooperation") for d in ds])
            a, b = self.dyad_of(group)
            expl = (f"{a} and {b}: reported as cooperating — {self.describe(group)} — and as fighting or "
                    f"threatening — {self.describe(ks[:4])}{' …' if len(ks) > 4 else ''} — within "
                    f"{r.window_days} days" + (f"; also denied: {self.describe(ds)}" if ds else ""))
            self.out.append(Contradiction("opposing_reports", (a, b), self.period(group + ks + ds), rows, expl))

    def claim_vs_denial(self) -> None:
        denied = [e for e in self.events if e["status"] == "denied"]
        supports: dict[str, list[dict[str, Any]]] = {}
        by_key = self.bucket(self.events)
        for d in denied:
            supports[d["id"]] = [
                s for s in by_key.get(self.key(d), ())
                if s["status"] != "denied" and not (set(s["aux"]) & self.rules.not_claims_aux)
                and (s["type"] == d["type"] or (self.sign(s) == self.sign(d) != 0))
                and self.same_dyad(s, d) and self.near(s, d)
                and not (s["claimed_by"] and set(s["claimed_by"]) == set(d["claimed_by"]))
            ]
        linked = lambda x, y: (self.same_dyad(x, y) and self.sign(x) == self.sign(y)
                               and (self.near(x, y) or x["doc_id"] == y["doc_id"]))
        for group in (g for b in self.bucket(denied).values() for g in self.clusters(b, linked)):
            ss = list({s["id"]: s for d in group for s in supports[d["id"]]}.values())
            rows = [claim_view(s, side="claim") for s in ss] + [claim_view(d, side="denied claim") for d in group]
            a, b = self.dyad_of(group)
            deniers = sorted({c for d in group for c in d["claimed_by"]}) or ["someone (unnamed)"]
            what = ", ".join(dict.fromkeys(f"{d['actor']} {d['type']} {d['recipient']}" for d in group))
            claimed = self.describe(ss) if ss else "the claim as the article reports it"
            expl = f"denied ({', '.join(deniers)}): {what} — against {claimed}"
            self.out.append(Contradiction("claim_vs_denial", (a, b), self.period(group + ss), rows, expl))

    def self_contradictions(self) -> None:
        by_speaker: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for e in self.events:
            if e["status"] == "denied" or not self.is_claim(e) or self.sign(e) == 0:
                continue
            speakers = {self.names.resolve(c) for c in e["claimed_by"]}
            verbal = scoring.quad(e["type"]).startswith("verbal")
            if not e["claimed_by"] and verbal:
                speakers.add(e["actor"])
            for sp in speakers:
                if self.same_party(sp, e["actor"]):
                    by_speaker.setdefault(sp, []).append((e["recipient"], e))
                elif self.same_party(sp, e["recipient"]):
                    by_speaker.setdefault(sp, []).append((e["actor"], e))
        for sp, stated in sorted(by_speaker.items()):
            pairs = [(cp, e) for cp, e in stated]
            opp = lambda x, y: (self.same_party(x[0], y[0]) and self.near(x[1], y[1])
                                and self.sign(x[1]) != self.sign(y[1]))
            tied = [p for p in pairs if any(opp(p, q) for q in pairs)]
            for group in self.clusters(tied, lambda x, y: self.same_party(x[0], y[0]) and self.near(x[1], y[1])):
                evs = list({e["id"]: e for _, e in group}.values())
                if len({self.sign(e) for e in evs}) < 2:
                    continue
                pos = [e for e in evs if self.sign(e) > 0]
                neg = [e for e in evs if self.sign(e) < 0]
                cp = group[0][0]
                rows = [claim_view(e, side="cooperative statement") for e in pos] + [
                    claim_view(e, side="hostile statement") for e in neg]
                expl = (f"{sp} says both cooperative things — {self.describe(pos)} — and hostile things — "
                        f"{self.describe(neg)} — about {cp} within {self.rules.window_days} days")
                self.out.append(Contradiction("self_contradiction", (sp, cp), self.period(evs), rows, expl))


def find(events: list[dict[str, Any]], names: Any, rules: Rules | None = None,
         kinds: Iterable[str] | None = None) -> list[Contradiction]:
    """All contradictions among these events, ordered by period then kind."""
    f = _Finder(names, rules or Rules.default(), [e for e in events if e["actor"] != e["recipient"]])
    wanted = set(kinds or ("opposing_reports", "claim_vs_denial", "self_contradiction"))
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
                   kinds: Iterable[str] | None = None) -> list[Contradiction]:
    """Contradictions in the store, optionally about one actor (and its branches) or a period."""
    focus = None
    if actor:
        canon = names.resolve(actor)
        focus = names.family(canon) | {names.root(canon)}
    events = load_events(engine, actors=focus, since=since, until=until)
    return find(events, names, Rules.default(window_days=window_days), kinds)
