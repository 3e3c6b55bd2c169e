"""Regional branches: "the Islamic State" in a story about its Afghan branch.

When an article names a branch (ISKP) and elsewhere only its parent (Islamic
State), an event set in the branch's country (or, with no place, in an
article about that country) is the branch's; events elsewhere ("fighting ISIS
in Syria") stay with the parent. The annotation guide accepts either where the
text is ambiguous; the map is sharper with the branch.
"""
from __future__ import annotations

from typing import Any

from ..model import Article
from ..pipeline import PipelineContext, register
from .mentions import focus_state


class RegionalBranches:
    name = "regional_branches"

    def __init__(self, ctx: PipelineContext):
        self.ctx = ctx

    def __call__(self, article: Article) -> Article:
        actors = self.ctx.actors
        named = {m.actor for m in article.mentions if m.actor and m.kind != "person"}  # the branch itself, by name
        branch_in: dict[str, dict[str, str]] = {}  # parent -> {country ISO3: branch}
        for name in named:
            a = actors.get(name)
            if a is not None and a.parent in named and a.country:
                branch_in.setdefault(a.parent, {})[a.country] = a.name
        if not branch_in:
            return article
        focus = actors.get(focus_state(article.mentions) or "")
        home = focus.country if focus is not None else None
        for ev in article.events:
            country = _iso3(ev.place) or home
            for side in ("actor", "recipient"):
                branch = branch_in.get(getattr(ev, side), {}).get(country or "")
                other = ev.recipient if side == "actor" else ev.actor
                if branch and branch != other:
                    setattr(ev, side, branch)
        return article


def _iso3(place: dict[str, Any] | None) -> str | None:
    if not place or not place.get("country_code"):
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=place["country_code"])
    return found.alpha_3 if found else None


@register("regional_branches")
def make_regional_branches(ctx: PipelineContext, opts: dict[str, Any]) -> RegionalBranches:
    return RegionalBranches(ctx)
