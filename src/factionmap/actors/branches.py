"""Regional branches: "the Islamic State" in a story set in Afghanistan is its Khorasan branch.

A regional branch carries its parent's name and a region (Islamic State Khorasan
Province, al-Qaeda in the Arabian Peninsula). An event of the parent set in a
branch's country (its place, or with no place the country the article is about)
is the branch's; events elsewhere ("fighting ISIS in Syria") stay with the
parent. The annotation guide accepts either where the text is ambiguous; the
map is sharper with the branch. Where the article never names the branch,
only fighting (ASSAULT, COERCE) is rewritten, and only where both the event's
place and the article point to the branch's country: the fighting on the ground
is the local province's, while what the parent's leadership says or is told
stays the parent's. Factions and wings (the Haqqani Network in the
Taliban, the YPG in the SDF) are actors of their own and never rewritten over
their parent: their parent's events are not theirs.
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
        named = {m.actor for m in article.mentions if m.actor and m.kind != "person"}
        parents = {side for ev in article.events for side in (ev.actor, ev.recipient)}
        branch_in: dict[str, dict[str, str]] = {}  # parent -> {country ISO3: branch}
        for parent in parents:
            for child in actors.branches_of(parent):
                a = actors.get(child)
                if a is not None and a.country and is_regional_branch(a.name, parent):
                    branch_in.setdefault(parent, {}).setdefault(a.country, a.name)
        if not branch_in:
            return article
        focus = actors.get(focus_state(article.mentions) or "")
        focus_country = focus.country if focus is not None else None
        home = article.place_country or focus_country
        for ev in article.events:
            place = _iso3(ev.place)
            country = place or home
            for side in ("actor", "recipient"):
                branch = branch_in.get(getattr(ev, side), {}).get(country or "")
                other = ev.recipient if side == "actor" else ev.actor
                if not branch or branch == other:
                    continue
                agreed = place is not None and place == home and focus_country in (None, place)
                if branch in named or (ev.type in FIGHTING and agreed):
                    setattr(ev, side, branch)
        return article


FIGHTING = frozenset({"ASSAULT", "COERCE"})


def is_regional_branch(child: str, parent: str) -> bool:
    """A branch named after its parent plus a region ("Islamic State Sahel Province", "al-Qaeda in
    the Arabian Peninsula"), not a faction ("Haqqani Network") or a body it leads ("X-led government")."""
    return child.casefold().startswith(parent.casefold() + " ")


def _iso3(place: dict[str, Any] | None) -> str | None:
    if not place or not place.get("country_code"):
        return None
    import pycountry

    found = pycountry.countries.get(alpha_2=place["country_code"])
    return found.alpha_3 if found else None


@register("regional_branches")
def make_regional_branches(ctx: PipelineContext, opts: dict[str, Any]) -> RegionalBranches:
    return RegionalBranches(ctx)
