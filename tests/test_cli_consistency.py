"""The CLI behaves the same way everywhere: FACTIONMAP_DB, stores that must exist, one date type,
one actor-name resolver (exit 2 with suggestions), standard input, and the same filters on
events, graph and export. Also ``actors --candidates`` and the user actor file."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from map_helpers import Mention, build_store, ev

from factionmap.cli.main import cli

TB, ISKP, IS, HQN = "Taliban", "Islamic State Khorasan Province", "Islamic State", "Haqqani Network"


@pytest.fixture(autouse=True)
def no_user_actor_file(monkeypatch, tmp_path):
    """--actors-file sets FACTIONMAP_ACTORS for the process (and its workers): undo it after each test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no ~/.config file of the machine's user
    monkeypatch.setenv("FACTIONMAP_ACTORS", "")
    monkeypatch.delenv("FACTIONMAP_ACTORS")
    yield


@pytest.fixture()
def db(tmp_path):
    docs = {
        "a1": {"date": "2019-03-01", "events": [
            ev("a1", TB, ISKP, "ASSAULT", mutual=True),
            ev("a1", HQN, IS, "THREATEN"),
            ev("a1", "Pakistan", TB, "ACCUSE", status="reported", claimed_by=["Dawn"]),
        ]},
        "a2": {"date": "2019-05", "text": "The Grey Hand Brigade shelled Taliban posts. Later the Grey Hand Brigade withdrew.",
               "events": [ev("a2", TB, "Pakistan", "CONSULT", mutual=True)],
               "mentions": [Mention(4, 21, "Grey Hand Brigade", "Grey Hand Brigade", "candidate", sentence=0)],
               "candidates": ["Grey Hand Brigade"]},
    }
    s = build_store(tmp_path / "cli.db", docs)
    s.close()
    return str(tmp_path / "cli.db")


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env, input=input)


READ_COMMANDS = [
    ["events"], ["dyad", "Taliban", "ISKP"], ["graph"], ["contradictions"], ["actor", "Taliban"],
    ["export", "--format", "json"], ["actors", "--candidates"],
]


@pytest.mark.parametrize("cmd", READ_COMMANDS, ids=lambda c: c[0])
def test_factionmap_db_works_for_every_command(db, cmd):
    r = run(*cmd, env={"FACTIONMAP_DB": db})
    assert r.exit_code == 0, r.output
    assert "Taliban" in r.output or "Grey Hand" in r.output or r.output == "no contradictions found\n"


@pytest.mark.parametrize("cmd", READ_COMMANDS + [["report"]], ids=lambda c: c[0])
def test_a_mistyped_store_is_an_error_not_a_new_empty_store(tmp_path, cmd):
    wrong = tmp_path / "factionmapp.db"
    r = run(*cmd, "--db", str(wrong))
    assert r.exit_code == 2, r.output
    assert "factionmapp.db: no store there" in r.output and "Traceback" not in r.output
    assert not wrong.exists()
    r = run(*cmd, env={"FACTIONMAP_DB": str(wrong)})
    assert r.exit_code == 2 and "FACTIONMAP_DB" in r.output


@pytest.mark.parametrize("cmd", [
    ["dyad", "Foo Bar", "Taliban"], ["actor", "Nobody Here"], ["events", "--actor", "Nobody Here"],
    ["events", "--dyad", "Taliban", "Foo Bar"], ["graph", "--actor", "Nobody Here"],
    ["contradictions", "--actor", "Nobody Here"], ["export", "--format", "json", "--actor", "Nobody Here"],
], ids=lambda c: " ".join(c[:2]))
def test_unknown_names_exit_2_with_suggestions(db, cmd):
    r = run(*cmd, "--db", db)
    assert r.exit_code == 2, r.output
    assert "no actor named" in r.output and "did you mean:" in r.output
    assert "Badr" not in r.output.split("did you mean")[0]  # never silently another actor


