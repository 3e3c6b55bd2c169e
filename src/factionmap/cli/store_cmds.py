"""``factionmap ingest`` and ``factionmap events``: the store's faces on the command line.

Thin: reading is :func:`factionmap.ingest.readers.read_inputs`, the job is
:func:`factionmap.runner.run_ingest`, querying is :class:`factionmap.store.Store`.
What is left here is argument handling and how results read on a terminal.
"""
from __future__ import annotations

import json
import shutil
import sys
from collections import Counter, defaultdict
from typing import Any

import click

from .common import (
    DATE,
    PUBLICATION_DATE,
    actor_errors,
    actors_file_option,
    check_period,
    db_option,
    names_for,
    open_store,
    stdin_inputs,
    workers_option,
)

TABLE_WIDTH = 160


def _trim(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- ingest ------------------------------------------------------------------


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@db_option
@click.option("--date", "default_date", type=PUBLICATION_DATE, help="Publication date for documents that carry none "
              "(e.g. 2016-08 or 5 August 2016).")
@actors_file_option
@workers_option
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run on an existing Dask cluster instead.")
@click.option("--force", is_flag=True, help="Re-process documents even when already stored unchanged.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=2_000_000, show_default=True,
              help="Largest document read; bigger ones are reported and skipped.")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems and the one-line result.")
def ingest(inputs: tuple[str, ...], db: str, default_date: str | None, workers: int | None, scheduler: str | None,
           force: bool, max_bytes: int, quiet: bool) -> None:
    """Read INPUT files/folders (``-``: standard input), extract events and store them.

    Documents already stored with the same content and pipeline version are
    skipped, so re-running is cheap and an interrupted run resumes where it
    stopped; a changed document replaces its old events. Exits 1 if any input
    or document failed.
    """
    with stdin_inputs(inputs) as paths:
        _ingest(paths, db, default_date, workers, scheduler, force, max_bytes, quiet)


def _ingest(inputs: list[str], db: str, default_date: str | None, workers: int | None, scheduler: str | None,
            force: bool, max_bytes: int, quiet: bool) -> None:
    from tqdm import tqdm

    from ..ingest.errors import InputError, SkippedFile
    from ..ingest.readers import read_inputs
    from ..runner import RunnerError, run_ingest

    store = open_store(db, create=True)
    passed_over: list[SkippedFile] = []
    bar: Any = None

    show = not quiet and sys.stderr.isatty()

    def on_start(total: int | None) -> None:
        nonlocal bar
        bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, disable=not show, desc="ingest")

    def progress(n: int) -> None:
        if bar is not None:
            bar.update(n)

    # a quick counting pass (reading only) gives the bar its ETA; the real pass streams
    total = sum(1 for r in read_inputs(inputs, default_date, max_bytes) if not isinstance(r, InputError)) \
        if show else None
    try:
        report = run_ingest(read_inputs(inputs, default_date, max_bytes, skipped=passed_over), store, workers=workers,
                            scheduler=scheduler, force=force, progress=progress, on_start=on_start, total=total)
    except RunnerError as exc:
        store.close()
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("\ninterrupted: every stored document is complete; run the same command again to resume",
                   err=True)
        sys.exit(130)
    finally:
        if bar is not None:
            bar.close()
    try:
        _print_run_summary(report, passed_over, quiet)
        if not quiet:
            click.echo(contents_summary(store, report.doc_ids))
        changed = bool(report.added or report.replaced)
        events = store.count_events() if changed else 0
    finally:
        store.close()
    if changed:
        _derive_views(db, events, quiet)
    if report.failures:
        sys.exit(1)


