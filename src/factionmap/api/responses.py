"""Large JSON answers written straight out.

FastAPI passes a returned dict through ``jsonable_encoder`` before writing it:
on the heavy views (all contradictions, the graph, a busy dyad, megabytes of
plain dicts and lists) that walk costs as much as computing the view. The
map layer already gives JSON-ready values, so these answers are written by
the same ``JSONResponse`` FastAPI would use, without the walk: the bytes are
the same. A value ``json`` cannot write (a date, a set) falls back to the walk.
"""
from __future__ import annotations

from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse


def json_answer(content: Any) -> JSONResponse:
    try:
        return JSONResponse(content)
    except (TypeError, ValueError):
        return JSONResponse(jsonable_encoder(content))
