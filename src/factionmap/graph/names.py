"""Actor names as users type them → the store's canonical names: the one resolver of CLI, API and web.

The actor dictionary (a user actor file included) knows aliases, kinds and the
branch/parent tree; the store knows the names that actually occur in events.
A typed name resolves to the dictionary's actor for that name or alias (in any
case: "iskp" is ISKP), a state organ or member phrase ("Afghan security
forces", "Taliban fighters"), or a name in the store (case-insensitive).
Anything else is an :class:`UnknownActor` that carries suggestions, so
``dyad "Foo Bar" Taliban`` says "no actor named 'Foo Bar'; did you mean: …"
instead of reporting on whichever actor a fuzzy search ranks first.
Rollup maps a branch to its top ancestor (ISKP → Islamic State).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class UnknownActor(LookupError):
    """A typed name that is no known actor; ``suggestions`` are the closest known names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else "; see `factionmap actors --search`"
        super().__init__(f"no actor named {name!r}{hint}")

    def __str__(self) -> str:
        return self.args[0]


def _load_dictionary() -> Any:
    from ..actors.dictionary import ActorDictionary

    return ActorDictionary.load_default()


class Names:
    """Resolves, describes and rolls up actor names."""

    def __init__(self, dictionary: Any = None, store_names: Iterable[str] = (), *, load: bool = True):
        self.dict = dictionary if dictionary is not None else (_load_dictionary() if load else None)
        self.store_names = {n.casefold(): n for n in store_names if n}
        # Remembered answers: the dictionary and the store's names are fixed for this resolver's life (the API
        # makes one per store version), and the map asks the same names again and again (every claimant).
        self._root_cache: dict[str, str] = {}
        self._lookup_cache: dict[str, str | None] = {}
        self._family_cache: dict[str, frozenset[str]] = {}
        self._related_cache: dict[tuple[str, str], bool] = {}

    # -- lookup ---------------------------------------------------------
    def actor(self, name: str) -> Any:
        """The dictionary's actor for a canonical name or alias, or None."""
        if self.dict is None or not name:
            return None
        return self.dict.get(name)

    def lookup(self, name: str) -> str | None:
        """Canonical name for a typed name, or None when nothing knows it."""
        if name in self._lookup_cache:
            return self._lookup_cache[name]
        got = self._lookup(name)
        if isinstance(name, str):
            self._lookup_cache[name] = got
        return got

    def _lookup(self, name: str) -> str | None:
        name = " ".join((name or "").split())
        if not name:
            return None
        if self.dict is not None:
            a = self.dict.get(name) or self.dict.resolve(name)
            if a is not None:
                return a.name
        hit = self.store_names.get(name.casefold())
        if hit:
            return hit
        if self.dict is not None:  # any case, exact alias: "iskp", "is-k"
            from ..actors.dictionary import fold_key

            key = fold_key(name)
            hits = list(dict.fromkeys([*self.dict.candidates(name), *self.dict.folded(name)]))
            for a in hits[:5]:  # a search's first five, without its fuzzy scan
                if key and any(fold_key(x) == key for x in (a.name, *a.aliases)):
                    return a.name
        return None

    def resolve(self, name: str) -> str:
        """Canonical name for anything a user types; raises :class:`UnknownActor` with suggestions."""
        got = self.lookup(name)
        if got is None:
            raise UnknownActor((name or "").strip(), self.suggest(name))
        return got

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The known names closest to a typed one: dictionary aliases first, then names in the store."""
        out: list[str] = []
        if self.dict is not None and (name or "").strip():
            out += [a.name for a in self.dict.search(name, limit=limit)]
        if self.store_names:
            from rapidfuzz import fuzz, process

            for n, score, _ in process.extract((name or "").casefold(), list(self.store_names), scorer=fuzz.WRatio,
                                               limit=limit, score_cutoff=70):
                out.append(self.store_names[n])
        return list(dict.fromkeys(out))[:limit]

    def kind(self, name: str) -> str | None:
        a = self.actor(name)
        return getattr(a, "kind", None) if a is not None else None

    def aliases(self, name: str) -> list[str]:
        a = self.actor(name)
        return list(getattr(a, "aliases", None) or []) if a is not None else []

    def country(self, name: str) -> str | None:
        a = self.actor(name)
        return getattr(a, "country", None) if a is not None else None

    def parent(self, name: str) -> str | None:
        return self.dict.parent_of(name) if self.dict is not None else None

    def branches(self, name: str) -> list[str]:
        return list(self.dict.branches_of(name)) if self.dict is not None else []

    def root(self, name: str) -> str:
        """Top ancestor: where a branch rolls up to."""
        if name in self._root_cache:
            return self._root_cache[name]
        seen, cur = {name}, name
        while (p := self.parent(cur)) and p not in seen:
            seen.add(p)
            cur = p
        self._root_cache[name] = cur
        return cur

    def family(self, name: str) -> set[str]:
        """The actor and all its branches, recursively (what rollup counts as it)."""
        return set(self._family(name))

    def _family(self, name: str) -> frozenset[str]:
        got = self._family_cache.get(name)
        if got is None:
            out, todo = {name}, [name]
            while todo:
                for b in self.branches(todo.pop()):
                    if b not in out:
                        out.add(b)
                        todo.append(b)
            got = self._family_cache[name] = frozenset(out)
        return got

    def related(self, a: str, b: str) -> bool:
        """Same actor, or one is a branch (at any depth) of the other."""
        if a == b:
            return True
        got = self._related_cache.get((a, b))
        if got is None:
            got = self._related_cache[(a, b)] = (
                self.root(a) == self.root(b) and (a in self._family(b) or b in self._family(a)))
        return got

    def persons(self, name: str) -> list[dict[str, Any]]:
        """Known people of an organisation from the dictionary."""
        if self.dict is None:
            return []
        out = []
        for p in self.dict.persons.values():
            if p.org == name:
                out.append({k: getattr(p, k, None) for k in ("name", "aliases", "org", "role", "start", "end")})
        return out

    def knows(self, name: str) -> bool:
        """Whether the dictionary has this exact name or alias (for candidate lists)."""
        return self.dict is not None and self.dict.get(name) is not None
