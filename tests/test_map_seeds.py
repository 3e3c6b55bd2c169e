"""End to end on the seed articles: the real pipeline ingests them, then the map must
find the dyad states, the three contradictions the articles report and the strength
claims. The articles are read from ../shared; nothing of them is copied here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from factionmap.cli.main import cli

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds" / "docs.jsonl"
TB, ISKP, IS = "Taliban", "Islamic State Khorasan Province", "Islamic State"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    r = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--db", str(path), "--quiet"])
    assert r.exit_code == 0, r.output
    return str(path)


def _run(*args: str):
    r = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def _parties(c) -> set[str]:
    return set(c["dyad"]) | {x for r in c["claims"] for x in (r["actor"], r["recipient"])}


def test_taliban_and_the_khorasan_branch_are_at_war_with_the_truce_contested(db):
    d = _run("dyad", "Taliban", "ISKP", "--db", db, "--at", "2016-08")
    st = d["state"]
    assert st["state"] == "at war" and st["label"].startswith("at war; truce (contested)"), st["label"]
    war, truce = st["states"][0], next(v for v in st["states"] if v["state"] == "truce")
    assert war["standing"] == "established" and war["by_status"].get("asserted", 0) >= 1
    assert any(e["type"] == "ASSAULT" for e in war["because"]), "the state must name the events that made it"
    # the truce: reported by the WSJ, denied by the Taliban, against the fighting reported at the same time
    assert truce["standing"] == "contested" and set(truce["contested_by"]) == {"denial", "at war"}
    assert "Wall Street Journal" in " ".join(truce["sources"]) and "Taliban" in truce["denied_by"]
    # as of the store's latest news (2018) the war still stands, fading, and the truce is still contested
    now = _run("dyad", "Taliban", "ISKP", "--db", db)["state"]
    assert [(v["state"], v["standing"]) for v in now["states"]][:2] == [("at war", "fading"), ("truce", "contested")]
    rolled = _run("dyad", "Taliban", "Islamic State", "--db", db, "--rollup", "--at", "2016-08")
    assert len(rolled["events"]) >= len(d["events"])
    assert rolled["state"]["state"] == "at war"
    edges = _run("graph", "--db", db, "--until", "2016-08")["edges"]
    edge = next(e for e in edges if {e["source"], e["target"]} == {TB, ISKP})
    assert edge["label"] == st["label"]  # the graph and the dyad say the same


def test_truce_report_against_declared_war_and_the_denial(db):
    found = _run("contradictions", "--db", db)
    opp = [c for c in found if c["kind"] == "opposing_reports" and TB in _parties(c)
           and _parties(c) & {ISKP, IS} and c["states"][0] == "truce"]
    assert opp, [c["explanation"] for c in found]
    assert any("reported truce vs. continued fighting" in c["explanation"] for c in opp)
    claims = [r for c in opp for r in c["claims"]]
    truce = [r for r in claims if r["side"] == "truce" and r["type"] in ("AGREE", "RETREAT", "CONCEDE")]
    assert any("Wall Street Journal" in r["source"] for r in truce), truce
    war = [r for r in claims if r["side"] in ("at war", "hostile")]
    assert any("Afghanistan Times" in r["source"] or "Taliban" in r["source"] for r in war), war
    denied = [c for c in found if c["kind"] == "claim_vs_denial" and TB in _parties(c) and _parties(c) & {ISKP, IS}
              and any(r["type"] in ("AGREE", "RETREAT", "CONCEDE") for r in c["claims"])]
    assert denied and "denied by Taliban" in denied[0]["explanation"]
    assert any(r["side"] == "denial of the truce" for r in claims)


def test_russian_support_against_the_kremlin_denial(db):
    found = _run("contradictions", "--db", db, "--kind", "claim_vs_denial")
    hits = [c for c in found if {"Russia", TB} <= _parties(c)
            and any(r["status"] == "denied" and r["type"] in ("AID", "SUPPORT", "COOPERATE") for r in c["claims"])]
    assert hits, [c["explanation"] for c in found]


def test_taliban_coordination_with_kabul_against_the_ministry_denial(db):
    found = _run("contradictions", "--db", db, "--kind", "claim_vs_denial")
    hits = [c for c in found if {"Afghanistan", TB} <= _parties(c)
            and any(r["status"] == "denied" and r["type"] in ("COOPERATE", "AID", "SUPPORT") for r in c["claims"])]
    assert hits, [c["explanation"] for c in found]


def test_strength_claims_in_actor_profiles(db):
    iskp = _run("actor", "Islamic State Khorasan Province", "--db", db)
    assert iskp["parent"] == IS
    peak = [q for q in iskp["quantities"] if q["measure"] == "strength" and "3,000" in q["value_text"]]
    assert peak and any(q["low"] == 1000 and q["high"] == 1500 for q in peak)
    assert any("United States" in q["claimed_by"] for q in peak)
    taliban = _run("actor", "Taliban", "--db", db)
    forty = [q for q in taliban["quantities"] if q["high"] == 40000]
    assert forty and forty[0]["claimed_by"][:1] == ["Russia"] and forty[0]["date"] == "2015-10"
    assert any(q["measure"] == "casualties" and q["low"] == 42 and {"UN", "United Nations"} & set(q["claimed_by"])
               for q in taliban["quantities"])
    aq = _run("actor", "al-Qaeda", "--db", db)
    assert any(q["high"] == 300 and "CNN" in q["claimed_by"] for q in aq["quantities"])
    assert any(r["counterpart"] == TB for r in taliban["relations"] + aq["relations"])


def test_report_for_the_seed_articles(db, tmp_path):
    r = CliRunner().invoke(cli, ["report", "--db", db, "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    html = (tmp_path / "factionmap-report.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "Wall Street Journal" in html and "opposing reports" in html
