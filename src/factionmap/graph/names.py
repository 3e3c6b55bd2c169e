"""Actor names as the map sees them: what a user types → the store's canonical name.

The actor dictionary knows aliases, kinds and the branch/parent tree; the store
knows the names that actually occur in events. A typed name resolves through
the dictionary first, then case-insensitively against the store, then stays
as typed. Rollup maps a branch to its top ancestor (ISKP → Islamic State).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _load_dictionary() -> Any:
    from ..actors.dictionary import ActorDictionary

    try:
        return ActorDictionary.load_default()
    except Exception:  # a broken data file must not take the map down
        return None


class Names:
    """Resolves, describes and rolls up actor names."""

    def __init__(self, dictionary: Any = None, store_names: Iterable[str] = (), *, load: bool = True):
        self.dict = dictionary if dictionary is not None else (_load_dictionary() if load else None)
        self.store_names = {n.lower(): n for n in store_names if n}
        self._root_cache: dict[str, str] = {}

    # -- lookup ---------------------------------------------------------
    def actor(self, name: str) -> Any:
        if self.dict is None or not name:
            return None
        try:
            return self.dict.get(name)
        except Exception:
            return None

    def resolve(self, name: str) -> str:
        """Canonical name for anything a user types."""
        name = (name or "").strip()
        a = self.actor(name)
        if a is not None:
            return a.name
        hit = self.store_names.get(name.lower())
        if hit:
            return hit
        if self.dict is not None and hasattr(self.dict, "search"):
            try:
                found = self.dict.search(name)
            except Exception:
                found = None
            if found:
                first = found[0] if isinstance(found, (list, tuple)) else found
                got = getattr(first, "name", None) or (first if isinstance(first, str) else None)
                if got:
                    return got
        return name

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
        if self.dict is None:
            return None
        fn = getattr(self.dict, "parent_of", None)
        if callable(fn):
            try:
                p = fn(name)
            except Exception:
                p = None
            return getattr(p, "name", p) if p else None
        a = self.actor(name)
        return getattr(a, "parent", None) if a is not None else None

    def branches(self, name: str) -> list[str]:
        if self.dict is None:
            return []
        fn = getattr(self.dict, "branches_of", None)
        if not callable(fn):
            return []
        try:
            out = fn(name) or []
        except Exception:
            return []
        return [getattr(b, "name", b) for b in out]

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
        out, todo = {name}, [name]
        while todo:
            for b in self.branches(todo.pop()):
                if b not in out:
                    out.add(b)
                    todo.append(b)
        return out

    def related(self, a: str, b: str) -> bool:
        """Same actor, or one is a branch (at any depth) of the other."""
        return a == b or self.root(a) == self.root(b) and (a in self.family(b) or b in self.family(a))

    def persons(self, name: str) -> list[dict[str, Any]]:
        """Known people of an organisation from the dictionary."""
        if self.dict is None:
            return []
        people = getattr(self.dict, "persons", None)
        if callable(people):
            try:
                people = people()
            except TypeError:
                people = None
        if isinstance(people, dict):
            people = list(people.values())
        out = []
        for p in people or []:
            if getattr(p, "org", None) == name:
                out.append({k: getattr(p, k, None) for k in ("name", "aliases", "org", "role", "start", "end")})
        return out
