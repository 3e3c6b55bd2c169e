"""Where two actors stand, since when, and which events made it so.

The state of a dyad is one of ``allied``, ``rival``, ``mixed`` or ``no relation``.
It is derived from the dyad's events in time order:

* each event has a signed weight (PLOVER score × status weight × aux weight,
  see :mod:`.scoring`);
* at each date where events occur, the cooperative and conflictual evidence of
  the events in the preceding window (``window_days``) is summed;
* if the stronger side reaches ``min_evidence`` — and holds at least one claim
  nobody denied — it sets the state: ``mixed`` when the weaker side is at least
  ``mixed_ratio`` of it, else ``allied`` or ``rival``;
* otherwise nothing changes: a relation persists until contrary evidence
  arrives (the Mapping Militant Organizations rule), also between event dates.

Every state change keeps the events that made it, so ``dyad`` can explain itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import dates, scoring
from .source import claim_view, source_label

NO_RELATION = "no relation"


@dataclass
class Change:
    """The state became ``state`` on ``date`` because of ``because``."""

    date: str
    state: str
    previous: str
    cooperation: float
    conflict: float
    because: list[dict[str, Any]]
    reason: str
    since: str | None = None  # when the state began (earlier than ``date`` when a change is undone)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "since": self.since or self.date,
            "state": self.state,
            "previous": self.previous,
            "cooperation": round(self.cooperation, 3),
            "conflict": round(self.conflict, 3),
            "reason": self.reason,
            "because": self.because,
        }


@dataclass
class Dyad:
    a: str
    b: str
    events: list[dict[str, Any]]
    changes: list[Change] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    undated: list[dict[str, Any]] = field(default_factory=list)
    rules: dict[str, float] = field(default_factory=dict)
    rollup: bool = False

    def state_at(self, when: str | date | None = None) -> dict[str, Any]:
        """State as of a (partial) date — its last day — or now when None."""
        if when is None:
            limit = date.max
        elif isinstance(when, date):
            limit = when
        else:
            limit = dates.end(when)
            if limit is None:
                raise ValueError(f"--at: {when!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        last: Change | None = None
        for ch in self.changes:
            if dates.start(ch.date) <= limit:
                last = ch
        if last is None:
            return {"state": NO_RELATION, "since": None, "because": [], "reason": "no dated evidence up to then"}
        return {"state": last.state, "since": last.since or last.date, "because": last.because,
                "reason": last.reason}

    @property
    def current(self) -> dict[str, Any]:
        return self.state_at(None)

    def to_json(self, at: str | None = None) -> dict[str, Any]:
        return {
            "dyad": [self.a, self.b],
            "rollup": self.rollup,
            "at": at,
            "state": self.state_at(at),
            "rules": self.rules,
            "changes": [c.to_json() for c in self.changes],
            "score_over_time": self.series,
            "events": [self._event_json(e) for e in self.events],
            "undated_events": [self._event_json(e) for e in self.undated],
        }

    @staticmethod
    def _event_json(e: dict[str, Any]) -> dict[str, Any]:
        return claim_view(e, quad=scoring.quad(e["type"]), score=scoring.type_score(e["type"], e.get("mode")),
                          weight=round(scoring.weight(e), 3), weighted_score=round(scoring.weighted_score(e), 3))


def classify(coop: float, conflict: float, coop_undenied: bool = True, conflict_undenied: bool = True,
             rules: dict[str, float] | None = None) -> str | None:
    """The state that evidence of this strength supports, or None when too weak to say."""
    r = rules or scoring.state_rules()
    strong, weak = max(coop, conflict), min(coop, conflict)
    if strong < r["min_evidence"]:
        return None
    top_ok = coop_undenied if coop >= conflict else conflict_undenied
    if not top_ok:
        return None
    if weak >= r["mixed_ratio"] * strong and (coop_undenied and conflict_undenied):
        return "mixed"
    return "allied" if coop >= conflict else "rival"


def build(events: list[dict[str, Any]], a: str, b: str, rules: dict[str, float] | None = None,
          rollup: bool = False) -> Dyad:
    """Walk the dyad's events in time order and record each change of state."""
    r = {**scoring.state_rules(), **(rules or {})}
    dated = [e for e in events if dates.interval(e.get("date"))]
    undated = [e for e in events if not dates.interval(e.get("date"))]
    dated.sort(key=lambda e: (dates.start(e["date"]), e.get("doc_id") or "", e.get("evidence_start") or 0))
    dy = Dyad(a, b, dated, undated=undated, rules=r, rollup=rollup)
    window = timedelta(days=int(r["window_days"]))
    state = NO_RELATION
    by_day: dict[date, list[dict[str, Any]]] = {}
    for e in dated:
        by_day.setdefault(dates.start(e["date"]), []).append(e)
    live: dict[int, list[dict[str, Any]]] = {}  # change index -> the events it rests on
    for day in sorted(by_day):
        todays = by_day[day]
        recent = [e for e in dated if day - window < dates.start(e["date"]) <= day]
        denied_types = {e["type"] for e in recent if e["status"] == "denied"}

        def undisputed(e: dict[str, Any]) -> bool:
            return e["status"] != "denied" and e["type"] not in denied_types

        coop = sum(s for e in recent if (s := scoring.weighted_score(e)) > 0)
        conf = -sum(s for e in recent if (s := scoring.weighted_score(e)) < 0)
        coop_ok = any(scoring.weighted_score(e) > 0 and undisputed(e) for e in recent)
        conf_ok = any(scoring.weighted_score(e) < 0 and undisputed(e) for e in recent)
        day_score = sum(scoring.weighted_score(e) for e in todays)
        new = classify(coop, conf, coop_ok, conf_ok, r)
        label = todays[0]["date"] if len({x["date"] for x in todays}) == 1 else day.isoformat()
        if new is not None and new != state:
            sign = {"allied": 1, "rival": -1}.get(new, 0)
            because = sorted(
                (e for e in recent if sign == 0 or scoring.weighted_score(e) * sign > 0),
                key=lambda e: -abs(scoring.weighted_score(e)),
            )
            reason = (
                f"{new}: cooperation {coop:.1f} vs conflict {conf:.1f} in the {r['window_days']} days to {label}"
                f" (was {state}); strongest: "
                + "; ".join(f"{e['actor']} {e['type']} {e['recipient']} ({e['status']}, {source_label(e)}, "
                            f"{e['doc_id']}, {e.get('date')})" for e in because[:3])
            )
            dy.changes.append(Change(label, new, state, coop, conf, [Dyad._event_json(e) for e in because], reason))
            live[len(dy.changes) - 1] = because
            state = new
        elif new is None and dy.changes and state != NO_RELATION:
            # the evidence that set the current state is now denied: undo that change
            last = dy.changes[-1]
            basis = live.get(len(dy.changes) - 1, [])
            if basis and not any(undisputed(e) for e in basis if e in recent or dates.start(e["date"]) <= day):
                prev = dy.changes[-2] if len(dy.changes) > 1 else None
                back = last.previous
                reason = (f"{back} again: what made it {last.state} on {last.date} is denied ("
                          + "; ".join(f"{e['actor']} {e['type']} {e['recipient']} denied by {source_label(e)}"
                                      for e in recent if e["status"] == "denied" and e["type"] in
                                      {b["type"] for b in basis}) + ")")
                dy.changes.append(Change(label, back, state, coop, conf,
                                         [Dyad._event_json(e) for e in recent if e["status"] == "denied"], reason,
                                         since=(prev.since or prev.date) if prev else None))
                live[len(dy.changes) - 1] = live.get(len(dy.changes) - 3, [])
                state = back
        dy.series.append({
            "date": day.isoformat(),
            "events": len(todays),
            "score": round(day_score, 3),
            "window_cooperation": round(coop, 3),
            "window_conflict": round(conf, 3),
            "state": state,
        })
    return dy


def dyad(engine: Any, names: Any, a: str, b: str, rollup: bool = False,
         since: str | None = None, until: str | None = None,
         rules: dict[str, float] | None = None) -> Dyad:
    """The dyad between two typed names, from the store (branches counted in when rolling up)."""
    from .source import load_events

    ca, cb = names.resolve(a), names.resolve(b)
    fa = names.family(ca) if rollup else {ca}
    fb = names.family(cb) if rollup else {cb}
    events = load_events(engine, pair=(fa, fb), since=since, until=until)
    events = [e for e in events if e["actor"] != e["recipient"]]
    return build(events, ca, cb, rules=rules, rollup=rollup)
