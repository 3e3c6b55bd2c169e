"""The map commands: dyad, graph, contradictions, actor, export, report.

Thin faces over :mod:`factionmap.graph`: each opens the store, resolves the
names typed, calls one core function and prints a table (default) or JSON
(``--format json``) for scripts.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..model import PLOVER_TYPES, STATUSES

DB_HELP = "store: SQLite file or database URL"


def _engine(db: str) -> Any:
    from ..graph.source import open_engine

    if "://" not in db and db != ":memory:" and not Path(db).exists():
        raise click.ClickException(f"{db}: no store there; run `factionmap ingest FILE --db {db}` first")
    try:
        return open_engine(db)
    except Exception as exc:  # unreadable file, wrong URL: say which (never the password)
        from ..store.engine import describe_open_failure
        from .main import debugging

        if debugging():
            raise
        raise click.ClickException(describe_open_failure(exc, db)) from None


def _names(engine: Any) -> Any:
    from ..graph.names import Names
    from ..graph.source import actor_names

    return Names(store_names=actor_names(engine))


def _date(value: str | None, opt: str) -> str | None:
    from ..graph.dates import parse_option

    try:
        return parse_option(value, opt)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def _short(text: str | None, n: int = 110) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _fmt_option(f: Any) -> Any:
    return click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                        show_default=True, help="table for people, json for scripts")(f)


def _db_option(f: Any) -> Any:
    return click.option("--db", default="factionmap.db", show_default=True, help=DB_HELP)(f)


def _period_options(f: Any) -> Any:
    f = click.option("--until", help="last date (YYYY, YYYY-MM or YYYY-MM-DD)")(f)
    f = click.option("--since", help="first date (YYYY, YYYY-MM or YYYY-MM-DD)")(f)
    return f


def _rollup_option(f: Any) -> Any:
    return click.option("--rollup", is_flag=True,
                        help="count branches toward their parent (ISKP events count for the Islamic State)")(f)


def register(cli: click.Group) -> None:
    cli.add_command(dyad_cmd)
    cli.add_command(graph_cmd)
    cli.add_command(contradictions_cmd)
    cli.add_command(actor_cmd)
    cli.add_command(export_cmd)
    cli.add_command(report_cmd)


@click.command("dyad")
@click.argument("actor_a")
@click.argument("actor_b")
@click.option("--at", "at", help="state as of this date (default: latest)")
@_period_options
@_rollup_option
@_db_option
@_fmt_option
def dyad_cmd(actor_a: str, actor_b: str, at: str | None, since: str | None, until: str | None,
             rollup: bool, db: str, fmt: str) -> None:
    """Where two actors stand: events in time order, state since when, and why."""
    from ..graph.relations import dyad

    at, since, until = _date(at, "--at"), _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    dy = dyad(engine, _names(engine), actor_a, actor_b, rollup=rollup, since=since, until=until)
    data = dy.to_json(at)
    if fmt == "json":
        _json(data)
        return
    st = data["state"]
    click.echo(f"{dy.a} – {dy.b}{' (rolled up)' if rollup else ''}")
    when = f" as of {at}" if at else ""
    click.echo(f"state{when}: {st['state']}" + (f" since {st['since']}" if st["since"] else ""))
    click.echo(f"why: {st['reason']}")
    if not dy.events and not dy.undated:
        click.echo("no events between them in the store")
        return
    click.echo("\nchanges:")
    for ch in data["changes"]:
        click.echo(f"  {ch['date']:<10}  {ch['previous']} → {ch['state']}  "
                   f"(cooperation {ch['cooperation']}, conflict {ch['conflict']})")
    click.echo("\nscore over time (weighted PLOVER score per date; state after it):")
    for s in data["score_over_time"]:
        click.echo(f"  {s['date']}  {s['score']:+7.2f}  {s['events']} event(s)  {s['state']}")
    click.echo("\nevents:")
    for e in data["events"] + data["undated_events"]:
        arrow = "↔" if e["mutual"] else "→"
        click.echo(f"  {str(e['date'] or '?'):<10}  {e['actor']} {arrow} {e['recipient']}  {e['type']}"
                   f" [{e['status']}{', ' + ', '.join(e['aux']) if e['aux'] else ''}]  {e['weighted_score']:+.2f}"
                   f"  source: {e['source']}  ({e['doc']})")
        click.echo(f"      “{_short(e['evidence'])}”")


@click.command("graph")
@_period_options
@click.option("--actor", help="only relations of this actor")
@click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True,
              help="drop relations with fewer events")
@click.option("--type", "types", multiple=True, type=click.Choice(PLOVER_TYPES, case_sensitive=False),
              help="only events of this PLOVER type (repeatable)")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="only claims with this status (repeatable)")
@_rollup_option
@_db_option
@_fmt_option
def graph_cmd(since: str | None, until: str | None, actor: str | None, min_events: int,
              types: tuple[str, ...], statuses: tuple[str, ...], rollup: bool, db: str, fmt: str) -> None:
    """The network of actors for a period: nodes with kind, edges with state, score and evidence."""
    from ..graph.network import build_graph, graph_json

    since, until = _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    G = build_graph(engine, _names(engine), since=since, until=until, actor=actor,
                    min_events=min_events, rollup=rollup,
                    types=[t.upper() for t in types] or None, statuses=list(statuses) or None)
    data = graph_json(G)
    if fmt == "json":
        _json(data)
        return
    click.echo(f"{G.number_of_nodes()} actors, {G.number_of_edges()} relations")
    click.echo("\nactors:")
    for n in data["nodes"]:
        click.echo(f"  {n['id']:<40} {n['kind']:<14} {n['events']} events")
    click.echo("\nrelations:")
    for e in data["edges"]:
        quads = ", ".join(f"{k} {v}" for k, v in sorted(e["by_quad"].items()))
        click.echo(f"  {e['source']} – {e['target']}: {e['state']}, score {e['score']:+.2f}, "
                   f"{e['events']} events ({quads})")
        s = e.get("strongest")
        if s:
            src = ", ".join(s["claimed_by"]) or s.get("outlet") or s["doc"]
            click.echo(f"      strongest: {s['type']} [{s['status']}] {src}, {s['date']} ({s['doc']}): "
                       f"“{_short(s['evidence'], 90)}”")


@click.command("contradictions")
@click.option("--actor", help="only contradictions involving this actor (and its branches)")
@_period_options
@click.option("--window", type=click.IntRange(min=0), default=None,
              help="days apart that still count as the same period (default 90)")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["opposing_reports", "claim_vs_denial", "self_contradiction"]),
              help="only these kinds (repeatable)")
@_db_option
@_fmt_option
def contradictions_cmd(actor: str | None, since: str | None, until: str | None, window: int | None,
                       kinds: tuple[str, ...], db: str, fmt: str) -> None:
    """Claims that cannot all be true, side by side with their sources and evidence."""
    from ..graph.contradictions import contradictions

    since, until = _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    found = contradictions(engine, _names(engine), actor=actor, since=since, until=until,
                           window_days=window, kinds=kinds or None)
    if fmt == "json":
        _json([c.to_json() for c in found])
        return
    if not found:
        click.echo("no contradictions found")
    for i, c in enumerate(found, 1):
        click.echo(f"{i}. [{c.kind}] {c.dyad[0]} – {c.dyad[1]}, {c.period[0]} – {c.period[1]}")
        click.echo(f"   {c.explanation}")
        for r in c.claims:
            arrow = "↔" if r["mutual"] else "→"
            click.echo(f"   - {r['side']}: {r['actor']} {arrow} {r['recipient']} {r['type']} [{r['status']}]"
                       f" source: {r['source']}, {r['date']} ({r['doc']})")
            click.echo(f"       “{_short(r['evidence'])}”")
        click.echo("")


@click.command("actor")
@click.argument("name")
@_period_options
@_rollup_option
@_db_option
@_fmt_option
def actor_cmd(name: str, since: str | None, until: str | None, rollup: bool, db: str, fmt: str) -> None:
    """An actor's profile: aliases, kind, parent and branches, people, relations, quantitative claims."""
    from ..graph.profile import profile

    since, until = _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    p = profile(engine, _names(engine), name, rollup=rollup, since=since, until=until)
    if fmt == "json":
        _json(p)
        return
    click.echo(f"{p['name']} ({p['kind']})" + (f", {p['country']}" if p.get("country") else ""))
    if p["aliases"]:
        click.echo(f"aliases: {', '.join(p['aliases'])}")
    if p["seen_as"]:
        click.echo(f"seen as: {', '.join(s['text'] for s in p['seen_as'][:12])}")
    if p["parent"]:
        click.echo(f"parent: {' < '.join(p['ancestors']) or p['parent']}")
    if p["branches"]:
        click.echo(f"branches: {', '.join(p['branches'])}")
    ev = p["events"]
    click.echo(f"events: {ev.get('as_actor', 0)} as actor, {ev.get('as_recipient', 0)} as recipient, "
               f"{ev.get('documents', 0)} documents, {ev.get('first')} – {ev.get('last')}")
    if p["people"]:
        click.echo("\npeople:")
        for person in p["people"]:
            role = f" ({person['role']})" if person.get("role") else ""
            click.echo(f"  {person['name']}{role}, {person['mentions']} mentions")
    click.echo("\nrelations:")
    for r in p["relations"]:
        click.echo(f"  {r['counterpart']:<40} {r['state']:<12} score {r['score']:+.2f}  {r['events']} events")
    if p["quantities"]:
        click.echo("\nquantitative claims:")
        for q in p["quantities"]:
            click.echo(f"  {q['measure']}: {q['value_text']} ({q['unit'] or ''}) — {q['source']}, "
                       f"{q['date'] or q['doc_date']} ({q['doc_id']})")
            click.echo(f"      “{_short(q['evidence'])}”")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "csv", "plover"]),
              required=True, help="graphml/gexf for Gephi and networkx, json node-link, csv tables, "
              "plover event JSON Lines")
