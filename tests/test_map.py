"""The map layer on hand-built events in a real SQLite store: states, persistence, --at,
rollup, reviews, contradictions, exports and the CLI faces."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from map_helpers import build_store, ev

from factionmap.cli.main import cli
from factionmap.graph import export, scoring
from factionmap.graph.contradictions import contradictions
from factionmap.graph.names import Names
from factionmap.graph.network import build_graph
from factionmap.graph.relations import dyad
from factionmap.graph.source import actor_names, load_events

TB, ISKP, IS = "Taliban", "Islamic State Khorasan Province", "Islamic State"


@pytest.fixture()
def store(tmp_path):
    docs = {
        "a1": {"date": "2015-04-10", "outlet": "Paper A", "events": [
            ev("a1", ISKP, TB, "ASSAULT", mutual=True),
            ev("a1", TB, ISKP, "THREATEN"),
        ]},
        "a2": {"date": "2016-08-05", "outlet": "Paper B", "events": [
            ev("a2", TB, ISKP, "AGREE", mutual=True, status="reported", claimed_by=["Wall Street Journal"]),
            ev("a2", TB, IS, "THREATEN", status="reported", claimed_by=["Afghanistan Times", TB]),
            ev("a2", "Russia", TB, "AID", status="denied", claimed_by=["Russia"]),
            ev("a2", TB, "Afghanistan", "COOPERATE", mutual=True, status="denied", claimed_by=["Afghanistan"]),
        ]},
        "a3": {"date": "2016-08-20", "outlet": "Paper C", "events": [
            ev("a3", TB, ISKP, "AGREE", mutual=True, status="denied", claimed_by=[TB]),
            ev("a3", TB, "Iran", "COOPERATE", mutual=True, status="reported"),
            ev("a3", TB, "Afghanistan", "COOPERATE", mutual=True, status="reported", claimed_by=[TB]),
        ]},
        "a4": {"date": "2018-02", "outlet": "Paper D", "events": [
            ev("a4", TB, "United States", "SUPPORT", aux=["future"]),
            ev("a4", TB, "United States", "ACCUSE"),
            ev("a4", TB, "United States", "THREATEN"),
        ]},
    }
    s = build_store(tmp_path / "map.db", docs)
    yield s
    s.close()


@pytest.fixture()
def names(store):
    return Names(store_names=actor_names(store.engine))


def test_scores_follow_the_plover_manual_and_status_weights():
    assert scoring.type_score("AID") == 10 and scoring.type_score("ASSAULT") == -9
    assert scoring.type_score("ASSAULT", "drone") == -9.5
    assert scoring.type_score("ACCUSE") < 0  # the manual's +3 is a sign typo
    asserted = scoring.weighted_score({"type": "AGREE", "status": "asserted", "aux": []})
    reported = scoring.weighted_score({"type": "AGREE", "status": "reported", "aux": []})
    alleged = scoring.weighted_score({"type": "AGREE", "status": "alleged", "aux": []})
    denied = scoring.weighted_score({"type": "AGREE", "status": "denied", "aux": []})
    assert asserted > reported > alleged > denied > 0
    assert scoring.weighted_score({"type": "ASSAULT", "status": "asserted", "aux": ["negated"]}) == 0


def test_dyad_state_persists_and_can_be_asked_for_any_date(store, names):
    dy = dyad(store.engine, names, "Taliban", "ISKP")  # an alias resolves through the dictionary
    assert (dy.a, dy.b) == (TB, ISKP)
    assert [e["date"] for e in dy.events] == sorted(e["date"] for e in dy.events)
    assert dy.state_at("2015-01")["state"] == "no relation"
    at = dy.state_at("2015-12-31")
    assert at["state"] == "rival" and at["since"] == "2015-04-10"
    assert {e["type"] for e in at["because"]} == {"ASSAULT", "THREATEN"}
    # nothing new for a year: the relation persists (Mapping Militant Organizations rule)
    assert dy.state_at("2016-07")["state"] == "rival"
    # a reported truce is contrary evidence: the state flips ...
    then = dy.state_at("2016-08-10")
    assert then["state"] == "allied" and then["since"] == "2016-08-05"
    assert any(e["type"] == "AGREE" and e["status"] == "reported" for e in then["because"])
    # ... until the truce is denied: the change is undone, the rivalry dates from before
    now = dy.current
    assert now["state"] == "rival" and now["since"] == "2015-04-10"
    assert "denied" in now["reason"] and dy.changes[-1].date == "2016-08-20"
    assert "Wall Street Journal" in json.dumps(dy.to_json())


def test_rollup_counts_branch_events_toward_parent(store, names):
    plain = dyad(store.engine, names, "Taliban", "Islamic State")
    rolled = dyad(store.engine, names, "Taliban", "Islamic State", rollup=True)
    assert len(plain.events) == 1
    assert len(rolled.events) == 5
    G = build_graph(store.engine, names, rollup=True)
    assert not G.has_edge(TB, ISKP) and G[TB][IS]["events"] == 5
    G2 = build_graph(store.engine, names)
    assert G2.has_edge(TB, ISKP) and G2.has_edge(TB, IS)


def test_denied_claims_alone_make_no_relation(store, names):
    dy = dyad(store.engine, names, "Russia", "Taliban")
    assert dy.current["state"] == "no relation"
    G = build_graph(store.engine, names)
    assert G["Russia"][TB]["state"] == "no relation"
    assert G["Russia"][TB]["by_status"] == {"denied": 1}


def test_graph_edges_carry_state_counts_and_strongest_evidence(store, names):
    G = build_graph(store.engine, names)
    e = G[TB][ISKP]
    assert e["events"] == 4 and e["by_quad"]["material conflict"] == 1
    assert e["strongest"]["type"] == "ASSAULT"
    assert G[TB]["Iran"]["state"] == "allied"
    assert G.nodes[TB]["kind"] == "armed_group"
    assert G.nodes["Russia"]["kind"] == "state"
    period = build_graph(store.engine, names, since="2016", until="2016")
    assert not period.has_edge(TB, "United States") and period[TB][ISKP]["events"] == 2
    assert {frozenset(e) for e in build_graph(store.engine, names, actor="Iran").edges} == {frozenset((TB, "Iran"))}
    assert build_graph(store.engine, names, min_events=3).number_of_edges() == 2


def test_reviews_hide_wrong_events_and_apply_corrections(store, names):
    iran = store.events(dyad=(TB, "Iran"))[0]
    store.add_review(iran["id"], "corrected", reviewer="t", type="ASSAULT")
    G = build_graph(store.engine, names)
    assert G[TB]["Iran"]["state"] == "rival"
    store.add_review(iran["id"], "wrong", reviewer="t")
    assert not build_graph(store.engine, names).has_edge(TB, "Iran")
    assert dyad(store.engine, names, TB, "Iran").events == []


def _by_kind(found):
    out = {}
    for c in found:
        out.setdefault(c.kind, []).append(c)
    return out


def test_contradictions_of_every_kind(store, names):
    found = _by_kind(contradictions(store.engine, names))
    # truce (WSJ) against war declared (Afghanistan Times) — across the branch/parent levels — and its denial
    opp = [c for c in found["opposing_reports"] if set(c.dyad) == {TB, ISKP}]
    assert len(opp) == 1
    sides = {(r["side"], r["type"], r["source"]) for r in opp[0].claims}
    assert ("cooperation", "AGREE", "Wall Street Journal") in sides
    assert ("conflict", "THREATEN", "Afghanistan Times, Taliban") in sides
    assert ("denial of cooperation", "AGREE", TB) in sides
    denials = {frozenset(c.dyad): c for c in found["claim_vs_denial"]}
    assert frozenset({"Russia", TB}) in denials
    coop = denials[frozenset({TB, "Afghanistan"})]
    assert {r["side"] for r in coop.claims} == {"claim", "denied claim"}
    truce = denials[frozenset({TB, ISKP})]
    assert any(r["side"] == "claim" and r["source"] == "Wall Street Journal" for r in truce.claims)
    selfc = found["self_contradiction"]
    assert any(c.dyad == (TB, "United States") for c in selfc)
    # the default window is 90 days: a 2015 threat does not contradict a 2016 truce
    assert all(c.period[0] >= "2016" for c in found["opposing_reports"])
    narrow = contradictions(store.engine, names, window_days=5, kinds=["opposing_reports"])
    assert narrow and all(c.kind == "opposing_reports" for c in narrow)


def test_exports_open_in_networkx_csv_and_json(store, names, tmp_path):
    G = build_graph(store.engine, names)
    g1 = nx.read_graphml(io.BytesIO(export.graphml(G).encode()))
    assert g1.has_edge(TB, ISKP) and g1[TB][ISKP]["state"] == "rival"
    assert g1[TB][ISKP]["events_material_conflict"] == 1
    g2 = nx.read_gexf(io.BytesIO(export.gexf(G).encode()))
    assert g2.number_of_edges() == G.number_of_edges()
    g3 = nx.node_link_graph(json.loads(json.dumps(export.node_link(G))))
    assert set(g3.nodes) == set(G.nodes)
    events = load_events(store.engine)
    paths = export.write("csv", G, events, str(tmp_path / "csv"))
    rows = {p.rsplit("/", 1)[1]: list(csv.DictReader(open(p, encoding="utf-8"))) for p in paths}
    assert len(rows["events.csv"]) == len(events) and len(rows["edges.csv"]) == G.number_of_edges()
    assert {"id", "kind"} <= set(rows["nodes.csv"][0])
    lines = [json.loads(x) for x in export.plover_jsonl(events, names).splitlines()]
    assert len(lines) == len(events)
    mutual = next(x for x in lines if x["event"] == ["ASSAULT"])
    assert len(mutual["actor"]) == 2 and mutual["recipient"] == [] and mutual["quad_code"] == 4


def test_cli_faces_print_json_and_a_self_contained_report(store, tmp_path):
    db = str(tmp_path / "map.db")
    run = CliRunner().invoke
    r = run(cli, ["dyad", "Taliban", "IS-K", "--db", db, "--format", "json", "--at", "2016-01"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["state"]["state"] == "rival"
    r = run(cli, ["dyad", "Taliban", "ISKP", "--db", db])
    assert r.exit_code == 0 and "rival since 2015-04-10" in r.output
    r = run(cli, ["graph", "--db", db, "--format", "json", "--min-events", "2"])
    assert r.exit_code == 0 and all(e["events"] >= 2 for e in json.loads(r.output)["edges"])
    r = run(cli, ["contradictions", "--db", db, "--format", "json"])
    assert r.exit_code == 0 and {c["kind"] for c in json.loads(r.output)} == {
        "opposing_reports", "claim_vs_denial", "self_contradiction"}
    r = run(cli, ["actor", "Taliban", "--db", db, "--format", "json"])
    prof = json.loads(r.output)
    assert prof["kind"] == "armed_group" and "Haqqani Network" in prof["branches"]
    assert prof["relations"][0]["counterpart"] in (ISKP, "Afghanistan", "United States", IS, "Iran", "Russia")
    r = run(cli, ["export", "--format", "plover", "--db", db])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 12
    out = tmp_path / "rep"
    r = run(cli, ["report", "--db", db, "--out", str(out), "--format", "json"])
    assert r.exit_code == 0, r.output
    html = (out / "factionmap-report.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Wall Street Journal" in html
    assert "<script src" not in html and "<link" not in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", "")
    bad = run(cli, ["dyad", "a", "b", "--db", str(tmp_path / "missing.db")])
    assert bad.exit_code != 0 and "missing.db" in bad.output and "Traceback" not in bad.output
    bad = run(cli, ["graph", "--db", db, "--since", "2016-13"])
    assert bad.exit_code != 0 and "2016-13" in bad.output
