"""``factionmap extract`` and ``factionmap eval``: read inputs, run the pipeline, print or score.

A thin face: reading is :func:`factionmap.ingest.readers.read_inputs`, extraction
is :class:`factionmap.pipeline.Pipeline`. What this module adds is the shell's
contract: events on stdout as they are found, one line per problem on stderr,
and an exit code that says whether every input made it (0), some did not (1),
or the command line was wrong (2).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, TextIO

import click

from ..ingest.errors import InputError
from ..ingest.readers import read_inputs
from ..model import Article, Event, Record
from .common import PUBLICATION_DATE, stdin_inputs, workers_option

EVENT_KEYS = ("doc", "actor", "recipient", "type", "mode", "mutual", "status", "claimed_by", "aux",
              "date", "location", "evidence", "evidence_start", "evidence_end")
SCORER_CANDIDATES = ("../shared/eval/score.py", "shared/eval/score.py")


def event_json(event: Event) -> dict[str, Any]:
    """The guide's shape first, then the provenance fields of Event.to_json()."""
    full = event.to_json()
    return {**{k: full[k] for k in EVENT_KEYS if k in full}, **full}


# --------------------------------------------------------------------------
# running the pipeline with failures kept to one document


def _where(exc: BaseException) -> str:
    """The innermost factionmap frame of a traceback, to tell the developer where to look."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "factionmap" in f.filename]
    if not frames:
        return ""
    f = frames[-1]
    path = f.filename[f.filename.rfind("factionmap"):]
    return f" at {path}:{f.lineno}"


@dataclass
class RunStats:
    documents: int = 0
    events: int = 0
    input_errors: int = 0
    document_errors: int = 0
    passed_over: list = field(default_factory=list)  # files in the folders that are not articles

    @property
    def failed(self) -> bool:
        return bool(self.input_errors or self.document_errors)


def _load_config(config: str | None) -> dict[str, Any] | None:
    if config is None:
        return None
    try:
        data = json.loads(Path(config).read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.BadParameter(f"cannot read pipeline configuration: {exc}", param_hint="--config")
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        raise click.BadParameter('expected a JSON object with a "components" list', param_hint="--config")
    return data


def _build_pipeline(config: dict[str, Any] | None) -> Any:
    from ..pipeline import Pipeline

    try:
        return Pipeline(config)
    except KeyError as exc:
        if config is not None:  # an unknown component named by the user's file
            raise click.BadParameter(str(exc.args[0] if exc.args else exc), param_hint="--config")
        raise click.ClickException(f"cannot build the pipeline: {exc}")
    except Exception as exc:  # noqa: BLE001 - e.g. a missing model: say so without a traceback
        raise click.ClickException(f"cannot build the pipeline: {type(exc).__name__}: {exc}{_where(exc)}")


def run_extraction(inputs: Iterable[str], *, date: str | None, config: dict[str, Any] | None,
                   max_bytes: int, emit: Callable[[Article], None], workers: int | None = 1) -> RunStats:
    """Stream ``inputs`` through the pipeline, calling ``emit`` per article in input order;
    problems go to stderr. ``workers`` > 1 runs a local process pool; None: one worker per
    core when there are more than a few dozen documents (see :mod:`factionmap.runner`)."""
    from ..runner.work import AUTO_WORKERS_ABOVE, local_cores

    stats = RunStats()

    def records() -> Iterator[Record]:
        for item in read_inputs(inputs, default_date=date, max_bytes=max_bytes, skipped=stats.passed_over):
            if isinstance(item, InputError):
                stats.input_errors += 1
                click.echo(f"error: {item}", err=True)
            else:
                yield item

    def failed(record: Record, why: str) -> None:
        stats.document_errors += 1
        click.echo(f"error: {record.source or record.id}: document {record.id!r} failed in the pipeline "
                   f"({why}); skipped, the others go on", err=True)

    stream = records()
    head = list(islice(stream, AUTO_WORKERS_ABOVE + 1 if workers is None else 1))
    if not head:  # nothing readable: no need to load a model
        return stats
    if workers is None:
        workers = local_cores() if len(head) > AUTO_WORKERS_ABOVE else 1
    if workers > 1:
        return _run_pool(chain(head, stream), config, workers, emit, stats, failed)
    pipeline = _build_pipeline(config)
    try:
        for article in pipeline.process(chain(head, stream),
                                        on_error=lambda r, exc: failed(r, f"{type(exc).__name__}: {exc}{_where(exc)}")):
            stats.documents += 1
            stats.events += len(article.events)
            emit(article)
    except ImportError as exc:  # components load their resources lazily, on the first document
        raise click.ClickException(f"the pipeline cannot run: {type(exc).__name__}: {exc}{_where(exc)}")
    return stats


def _run_pool(records: Iterable[Record], config: dict[str, Any] | None, workers: int,
              emit: Callable[[Article], None], stats: RunStats, failed: Callable[[Record, str], None]) -> RunStats:
    """The same run on ``workers`` processes, each building the pipeline once; output keeps input order."""
    from ..runner.executors import LocalPool
    from ..runner.work import ConfiguredPipeline, RunnerError, batches

    if config is not None:  # a misnamed component is the command line's fault: say so before any worker starts
        from ..pipeline import _factory

        for entry in config["components"]:
            name = entry if isinstance(entry, str) else entry.get("name") if isinstance(entry, dict) else None
            try:
                _factory(str(name))
            except KeyError as exc:
                raise click.BadParameter(str(exc.args[0] if exc.args else exc), param_hint="--config")
    pool = LocalPool(workers, ConfiguredPipeline.of(config) if config is not None else None)
    try:
        for result in pool.map(batches(records, 8)):  # small batches keep every worker busy to the end
            for outcome in result.outcomes:
                if outcome.article is None:
                    failed(outcome.record, outcome.error or "no article")
                    continue
                stats.documents += 1
                stats.events += len(outcome.article.events)
                emit(outcome.article)
    except RunnerError as exc:
        pool.kill()
        raise click.ClickException(str(exc)) from None
    except BaseException:
        pool.kill()
        raise
    pool.close()
    return stats


# --------------------------------------------------------------------------
# output


class JsonlWriter:
    def __init__(self, out: TextIO):
        self.out = out

    def __call__(self, article: Article) -> None:
        for event in article.events:
            self.out.write(json.dumps(event_json(event), ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        pass


class JsonWriter(JsonlWriter):
    """One JSON array, written as events come so memory stays flat."""

    def __init__(self, out: TextIO):
        super().__init__(out)
        self.count = 0

    def __call__(self, article: Article) -> None:
        for event in article.events:
            self.out.write(("[\n  " if not self.count else ",\n  ") + json.dumps(event_json(event), ensure_ascii=False))
            self.count += 1
        self.out.flush()

    def close(self) -> None:
        self.out.write("[]\n" if not self.count else "\n]\n")


class TableWriter(JsonlWriter):
    """Fixed-width columns (so rows can stream), the evidence fitted to the terminal."""

    COLUMNS = (("DOC", 12), ("ACTOR → RECIPIENT", 46), ("TYPE", 10), ("STATUS", 18),
               ("CLAIMED BY", 20), ("DATE", 11))

    def __init__(self, out: TextIO):
        super().__init__(out)
        fixed = sum(w + 1 for _, w in self.COLUMNS)
        tty = hasattr(out, "isatty") and out.isatty()
        self.evidence_width = max(30, shutil.get_terminal_size().columns - fixed - 1) if tty else 100
        self.header = False

    def row(self, cells: list[str]) -> str:
        parts = [_fit(c, w).ljust(w) for c, (_, w) in zip(cells, self.COLUMNS)]
        return " ".join(parts + [_fit(cells[-1], self.evidence_width)]).rstrip() + "\n"

    def __call__(self, article: Article) -> None:
        for e in article.events:
            if not self.header:
                self.out.write(self.row([name for name, _ in self.COLUMNS] + ["EVIDENCE"]))
                self.header = True
            arrow = "↔" if e.mutual else "→"
            aux = f" [{','.join(e.aux)}]" if e.aux else ""
            self.out.write(self.row([e.doc, f"{e.actor} {arrow} {e.recipient}", e.type, e.status + aux,
                                     ", ".join(e.claimed_by) or "-", e.date or "-", e.evidence]))
        self.out.flush()

    def close(self) -> None:
        if not self.header:
            self.out.write("(no events)\n")


def _fit(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


WRITERS = {"jsonl": JsonlWriter, "json": JsonWriter, "table": TableWriter}


# --------------------------------------------------------------------------
# commands

_input_arg = click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")


def _run_options(f: Callable) -> Callable:
    f = click.option("--date", type=PUBLICATION_DATE, help="Publication date for documents that carry none "
                     "(e.g. 2016-08 or 5 August 2016).")(f)
    f = click.option("--config", type=click.Path(dir_okay=False), metavar="PATH",
                     help="Pipeline configuration JSON (default: the packaged data/pipeline.json).")(f)
    f = click.option("--max-bytes", type=click.IntRange(min=1), default=2_000_000, show_default=True,
                     help="Largest document read; bigger ones are reported and skipped.")(f)
    return workers_option(f)


@click.command()
@_input_arg
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="jsonl", show_default=True,
              help="jsonl: one event per line (the annotation guide's shape); json: one array; "
                   "table: for reading.")
@_run_options
def extract(inputs: tuple[str, ...], fmt: str, date: str | None, config: str | None, max_bytes: int,
            workers: int | None) -> None:
    """Extract relation events from INPUT files or folders (.txt, .html, .jsonl, .csv, RSS/Atom; ``-``: stdin).

    Events go to stdout; unreadable inputs and failed documents are reported on
    stderr and the rest are processed. Exit code 0: everything read; 1: some
    inputs or documents failed; 2: bad command line.
    """
    cfg = _load_config(config)
    writer = WRITERS[fmt](sys.stdout)
    with stdin_inputs(inputs) as paths:
        stats = run_extraction(paths, date=date, config=cfg, max_bytes=max_bytes, emit=writer, workers=workers)
    writer.close()
    if stats.passed_over:
        names = ", ".join(str(s.source) for s in stats.passed_over[:10])
        more = f" and {len(stats.passed_over) - 10} more" if len(stats.passed_over) > 10 else ""
        click.echo(f"note: passed over {len(stats.passed_over)} file(s) in the folders that are not articles: "
                   f"{names}{more}", err=True)
    if stats.failed:
        click.echo(f"{stats.input_errors} input problem(s), {stats.document_errors} failed document(s); "
                   f"{stats.documents} document(s) processed, {stats.events} event(s)", err=True)
        sys.exit(1)


def find_scorer(explicit: str | None) -> Path:
    """The shared scorer: --scorer, else ../shared/eval/score.py near the cwd or this repository."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise click.BadParameter(f"no scorer at {explicit}", param_hint="--scorer")
        return path
    repo = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), repo):
        for rel in SCORER_CANDIDATES:
            if (base / rel).is_file():
                return (base / rel).resolve()
    raise click.UsageError("cannot find the scorer (looked for ../shared/eval/score.py from the current "
                           "directory and the repository); give its path with --scorer")


