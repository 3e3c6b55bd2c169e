"""What every command shares: the store option, dates, actor names, standard input.

* ``--db`` on every command reads ``FACTIONMAP_DB`` when not given.
* A read command given a store that does not exist says so (exit 2) instead of
  creating an empty one; ``ingest`` creates it.
* Dates are one type everywhere (:class:`factionmap.graph.dates.PartialDate`):
  ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, else exit 2 naming the option. A
  publication date (``ingest``/``extract --date``) is read as documents' dates
  are (``readers.normalise_date``: "5 March 2021" too), and is an error when unreadable.
* Actor names go through the one resolver (:class:`factionmap.graph.names.Names`):
  an unknown name prints "no actor named …; did you mean: …" and exits 2.
* ``-`` as an input reads standard input (JSON Lines when it starts with ``{``,
  else one plain-text article).
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

DB_ENV = "FACTIONMAP_DB"
DB_HELP = "store: a SQLite file or a postgresql:// URL [env: FACTIONMAP_DB]"


def _use_actors_file(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:  # the environment carries it to worker processes too
        from ..actors.dictionary import USER_ACTORS_ENV

        os.environ[USER_ACTORS_ENV] = os.path.abspath(value)


def actors_file_option(f: Callable) -> Callable:
    """``--actors-file PATH``: a user actor file that adds or corrects actors and aliases."""
    return click.option("--actors-file", type=click.Path(exists=True, dir_okay=False), expose_value=False,
                        is_eager=True, callback=_use_actors_file,
                        help="user actor file (JSON Lines) adding or correcting actors and aliases "
                             "[env: FACTIONMAP_ACTORS; default ~/.config/factionmap/actors.jsonl if present]")(f)


class WorkerCount(click.ParamType):
    """``auto`` (None: one worker per core when there are more than a few dozen documents) or a count."""

    name = "N|auto"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | None:
        if value is None or (isinstance(value, str) and value.strip().lower() == "auto"):
            return None
        try:
            n = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is neither a number nor 'auto'", param, ctx)
        if n < 1:
            self.fail(f"{n} is below 1", param, ctx)
        return n


def workers_option(f: Callable) -> Callable:
    return click.option("--workers", type=WorkerCount(), default="auto", show_default=True,
                        help="Local worker processes, each loading the pipeline once; auto: one per core "
                             "when more than 48 documents need processing, else none.")(f)


def db_option(f: Callable) -> Callable:
    return click.option("--db", default="factionmap.db", show_default=True, envvar=DB_ENV, help=DB_HELP)(f)


def _is_url(db: str) -> bool:
    return "://" in db or db == ":memory:"


def open_store(db: str, *, create: bool = False) -> Any:
    """The store at ``db``; for reading (``create=False``) it must already exist."""
    from ..store import Store

    if not create and not _is_url(db) and not Path(db).is_file():
        hint = f" (FACTIONMAP_DB={os.environ[DB_ENV]})" if os.environ.get(DB_ENV) == db else ""
        raise click.BadParameter(f"{db}: no store there{hint}; check the path, or create it with "
                                 f"`factionmap ingest FILE --db {db}`", param_hint="--db")
    try:
        return Store.open(db)
    except Exception as exc:  # bad URL, server down, not a database: say so, no traceback, no password
        from ..store.engine import describe_open_failure
        from .main import debugging

        if debugging():
            raise
        raise click.ClickException(describe_open_failure(exc, db)) from None


def names_for(store: Any) -> Any:
    """The one name resolver, over the actor dictionary and the names in this store."""
    from ..actors.dictionary import DataError
    from ..graph.names import Names

    try:
        return Names(store_names=store.actor_names())
    except DataError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def actor_errors() -> Iterator[None]:
    """Unknown actor names exit 2 with suggestions."""
    from ..graph.names import UnknownActor

    try:
        yield
    except UnknownActor as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)


class DateType(click.ParamType):
    """YYYY, YYYY-MM or YYYY-MM-DD, checked against the calendar (the map's one date type)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | None:
        from ..graph.dates import DateError, PartialDate

        if value is None:
            return None
        try:
            return PartialDate.parse(str(value), f"--{param.name}" if param and param.name else "date").text
        except DateError as exc:
            self.fail(str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc), param, ctx)


DATE = DateType()


class PublicationDateType(click.ParamType):
    """A publication date (``--date``): any form the readers understand, as in documents ("5 March 2021"),
    normalised to an ISO partial date; anything unreadable is an error (exit 2), never silently dropped."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str | None:
        from ..graph.dates import PartialDate
        from ..ingest.readers import normalise_date

        if value is None:
            return None
        iso = normalise_date(value)
        if iso is None or PartialDate.stored(iso) is None:  # and on the calendar: no 30 February
            self.fail(f"{value!r} is not a date; use e.g. 2016-08-05, 2016-08 or 5 August 2016", param, ctx)
        return iso


PUBLICATION_DATE = PublicationDateType()


def period_options(f: Callable) -> Callable:
    f = click.option("--until", type=DATE, help="last date (YYYY, YYYY-MM or YYYY-MM-DD)")(f)
    f = click.option("--since", type=DATE, help="first date (YYYY, YYYY-MM or YYYY-MM-DD)")(f)
    return f


def check_period(since: str | None, until: str | None) -> None:
    from ..graph.dates import DateError, check_range

    try:
        check_range(since, until)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--since/--until") from None


@contextmanager
def stdin_inputs(inputs: tuple[str, ...]) -> Iterator[list[str]]:
    """The inputs with ``-`` replaced by a file holding standard input (named by its content hash)."""
    if "-" not in inputs:
        yield list(inputs)
        return
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="factionmap-stdin-") as tmp:
        ext = ".jsonl" if data.lstrip()[:1] == b"{" else ".txt"
        path = Path(tmp) / f"stdin-{hashlib.sha1(data).hexdigest()[:10]}{ext}"
        path.write_bytes(data)
        yield [str(path) if i == "-" else i for i in inputs]
