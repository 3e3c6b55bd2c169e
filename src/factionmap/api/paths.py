"""Names with "/" in URL paths: SPLM/A, SLM/A, ids like afp/2020/0412.

A path parameter stops at "/", and servers decode "%2F" to "/" before routing,
so such names 404 when they sit in one path segment. Routes that take one name
take the rest of the path (``{name:path}``). A dyad takes two: its route takes
the rest of the path and :func:`split_pair` finds the split, from the raw
(still percent-encoded) path when the client encoded the names, else by
trying each "/" until both sides are actors. ``?a=&b=`` query parameters are
the unambiguous form.
"""
from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from fastapi import Request

from .errors import invalid


def split_pair(request: Request, pair: str, known: Callable[[str], bool]) -> tuple[str, str]:
    """The two names of ``/dyads/{pair:path}``; ``known(name)`` says whether a name is an actor."""
    raw = request.scope.get("raw_path", b"").decode("latin-1")
    marker = "/dyads/"
    if marker in raw:
        segments = raw.split(marker, 1)[1].split("?", 1)[0].split("/")
        if len(segments) == 2 and all(segments):  # encoded names: the one "/" left is the separator
            return unquote(segments[0]), unquote(segments[1])
    parts = pair.split("/")
    if len(parts) < 2 or not all(parts):
        raise invalid("dyad: give two actors, as /api/dyads/A/B (encode a '/' inside a name as %2F) "
                      "or /api/dyad?a=A&b=B")
    splits = [("/".join(parts[:k]), "/".join(parts[k:])) for k in range(1, len(parts))]
    if len(splits) == 1:
        return splits[0]
    fitting = [s for s in splits if known(s[0]) and known(s[1])]
    if len(fitting) == 1:
        return fitting[0]
    raise invalid(f"dyad: {pair!r} can be read as more than one pair of actors; encode a '/' inside a name "
                  "as %2F, or use /api/dyad?a=A&b=B")
