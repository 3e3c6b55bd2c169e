"""Relationship states on scenarios the project writes: one test (or more) per analyst rule,
each with the case it must catch and the case it must leave alone. Events are placed by hand
in a real SQLite store; the actors are fictional (the store knows their names)."""
from __future__ import annotations

import itertools

import pytest
from map_helpers import build_store, ev

from factionmap.graph.names import Names
from factionmap.graph.network import build_graph
from factionmap.graph.relations import dyad
from factionmap.graph.source import actor_names

A, B, M = "Northern Front", "Coastal Republic", "Lake Council"
_n = itertools.count()


def story(tmp_path, *events):
    """events: (date, Event-kwargs...) → a store with one document per event, dated as given."""
    docs = {}
    for date, e in events:
        doc = f"d{next(_n):03d}"
        e.doc = doc
        docs[doc] = {"date": date, "outlet": "The Wire", "events": [e]}
    s = build_store(tmp_path / f"s{next(_n)}.db", docs)
    return s, Names(store_names=actor_names(s.engine))


def states(s, names, a=A, b=B, at=None, **kw):
    """{state: standing} as of ``at`` (default: the store's latest date)."""
    st = dyad(s.engine, names, a, b, **kw).state_at(at)
    return {v["state"]: v["standing"] for v in st["states"]}


def fight(**kw):
    kw.setdefault("mutual", True)
    return ev("x", A, B, "ASSAULT", trigger="fought", evidence=f"{A} fought {B} near the river.", **kw)


def test_fighting_is_war_and_several_states_hold_at_once(tmp_path):
    s, names = story(tmp_path, ("2020-01-10", fight()),
                     ("2020-02-01", ev("x", A, B, "CONSULT", mutual=True, trigger="talks",
                                       evidence=f"{A} and {B} held talks in the capital.")))
    assert states(s, names, at="2020-01-20") == {"at war": "established"}
    assert states(s, names) == {"at war": "established", "negotiating": "established"}
    st = dyad(s.engine, names, A, B).current
    assert st["state"] == "at war" and st["label"] == "at war; negotiating" and st["since"] == "2020-01-10"
    war = st["states"][0]
    assert war["events"] == 1 and war["by_status"] == {"asserted": 1} and war["since"] == "2020-01-10"


def test_a_mediator_is_not_allied_with_the_parties(tmp_path):
    mediated = lambda who: ev("x", M, who, "CONSULT", trigger="mediated",  # noqa: E731
                              evidence=f"{M} mediated between {A} and {B}.")
    s, names = story(tmp_path, ("2020-01-05", fight()), ("2020-03-01", mediated(A)), ("2020-03-01", mediated(B)),
                     ("2020-03-01", ev("x", A, B, "CONSULT", mutual=True, trigger="talks",
                                       evidence=f"{A} and {B} held talks mediated by {M}.")))
    assert states(s, names, M, A) == {"mediating": "established"}
    assert states(s, names, M, B) == {"mediating": "established"}
    # the parties' own talks, "mediated by" someone, are still talks between them
    assert states(s, names) == {"at war": "established", "negotiating": "established"}
    G = build_graph(s.engine, names)
    assert G[M][A]["state"] == "mediating" and "allied" not in G[M][A]["label"]


def test_talks_that_are_not_mediation_make_negotiating(tmp_path):
    s, names = story(tmp_path, ("2020-03-01", ev("x", M, A, "CONSULT", trigger="met",
                                                 evidence=f"{M} met {A} envoys.")))
    assert states(s, names, M, A) == {"negotiating": "established"}


@pytest.mark.parametrize("trigger, evidence", [
    ("withdrew", f"{A} withdrew its fighters from the border towns held by {B}."),
    ("released", f"{A} released twelve prisoners of {B}."),
])
def test_a_withdrawal_or_release_is_not_an_alliance(tmp_path, trigger, evidence):
    s, names = story(tmp_path, ("2020-04-01", ev("x", A, B, "RETREAT", trigger=trigger, evidence=evidence)))
    assert states(s, names) == {}
    assert dyad(s.engine, names, A, B).current["state"] == "no relation"


