"""What makes start-up and throughput fast, tested for behaviour (the speed itself is in benchmarks/).

* the actor ruler reproduces spaCy's EntityRuler span for span;
* built artefacts are cached on disk by pipeline version, rebuilt when stale or broken;
* a no-op re-ingest never builds the pipeline;
* ``--workers auto`` starts a pool only for a corpus of more than a few dozen documents,
  and a pool's output is the in-process output, in input order.
"""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from factionmap import cache
from factionmap.cli.main import cli
from factionmap.ingest.readers import read_inputs
from factionmap.language.nlp import MODEL_NAME, _add_compound_infix
from factionmap.runner import run_ingest
from factionmap.runner import work
from factionmap.store import Store

from store_helpers import variant_corpus, write_jsonl

FM = str(Path(sys.executable).parent / "factionmap")
REPO = Path(__file__).resolve().parents[1]


# -- the actor ruler ---------------------------------------------------------------------------

def entity_ruler_nlp(actors):
    """The language layer as it was built before: two spaCy EntityRulers (exact, then lower-case)."""
    nlp = spacy.load(MODEL_NAME, disable=["parser"])
    _add_compound_infix(nlp)
    lower, exact = actors.ruler_patterns()
    for name, attr, patterns in (("exact", "ORTH", exact), ("lower", "LOWER", lower)):
        ruler = nlp.add_pipe("entity_ruler", name=name, before="ner",
                             config={"phrase_matcher_attr": attr, "overwrite_ents": True, "validate": False})
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(patterns)
    return nlp


OWN_SENTENCES = [
    "IS fighters attacked the town, which is far from the border.",
    "The U.S.-backed Syrian Democratic Forces said the Islamic State had retreated.",
    "Zabihullah Mujahid said the Taliban had taken Kunduz; the TTP denied any role.",
    "Iranian border guards clashed with Jaish al-Adl near Saravan, the IRGC said.",
    "AL-SHABAAB CLAIMS ATTACK ON AMISOM BASE",
    "The weather was mild and the market opened on time.",
]


def test_actor_ruler_sets_the_spans_an_entity_ruler_would(pipeline, shared_dir):
    texts = list(OWN_SENTENCES)
    for name in ("seeds", "world"):
        texts += [json.loads(line)["text"] for line in (shared_dir / "corpus" / name / "docs.jsonl").open()
                  if line.strip()]
    reference = entity_ruler_nlp(pipeline.context.actors)
    ours = pipeline.context.nlp
    # compare what the rulers set, before the statistical NER adds its own spans
    with ours.select_pipes(enable=["actor_ruler"]), reference.select_pipes(enable=["exact", "lower"]):
        for text in texts:
            got = [(e.start, e.end, e.label_, e.ent_id_) for e in ours(text).ents]
            want = [(e.start, e.end, e.label_, e.ent_id_) for e in reference(text).ents]
            assert got == want, text[:80]
    with ours.select_pipes(enable=["actor_ruler"]):
        assert [e.ent_id_ for e in ours(OWN_SENTENCES[0]).ents] == ["Islamic State"]
        assert not ours(OWN_SENTENCES[-1]).ents  # no name, no span


# -- the artefact cache --------------------------------------------------------------------------

@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FACTIONMAP_CACHE_DIR", str(folder))
    return folder


def test_cached_builds_once_then_reads(cache_dir):
    calls = []

    def build():
        calls.append(1)
        return {"built": len(calls)}

    assert cache.cached("thing", build, key="v1") == {"built": 1}
    assert cache.cached("thing", build, key="v1") == {"built": 1}
    assert len(calls) == 1
    assert [p.name for p in cache_dir.iterdir()] == ["thing-v1.pickle"]


def test_a_new_version_builds_afresh_and_only_the_newest_few_are_kept(cache_dir):
    cache.cached("other-thing", lambda: "kept", key="v0")
    for i in range(1, 6):
        assert cache.cached("thing", lambda: f"built {i}", key=f"v{i}") == f"built {i}"
        os.utime(cache_dir / f"thing-v{i}.pickle", ns=(i * 10**9, i * 10**9))  # distinct ages
    kept = sorted(p.name for p in cache_dir.iterdir())
    assert kept == ["other-thing-v0.pickle"] + [f"thing-v{i}.pickle" for i in range(6 - cache.KEEP_VERSIONS, 6)]
    assert cache.cached("thing", lambda: "rebuilt", key="v1") == "rebuilt"  # evicted: built again


def test_a_broken_cache_file_is_rebuilt_with_a_warning(cache_dir):
    cache.cached("thing", lambda: [1, 2, 3], key="v1")
    (cache_dir / "thing-v1.pickle").write_bytes(b"\x80\x05 truncated")
    with pytest.warns(UserWarning, match="unreadable cached artefact"):
        assert cache.cached("thing", lambda: [4], key="v1") == [4]
    with (cache_dir / "thing-v1.pickle").open("rb") as fh:
        assert pickle.load(fh) == [4]


