"""The application factory: one store, one set of routers, the static page."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from . import errors
from .auth import require_read
from .routers import actors, contradictions, documents, dyads, events, export, graph, meta, reviews, search, view
from .security import SecurityMiddleware
from .state import MAX_UPLOAD_BYTES, AppState


def static_dir() -> Path:
    return Path(str(resources.files("factionmap.web").joinpath("static")))


def create_app(db: str, token: str | None, read_token: str | None = None,
               max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    """Build the web app over the store at ``db`` (a path or SQLAlchemy URL).

    ``token`` allows writes (adding articles, reviews); without it the server
    is read-only. ``read_token``, when set, is needed for every API read too.
    """
    from ..store.store import Store

    app = FastAPI(
        title="factionmap",
        summary="Who fights, allies with, threatens, accuses or supports whom — with the evidence.",
        version=_version(),
        docs_url=None,  # Swagger UI loads from a CDN; the page must work offline
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.factionmap = AppState(db=db, token=token or None, read_token=read_token or None,
                                    store=Store.open(db), max_upload_bytes=max_upload_bytes)
    errors.install(app)
    app.add_middleware(SecurityMiddleware, max_body=max_upload_bytes)

    read = [Depends(require_read)]
    for module in (meta, documents, events, actors, dyads, graph, contradictions, reviews, view, search, export):
        app.include_router(module.router, prefix="/api", dependencies=read)

    static = static_dir()
    app.mount("/static", StaticFiles(directory=static), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    return app


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("factionmap")
    except Exception:
        return "0"