def test_an_observed_ceasefire_is_a_truce_and_aid_is_an_alliance(tmp_path):
    s, names = story(tmp_path, ("2020-04-01", ev("x", A, B, "RETREAT", mutual=True, trigger="ceasefire",
                                                 evidence=f"{A} and {B} observed the ceasefire all week.")))
    assert states(s, names) == {"truce": "established"}
    s2, names2 = story(tmp_path, ("2020-04-01", ev("x", A, B, "AID", trigger="armed",
                                                   evidence=f"{A} armed {B} with rifles.")))
    assert states(s2, names2) == {"allied": "established"}


def test_praise_for_a_decision_is_not_an_alliance(tmp_path):
    s, names = story(tmp_path, ("2020-05-01", ev("x", M, A, "SUPPORT", trigger="praised",
                                                 evidence=f"{M} praised the call by {A} to disband.")))
    assert states(s, names, M, A) == {}
    G = build_graph(s.engine, names)
    assert G[M][A]["state"] == "no relation"


def test_pledged_allegiance_is_affiliation(tmp_path):
    s, names = story(tmp_path, ("2020-05-01", ev("x", A, M, "SUPPORT", trigger="pledged",
                                                 evidence=f"{A} pledged allegiance to {M}.")))
    assert states(s, names, A, M) == {"affiliated": "established"}


def test_a_denied_claim_never_drives_a_state(tmp_path):
    denied = ev("x", A, B, "AID", trigger="armed", status="denied", claimed_by=[A],
                evidence=f"{A} denied that it armed {B}.")
    s, names = story(tmp_path, ("2020-06-01", denied))
    st = dyad(s.engine, names, A, B).current
    assert st["state"] == "contested" and states(s, names) == {"allied": "contested"}
    assert st["states"][0]["denied_by"] == [A] and st["states"][0]["events"] == 0
    # filtered to denied claims only, the map still shows it as contested, never as allied
    G = build_graph(s.engine, names, statuses=["denied"])
    assert G[A][B]["state"] == "contested" and G[A][B]["states"][0]["standing"] == "contested"


def test_a_claim_and_its_denial_make_the_state_contested(tmp_path):
    claim = ev("x", A, B, "AID", trigger="armed", status="reported", claimed_by=["The Wire"],
               evidence=f"{A} armed {B}, the paper reported.")
    denial = ev("x", A, B, "AID", trigger="armed", status="denied", claimed_by=[A],
                evidence=f"{A} denied arming {B}.")
    s, names = story(tmp_path, ("2020-06-01", claim))
    assert states(s, names) == {"allied": "established"}
    s2, names2 = story(tmp_path, ("2020-06-01", claim), ("2020-06-10", denial))
    assert states(s2, names2) == {"allied": "contested"}
    assert states(s2, names2, at="2020-06-05") == {"allied": "established"}


def test_an_alleged_claim_weighs_less_and_says_so(tmp_path):
    alleged = ev("x", A, B, "AID", trigger="sheltered", status="alleged", claimed_by=[M],
                 evidence=f"{M} alleged that {A} sheltered {B} fighters.")
    s, names = story(tmp_path, ("2020-07-01", alleged))
    st = dyad(s.engine, names, A, B).current
    assert states(s, names) == {"allied": "alleged"}
    assert "alleged only" in st["states"][0]["reason"] and M in st["states"][0]["reason"]
    # an allegation does not end a war; a credible act of the same kind does
    s2, names2 = story(tmp_path, ("2020-01-01", fight()), ("2020-07-01", alleged))
    assert states(s2, names2)["at war"] == "established"
    assert states(s2, names2)["allied"] == "contested"
    reported = ev("x", A, B, "COOPERATE", mutual=True, trigger="joint", status="reported", claimed_by=["The Wire"],
                  evidence=f"{A} and {B} ran joint operations, the paper reported.")
    s3, names3 = story(tmp_path, ("2020-01-01", fight()), ("2020-07-01", reported))
    assert states(s3, names3) == {"allied": "established"}
    assert dyad(s3.engine, names3, A, B).current["ended"][0]["state"] == "at war"


def test_one_verbal_act_does_not_outweigh_sustained_fighting(tmp_path):
    alliance_words = ev("x", A, B, "AGREE", mutual=True, trigger="alliance",
                        evidence=f"{A} and {B} announced an alliance.")
    fights = [(f"2020-0{m}-05", fight()) for m in range(1, 5)]
    s, names = story(tmp_path, *fights, ("2020-05-01", alliance_words))
    assert states(s, names) == {"at war": "established", "allied": "contested"}
    st = dyad(s.engine, names, A, B).current
    assert st["state"] == "at war"
    # deeds do: joint operations after the fighting end the war
    joint = ev("x", A, B, "COOPERATE", mutual=True, trigger="joint", evidence=f"{A} and {B} ran joint operations.")
    s2, names2 = story(tmp_path, *fights, ("2020-05-01", joint))
    assert states(s2, names2) == {"allied": "established"}


