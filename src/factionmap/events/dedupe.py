"""One event per (document, actor, recipient, type), with its clearest evidence.

An article often repeats a relation; the guide wants it listed once. Of the
candidates for one key the most confident is kept (main-clause triggers beat
triggers nested in another event's adjunct), the earliest on a tie.
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
        article.events = sorted(best.values(), key=lambda e: (e.evidence_start, e.trigger_start or 0))
        return article


@register("dedupe")
def make_dedupe(ctx: PipelineContext, opts: dict[str, Any]) -> Dedupe:
    return Dedupe(ctx)
