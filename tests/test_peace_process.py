"""End to end: a short fictional peace process, written for this test, read by the real pipeline
(its actors come from a user actor file), gives the states an analyst expects at each date:
fighting, then talks through a mediator, then a ceasefire, then a breach."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from factionmap.cli.main import cli

ACTORS = [
    {"name": "Northern Liberation Front", "kind": "armed_group", "aliases": ["NLF"]},
    {"name": "Karvia", "kind": "state", "aliases": ["Karvian army", "Karvian forces", "Karvian government"]},
    {"name": "Lake Council", "kind": "igo", "aliases": []},
]
STORY = [
    ("p1", "2021-01-10", "Front attacks army posts",
     "Fighters of the Northern Liberation Front attacked Karvian army positions near Dorin on Sunday. "
     "Karvia and the Northern Liberation Front have fought for months."),
    ("p2", "2021-03-15", "Talks in Selo",
     "The Lake Council mediated between Karvia and the Northern Liberation Front in Selo on Monday. "
     "Karvia and the Northern Liberation Front held talks in Selo."),
    ("p3", "2021-05-20", "Ceasefire agreed",
     "Karvia and the Northern Liberation Front agreed to a ceasefire on Thursday, the Lake Council said."),
    ("p4", "2021-07-25", "Ceasefire breaks down",
     "The Northern Liberation Front attacked Karvian forces in Dorin on Sunday, breaking the ceasefire. "
     "Karvia and the Northern Liberation Front fought in Dorin until nightfall."),
]


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    root = tmp_path_factory.mktemp("peace")
    actors = root / "actors.jsonl"
    actors.write_text("".join(json.dumps(a) + "\n" for a in ACTORS), encoding="utf-8")
    articles = root / "story.jsonl"
    articles.write_text("".join(json.dumps({"id": i, "date": d, "title": t, "text": x}) + "\n"
                                for i, d, t, x in STORY), encoding="utf-8")
    db = root / "peace.db"
    r = CliRunner().invoke(cli, ["--actors-file", str(actors), "ingest", str(articles), "--db", str(db), "-q"])
    assert r.exit_code == 0, r.output
    yield str(db), str(actors)
    import os

    os.environ.pop("FACTIONMAP_ACTORS", None)


def dyad(story, a, b, *args):
    db, actors = story
    r = CliRunner().invoke(cli, ["--actors-file", actors, "dyad", a, b, "--db", db, "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


@pytest.mark.parametrize("at, expected", [
    ("2020-12", "no relation"),
    ("2021-02", "at war"),  # fighting
    ("2021-04", "at war; negotiating"),  # talks through a mediator, while at war
    ("2021-06", "truce; negotiating"),  # the ceasefire ends the war; the talks go on
    ("2021-08", "at war; negotiating"),  # the breach ends the truce
])
def test_the_states_at_each_date(story, at, expected):
    st = dyad(story, "Karvia", "NLF", "--at", at)["state"]
    assert st["label"] == expected, st["reason"]


def test_the_changes_and_what_ended_what(story):
    d = dyad(story, "Karvia", "NLF")
    assert [(c["date"], c["label"]) for c in d["changes"]] == [
        ("2021-01-10", "at war"), ("2021-03-15", "at war; negotiating"), ("2021-05-20", "truce; negotiating"),
        ("2021-07-25", "at war; negotiating")]
    st = d["state"]
    assert st["states"][0]["since"] == "2021-07-25"  # the war again, since the breach
    ended = {(e["state"], e["since"], e["until"]) for e in st["ended"]}
    assert ended == {("at war", "2021-01-10", "2021-05-20"), ("truce", "2021-05-20", "2021-07-25")}
    truce = dyad(story, "Karvia", "NLF", "--at", "2021-06")["state"]["states"][0]
    assert truce["state"] == "truce" and truce["by_status"] == {"reported": 1}
    assert "Lake Council" in truce["sources"]


def test_the_mediator_is_mediating_not_allied(story):
    for party in ("Karvia", "Northern Liberation Front"):
        st = dyad(story, "Lake Council", party)["state"]
        assert st["label"] == "mediating", st["reason"]
