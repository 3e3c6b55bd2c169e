"""``factionmap serve``: the web app and REST API over a store."""
from __future__ import annotations

import click

DEFAULT_TIME_LIMIT = 20.0  # as factionmap.api.cache.DEFAULT_TIME_LIMIT (not imported: --help stays quick)


def register(cli: click.Group) -> None:
    cli.add_command(serve)


@click.command()
@click.option("--db", default="factionmap.db", show_default=True, envvar="FACTIONMAP_DB",
              help="Store: a SQLite file or a postgresql:// URL.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token", envvar="FACTIONMAP_TOKEN", default=None,
              help="Token that allows writes (adding articles, reviews) [env: FACTIONMAP_TOKEN]. "
                   "Without it the server is read-only.")
@click.option("--read-token", envvar="FACTIONMAP_READ_TOKEN", default=None,
              help="Token needed to read the API too [env: FACTIONMAP_READ_TOKEN]. Default: reading is open.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="A host name the server answers to besides IP addresses and localhost (repeatable; "
                   "'*' for any). Other Host headers get 421: no DNS-rebinding page can read the server.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=DEFAULT_TIME_LIMIT, show_default=True,
              metavar="SECONDS", help="Longest a request waits for a view (graph, contradictions, dyad) "
                                      "before a 503 with Retry-After; the view is kept when done.")
@click.option("--view-workers", type=click.IntRange(min=0), default=2, show_default=True, metavar="N",
              help="Processes that compute the heavy views (graph, contradictions, dyads), so the server "
                   "itself stays quick; 0 computes them in the server's process.")
def serve(db: str, host: str, port: int, token: str | None, read_token: str | None,
          allow_hosts: tuple[str, ...], time_limit: float, view_workers: int) -> None:
    """Serve the web app (network, dyads, actors, review) and the JSON API under /api.

    Open http://HOST:PORT/ in a browser; the API is described at /openapi.json.
    """
    import uvicorn

    from ..api import create_app
    from ..store.engine import describe_open_failure, redact

    try:
        names = [*allow_hosts] + ([host] if host not in ("0.0.0.0", "::") else [])
        app = create_app(db, token, read_token, allowed_hosts=names, time_limit=time_limit,
                         view_workers=view_workers)
    except Exception as exc:  # a store that cannot be opened: say which and why (never the password)
        from .main import debugging

        if debugging():
            raise
        raise click.ClickException(describe_open_failure(exc, db)) from None
    mode = "read-write (token required)" if token else "read-only (no --token)"
    if host not in ("127.0.0.1", "localhost", "::1") and not (token or read_token):
        click.echo(f"warning: listening on {host} with open reads and no write token", err=True)
    click.echo(f"factionmap: serving {redact(db)} on http://{host}:{port}/ — {mode}", err=True)
    if token:
        app.state.factionmap.warm_up()  # articles can be added: load the language model now
    uvicorn.run(app, host=host, port=port, log_level="info")