def test_a_near_miss_is_suggested_and_aliases_resolve_in_any_case(db):
    r = run("dyad", "Talibann", "iskp", "--db", db)
    assert r.exit_code == 2 and "no actor named 'Talibann'; did you mean: Taliban" in r.output
    r = run("dyad", "taliban", "is-k", "--db", db, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["dyad"] == [TB, ISKP]


@pytest.mark.parametrize("cmd", [
    ["events", "--since", "2019-13"], ["graph", "--until", "last week"], ["dyad", "Taliban", "ISKP", "--at", "2019-02-30"],
    ["contradictions", "--since", "2019/03"], ["export", "--format", "json", "--since", "March"],
    ["report", "--until", "2019-1"], ["events", "--since", "2020", "--until", "2019"],
], ids=lambda c: c[0] + " " + c[-1])
def test_dates_are_validated_the_same_way_everywhere(db, cmd, tmp_path):
    r = run(*cmd, "--db", db)
    assert r.exit_code == 2, r.output
    assert cmd[-1] in r.output and ("is not a date" in r.output or "is after" in r.output)


def test_ingest_checks_its_date_and_reads_standard_input(tmp_path):
    store = str(tmp_path / "in.db")
    r = run("ingest", "-", "--db", store, "--date", "not a date", input="x")
    assert r.exit_code == 2 and "'not a date' is not a date" in r.output
    r = run("ingest", "-", "--db", store, "--date", "2021-02-30", input="x")
    assert r.exit_code == 2 and "is not a date" in r.output
    text = "The Taliban attacked Islamic State Khorasan Province fighters in Nangarhar on Monday.\n"
    r = run("ingest", "-", "--db", store, "--date", "2021-05-03", "-q", input=text)
    assert r.exit_code == 0, r.output
    events = json.loads(run("events", "--db", store, "--format", "json").output)
    assert [(e["actor"], e["type"], e["recipient"], e["date"]) for e in events] == [
        (TB, "ASSAULT", ISKP, "2021-05-03")]
    assert events[0]["doc_id"].startswith("stdin-")
    lines = '{"id": "j1", "date": "2021-06", "text": "The Taliban clashed with ISKP fighters in Kunar."}\n'
    r = run("extract", "-", input=lines)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output.splitlines()[0])["doc"] == "j1"


def test_events_by_recipient_dyad_and_rollup(db):
    def ids(*args: str) -> set[tuple[str, str, str]]:
        r = run("events", "--db", db, "--format", "json", *args)
        assert r.exit_code == 0, r.output
        return {(e["actor"], e["type"], e["recipient"]) for e in json.loads(r.output)}

    assert ids("--recipient", "Taliban") == {("Pakistan", "ACCUSE", TB)}
    assert ids("--dyad", "Pakistan", "Taliban") == {("Pakistan", "ACCUSE", TB), (TB, "CONSULT", "Pakistan")}
    assert ids("--dyad", "Taliban", "Islamic State") == set()
    assert ids("--dyad", "Taliban", "Islamic State", "--rollup") == {(TB, "ASSAULT", ISKP), (HQN, "THREATEN", IS)}
    assert ids("--actor", "Islamic State", "--rollup") == {(TB, "ASSAULT", ISKP), (HQN, "THREATEN", IS)}


def test_export_takes_the_filters_graph_has(db, tmp_path):
    for fmt in ("json", "plover"):
        r = run("export", "--format", fmt, "--db", db, "--type", "ASSAULT", "--type", "CONSULT", "--status", "asserted")
        assert r.exit_code == 0, r.output
        if fmt == "json":
            links = json.loads(r.output)["edges"]
            assert sorted((lk["events"], lk["state"]) for lk in links) == [(1, "at war"), (1, "negotiating")]
        else:
            assert sorted(json.loads(x)["event"][0] for x in r.output.splitlines()) == ["ASSAULT", "CONSULT"]
    graph = json.loads(run("graph", "--db", db, "--format", "json", "--status", "reported").output)
    export = json.loads(run("export", "--format", "json", "--db", db, "--status", "reported").output)
    assert [(e["source"], e["target"]) for e in graph["edges"]] == [(lk["source"], lk["target"]) for lk in export["edges"]]


def test_candidates_and_the_user_actor_file(db, tmp_path):
    r = run("actors", "--candidates", "--db", db, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(x["name"], x["documents"], x["mentions"], x["doc_id"]) for x in rows] == [
        ("Grey Hand Brigade", 1, 1, "a2")]
    actors = tmp_path / "actors.jsonl"
    actors.write_text(json.dumps({"name": "Grey Hand Brigade", "kind": "armed_group", "aliases": ["GHB"]}) + "\n")
    r = run("--actors-file", str(actors), "actors", "--candidates", "--db", db)
    assert r.exit_code == 0 and "no unknown organisation-like names" in r.output
    r = run("--actors-file", str(actors), "actors", "--search", "GHB", "--format", "json")
    assert json.loads(r.output)[0]["name"] == "Grey Hand Brigade"
    # a correction: a new alias for a known actor, and a broken line named by file and line
    actors.write_text(json.dumps({"name": "ISKP", "aliases": ["Khorasan Emirate Wing"]}) + "\n{not json\n")
    r = run("--actors-file", str(actors), "actors", "--search", "Khorasan Emirate Wing")
    assert r.exit_code != 0 and f"{actors}:2" in r.output
    actors.write_text(json.dumps({"name": "ISKP", "aliases": ["Khorasan Emirate Wing"]}) + "\n")
    r = run("--actors-file", str(actors), "dyad", "Khorasan Emirate Wing", "Taliban", "--db", db, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["dyad"] == [ISKP, TB]
    del os.environ["FACTIONMAP_ACTORS"]  # what the option set for this process
    r = run("dyad", "Khorasan Emirate Wing", "Taliban", "--db", db)
    assert r.exit_code == 2  # without the file the alias is unknown
    assert Path(actors).exists()
