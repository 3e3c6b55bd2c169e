"""The pipeline version follows the code, the data and the user actor file: ingest re-processes a
store after a change to the lexicon or to the actor file, and skips it after no change.

Each ingest runs as its own process (as a user runs it). The lexicon change is made in a copy
of the package, put first on the path, so the checkout is never touched."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import factionmap
from factionmap.pipeline import pipeline_version

ARTICLE = ("TITLE: Clashes near the pass\nDATE: 2021-03-02\n\n"
           "The GHB attacked the Taliban near the pass on Monday, officials said.\n")


def ingest(tmp_path: Path, article: Path, db: Path, *extra: str, pythonpath: Path | None = None,
           actors: Path | None = None) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if k not in ("FACTIONMAP_ACTORS", "PYTHONPATH")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no user file from the machine's home
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    if actors:
        env["FACTIONMAP_ACTORS"] = str(actors)
    code = "import sys; from factionmap.cli.main import main; sys.argv[0] = 'factionmap'; main()"
    r = subprocess.run([sys.executable, "-c", code, "ingest", str(article), "--db", str(db), "-q", *extra],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    m = re.search(r"processed (\d+) \(added (\d+), replaced (\d+), unchanged (\d+)\), skipped (\d+)", r.stderr)
    assert m, r.stderr
    return dict(zip(("processed", "added", "replaced", "unchanged", "skipped"), map(int, m.groups())))


def events_of(db: Path) -> set[tuple[str, str, str]]:
    from factionmap.store import Store

    with Store.open(str(db)) as s:
        return {(e["actor"], e["type"], e["recipient"]) for e in s.events()}


def test_the_version_is_a_hash_of_what_extraction_reads(tmp_path):
    v = pipeline_version()
    assert v == pipeline_version() and re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", v)
    f = tmp_path / "actors.jsonl"
    f.write_text('{"name": "Grey Hand Brigade", "kind": "armed_group"}\n')
    with_file = pipeline_version(extra_files=[f])
    assert with_file != v
    f.write_text('{"name": "Grey Hand Brigade", "kind": "armed_group", "aliases": ["GHB"]}\n')
    assert pipeline_version(extra_files=[f]) not in (v, with_file)


def test_ingest_reprocesses_after_an_actor_file_change_and_skips_after_none(tmp_path):
    article = tmp_path / "pass.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "v.db"
    assert ingest(tmp_path, article, db)["added"] == 1
    assert ingest(tmp_path, article, db)["skipped"] == 1  # no change: skipped
    before = events_of(db)
    actors = tmp_path / "actors.jsonl"
    actors.write_text(json.dumps({"name": "Grey Hand Brigade", "kind": "armed_group", "aliases": ["GHB"]}) + "\n")
    assert ingest(tmp_path, article, db, actors=actors)["replaced"] == 1  # the file is new: re-processed
    after = events_of(db)
    assert ("Grey Hand Brigade", "ASSAULT", "Taliban") in after - before  # its names are matched: "GHB"
    assert ingest(tmp_path, article, db, actors=actors)["skipped"] == 1
    actors.write_text(actors.read_text() + json.dumps({"name": "Pass Watch", "kind": "armed_group"}) + "\n")
    assert ingest(tmp_path, article, db, actors=actors)["replaced"] == 1  # the file changed


def test_ingest_reprocesses_after_a_lexicon_change(tmp_path):
    article = tmp_path / "pass.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = tmp_path / "lex.db"
    copy = tmp_path / "pkg"
    shutil.copytree(Path(factionmap.__file__).parent, copy / "factionmap",
                    ignore=shutil.ignore_patterns("__pycache__", "vendor", "static"))
    assert ingest(tmp_path, article, db, pythonpath=copy)["added"] == 1
    lexicon = copy / "factionmap" / "data" / "lexicon.tsv"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "VERB\tpummel\tASSAULT\tno\t-\t-\n", encoding="utf-8")
    assert ingest(tmp_path, article, db, pythonpath=copy)["replaced"] == 1
    # the map's own rules are not extraction: changing them re-processes nothing
    states = copy / "factionmap" / "data" / "relationship_states.json"
    data = json.loads(states.read_text(encoding="utf-8"))
    data["contest_window_days"] += 1
    states.write_text(json.dumps(data), encoding="utf-8")
    assert ingest(tmp_path, article, db, pythonpath=copy)["skipped"] == 1


@pytest.fixture(autouse=True)
def _no_leaked_user_file(monkeypatch):
    monkeypatch.delenv("FACTIONMAP_ACTORS", raising=False)