def test_a_state_persists_until_contrary_evidence_and_fades_when_old(tmp_path):
    s, names = story(tmp_path, ("2020-01-10", fight()),
                     ("2023-01-01", ev("x", M, B, "CONSULT", mutual=True, trigger="talks",
                                       evidence=f"{M} and {B} held talks.")))
    dy = dyad(s.engine, names, A, B)
    assert dy.state_at("2020-11")["states"][0]["standing"] == "established"  # nothing new: it persists
    assert dy.state_at("2021-06")["states"][0]["standing"] == "fading"  # over a year old
    assert dy.state_at("2022-06")["state"] == "no relation"  # lapsed after two years
    assert dy.state_at("2022-06")["ended"][0]["why"].startswith("lapsed")
    assert [c.label for c in dy.changes] == ["at war", "at war (fading)", "no relation"]
    # new evidence renews it
    s2, names2 = story(tmp_path, ("2020-01-10", fight()), ("2021-03-01", fight()))
    assert dyad(s2.engine, names2, A, B).state_at("2021-06")["states"][0]["standing"] == "established"


def test_intent_and_negation_are_no_evidence(tmp_path):
    planned = ev("x", A, B, "AID", trigger="arm", aux=["future"], evidence=f"{A} will arm {B}.")
    negated = ev("x", A, B, "ASSAULT", trigger="attacked", aux=["negated"], evidence=f"{A} did not attack {B}.")
    s, names = story(tmp_path, ("2020-01-01", planned), ("2020-01-02", negated))
    assert states(s, names) == {}
    data = dyad(s.engine, names, A, B).to_json()
    assert len(data["events"]) == 2  # listed with the dyad all the same


def test_rollup_counts_branches_in_with_the_parent(tmp_path):
    iskp, tb, isl = "Islamic State Khorasan Province", "Taliban", "Islamic State"
    s, names = story(tmp_path, ("2020-01-10", ev("x", tb, iskp, "ASSAULT", mutual=True, trigger="fought",
                                                 evidence="The Taliban fought the Khorasan branch.")))
    assert states(s, names, tb, isl) == {}
    assert states(s, names, tb, isl, rollup=True) == {"at war": "established"}
    G = build_graph(s.engine, names, rollup=True)
    assert G.has_edge(tb, isl) and G[tb][isl]["state"] == "at war"


def test_a_broken_ceasefire_is_fighting_not_a_truce(tmp_path):
    agreed = ev("x", A, B, "AGREE", mutual=True, trigger="ceasefire", evidence=f"{A} and {B} agreed to a ceasefire.")
    broken = ev("x", A, B, "AGREE", mutual=True, trigger="ceasefire",
                evidence=f"{A} shelled {B} villages on Sunday, breaking the ceasefire.")
    s, names = story(tmp_path, ("2020-01-05", fight()), ("2020-03-01", agreed))
    assert states(s, names) == {"truce": "established"}
    s2, names2 = story(tmp_path, ("2020-01-05", fight()), ("2020-03-01", agreed), ("2020-04-01", broken))
    st = dyad(s2.engine, names2, A, B).current
    assert states(s2, names2) == {"at war": "established"}
    assert [(e["state"], e["until"]) for e in st["ended"]] == [("at war", "2020-03-01"), ("truce", "2020-04-01")]


def test_a_mediator_is_mediating_whichever_way_the_event_points(tmp_path):
    mutual = ev("x", M, A, "CONSULT", mutual=True, trigger="mediated",
                evidence=f"{M} mediated between {A} and {B} in the capital.")
    own = ev("x", A, B, "CONSULT", mutual=True, trigger="mediated",
             evidence=f"The talks mediated between {A} and {B} went on.")
    s, names = story(tmp_path, ("2020-03-01", mutual), ("2020-03-02", own))
    assert states(s, names, M, A) == {"mediating": "established"}
    assert states(s, names) == {"negotiating": "established"}  # both parties named after 'between': their talks