def write_actor_records(path: Path) -> None:
    """The system's actor dictionary as JSONL {name, aliases}, for the scorer's --actors."""
    from ..actors.dictionary import ActorDictionary

    with path.open("w", encoding="utf-8") as fh:
        for rec in ActorDictionary.load_default().to_records():
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


@click.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), metavar="GOLD.jsonl",
              help="Gold events in the annotation guide's shape.")
@click.option("--gold-actors", required=True, type=click.Path(exists=True, dir_okay=False),
              metavar="ALIASES.json", help="Gold actor aliases {canonical: [aliases]}.")
@click.option("--scorer", type=click.Path(dir_okay=False), metavar="PATH",
              help="score.py to use (default: ../shared/eval/score.py).")
@click.option("--show-errors", type=click.IntRange(min=0), default=0, metavar="N",
              help="List up to N missed and spurious events.")
@click.option("--json", "as_json", is_flag=True, help="Print the scorer's JSON report.")
@_run_options
@_input_arg
def eval_cmd(gold: str, gold_actors: str, scorer: str | None, show_errors: int, as_json: bool,
             date: str | None, config: str | None, max_bytes: int, workers: int | None,
             inputs: tuple[str, ...]) -> None:
    """Extract events from INPUT and score them against GOLD with the shared scorer.

    Prints the scorer's report (strict, quad and polarity F1; status and source
    accuracy) and exits with the scorer's exit code.
    """
    score_py = find_scorer(scorer)
    cfg = _load_config(config)
    with tempfile.TemporaryDirectory(prefix="factionmap-eval-") as tmp:
        pred, actors = Path(tmp) / "pred.jsonl", Path(tmp) / "actors.jsonl"
        with pred.open("w", encoding="utf-8") as fh:
            stats = run_extraction(inputs, date=date, config=cfg, max_bytes=max_bytes, emit=JsonlWriter(fh),
                                   workers=workers)
        if stats.failed:
            click.echo(f"warning: {stats.input_errors} input problem(s), {stats.document_errors} failed "
                       "document(s); scoring what was extracted", err=True)
        write_actor_records(actors)
        cmd = [sys.executable, str(score_py), "--gold", gold, "--gold-actors", gold_actors, "--pred", str(pred),
               "--actors", str(actors)]
        if show_errors:
            cmd += ["--show-errors", str(show_errors)]
        if as_json:
            cmd.append("--json")
        done = subprocess.run(cmd, capture_output=True, text=True)
    click.echo(done.stdout, nl=False)
    if done.stderr:
        click.echo(done.stderr, nl=False, err=True)
    sys.exit(done.returncode)


def register(cli: click.Group) -> None:
    cli.add_command(extract)
    cli.add_command(eval_cmd)
