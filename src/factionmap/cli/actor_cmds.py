"""``factionmap actors``: print or search the actor dictionary, or list the names it lacks.

``--format jsonl`` prints one record per actor with every alias; the scorer
(shared/eval/score.py --actors) reads that file to match names through aliases.
``--candidates`` lists the organisation-like names found in a store's articles
but not in the dictionary (a user actor file included), with counts and a
sample sentence: what to add to ``--actors-file``.
"""
from __future__ import annotations

import json

import click

from factionmap.actors.dictionary import KINDS, ActorDictionary, DataError

from .common import db_option, open_store


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
@click.option("--limit", type=int, default=10, show_default=True, help="results for --search (and --candidates)")
@click.option("--candidates", is_flag=True,
              help="names found in the store's articles but not in the dictionary, with counts and a sample")
@db_option
def actors_cmd(fmt: str, query: str | None, kind: str | None, limit: int, candidates: bool, db: str) -> None:
    """List the actor dictionary (states, armed groups, IGOs, outlets) or search it."""
    try:
        dictionary = ActorDictionary.load_default()
    except DataError as exc:
        raise click.ClickException(str(exc)) from None
    if candidates:
        _candidates(dictionary, db, fmt, limit)
        return
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


def _candidates(dictionary: ActorDictionary, db: str, fmt: str, limit: int) -> None:
    store = open_store(db)
    try:
        rows = store.candidates(known=lambda n: dictionary.resolve(n) is not None, limit=limit)
    finally:
        store.close()
    if fmt == "jsonl":
        click.echo("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not rows:
        click.echo("no unknown organisation-like names in the store")
    else:
        width = min(40, max(len(r["name"]) for r in rows))
        click.echo(f"{'name':<{width}}  documents  mentions  sample")
        for r in rows:
            sample = " ".join((r["sample"] or "").split())
            sample = sample if len(sample) <= 100 else sample[:99] + "…"
            click.echo(f"{r['name'][:width]:<{width}}  {r['documents']:>9}  {r['mentions']:>8}  "
                       f"“{sample}” ({r['doc_id']})")


def register(cli: click.Group) -> None:
    cli.add_command(actors_cmd)
