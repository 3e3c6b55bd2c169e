"""The learned relations pass: its mechanics with models built here, and the shipped model's record."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from factionmap.events.learned import LearnedRelations, RelationModel, features, path, sentence_pairs
from factionmap.events.arguments import MentionIndex
from factionmap.events.lexicon import default_lexicon
from factionmap.model import PLOVER_TYPES

REPO = Path(__file__).resolve().parents[1]
CLASSES = ["NONE", *PLOVER_TYPES]


def _model(weights: dict[str, dict[str, float]], threshold: float = 0.5) -> RelationModel:
    return RelationModel(CLASSES, {f: [w.get(c, 0.0) for c in CLASSES] for f, w in weights.items()}, threshold)


def _train_module():
    spec = importlib.util.spec_from_file_location("train_relations", REPO / "scripts" / "train_relations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_pairs_and_features_describe_the_path(analyse):
    a = analyse("Three weeks after the vote, the Arakan Army and the Myanmar junta remained in talks.", "2024-01-10")
    index = MentionIndex(a)
    spans = list(sentence_pairs(a, index))
    assert len(spans) == 1
    span, cands = spans[0]
    assert {(c.a.actor, c.b.actor) for c in cands} == {("Arakan Army", "Myanmar"), ("Myanmar", "Arakan Army")}
    feats = features(cands[0], span, default_lexicon())
    assert "bias" in feats and any(f.startswith("p:") for f in feats) and any(f.startswith("k:") for f in feats)
    up, lca, down = path(cands[0].a_tok, cands[0].b_tok)
    assert lca.i not in {t.i for t in up + down}


def test_a_pair_read_the_same_both_ways_is_one_mutual_event(pipeline, analyse):
    text = "Observers listed the Arakan Army, the Kachin Independence Army and Myanmar in a report."
    a = analyse(text, "2024-01-10")
    assert a.events == []  # the rules link none of them
    always = LearnedRelations(pipeline.context, _model({"bias": {"ASSAULT": 5.0}}))
    always(a)
    assert len(a.events) == 3
    assert all(e.mutual and e.type == "ASSAULT" for e in a.events)
    assert all(a.text[e.evidence_start:e.evidence_end] == e.evidence for e in a.events)


def test_pairs_the_rules_linked_are_left_alone(pipeline, analyse):
    a = analyse("The Arakan Army attacked Myanmar troops in Rakhine State.", "2024-01-10")
    before = [(e.actor, e.recipient, e.type) for e in a.events]
    assert before
    LearnedRelations(pipeline.context, _model({"bias": {"COOPERATE": 5.0}}))(a)
    assert [(e.actor, e.recipient, e.type) for e in a.events] == before


def test_below_the_threshold_nothing_is_added(pipeline, analyse):
    a = analyse("Observers listed the Arakan Army and Myanmar in a report.", "2024-01-10")
    LearnedRelations(pipeline.context, _model({"bias": {"ASSAULT": 1.0}}, threshold=0.99))(a)
    assert a.events == []


def test_training_is_deterministic():
    T = _train_module()
    rows = [{"feats": ["bias", "bt:ASSAULT", "ra:nsubj"], "label": "ASSAULT"},
            {"feats": ["bias", "bt:ASSAULT", "ra:pobj_with"], "label": "ASSAULT"},
            {"feats": ["bias", "ra:nsubj"], "label": "NONE"},
            {"feats": ["bias", "ra:pobj_with"], "label": "NONE"},
            {"feats": ["bias", "bt:CONSULT", "ra:nsubj"], "label": "CONSULT"},
            {"feats": ["bias", "bt:CONSULT", "ra:nsubj"], "label": "CONSULT"}]
    m1, m2 = T.fit(rows, 0.003, epochs=50), T.fit(rows, 0.003, epochs=50)
    assert m1.to_json() == m2.to_json()
    assert m1.best(["bias", "bt:ASSAULT"])[0] == "ASSAULT"
    assert m1.best(["bias", "bt:CONSULT"])[0] == "CONSULT"


def test_the_shipped_model_records_how_it_was_measured():
    model = RelationModel.load()
    if model is None:
        pytest.skip("no relations model shipped")
    assert model.classes == CLASSES
    assert 0 < model.threshold < 1
    cv = model.meta["cv_strict_f1"]
    assert set(cv) == {"seeds", "world", "dev", "notes"}
    assert all({"rules", "rules+learned"} <= set(v) for v in cv.values())
    raw = json.loads((REPO / "src" / "factionmap" / "data" / "relations_model.json").read_text("utf-8"))
    assert raw["meta"]["script"] == "scripts/train_relations.py"
