"""Where two actors stand, since when, and which events made it so.

A dyad's relationship is a set of states from a documented taxonomy
(``data/relationship_states.json``: at war, truce, allied, hostile, split,
affiliated, negotiating, mediating), each derived from the *kinds* of events
between the two (their bearing, :mod:`factionmap.event_types`), never from a
signed sum of scores. Several hold at once: "at war" while "negotiating" is
how a peace process looks.

The rules, in the order an analyst checks them:

* events are walked in date order (partial dates as intervals); a state opens
  with its first evidence and **persists until contrary evidence arrives** (the
  Mapping Militant Organizations rule): a later, credible event of a state ends
  the states it lists (a truce ends a war; fighting, a material act, ends a
  truce or an alliance); evidence in the same period ends nothing;
* **a denied claim never drives a state**: it makes the state it would support
  contested, and a contested claim ends nothing;
* **an alleged claim weighs half**, ends nothing, and a state resting only on
  allegations says so (standing ``alleged``);
* negated, planned and conditional events are not evidence (they are listed);
* withdrawals, releases and praise bear on no state, talks make
  ``negotiating`` and a mediator's talks ``mediating``: none is an alliance;
* of two exclusive states that both hold (a truce amid fighting), the one with
  less weight is contested; words weigh half of deeds, so **one verbal act does
  not outweigh sustained fighting**;
* a state **fades** when its latest evidence is old and **lapses** later
  (per-state days in the data file), relative to the date asked about.

Every state keeps its events, their statuses and its since-date, so ``dyad``
explains itself.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import scoring
from .dates import PartialDate, DateError
from .source import claim_view, source_label

NO_RELATION = "no relation"
CONTESTED = "contested"
CREDIBLE, ALLEGED, DENIED, INTENT, NEGATED = "credible", "alleged", "denied", "intent", "negated"


def span_of(e: dict[str, Any]) -> PartialDate | None:
    """The event's date interval: the view's date_start/date_end when present, else parsed."""
    ds, de = e.get("date_start"), e.get("date_end")
    if ds and de:
        try:
            return PartialDate(date.fromisoformat(str(ds)), date.fromisoformat(str(de)), str(e.get("date") or ds),
                               e.get("date_granularity") or "")
        except ValueError:
            return None
    return PartialDate.stored(e.get("date"), e.get("date_granularity"))


@dataclass
class Item:
    """One event as the state rules see it."""

    ev: dict[str, Any]
    span: PartialDate
    state: str | None
    kind: str
    weight: float  # status weight × (1 for deeds, verbal_weight for words)
    material: bool  # a deed (fighting, aid, a broken ceasefire), not words

    @classmethod
    def of(cls, e: dict[str, Any]) -> "Item | None":
        span = span_of(e)
        if span is None:
            return None
        aux = set(e.get("aux") or ())
        if "negated" in aux:
            kind = NEGATED
        elif scoring.is_intent_or_negated(aux):
            kind = INTENT
        else:
            kind = {"denied": DENIED, "alleged": ALLEGED}.get(e.get("status") or "", CREDIBLE)
        b = scoring.bearing(e)
        material = scoring.event_types.is_material(e["type"]) or b in scoring.deeds()
        w = scoring.status_weight(e.get("status")) * (1.0 if material else scoring.verbal_weight())
        return cls(e, span, scoring.state_of_bearing().get(b) if b else None, kind, w, material)

    def brief(self) -> str:
        e = self.ev
        return (f"{e['actor']} {e['type']} {e['recipient']} ({e['status']}, {source_label(e)}, "
                f"{e['doc_id']}, {e.get('date')})")


@dataclass
class Run:
    """One stretch of a state: from its first evidence until something ends it."""

    state: str
    items: list[Item]
    ended_by: Item | None = None
    lapsed_on: date | None = None
    last_end: date = date.min  # the latest day its evidence can mean (kept as items are added)

    def __post_init__(self) -> None:
        self.last_end = max(i.span.end for i in self.items)

    def add(self, it: Item) -> None:
        self.items.append(it)
        if it.span.end > self.last_end:
            self.last_end = it.span.end

    @property
    def since(self) -> PartialDate:
        return self.items[0].span

    @property
    def last(self) -> PartialDate:
        return max((i.span for i in self.items), key=lambda s: (s.end, s.start))

    def weight(self, as_of: date) -> float:
        """Weight of its evidence of the last ``weigh_window_days`` before ``as_of``."""
        horizon = as_of - timedelta(days=scoring.weigh_window_days())
        return sum(i.weight for i in self.items if i.span.end >= horizon)


@dataclass
class StateView:
    """A state as it stands on a date: standing, evidence, denials and what contests it."""

    state: str
    standing: str  # established / alleged / contested / fading
    items: list[Item]
    denials: list[Item]
    contested_by: list[str]
    since: str | None
    last: str | None
    age_days: int | None
    subsumed: list[Item] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return self.standing != CONTESTED

    def label(self) -> str:
        return self.state if self.standing == "established" else f"{self.state} ({self.standing})"

    def reason(self) -> str:
        by_status = Counter(i.ev["status"] for i in self.items)
        counts = ", ".join(f"{n} {s}" for s, n in by_status.most_common())
        strongest = sorted(self.items, key=lambda i: -i.weight)[:3]
        parts = [f"{self.label()}" + (f" since {self.since}" if self.since else "")]
        if self.items:
            parts.append(f"{len(self.items)} event{'s' if len(self.items) != 1 else ''} ({counts}), latest {self.last}"
                         + "; strongest: " + "; ".join(i.brief() for i in strongest))
        if self.standing == "alleged":
            parts.append("alleged only: " + ", ".join(sorted({source_label(i.ev) for i in self.items})))
        if self.denials:
            parts.append("denied by " + ", ".join(sorted({source_label(d.ev) for d in self.denials}))
                         + " (" + "; ".join(f"{d.ev['doc_id']}, {d.ev.get('date')}" for d in self.denials[:3]) + ")")
        others = [c for c in self.contested_by if c != "denial"]
        if others:
            parts.append("against " + ", ".join(others) + " with more weight of evidence at the same time")
        if self.standing == "fading":
            parts.append(f"its latest evidence is {self.age_days} days old")
        if self.subsumed:
            parts.append(f"also {len(self.subsumed)} hostile act(s) (threats, accusations) in the same war")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "standing": self.standing,
            "since": self.since,
            "last": self.last,
            "events": len(self.items),
            "by_status": dict(Counter(i.ev["status"] for i in self.items)),
            "sources": sorted({source_label(i.ev) for i in self.items}),
            "denied_by": sorted({source_label(d.ev) for d in self.denials}),
            "contested_by": self.contested_by,
            "reason": self.reason(),
            "because": [Dyad._event_json(i.ev) for i in sorted(self.items, key=lambda i: -i.weight)],
            "denials": [Dyad._event_json(d.ev) for d in self.denials],
        }


@dataclass
class Reading:
    """All states of a dyad as of one date."""

    as_of: date
    views: list[StateView]
    ended: list[Run]

    @property
    def holding(self) -> list[StateView]:
        return [v for v in self.views if v.holds]

    @property
    def headline(self) -> str:
        if self.holding:
            return self.holding[0].state
        return CONTESTED if self.views else NO_RELATION

    @property
    def label(self) -> str:
        return "; ".join(v.label() for v in self.views) or NO_RELATION

    def signature(self) -> tuple:
        return tuple((v.state, v.standing) for v in self.views)

    def reason(self) -> str:
        return "; ".join(v.reason() for v in self.views) if self.views else "no dated evidence up to then"

    def to_json(self) -> dict[str, Any]:
        top = self.holding[0] if self.holding else (self.views[0] if self.views else None)
        return {
            "state": self.headline,
            "label": self.label,
            "as_of": self.as_of.isoformat(),
            "since": top.since if top else None,
            "reason": self.reason(),
            "because": [Dyad._event_json(i.ev) for i in sorted(top.items, key=lambda i: -i.weight)] if top else [],
            "states": [v.to_json() for v in self.views],
            "ended": [_ended_json(r) for r in self.ended],
        }


def _ended_json(r: Run) -> dict[str, Any]:
    if r.ended_by is not None:
        why = f"ended by {r.ended_by.state}: {r.ended_by.brief()}"
        until = r.ended_by.span.text
    else:
        why = f"lapsed: no evidence for {(r.lapsed_on - r.last_end).days if r.lapsed_on else '?'} days"
        until = r.lapsed_on.isoformat() if r.lapsed_on else None
    return {"state": r.state, "since": r.since.text, "last": r.last.text, "until": until, "why": why,
            "events": len(r.items)}


class _Deriver:
    """``derive`` for one dyad's items at many dates, without redoing the work each date needs again.

    Built once per list of items: the evidence in date order, the denials, and
    for each piece of evidence the denials close enough to contest it. Asked
    for dates in increasing order (as :func:`build` asks), it carries the walk
    through the evidence forward instead of starting it again: the walk up to
    a date depends on the date only through which denials are known by then,
    so it is redone from the start only when a denial becomes known that
    contests evidence already walked past. Every reading is what a walk from
    scratch gives (:func:`derive` is this class asked once).
    """

    def __init__(self, items: list[Item]):
        window = scoring.contest_window_days()
        self.evidence = sorted((i for i in items if i.state and i.kind in (CREDIBLE, ALLEGED)),
                               key=lambda i: (i.span.start, i.span.end, i.ev.get("doc_id") or "",
                                              i.ev.get("evidence_start") or 0))
        self.starts = [i.span.start for i in self.evidence]
        self.denials = [i for i in items if i.state and i.kind == DENIED]  # in the items' order
        by_state: dict[str, list[int]] = {}
        for j, d in enumerate(self.denials):
            by_state.setdefault(d.state, []).append(j)
        self.denials_of = {s: [self.denials[j] for j in js] for s, js in by_state.items()}
        # the denials of the same state within the window of each piece of evidence, in the denials' order
        index: dict[str, tuple[list[date], list[int], int]] = {}
        for s, js in by_state.items():
            js = sorted(js, key=lambda j: self.denials[j].span.start)
            longest = max((self.denials[j].span.end - self.denials[j].span.start).days for j in js)
            index[s] = ([self.denials[j].span.start for j in js], js, longest)
        self.near: list[list[int]] = []
        self.first_near: list[date | None] = []
        for it in self.evidence:
            got: list[int] = []
            if it.state in index:
                starts, js, longest = index[it.state]
                lo = bisect_left(starts, it.span.start - timedelta(days=window + longest))
                hi = bisect_right(starts, it.span.end + timedelta(days=window))
                got = sorted(j for j in js[lo:hi] if self.denials[j].span.gap_days(it.span) <= window)
            self.near.append(got)
            self.first_near.append(min((self.denials[j].span.start for j in got), default=None))
        self._as_of: date | None = None
        self._restart()

    def _restart(self) -> None:
        self._done = 0  # pieces of evidence walked past
        self._active: dict[str, Run] = {}
        self._ended: list[Run] = []
        self._ended_last: dict[str, date] = {}  # per state: the latest last_end among the ended runs
        self._near_run: dict[str, set[int]] = {}  # per active state: the denials near any of its evidence
        self._last_span: dict[str, PartialDate] = {}  # per active state: Run.last, kept as items come
        self._alleged_only: dict[str, bool] = {}
        self._replay_at: date | None = None  # the walk is stale once a denial known on this date contests it

    def _end(self, run: Run) -> None:
        self._ended.append(run)
        if run.state not in self._ended_last or run.last_end > self._ended_last[run.state]:
            self._ended_last[run.state] = run.last_end

    def _walk(self, k: int, as_of: date) -> None:
        rules = scoring.states()
        it = self.evidence[k]
        rule = rules[it.state]
        active = self._active
        run = active.get(it.state)
        if run and rule.lapses_after_days is not None and (it.span.start - run.last_end).days > rule.lapses_after_days:
            run.lapsed_on = run.last_end + timedelta(days=rule.lapses_after_days)
            self._end(active.pop(it.state))
            run = None
        if run is None:
            active[it.state] = Run(it.state, [it])
            self._near_run[it.state] = set(self.near[k])
            self._last_span[it.state] = it.span
            self._alleged_only[it.state] = it.kind == ALLEGED
        else:
            run.add(it)
            self._near_run[it.state].update(self.near[k])
            last = self._last_span[it.state]
            if (it.span.end, it.span.start) > (last.end, last.start):
                self._last_span[it.state] = it.span
            if it.kind != ALLEGED:
                self._alleged_only[it.state] = False
        if it.kind != CREDIBLE:
            return  # an allegation ends nothing
        first = self.first_near[k]
        if first is not None and first <= as_of:
            return  # a contested claim ends nothing
        if first is not None and (self._replay_at is None or first < self._replay_at):
            self._replay_at = first
        for other, how in rule.ends.items():
            o = active.get(other)
            if o is None or (how == "material" and not it.material):
                continue
            if o.last_end >= it.span.start:
                continue  # the same period: side by side, not one after the other
            o.ended_by = it
            self._end(active.pop(other))

    def reading(self, as_of: date) -> Reading:
        if self._as_of is not None and (as_of < self._as_of
                                        or self._replay_at is not None and self._replay_at <= as_of):
            self._restart()
        self._as_of = as_of
        todo = bisect_right(self.starts, as_of)
        while self._done < todo:
            self._walk(self._done, as_of)
            self._done += 1
        return self._read(as_of)

    def _denied_near(self, state: str, as_of: date) -> list[Item]:
        return [d for j in sorted(self._near_run[state]) if (d := self.denials[j]).span.start <= as_of]

    def _read(self, as_of: date) -> Reading:
        rules = scoring.states()
        active = dict(self._active)
        ended = list(self._ended)
        ended_last = dict(self._ended_last)
        for s, run in list(active.items()):
            lapse = rules[s].lapses_after_days
            if lapse is not None and (as_of - run.last_end).days > lapse:
                # the walk goes on from this run (later evidence may lapse it the same way): a copy ends here
                gone = Run(run.state, list(run.items), run.ended_by, run.last_end + timedelta(days=lapse))
                ended.append(gone)
                if s not in ended_last or gone.last_end > ended_last[s]:
                    ended_last[s] = gone.last_end
                del active[s]

        views: list[StateView] = []
        excl = scoring.exclusive()
        near = {s: self._denied_near(s, as_of) for s in active}
        disputed = {s for s in active if near[s]}
        for s, rule in rules.items():
            run = active.get(s)
            if run is None:
                dn = [d for d in self.denials_of.get(s, ()) if d.span.start <= as_of
                      and (rule.lapses_after_days is None or (as_of - d.span.end).days <= rule.lapses_after_days)]
                if dn and not (s in ended_last and ended_last[s] >= max(d.span.end for d in dn)):
                    first = min(dn, key=lambda d: d.span.start)
                    views.append(StateView(s, CONTESTED, [], dn, ["denial"], first.span.text,
                                           max(dn, key=lambda d: d.span.end).span.text, None))
                continue
            dn = near[s]
            contested_by = ["denial"] if dn else []
            mine = run.weight(as_of)
            for other, orun in active.items():  # a state someone denies weighs nothing against another
                if other != s and other not in disputed and frozenset((s, other)) in excl:
                    theirs = orun.weight(as_of)
                    if (mine, theirs) == (0.0, 0.0):
                        mine_all, theirs_all = sum(i.weight for i in run.items), sum(i.weight for i in orun.items)
                        if mine_all <= theirs_all:
                            contested_by.append(other)
                    elif mine <= theirs:
                        contested_by.append(other)
            age = (as_of - run.last_end).days
            if contested_by:
                standing = CONTESTED
            elif self._alleged_only[s]:
                standing = "alleged"
            elif rule.fades_after_days is not None and age > rule.fades_after_days:
                standing = "fading"
            else:
                standing = "established"
            views.append(StateView(s, standing, list(run.items), dn, contested_by, run.since.text,
                                   self._last_span[s].text, max(age, 0)))
        # a state that includes another (a war includes its threats) hides it while it holds
        by_state = {v.state: v for v in views}
        for v in list(views):
            if not v.holds:
                continue
            for sub in rules[v.state].subsumes:
                w = by_state.get(sub)
                if w is not None and w.holds:
                    v.subsumed = w.items
                    views.remove(w)
        order = list(rules)
        views.sort(key=lambda v: (not v.holds, order.index(v.state)))
        return Reading(as_of, views, ended)


def derive(items: list[Item], as_of: date) -> Reading:
    """The states of a dyad as of ``as_of`` from its events (those starting by then)."""
    return _Deriver(items).reading(as_of)


@dataclass
class Change:
    """The dyad's states became ``label`` on ``date``."""

    date: str
    state: str
    previous: str
    label: str
    previous_label: str
    reading: Reading
    since: str | None = None

    @property
    def reason(self) -> str:
        return self.reading.reason()

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "since": self.since or self.date, "state": self.state, "previous": self.previous,
                "label": self.label, "previous_label": self.previous_label,
                "states": [{"state": v.state, "standing": v.standing, "since": v.since, "events": len(v.items)}
                           for v in self.reading.views],
                "reason": self.reason}