def _derive_views(db: str, events: int, quiet: bool) -> None:
    """A large store's heavy views, computed now for the server's first start (:mod:`factionmap.api.saved`)."""
    from ..api.saved import DERIVE_ABOVE_EVENTS, derive, views_dir

    if events < DERIVE_ABOVE_EVENTS or views_dir() is None:
        return
    try:
        saved, seconds = derive(db)
    except Exception as exc:  # noqa: BLE001 - the store is complete; the server computes them instead
        from ..store.engine import redact

        first = (str(exc).splitlines() or [""])[0].replace(db, redact(db))[:200]
        click.echo(f"warning: the server's views were not derived ({type(exc).__name__}: {first}); "
                   "the store is complete, and `serve` computes them at its first start", err=True)
        return
    if not quiet:
        click.echo(f"views: the server's {saved} first views for these {events:,} events derived and kept "
                   f"in {seconds:.1f}s", err=True)


def _print_run_summary(report, passed_over: list | None = None, quiet: bool = False, shown: int = 10) -> None:
    """The one-line result, the files passed over in folders (named unless ``quiet``), the failures."""
    busy = report.seconds - report.startup_seconds
    rate = f", {report.processed / busy:.2f} docs/s" if report.processed and busy > 0 else ""
    other = f", {len(passed_over)} other file(s) in the folders passed over" if passed_over else ""
    click.echo(
        f"processed {report.processed} (added {report.added}, replaced {report.replaced}, "
        f"unchanged {report.unchanged}), skipped {report.skipped} already stored, failed {report.failed}"
        f"{other} in {report.seconds:.1f}s (pipeline start-up {report.startup_seconds:.1f}s){rate}",
        err=True,
    )
    if passed_over and not quiet:
        click.echo("passed over (not articles):", err=True)
        for item in passed_over[:shown]:
            click.echo(f"  {item}", err=True)
        if len(passed_over) > shown:
            click.echo(f"  … and {len(passed_over) - shown} more", err=True)
    if report.failures:
        click.echo("failures:", err=True)
        for failure in report.failures:
            click.echo(f"  {failure}", err=True)


