"""Tokens: writes need the token given at start-up; reads need one only if configured.

A token travels as ``Authorization: Bearer <token>`` (or ``X-Factionmap-Token``).
With no write token configured, the server is read-only: every write is refused.
"""
from __future__ import annotations

import hmac
from collections.abc import Mapping

from fastapi import Depends, Request

from .errors import ApiError
from .state import AppState, get_state


def _presented(request: Request) -> str | None:
    return presented_token(request.headers)


def presented_token(headers: Mapping[str, str]) -> str | None:
    """The token a request carries (Authorization: Bearer, or X-Factionmap-Token), if any."""
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip() or None
    return headers.get("x-factionmap-token") or None


def may_read(state: AppState, headers: Mapping[str, str]) -> bool:
    """Would :func:`require_read` let this request through?"""
    return state.read_token is None or _matches(presented_token(headers), state.read_token, state.token)


def _matches(given: str | None, *expected: str | None) -> bool:
    if not given:
        return False
    return any(e and hmac.compare_digest(given.encode(), e.encode()) for e in expected)


def require_read(request: Request, state: AppState = Depends(get_state)) -> None:
    if state.read_token is None:
        return
    given = _presented(request)
    if not given:
        raise ApiError(401, "reading needs a token: send 'Authorization: Bearer <token>' "
                            "(the server was started with --read-token)")
    if not _matches(given, state.read_token, state.token):
        raise ApiError(403, "the token is not valid for reading")


def require_write(request: Request, state: AppState = Depends(get_state)) -> None:
    if state.token is None:
        raise ApiError(403, "this server is read-only: start it with --token "
                            "(or FACTIONMAP_TOKEN) to allow adding articles and reviews")
    given = _presented(request)
    if not given:
        raise ApiError(401, "writing needs the token: send 'Authorization: Bearer <token>'")
    if not _matches(given, state.token):
        raise ApiError(403, "the token is not valid for writing")