@dataclass
class Dyad:
    a: str
    b: str
    events: list[dict[str, Any]]
    items: list[Item] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    undated: list[dict[str, Any]] = field(default_factory=list)
    rollup: bool = False
    as_of: date | None = None  # "now": the latest date the store (or the period asked for) knows

    def reading(self, when: str | date | None = None) -> Reading:
        """All states as of a (partial) date — its last day — or as of ``as_of`` when None."""
        if when is None:
            limit = self.as_of or max((i.span.end for i in self.items), default=date.today())
        elif isinstance(when, date):
            limit = when
        else:
            try:
                limit = PartialDate.parse(when, "--at").end
            except DateError as exc:
                raise ValueError(str(exc)) from None
        return derive(self.items, limit)

    def state_at(self, when: str | date | None = None) -> dict[str, Any]:
        return self.reading(when).to_json()

    @property
    def current(self) -> dict[str, Any]:
        return self.state_at(None)

    def to_json(self, at: str | None = None) -> dict[str, Any]:
        return {
            "dyad": [self.a, self.b],
            "rollup": self.rollup,
            "at": at,
            "state": self.state_at(at),
            "taxonomy": scoring.taxonomy(),
            "changes": [c.to_json() for c in self.changes],
            "score_over_time": self.series,
            "events": [self._event_json(e) for e in self.events],
            "undated_events": [self._event_json(e) for e in self.undated],
        }

    @staticmethod
    def _event_json(e: dict[str, Any]) -> dict[str, Any]:
        b = scoring.bearing(e)
        return claim_view(e, quad=scoring.quad(e["type"]), score=scoring.type_score(e["type"], e.get("mode")),
                          weight=round(scoring.weight(e), 3), weighted_score=round(scoring.weighted_score(e), 3),
                          bearing=b, supports=scoring.state_of_bearing().get(b) if b else None)


