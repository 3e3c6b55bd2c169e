"""The application factory: one store, one set of routers, the static page."""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from . import errors
from .auth import may_read, require_read
from .cache import DEFAULT_MAX_HEAVY, DEFAULT_TIME_LIMIT, WARM_PATHS, ViewCache
from .routers import actors, contradictions, documents, dyads, events, export, graph, meta, reviews, search, view
from .security import SecurityMiddleware
from .state import MAX_UPLOAD_BYTES, AppState


def static_dir() -> Path:
    return Path(str(resources.files("factionmap.web").joinpath("static")))


def create_app(db: str, token: str | None, read_token: str | None = None,
               max_upload_bytes: int = MAX_UPLOAD_BYTES, *, allowed_hosts: Iterable[str] = (),
               time_limit: float = DEFAULT_TIME_LIMIT, max_heavy: int = DEFAULT_MAX_HEAVY,
               warm: bool = True, cache: bool = True, view_workers: int = 0, saved: bool = True) -> FastAPI:
    """Build the web app over the store at ``db`` (a path or SQLAlchemy URL).

    ``token`` allows writes (adding articles, reviews); without it the server
    is read-only. ``read_token``, when set, is needed for every API read too.
    ``allowed_hosts``: host names the server answers to besides IP addresses and
    localhost ("*": any). Derived views (graph, contradictions, dyads, actor
    pages, meta) are cached per store version; one that takes longer than
    ``time_limit`` seconds answers 503 with Retry-After while it finishes, and
    at most ``max_heavy`` are computed at once, in ``view_workers`` worker
    processes when given (``serve`` uses them), else in this one. With ``warm``,
    the page's first views are computed at start-up and after each change. With ``saved``, heavy
    views are also kept on disk per store content (:mod:`.saved`) and read back from there.
    """
    from .saved import SavedViews
    from .views import ViewWorkers, usable
    from ..store.store import Store

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.factionmap.close()
        if workers is not None:
            workers.close()

    app = FastAPI(
        lifespan=lifespan,
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
    state = app.state.factionmap
    workers = ViewWorkers(db, view_workers) if view_workers and usable(db) else None
    max_heavy = view_workers if workers is not None else max_heavy
    if cache:
        app.add_middleware(ViewCache, version=state.store.data_version,
                           allowed=lambda scope: may_read(state, _headers(scope)),
                           time_limit=time_limit, max_heavy=max_heavy, warm=WARM_PATHS if warm else (),
                           warm_headers=lambda: [(b"authorization", f"Bearer {state.read_token}".encode())]
                           if state.read_token else [], workers=workers,
                           saved=SavedViews(state.store) if saved else None)
    app.add_middleware(SecurityMiddleware, max_body=max_upload_bytes, allowed_hosts=allowed_hosts)

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


def _headers(scope: dict) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("factionmap")
    except Exception:
        return "0"
