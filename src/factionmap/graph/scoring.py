"""How much one event counts, and the relationship taxonomy it counts toward.

Type facts (quad, PLOVER score, bearing) come from :mod:`factionmap.event_types`;
the states, their rules and the claim-status weights from
``data/relationship_states.json``. The PLOVER score is shown with each event
as information (how friendly the act is); it does not set relationship states.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from .. import event_types


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    text = resources.files("factionmap.data").joinpath("relationship_states.json").read_text("utf-8")
    return json.loads(text)


@dataclass(frozen=True)
class StateRule:
    """One relationship state of the taxonomy and how evidence makes and ends it."""

    state: str
    bearings: tuple[str, ...]
    ends: dict[str, str]  # other state -> "any" | "material"
    subsumes: tuple[str, ...]
    fades_after_days: int | None
    lapses_after_days: int | None
    description: str
    schemes: str


@lru_cache(maxsize=1)
def states() -> dict[str, StateRule]:
    """The taxonomy in its documented order (which is also the order states are listed in)."""
    out = {}
    for s in table()["states"]:
        out[s["state"]] = StateRule(
            state=s["state"], bearings=tuple(s["from"]), ends=dict(s.get("ends", {})),
            subsumes=tuple(s.get("subsumes", ())), fades_after_days=s.get("fades_after_days"),
            lapses_after_days=s.get("lapses_after_days"), description=s["description"],
            schemes=s.get("schemes", ""))
    return out


@lru_cache(maxsize=1)
def state_of_bearing() -> dict[str, str]:
    return {b: rule.state for rule in states().values() for b in rule.bearings}


@lru_cache(maxsize=1)
def exclusive() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p) for p in table()["exclusive"])


def state_for(event: Mapping[str, Any]) -> str | None:
    """The relationship state this event is evidence of (None: it bears on no state)."""
    b = bearing(event)
    return state_of_bearing().get(b) if b else None


def bearing(event: Mapping[str, Any]) -> str | None:
    return event_types.bearing(event)


def type_score(event_type: str, mode: str | None = None) -> float:
    return event_types.score(event_type, mode)


@lru_cache(maxsize=None)
def status_weight(status: str | None) -> float:
    return float(table()["status_weights"].get(status or "asserted", 1.0))


@lru_cache(maxsize=1)
def _not_evidence() -> frozenset[str]:
    return frozenset(table()["not_evidence_aux"])


def is_intent_or_negated(aux: Iterable[str] | None) -> bool:
    """Negated, planned or conditional: no evidence that the relation is so."""
    return bool(aux) and not _not_evidence().isdisjoint(aux)


def weight(event: Mapping[str, Any]) -> float:
    """How much one event counts toward a state: its status weight, 0 for intent and negation."""
    if is_intent_or_negated(event.get("aux")):
        return 0.0
    return status_weight(event.get("status"))


def weighted_score(event: Mapping[str, Any]) -> float:
    """PLOVER score × weight: how friendly the act is, as far as it counts (shown, never a state)."""
    return type_score(event["type"], event.get("mode")) * weight(event)


def quad(event_type: str) -> str:
    return event_types.quad(event_type)


@lru_cache(maxsize=1)
def deeds() -> frozenset[str]:
    """Bearings that count as material acts whatever the event's type (a broken ceasefire)."""
    return frozenset(table().get("deeds", ()))


@lru_cache(maxsize=1)
def verbal_weight() -> float:
    return float(table()["verbal_weight"])


@lru_cache(maxsize=1)
def weigh_window_days() -> int:
    return int(table()["weigh_window_days"])


@lru_cache(maxsize=1)
def contest_window_days() -> int:
    return int(table()["contest_window_days"])


def taxonomy() -> list[dict[str, Any]]:
    """The documented states, as the API and the docs show them."""
    return [{"state": r.state, "description": r.description, "from": list(r.bearings),
             "ends": r.ends, "fades_after_days": r.fades_after_days, "lapses_after_days": r.lapses_after_days,
             "schemes": r.schemes} for r in states().values()]
