"""The ``factionmap`` command: a thin face over the core.

Each command group lives in its own module and registers itself on the root
group through ``register(cli)``.
"""
from __future__ import annotations

import importlib

import click

from .common import actors_file_option

COMMAND_MODULES = (
    "factionmap.cli.extract_cmds",  # extract, eval
    "factionmap.cli.store_cmds",  # ingest, events
    "factionmap.cli.actor_cmds",  # actors
    "factionmap.cli.map_cmds",  # dyad, graph, contradictions, actor, export, report
    "factionmap.cli.serve_cmds",  # serve
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factionmap")
@actors_file_option
def cli() -> None:
    """Read conflict news into an evidence-backed map of who does what to whom."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli(prog_name="factionmap")


if __name__ == "__main__":
    main()
