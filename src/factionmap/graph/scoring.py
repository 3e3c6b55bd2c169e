"""How much an event says about a relationship, on PLOVER's −10…+10 scale.

The type (and mode, where known) gives the PLOVER conflict–cooperation score;
how the article presents the claim (status) and whether it happened as stated
(aux: negated, hypothetical, future) scale it down. All numbers live in
``data/plover_scores.json`` so they can be read, cited and changed without code.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import TYPE_QUAD


@lru_cache(maxsize=1)
def table() -> dict[str, Any]:
    text = resources.files("factionmap.data").joinpath("plover_scores.json").read_text("utf-8")
    return json.loads(text)


def type_score(event_type: str, mode: str | None = None) -> float:
    """PLOVER score of a type, or of its mode when the manual scores that mode."""
    t = table()
    if mode:
        m = t["modes"].get(event_type, {}).get(mode.lower())
        if m is not None:
            return float(m)
    return float(t["types"].get(event_type, 0.0))


def status_weight(status: str | None) -> float:
    return float(table()["status_weights"].get(status or "asserted", 1.0))


def aux_weight(aux: Iterable[str] | None) -> float:
    w = 1.0
    weights = table()["aux_weights"]
    for a in aux or ():
        w *= float(weights.get(a, 1.0))
    return w


def weight(event: Mapping[str, Any]) -> float:
    """The confidence multiplier of one event: status × aux."""
    return status_weight(event.get("status")) * aux_weight(event.get("aux"))


def weighted_score(event: Mapping[str, Any]) -> float:
    """Signed score of one event: PLOVER score × status weight × aux weight."""
    return type_score(event["type"], event.get("mode")) * weight(event)


def quad(event_type: str) -> str:
    return TYPE_QUAD.get(event_type, "unknown")


def state_rules() -> dict[str, float]:
    return {k: v for k, v in table()["state_rules"].items() if not k.startswith("_")}


def sql_weighted_score(type_col: str, status_col: str, aux_col: str, mode_col: str | None = "mode") -> str:
    """The same weighted score as a SQL expression, so aggregates stay in the database.

    Mode scores apply where the manual gives one; aux is JSON text, matched by
    its quoted member names.
    """
    t = table()
    type_case = " ".join(f"WHEN '{k}' THEN {float(v)}" for k, v in t["types"].items())
    type_expr = f"(CASE {type_col} {type_case} ELSE 0.0 END)"
    if mode_col:
        mode_case = " ".join(f"WHEN '{ty.lower()}:{m}' THEN {float(v)}"
                             for ty, ms in t["modes"].items() for m, v in ms.items())
        type_expr = (f"(CASE WHEN {mode_col} IS NULL THEN {type_expr} ELSE (CASE LOWER({type_col} || ':' || "
                     f"{mode_col}) {mode_case} ELSE {type_expr} END) END)")
    status_case = " ".join(
        f"WHEN '{k}' THEN {float(v)}" for k, v in t["status_weights"].items() if not k.startswith("_")
    )
    aux_terms = " * ".join(
        f"(CASE WHEN {aux_col} LIKE '%\"{k}\"%' THEN {float(v)} ELSE 1.0 END)"
        for k, v in t["aux_weights"].items()
        if not k.startswith("_") and float(v) != 1.0
    )
    expr = f"{type_expr} * (CASE {status_col} {status_case} ELSE 1.0 END)"
    return f"({expr} * {aux_terms})" if aux_terms else f"({expr})"