@click.option("--out", help="file to write (csv: a folder); default stdout (csv: ./factionmap-csv)")
@_period_options
@click.option("--actor", help="only relations of this actor")
@click.option("--min-events", type=click.IntRange(min=1), default=1, show_default=True)
@_rollup_option
@_db_option
def export_cmd(fmt: str, out: str | None, since: str | None, until: str | None, actor: str | None,
               min_events: int, rollup: bool, db: str) -> None:
    """Write the map in a format other tools read."""
    from ..graph import export
    from ..graph.network import build_graph
    from ..graph.source import load_events

    since, until = _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    names = _names(engine)
    G = build_graph(engine, names, since=since, until=until, actor=actor, min_events=min_events, rollup=rollup)
    events: list[dict] = []
    if fmt in ("csv", "plover", "gexf"):  # gexf: the events give each edge its spells
        focus = None
        if actor:
            canon = names.resolve(actor)
            focus = names.family(canon) if rollup else {canon}
        events = load_events(engine, actors=focus, since=since, until=until)
    if out is None and fmt != "csv":
        sys.stdout.write(export.render(fmt, G, events, names))
        return
    for path in export.write(fmt, G, events, out, names):
        click.echo(f"wrote {path}", err=True)


@click.command("report")
@click.option("--out", "out_dir", default="report", show_default=True, help="folder for the HTML file")
@_period_options
@click.option("--top", type=click.IntRange(min=0), default=8, show_default=True,
              help="how many major dyads get a timeline")
@_rollup_option
@_db_option
@_fmt_option
def report_cmd(out_dir: str, since: str | None, until: str | None, top: int, rollup: bool, db: str,
               fmt: str) -> None:
    """One self-contained HTML file: network picture, dyad timelines, contradictions with evidence."""
    from ..graph.report import write_report

    since, until = _date(since, "--since"), _date(until, "--until")
    engine = _engine(db)
    path = write_report(engine, _names(engine), out_dir, since=since, until=until, top_dyads=top, rollup=rollup)
    if fmt == "json":
        _json({"path": str(path), "bytes": path.stat().st_size})
    else:
        click.echo(f"wrote {path}")
