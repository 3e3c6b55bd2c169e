"""Exports open cleanly in the tools they are for: PLOVER JSON against the schema
written from the manual, networkx for GraphML/GEXF/JSON, pandas for CSV."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import jsonschema
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from map_helpers import build_store, ev

from factionmap.cli.main import cli
from factionmap.graph import export
from factionmap.graph.names import Names
from factionmap.graph.network import build_graph
from factionmap.graph.source import actor_names

ROOT = Path(__file__).resolve().parents[1]
MANUAL = ROOT.parent / "shared" / "data" / "plover" / "PLOVER_MANUAL.tex"
TB, ISKP, UN, US = "Taliban", "Islamic State Khorasan Province", "UN Security Council", "United States"
KABUL = {"name": "Kabul", "feature": "city", "country": "Afghanistan", "country_code": "AF", "admin1": None,
         "lat": 34.5253, "lon": 69.1783}
NANGARHAR = {"name": "Nangarhar", "feature": "admin1", "country": "Afghanistan", "country_code": "AF",
             "admin1": "Nangarhar", "lat": 34.17, "lon": 70.62}


@pytest.fixture()
def store(tmp_path):
    docs = {
        "d1": {"date": "2016-08-05", "outlet": "Paper A", "url": "https://example.org/d1", "events": [
            ev("d1", ISKP, TB, "ASSAULT", mutual=True, location="near Jalalabad", place=NANGARHAR,
               date="2016-08", date_granularity="month", sentence=0, evidence_start=0, evidence_end=20),
            ev("d1", TB, ISKP, "THREATEN", status="reported", claimed_by=["Paper A"], aux=["future"], sentence=1),
        ]},
        "d2": {"date": "2017-03-02", "outlet": "Paper B", "events": [
            ev("d2", US, TB, "SANCTION", location="Kabul", place=KABUL, date="2017-03-01"),
            ev("d2", UN, TB, "ACCUSE", aux=["negated"], status="alleged"),
            ev("d2", TB, US, "AGREE", mutual=True, status="denied", claimed_by=[TB], date="2017"),
        ]},
        "d3": {"date": None, "events": [ev("d3", TB, UN, "REQUEST")]},  # no date anywhere
    }
    s = build_store(tmp_path / "export.db", docs)
    yield s
    s.close()


@pytest.fixture()
def names(store):
    return Names(store_names=actor_names(store.engine))


def records(store, names):
    return export.plover_records(store.events(), names)


# ---------------------------------------------------------------- PLOVER

def test_plover_records_follow_the_manuals_fields_and_validate(store, names):
    recs, skipped = records(store, names)
    assert skipped == 1 and len(recs) == 5  # the undated request cannot carry the required date
    validator = jsonschema.Draft202012Validator(export.plover_schema())
    for r in recs:
        validator.validate(r)
        assert "aux" not in r and r["date"] and len(r["date"]) == 10
    by = {(r["event"][0], r["actor"][0]["entity_name"]): r for r in recs}
    assault = by[("ASSAULT", ISKP)]
    assert assault["date"] == "2016-08-01" and assault["enddate"] == "2016-08-31"
    assert {a["entity_name"] for a in assault["actor"]} == {ISKP, TB} and assault["recipient"] == []
    assert assault["event_loc"] == {"extracted_place": "near Jalalabad", "resolved_place": "Nangarhar", "lat": 34.17,
                                    "lon": 70.62, "province": "Nangarhar", "country": "Afghanistan",
                                    "country_code": "AFG", "resolution": 2}
    assert assault["text_info"] == {"sequence": 0, "start": 0, "end": 20}
    assert assault["cite_info"]["publication"] == "Paper A" and assault["cite_info"]["url"] == "https://example.org/d1"
    assert assault["quad_code"] == 4 and assault["event_scale"] < 0
    sanction = by[("SANCTION", US)]
    assert sanction["actor"][0]["code"] == "USA" and sanction["actor"][0]["sector"] == "GOV"
    assert sanction["recipient"][0]["sector"] == "REB"
    assert sanction["event_loc"]["city"] == "Kabul" and sanction["event_loc"]["resolution"] == 4
    assert by[("ACCUSE", UN)]["actor"][0]["code"] == "UNO"  # a UN organ takes the UN's code
    assert by[("ACCUSE", UN)]["context"] == ["negation"]
    assert by[("THREATEN", TB)]["context"] == ["future"] and by[("THREATEN", TB)]["claim_status"] == "reported"
    year = by[("AGREE", TB)]
    assert (year["date"], year["enddate"]) == ("2017-01-01", "2017-12-31") and year["claim_status"] == "denied"


def test_the_schema_rejects_what_the_manual_does_not_allow(store, names):
    recs, _ = records(store, names)
    good = recs[0]
    validator = jsonschema.Draft202012Validator(export.plover_schema())
    for broken in (
        {k: v for k, v in good.items() if k != "date"},  # date is required
        {**good, "date": "2016-08"},  # and a full day
        {**good, "event": ["FIGHT"]},  # not a PLOVER category
        {**good, "context": ["hypothetically"]},  # not a context or auxiliary mode
        {**good, "actor": []},  # an actor is required
        {**good, "actor": [{"code": "Afghanistan"}]},  # codes have three letters
        {**good, "quad_code": 5},
        {**good, "event_loc": {"lat": 134.0}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)


@pytest.mark.skipif(not MANUAL.exists(), reason="the PLOVER manual is not in ../shared")
def test_the_schema_file_is_what_the_script_builds_from_the_manual():
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_plover_schema

    schema, vocabulary = build_plover_schema.build(MANUAL.read_text(encoding="utf-8"))
    assert schema == export.plover_schema() and vocabulary == export.plover_vocabulary()
    assert schema["required"] == ["id", "date", "actor", "event"]
    assert len(vocabulary["event_categories"]) == 16 and "negation" in vocabulary["auxiliary_modes"]


def test_entity_rules_only_use_codes_the_manual_defines():
    rules, vocab = export._entity_rules(), export.plover_vocabulary()
    assert set(rules["sector_by_kind"].values()) <= set(vocab["sectors"])
    codes = set(rules["code_by_root"].values()) | {rules["igo_code"]} | set(rules["stateless_code"].values())
    assert codes <= set(vocab["nonstate_codes"])
    contexts = set(vocab["contexts"]) | set(vocab["auxiliary_modes"])
    assert set(rules["context_by_aux"].values()) <= contexts


# ---------------------------------------------------------------- graphs

def test_graphml_gexf_and_json_read_back_in_networkx_with_typed_attributes(store, names):
    G = build_graph(store.engine, names)
    events = store.events()
    g1 = nx.read_graphml(io.BytesIO(export.graphml(G).encode()))
    assert set(g1.nodes) == set(G.nodes) and g1.number_of_edges() == G.number_of_edges()
    e1 = g1[TB][ISKP]
    assert isinstance(e1["events"], int) and isinstance(e1["events_material_conflict"], int)
    assert e1["status_reported"] == 1 and e1["events_source_to_target"] + e1["events_target_to_source"] == 2
    assert not [v for _, _, d in g1.edges(data=True) for v in d.values() if isinstance(v, str) and v[:1] in "{["]

    text = export.gexf(G, events)
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    g2 = nx.read_gexf(io.BytesIO(text.encode()))
    assert g2.number_of_edges() == G.number_of_edges()
    e2 = g2[TB][US]
    assert sorted(e2["spells"]) == [("2017-01-01", "2017-12-31")]  # the year-dated deal covers the March sanction
    assert isinstance(e2["events"], int) and isinstance(e2["weight"], float)
    assert g2.nodes[TB]["spells"][0][0] == "2016-08-01"
    static = nx.read_gexf(io.BytesIO(export.gexf(G).encode()))  # without events: a static graph still reads
    assert static.number_of_edges() == G.number_of_edges()

    data = json.loads(json.dumps(export.node_link(G)))
    g3 = nx.node_link_graph(data)  # networkx's own default shape: no edges="links" needed
    assert set(g3.edges) == set(G.edges) or {frozenset(e) for e in g3.edges} == {frozenset(e) for e in G.edges}
    assert g3[TB][ISKP]["events"] == G[TB][ISKP]["events"] and g3.nodes[TB]["kind"] == G.nodes[TB]["kind"]


def test_csv_tables_load_in_pandas_with_dates_coordinates_and_numbers(store, names, tmp_path):
    G = build_graph(store.engine, names)
    paths = {Path(p).name: p for p in export.write("csv", G, store.events(), str(tmp_path / "csv"))}
    ev_df = pd.read_csv(paths["events.csv"], parse_dates=["date_start", "date_end"])
    assert len(ev_df) == store.count_events()
    assert pd.api.types.is_datetime64_any_dtype(ev_df["date_start"]) and pd.api.types.is_datetime64_any_dtype(ev_df["date_end"])
    assert ev_df["lat"].dtype == "float64" and ev_df["lon"].dtype == "float64"
    assault = ev_df[ev_df["type"] == "ASSAULT"].iloc[0]
    assert (assault["date_start"], assault["date_end"]) == (pd.Timestamp("2016-08-01"), pd.Timestamp("2016-08-31"))
    assert assault["date_granularity"] == "month" and assault["country"] == "Afghanistan"
    assert assault["country_code"] == "AFG" and assault["admin1"] == "Nangarhar"
    assert ev_df["date_start"].isna().sum() == 1  # the undated request
    edges = pd.read_csv(paths["edges.csv"], parse_dates=["first", "last"])
    for col in ("events", "events_material_conflict", "status_denied", "events_source_to_target"):
        assert edges[col].dtype == "int64", col
    assert pd.api.types.is_datetime64_any_dtype(edges["first"])
    nodes = pd.read_csv(paths["nodes.csv"])
    assert set(nodes["id"]) == set(G.nodes) and nodes["events"].dtype == "int64"


def test_cli_export_writes_a_dynamic_gexf_and_valid_plover(store, tmp_path):
    db = str(tmp_path / "export.db")
    r = CliRunner().invoke(cli, ["export", "--format", "gexf", "--db", db])
    assert r.exit_code == 0, r.output
    assert 'mode="dynamic"' in r.output and "<spells>" in r.output
    r = CliRunner().invoke(cli, ["export", "--format", "plover", "--db", db])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines() if x.strip()]
    assert lines
    for rec in lines:
        export.validate_plover(rec)