def build(events: list[dict[str, Any]], a: str, b: str, rollup: bool = False,
          as_of: date | None = None) -> Dyad:
    """The dyad from its events: states at every date where they change, and a score series."""
    pairs = [(e, Item.of(e)) for e in events]
    dated = [(e, it) for e, it in pairs if it is not None]
    dated.sort(key=lambda p: (p[1].span.start, p[0].get("doc_id") or "", p[0].get("evidence_start") or 0))
    dy = Dyad(a, b, [e for e, _ in dated], [it for _, it in dated], undated=[e for e, it in pairs if it is None],
              rollup=rollup, as_of=as_of)
    if not dy.items:
        return dy
    end = as_of or max(i.span.end for i in dy.items)
    by_day: dict[date, list[Item]] = {}
    for it in dy.items:
        by_day.setdefault(it.span.start, []).append(it)
    checkpoints = set(by_day)
    deriver = _Deriver(dy.items)
    readings: dict[date, Reading] = {}
    for day in sorted(by_day):  # fading and lapsing happen between events too
        readings[day] = deriver.reading(day)
        for v in readings[day].views:
            rule = scoring.states()[v.state]
            last = max((i.span.end for i in v.items), default=None)
            for n in (rule.fades_after_days, rule.lapses_after_days):
                if last is not None and n is not None and last + timedelta(days=n + 1) <= end:
                    checkpoints.add(last + timedelta(days=n + 1))
    prev: Reading | None = None
    for day in sorted(checkpoints):
        r = readings[day] if day in readings else deriver.reading(day)
        todays = by_day.get(day, [])
        if prev is None or r.signature() != prev.signature():
            label = (todays[0].span.text if todays and len({i.span.text for i in todays}) == 1 else day.isoformat())
            top = r.holding[0] if r.holding else None
            dy.changes.append(Change(label, r.headline, prev.headline if prev else NO_RELATION, r.label,
                                     prev.label if prev else NO_RELATION, r, since=top.since if top else None))
        if todays:
            dy.series.append({"date": day.isoformat(), "events": len(todays),
                              "score": round(sum(scoring.weighted_score(i.ev) for i in todays), 3),
                              "state": r.headline, "label": r.label})
        prev = r
    return dy


def dyad(engine: Any, names: Any, a: str, b: str, rollup: bool = False,
         since: str | None = None, until: str | None = None, as_of: date | None = None) -> Dyad:
    """The dyad between two typed names, from the store (branches counted in when rolling up).

    Unknown names raise :class:`~factionmap.graph.names.UnknownActor`. "Now" is
    ``as_of``, else the end of ``until``, else the latest date in the store.
    """
    from ..gcpause import gc_paused
    from .source import latest_date, load_events

    ca, cb = names.resolve(a), names.resolve(b)
    fa = names.family(ca) if rollup else {ca}
    fb = names.family(cb) if rollup else {cb}
    with gc_paused():
        events = load_events(engine, pair=(fa, fb), since=since, until=until)
        events = [e for e in events if e["actor"] != e["recipient"]]
        if as_of is None:
            as_of = PartialDate.parse(until, "--until").end if until else latest_date(engine)
        return build(events, ca, cb, rollup=rollup, as_of=as_of)
