"""The ``factionmap`` command: a thin face over the core.

Each command group lives in its own module and registers itself on the root
group through ``register(cli)``.
"""
from __future__ import annotations

import errno
import importlib
import os

import click

COMMAND_MODULES = (
    "factionmap.cli.extract_cmds",  # extract, eval
    "factionmap.cli.store_cmds",  # ingest, events
    "factionmap.cli.actor_cmds",  # actors
    "factionmap.cli.map_cmds",  # dyad, graph, contradictions, actor, export, report
    "factionmap.cli.serve_cmds",  # serve
)


class FactionmapGroup(click.Group):
    """The root group: a store failure in any command ends in one line, not a traceback.

    ``--debug`` (or ``FACTIONMAP_DEBUG=1``) lets the traceback through instead.
    """

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple:
        ctx.meta["factionmap.args"] = list(args)  # the subcommand's arguments, to name its store
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            from ..store.engine import STORE_ERRORS, describe_failure
            from ..store.migrate import ReadOnlyStoreError

            if ctx.params.get("debug"):
                raise
            if isinstance(exc, ReadOnlyStoreError):
                raise click.ClickException(str(exc)) from None
            if isinstance(exc, STORE_ERRORS) or isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise click.ClickException(describe_failure(exc, _db_of(ctx.meta.get("factionmap.args", [])))) from None
            raise


def debugging() -> bool:
    """Was ``--debug`` given? Commands that turn errors into one line check it first."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def _db_of(args: list[str]) -> str | None:
    """The --db the failing command was given, to name the store (redacted) in the message."""
    for i, arg in enumerate(args):
        if arg == "--db" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--db="):
            return arg[5:]
    return os.environ.get("FACTIONMAP_DB")


@click.group(cls=FactionmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factionmap")
@click.option("--debug", is_flag=True, envvar="FACTIONMAP_DEBUG",
              help="Show the full traceback when a command fails (for bug reports).")
def cli(debug: bool) -> None:
    """Read conflict news into an evidence-backed map of who does what to whom."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli(prog_name="factionmap")


if __name__ == "__main__":
    main()
