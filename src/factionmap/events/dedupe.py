"""One event per (document, actor, recipient, type), with its clearest evidence.

An article often repeats a relation; the guide wants it listed once. Of the
candidates for one key the most confident is kept (main-clause triggers beat
triggers nested in another event's adjunct), the earliest on a tie. A clash
(mutual) and a one-sided attack between the same pair stay two events; the
clash is then written from the attacked side, as the guide's records are, so
the two never share (actor, recipient, type).
"""
from __future__ import annotations

from typing import Any

from ..model import Article, Event
from ..pipeline import PipelineContext, register


class Dedupe:
    name = "dedupe"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx

    def __call__(self, article: Article) -> Article:
        best: dict[tuple, Event] = {}
        for ev in article.events:
            key = ev.key
            kept = best.get(key)
            if kept is None:
                best[key] = ev
            elif ev.confidence > kept.confidence:
                best[key] = ev
        directed = {(e.actor, e.recipient, e.type) for e in best.values() if not e.mutual}
        kept = []
        for ev in best.values():
            forward = (ev.actor, ev.recipient, ev.type) in directed
            backward = (ev.recipient, ev.actor, ev.type) in directed
            if ev.mutual and forward and backward:
                continue  # attacks both ways: the clash folds into them
            if ev.mutual and forward:
                ev.actor, ev.recipient = ev.recipient, ev.actor
            kept.append(ev)
        article.events = sorted(kept, key=lambda e: (e.evidence_start, e.trigger_start or 0))
        return article


@register("dedupe")
def make_dedupe(ctx: PipelineContext, opts: dict[str, Any]) -> Dedupe:
    return Dedupe(ctx)
