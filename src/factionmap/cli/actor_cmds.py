"""``factionmap actors``: print or search the actor dictionary.

``--format jsonl`` prints one record per actor with every alias; the scorer
(shared/eval/score.py --actors) reads that file to match names through aliases.
"""
from __future__ import annotations

import json

import click

from factionmap.actors.dictionary import KINDS, ActorDictionary, DataError


def _table(records: list[dict]) -> str:
    rows = [(r["name"], r["kind"], r.get("parent") or "", r.get("country") or "",
             ", ".join(r["aliases"][:4]) + (" …" if len(r["aliases"]) > 4 else "")) for r in records]
    head = ("name", "kind", "parent", "country", "aliases")
    widths = [min(40, max([len(head[i])] + [len(row[i]) for row in rows])) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head[:4], widths)) + "  " + head[4]]
    for row in rows:
        lines.append("  ".join(c[:w].ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4])
    return "\n".join(lines)


@click.command("actors")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="table",
              show_default=True, help="jsonl: one actor per line with all aliases (scorer input)")
@click.option("--search", "query", metavar="TEXT", help="find actors by any alias, fuzzy, best first")
@click.option("--kind", type=click.Choice(KINDS), help="only actors of this kind")
@click.option("--limit", type=int, default=10, show_default=True, help="results for --search")
def actors_cmd(fmt: str, query: str | None, kind: str | None, limit: int) -> None:
    """List the actor dictionary (states, armed groups, IGOs, outlets) or search it."""
    try:
        dictionary = ActorDictionary.load_default()
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    if query is not None:
        order = [a.name for a in dictionary.search(query, limit=limit, kind=kind)]
        by_name = {r["name"]: r for r in dictionary.to_records() if r["name"] in set(order)}
        records = [by_name[n] for n in order]
    else:
        records = [r for r in dictionary.to_records() if kind is None or r["kind"] == kind]
    if fmt == "jsonl":
        text = "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)
    elif fmt == "json":
        text = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        text = _table(records) + "\n"
    click.echo(text, nl=False)


def register(cli: click.Group) -> None:
    cli.add_command(actors_cmd)