def contents_summary(store, doc_ids: list[str], *, max_actors: int = 30, max_dyads: int = 60,
                     max_per_dyad: int = 8, chunk: int = 500) -> str:
    """What the given documents hold: actors by mentions, then events grouped by dyad."""
    if not doc_ids:
        return "No documents."
    actor_counts: Counter[str] = Counter()
    by_dyad: dict[tuple[str, str], list[dict]] = defaultdict(list)
    n_events = 0
    for i in range(0, len(doc_ids), chunk):
        ids = doc_ids[i : i + chunk]
        actor_counts.update(m["actor"] for m in store.mentions(doc_id=ids) if m["actor"])
        for ev in store.events(doc=ids):
            by_dyad[tuple(sorted((ev["actor"], ev["recipient"])))].append(ev)
            n_events += 1
    lines = [f"{len(doc_ids)} document{'s' if len(doc_ids) != 1 else ''}, "
             f"{len(actor_counts)} actors, {n_events} events, {len(by_dyad)} dyads", ""]
    lines.append("Actors (mentions):")
    if not actor_counts:
        lines.append("  (none found)")
    width = max((len(a) for a, _ in actor_counts.most_common(max_actors)), default=0)
    for actor, n in actor_counts.most_common(max_actors):
        lines.append(f"  {actor:<{width}}  {n:>5}")
    if len(actor_counts) > max_actors:
        lines.append(f"  … and {len(actor_counts) - max_actors} more")
    lines += ["", "Events by dyad:"]
    if not by_dyad:
        lines.append("  (none found)")
    dyads = sorted(by_dyad.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for (a, b), evs in dyads[:max_dyads]:
        lines.append(f"  {a} — {b} ({len(evs)})")
        for ev in evs[:max_per_dyad]:
            arrow = "↔" if ev["mutual"] else "→"
            claimed = f" claimed by {', '.join(ev['claimed_by'])};" if ev["claimed_by"] else ""
            aux = f" [{', '.join(ev['aux'])}]" if ev["aux"] else ""
            lines.append(
                f"    {ev['type']:<10} {ev['actor']} {arrow} {ev['recipient']}: {ev['status']}{aux};{claimed} "
                f"{ev['date'] or 'undated'}; {ev['doc_id']}"
            )
            lines.append(f"      “{_trim(ev['evidence'], 140)}”")
        if len(evs) > max_per_dyad:
            lines.append(f"    … and {len(evs) - max_per_dyad} more")
    if len(dyads) > max_dyads:
        lines.append(f"  … and {len(dyads) - max_dyads} more dyads")
    return "\n".join(lines)


# -- events ------------------------------------------------------------------

TABLE_COLUMNS = (("date", 10), ("actor", 26), ("type", 9), ("recipient", 26), ("status", 8),
                 ("claimed_by", 20), ("doc_id", 14), ("evidence", 0))


@click.command("events")
@db_option
@click.option("--actor", help="Events where this actor (any alias) is actor or recipient.")
@click.option("--recipient", help="Events with this recipient (any alias).")
@click.option("--dyad", nargs=2, metavar="A B", help="Events between two actors, either direction.")
@click.option("--rollup", is_flag=True, help="Count branches in with their parent (ISKP events for the Islamic State).")
@click.option("--type", "types", multiple=True, metavar="T", help="PLOVER type (repeatable).")
@click.option("--status", "statuses", multiple=True, metavar="S",
              help="asserted / reported / alleged / denied (repeatable).")
@click.option("--since", type=DATE, help="Date, may be partial (2016, 2016-08); events overlapping it on.")
@click.option("--until", type=DATE, help="Date, may be partial; events overlapping it and before.")
@click.option("--doc", metavar="ID", help="Events of one document.")
@click.option("--limit", type=click.IntRange(min=0), metavar="N")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True)
def events_cmd(db: str, actor: str | None, recipient: str | None, dyad: tuple[str, str] | None, rollup: bool,
               types: tuple[str, ...], statuses: tuple[str, ...], since: str | None, until: str | None,
               doc: str | None, limit: int | None, fmt: str) -> None:
    """List stored events (analyst reviews applied), oldest first."""
    from ..model import PLOVER_TYPES, STATUSES

    type_list = [t.strip().upper() for t in types]
    if bad := [t for t in type_list if t not in PLOVER_TYPES]:
        raise click.BadParameter(f"{', '.join(bad)}; one of {', '.join(PLOVER_TYPES)}", param_hint="--type")
    status_list = [s.strip().lower() for s in statuses]
    if bad := [s for s in status_list if s not in STATUSES]:
        raise click.BadParameter(f"{', '.join(bad)}; one of {', '.join(STATUSES)}", param_hint="--status")
    check_period(since, until)
    store = open_store(db)
    try:
        names = names_for(store)

        def who(name: str | None) -> list[str] | None:
            if not name:
                return None
            canon = names.resolve(name)
            return sorted(names.family(canon)) if rollup else [canon]

        with actor_errors():
            pair = (who(dyad[0]), who(dyad[1])) if dyad else None
            rows = store.events(actor=who(actor), recipient=who(recipient), dyad=pair, type=type_list or None,
                                status=status_list or None, since=since, until=until, doc=doc, limit=limit)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(format_table(rows))


def format_table(rows: list[dict]) -> str:
    if not rows:
        return "No events."
    fixed = sum(w + 2 for _, w in TABLE_COLUMNS[:-1])
    total = max(TABLE_WIDTH, shutil.get_terminal_size((TABLE_WIDTH, 24)).columns)
    widths = [w or max(30, total - fixed) for _, w in TABLE_COLUMNS]
    header = "  ".join(f"{name:<{w}}" for (name, _), w in zip(TABLE_COLUMNS, widths)).rstrip()
    out = [header, "  ".join("-" * w for w in widths)]
    for row in rows:
        cells = []
        for (name, _), w in zip(TABLE_COLUMNS, widths):
            value = row.get(name)
            if name == "claimed_by":
                value = ", ".join(value or [])
            elif name == "actor" and row.get("mutual"):
                value = f"{value} ↔"
            cells.append(f"{_trim(str(value) if value is not None else '', w):<{w}}")
        out.append("  ".join(cells).rstrip())
    out.append(f"({len(rows)} event{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def register(cli: click.Group) -> None:
    cli.add_command(ingest)
    cli.add_command(events_cmd)
