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
            ev("a2", TB, ISKP, "AGREE", mutual=True, status="reported", claimed_by=["Wall Street Journal"],
               trigger="truce", evidence="the Taliban and the Khorasan branch agreed a truce, WSJ said"),
            ev("a2", TB, IS, "THREATEN", status="reported", claimed_by=["Afghanistan Times", TB]),
            ev("a2", "Russia", TB, "AID", status="denied", claimed_by=["Russia"]),
            ev("a2", TB, "Afghanistan", "COOPERATE", mutual=True, status="denied", claimed_by=["Afghanistan"]),
        ]},
        "a3": {"date": "2016-08-20", "outlet": "Paper C", "events": [
            ev("a3", TB, ISKP, "AGREE", mutual=True, status="denied", claimed_by=[TB], trigger="truce",
               evidence="the Taliban denied any truce with the Khorasan branch"),
            ev("a3", TB, "Iran", "COOPERATE", mutual=True, status="reported"),
            ev("a3", TB, "Afghanistan", "COOPERATE", mutual=True, status="reported", claimed_by=[TB]),
        ]},
        "a4": {"date": "2018-02", "outlet": "Paper D", "events": [
            ev("a4", TB, "United States", "AGREE", mutual=True, trigger="truce",
               evidence="the Taliban offered the United States a truce"),
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


def test_scores_follow_the_plover_manual_and_claims_weigh_by_status():
    assert scoring.type_score("AID") == 10 and scoring.type_score("ASSAULT") == -9
    assert scoring.type_score("ASSAULT", "drone") == -9.5
    assert scoring.type_score("ACCUSE") < 0  # the manual's +3 is a sign typo
    w = {st: scoring.weight({"type": "AGREE", "status": st, "aux": []}) for st in ("asserted", "reported", "alleged")}
    assert w["asserted"] > w["reported"] > w["alleged"] > 0
    assert scoring.weight({"type": "AGREE", "status": "denied", "aux": []}) == 0  # never drives a state
    assert scoring.weight({"type": "ASSAULT", "status": "asserted", "aux": ["negated"]}) == 0
    assert scoring.weight({"type": "AID", "status": "asserted", "aux": ["future"]}) == 0  # intent


def test_every_type_has_one_meaning_and_every_bearing_a_state_or_a_reason():
    from factionmap import event_types

    known = set(scoring.state_of_bearing()) | set(scoring.table()["bearings_without_state"])
    for t, info in event_types.table()["types"].items():
        assert info["bearing"] is None or info["bearing"] in known, t
        for group in info.get("refined_by", ()):
            assert group in event_types.table()["cues"] and group in known, (t, group)
    assert set(event_types.PLOVER_TYPES) == set(event_types.table()["types"]) and len(event_types.PLOVER_TYPES) == 16


def test_dyad_states_over_time_and_for_any_date(store, names):
    dy = dyad(store.engine, names, "Taliban", "ISKP")  # an alias resolves through the dictionary
    assert (dy.a, dy.b) == (TB, ISKP)
    assert [e["date"] for e in dy.events] == sorted(e["date"] for e in dy.events)
    assert dy.state_at("2015-01")["state"] == "no relation"
    at = dy.state_at("2015-12-31")
    assert at["state"] == "at war" and at["since"] == "2015-04-10" and at["label"] == "at war"
    assert {e["type"] for e in at["because"]} == {"ASSAULT"}
    assert "hostile act" in at["states"][0]["reason"]  # the threat is part of the war
    # nothing new for a year: the war persists (Mapping Militant Organizations rule), fading
    assert dy.state_at("2016-07")["label"] == "at war (fading)"
    # a reported truce after the fighting ends the war ...
    then = dy.state_at("2016-08-10")
    assert then["state"] == "truce" and then["since"] == "2016-08-05"
    assert then["ended"][0]["state"] == "at war" and "truce" in then["ended"][0]["why"]
    # ... until a party denies it: a contested truce ends nothing, the war is back, from its start
    now = dy.state_at("2016-08-31")
    assert now["state"] == "at war" and now["since"] == "2015-04-10"
    truce = next(v for v in now["states"] if v["state"] == "truce")
    assert truce["standing"] == "contested" and truce["denied_by"] == [TB]
    assert "Wall Street Journal" in truce["sources"]
    assert "2016-08-20" in [c.date for c in dy.changes] and "Wall Street Journal" in json.dumps(dy.to_json())
    # two years after the last fighting, with nothing new, the war has lapsed
    assert dy.current["state"] == "contested" and dy.current["ended"][0]["why"].startswith("lapsed")


def test_rollup_counts_branch_events_toward_parent(store, names):
    plain = dyad(store.engine, names, "Taliban", "Islamic State")
    rolled = dyad(store.engine, names, "Taliban", "Islamic State", rollup=True)
    assert len(plain.events) == 1
    assert len(rolled.events) == 5
    G = build_graph(store.engine, names, rollup=True)
    assert not G.has_edge(TB, ISKP) and G[TB][IS]["events"] == 5
    G2 = build_graph(store.engine, names)
    assert G2.has_edge(TB, ISKP) and G2.has_edge(TB, IS)


def test_denied_claims_alone_make_a_contested_state_only(store, names):
    dy = dyad(store.engine, names, "Russia", "Taliban")
    assert dy.current["state"] == "contested" and dy.current["label"] == "allied (contested)"
    G = build_graph(store.engine, names)
    assert G["Russia"][TB]["state"] == "contested"
    assert G["Russia"][TB]["by_status"] == {"denied": 1}


def test_graph_edges_carry_state_counts_and_strongest_evidence(store, names):
    G = build_graph(store.engine, names, until="2016")
    e = G[TB][ISKP]
    assert e["events"] == 4 and e["by_quad"]["material conflict"] == 1
    assert e["strongest"]["type"] == "ASSAULT"
    assert e["state"] == "at war" and e["label"] == "at war (fading); truce (contested)"
    assert [(x["state"], x["standing"]) for x in e["states"]] == [("at war", "fading"), ("truce", "contested")]
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
    assert G[TB]["Iran"]["state"] == "at war"
    store.add_review(iran["id"], "wrong", reviewer="t")
    assert not build_graph(store.engine, names).has_edge(TB, "Iran")
    assert dyad(store.engine, names, TB, "Iran").events == []


def _by_kind(found):
    out = {}
    for c in found:
        out.setdefault(c.kind, []).append(c)
    return out


def test_contradictions_of_every_kind_in_the_terms_of_the_states(store, names):
    found = _by_kind(contradictions(store.engine, names))
    # truce (WSJ) against war declared (Afghanistan Times) — across the branch/parent levels — and its denial
    opp = [c for c in found["opposing_reports"] if set(c.dyad) == {TB, ISKP}]
    assert len(opp) == 1 and opp[0].states == ("truce", "hostile")
    assert "reported truce vs. threats and hostility" in opp[0].explanation
    sides = {(r["side"], r["type"], r["source"]) for r in opp[0].claims}
    assert ("truce", "AGREE", "Wall Street Journal") in sides
    assert ("hostile", "THREATEN", "Afghanistan Times, Taliban") in sides
    assert ("denial of the truce", "AGREE", TB) in sides
    denials = {frozenset(c.dyad): c for c in found["claim_vs_denial"]}
    assert "alliance claimed in the article, denied by Russia" in denials[frozenset({"Russia", TB})].explanation
    coop = denials[frozenset({TB, "Afghanistan"})]
    assert {r["side"] for r in coop.claims} == {"claim", "denied claim"}
    assert "alliance reported by Taliban, denied by Afghanistan" in coop.explanation
    truce = denials[frozenset({TB, ISKP})]
    assert "truce reported by Wall Street Journal, denied by Taliban" in truce.explanation
    assert any(r["side"] == "claim" and r["source"] == "Wall Street Journal" for r in truce.claims)
    # the Taliban offer a truce to the US and threaten it in the same month: its own words disagree
    selfc = found["self_contradiction"]
    assert [(c.dyad, c.states) for c in selfc] == [((TB, "United States"), ("truce", "hostile"))]
    # the default window is 90 days: a 2015 threat does not contradict a 2016 truce
    assert all(c.period[0] >= "2016" for c in found["opposing_reports"])
    narrow = contradictions(store.engine, names, window_days=5, kinds=["opposing_reports"])
    assert narrow and all(c.kind == "opposing_reports" for c in narrow)


def test_a_party_denying_an_accusation_does_not_contradict_itself(tmp_path):
    pk, tb, ttp = "Pakistan", "Taliban", "Tehrik-i-Taliban Pakistan"
    docs = {"x1": {"date": "2022-01-05", "events": [
        ev("x1", pk, tb, "ACCUSE"),  # Pakistan accuses the Taliban ...
        ev("x1", tb, ttp, "AID", status="alleged", claimed_by=[pk, tb]),  # ... of sheltering the TTP,
    ]}, "x2": {"date": "2022-01-06", "events": [
        ev("x2", tb, ttp, "AID", status="denied", claimed_by=[tb]),  # which the Taliban deny,
        ev("x2", tb, pk, "REJECT", claimed_by=[tb]),  # rejecting the accusation
        ev("x2", tb, pk, "AGREE", mutual=True, trigger="truce", evidence="the Taliban said the truce holds"),
    ]}}
    s = build_store(tmp_path / "deny.db", docs)
    nm = Names(store_names=actor_names(s.engine))
    found = _by_kind(contradictions(s.engine, nm))
    assert not any(c.dyad[0] == tb and c.dyad[1] == ttp for c in found.get("self_contradiction", []))
    assert [c.dyad for c in found["claim_vs_denial"]] == [(tb, ttp)]
    # the check has teeth: the Taliban threatening Pakistan while speaking of a truce is flagged
    s.close()
    docs["x2"]["events"].append(ev("x2", tb, pk, "THREATEN"))
    s = build_store(tmp_path / "deny2.db", docs)
    found = _by_kind(contradictions(s.engine, Names(store_names=actor_names(s.engine))))
    assert [c.dyad for c in found["self_contradiction"]] == [(tb, pk)]
    s.close()


def test_exports_open_in_networkx_csv_and_json(store, names, tmp_path):
    G = build_graph(store.engine, names, until="2016")
    g1 = nx.read_graphml(io.BytesIO(export.graphml(G).encode()))
    assert g1.has_edge(TB, ISKP) and g1[TB][ISKP]["state"] == "at war"
    assert g1[TB][ISKP]["state_truce"] == "contested" and g1[TB][ISKP]["state_allied"] == "none"
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
    assert json.loads(r.output)["state"]["state"] == "at war"
    r = run(cli, ["dyad", "Taliban", "ISKP", "--db", db, "--at", "2016-12"])
    assert r.exit_code == 0 and "at war (fading); truce (contested)" in r.output and "since 2015-04-10" in r.output
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