def test_caching_off_or_unwritable_still_gives_the_value(tmp_path, monkeypatch):
    monkeypatch.setenv("FACTIONMAP_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    assert cache.cached("thing", lambda: 7) == 7
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FACTIONMAP_CACHE_DIR", str(blocker / "cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache.cached("thing", lambda: 8, key="v1") == 8


def test_the_key_is_the_pipeline_version(pipeline):
    assert pipeline.version.endswith("+" + cache.artefact_key().split("-")[0])


def test_extraction_is_the_same_from_an_empty_and_a_warm_cache(tmp_path):
    doc = {"id": "c1", "date": "2019-05-01",
           "text": "Militants of the Pakistani Taliban attacked a police post in Bannu district on 3 May.\n\n"
                   "The army said its troops killed four of the attackers near Miranshah."}
    path = write_jsonl(tmp_path / "one.jsonl", [doc])
    env = {**os.environ, "FACTIONMAP_CACHE_DIR": str(tmp_path / "fresh-cache")}
    runs = [subprocess.run([FM, "extract", str(path)], capture_output=True, text=True, env=env, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] and '"actor": "Tehrik-i-Taliban Pakistan"' in runs[0]
    assert {p.name.split("-")[0] for p in (tmp_path / "fresh-cache").iterdir()} >= {"actors", "ruler", "gazetteer"}


# -- no-op re-ingest -----------------------------------------------------------------------------

def test_a_no_op_reingest_does_not_build_the_pipeline(tmp_path, monkeypatch):
    corpus = write_jsonl(tmp_path / "c.jsonl", variant_corpus(3, paragraphs=1))
    store = Store.open(tmp_path / "s.db")
    assert run_ingest(read_inputs([corpus]), store).added == 3
    built = []
    monkeypatch.setattr(work, "_PIPELINES", {})  # as in a fresh process
    real = work.Pipeline

    def counting(*args, **kwargs):
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(work, "Pipeline", counting)
    again = run_ingest(read_inputs([corpus]), store, workers=None)
    store.close()
    assert (again.skipped, again.processed) == (3, 0)
    assert built == []


def test_the_version_known_without_building_is_the_built_one(pipeline):
    assert work.expected_version(None) == pipeline.version
    config = {"components": ["clean", "parse", "mentions", "events"]}
    assert work.ConfiguredPipeline.of(config).expected_version() == work.ConfiguredPipeline.of(config)().version


# -- workers -------------------------------------------------------------------------------------

def short_corpus(n: int) -> list[dict]:
    return variant_corpus(n, paragraphs=2)


def test_auto_workers_stay_in_process_for_a_few_dozen_documents(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", short_corpus(work.AUTO_WORKERS_ABOVE))
    store = Store.open(tmp_path / "s.db")
    report = run_ingest(read_inputs([corpus]), store, workers=None)
    store.close()
    assert report.added == work.AUTO_WORKERS_ABOVE
    assert list(report.workers) == [os.getpid()]


@pytest.mark.skipif(work.local_cores() < 2, reason="one core: auto means no pool")
def test_auto_workers_use_every_core_above_that_and_store_the_same(tmp_path):
    docs = short_corpus(work.AUTO_WORKERS_ABOVE + 2)
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    pooled = Store.open(tmp_path / "pooled.db")
    report = run_ingest(read_inputs([corpus]), pooled, workers=None)
    assert report.added == len(docs)
    assert os.getpid() not in report.workers and len(report.workers) == work.local_cores()
    single = Store.open(tmp_path / "single.db")
    run_ingest(read_inputs([corpus]), single, workers=1)
    from factionmap.store.dump import canonical_dump

    assert canonical_dump(pooled.engine) == canonical_dump(single.engine)
    pooled.close()
    single.close()


def test_extract_with_workers_prints_what_one_process_prints_in_input_order(tmp_path):
    docs = short_corpus(12)
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    one = subprocess.run([FM, "extract", str(corpus), "--workers", "1"], capture_output=True, text=True, check=True)
    two = subprocess.run([FM, "extract", str(corpus), "--workers", "2"], capture_output=True, text=True, check=True)
    assert one.stdout and one.stdout == two.stdout
    order = [json.loads(line)["doc"] for line in two.stdout.splitlines()]
    ids = [d["id"] for d in docs]
    assert order == sorted(order, key=ids.index)


def test_extract_workers_with_a_configuration_and_a_bad_one(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", short_corpus(4))
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"components": ["clean", "parse", "places", "mentions", "events", "dedupe"]}))
    one = subprocess.run([FM, "extract", str(corpus), "--config", str(cfg)], capture_output=True, text=True, check=True)
    two = subprocess.run([FM, "extract", str(corpus), "--config", str(cfg), "--workers", "2"],
                         capture_output=True, text=True, check=True)
    assert one.stdout == two.stdout
    cfg.write_text(json.dumps({"components": ["clean", "no_such_component"]}))
    bad = subprocess.run([FM, "extract", str(corpus), "--config", str(cfg), "--workers", "2"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "no_such_component" in bad.stderr and not bad.stdout


@pytest.mark.parametrize("value, ok", [("auto", True), ("AUTO", True), ("3", True), ("0", False), ("two", False)])
def test_workers_option_takes_a_count_or_auto(value, ok, tmp_path):
    result = CliRunner().invoke(cli, ["extract", "--workers", value, str(tmp_path / "missing.jsonl")])
    if ok:
        assert "--workers" not in result.output
    else:
        assert result.exit_code == 2 and "--workers" in result.output
