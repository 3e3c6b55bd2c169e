"""What each PLOVER event type means: the one home of type facts.

``data/event_types.json`` holds, per type, its quad group, its PLOVER
conflict–cooperation score (and mode scores) and its *bearing*: what kind of
tie between the two parties an event of that type is evidence of (fighting,
hostility, talks, truce, cooperation, alliance, affiliation, split, mediation,
or none). The quads feed :mod:`factionmap.model`; the scores and bearings feed
the map layer (:mod:`factionmap.graph`). Nothing else hard-codes type facts.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    return json.loads(resources.files("factionmap.data").joinpath("event_types.json").read_text("utf-8"))


def _quads() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for t, info in table()["types"].items():
        out.setdefault(info["quad"], []).append(t)
    return {q: tuple(ts) for q, ts in out.items()}


PLOVER_QUADS: dict[str, tuple[str, ...]] = _quads()
TYPE_QUAD: dict[str, str] = {t: q for q, ts in PLOVER_QUADS.items() for t in ts}
PLOVER_TYPES: tuple[str, ...] = tuple(TYPE_QUAD)


def quad(event_type: str) -> str:
    return TYPE_QUAD.get(event_type, "unknown")


def polarity(event_type: str) -> str:
    """'cooperation' or 'conflict' for a PLOVER type."""
    return "cooperation" if "cooperation" in TYPE_QUAD[event_type] else "conflict"


@lru_cache(maxsize=None)
def is_material(event_type: str) -> bool:
    """Material cooperation or conflict (aid, fighting, sanctions), as opposed to words."""
    return quad(event_type).startswith("material")


@lru_cache(maxsize=None)
def score(event_type: str, mode: str | None = None) -> float:
    """PLOVER score of a type, or of its mode when the manual scores that mode."""
    info = table()["types"].get(event_type, {})
    if mode:
        m = info.get("modes", {}).get(mode.lower())
        if m is not None:
            return float(m)
    return float(info.get("score", 0.0))


@lru_cache(maxsize=None)
def _cue_pattern(group: str) -> re.Pattern[str]:
    words = sorted(table()["cues"][group], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


def _window(evidence: str, trigger: str | None, offset: int | None) -> str:
    """The evidence around the trigger word, where its object and modifiers are."""
    if offset is None or offset < 0 or offset > len(evidence):
        if trigger and (i := evidence.lower().find(trigger.lower())) >= 0:
            offset = i
        else:
            return evidence
    w = table()["cue_window"]
    return evidence[max(0, offset - int(w["before"])): offset + len(trigger or "") + int(w["after"])]


def _between_both(event: Mapping[str, Any], window: str, trigger: str) -> bool:
    """'<trigger> between A and B' naming both of the event's parties: their own talks, not a mediator's."""
    after = window.lower().split(trigger.lower(), 1)[-1]
    if "between" not in after:
        return False
    tail = after.split("between", 1)[1]
    return all((event.get(k) or "").lower() in tail for k in ("actor", "recipient"))


def bearing(event: Mapping[str, Any]) -> str | None:
    """What this event is evidence of for its dyad (see the module docstring); None: no bearing.

    Reads ``type``, ``mode``, ``mutual``, ``trigger`` and, for the types whose
    meaning words refine (an agreement: to a truce? an alliance?), the
    ``evidence`` around the trigger (``trigger_start`` − ``evidence_start``).
    """
    info = table()["types"].get(event.get("type") or "")
    if info is None:
        return None
    mode = (event.get("mode") or "").lower()
    if mode and mode in info.get("mode_bearing", {}):
        return info["mode_bearing"][mode]
    groups = info.get("refined_by") or ()
    if not groups:
        return info["bearing"]
    trigger = event.get("trigger") or ""
    trigger_only = set(table().get("trigger_only", ()))
    evidence = event.get("evidence") or ""
    offset = None
    if event.get("trigger_start") is not None and event.get("evidence_start") is not None:
        offset = int(event["trigger_start"]) - int(event["evidence_start"])
    window = _window(evidence, trigger, offset) if evidence else trigger
    for group in groups:
        if group in trigger_only:
            if trigger and _cue_pattern(group).fullmatch(trigger.strip()) and not _between_both(event, window, trigger):
                return group
            continue
        if _cue_pattern(group).search(trigger) or _cue_pattern(group).search(window):
            return group
    return info["bearing"]
