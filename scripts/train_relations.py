"""Train the learned relations pass (``events/learned.py``) and measure its gain by cross-validation.

    .venv/bin/python scripts/train_relations.py [--shared ../shared] [--folds 5] [--write]

Training data, all from what the project may ship:
* the development gold sets (``../shared/gold/{seeds,world,dev,notes}.jsonl`` over
  ``../shared/corpus/*/docs.jsonl``): every ordered pair of actors the pipeline finds in one
  sentence is a training row, labelled with the type of the gold event whose evidence lies in
  that sentence, NONE where gold has no event for the pair in the document, and left out where
  gold has one for the pair but evidences it elsewhere (it may or may not be said here);
* PLOVER's gold-standard example sentences (``../shared/data/plover/PLOVER_GSR_CAMEO.txt``,
  CC BY-SA 4.0): the coded source → target pair is labelled with the coded type, other pairs NONE.

The script runs the rule pipeline once over every document, then k-fold cross-validation over
documents (the folds split documents, never sentences of one document), scoring the rules alone
and the rules plus the learned pass on the held-out documents with the shared scorer, and picks
the probability threshold on those held-out predictions. ``--write`` then trains on everything
and writes ``src/factionmap/data/relations_model.json`` (its ``meta`` records the CV figures).
Deterministic: the same data give the same file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from factionmap.cli.extract_cmds import write_actor_records  # noqa: E402
from factionmap.events.learned import MODEL_FILE, LearnedRelations, RelationModel  # noqa: E402
from factionmap.ingest.readers import read_inputs  # noqa: E402
from factionmap.model import PLOVER_TYPES, Article, Record  # noqa: E402
from factionmap.pipeline import Pipeline, PipelineContext, default_config, register  # noqa: E402

SETS = ("seeds", "world", "dev", "notes")
CLASSES = ["NONE", *PLOVER_TYPES]
V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


class Recorder(LearnedRelations):
    """Runs where the relations pass runs, but only records every pair with its features."""

    name = "relations"
    rows: dict[str, list[tuple[Any, list[str], bool]]] = {}

    def __call__(self, article: Article) -> Article:
        Recorder.rows[article.id] = [row for _, rows in self.pairs(article, include_linked=True) for row in rows]
        return article


@register("relations_recorder")
def _make_recorder(ctx: PipelineContext, opts: dict[str, Any]) -> Recorder:
    return Recorder(ctx, model=None)


def rule_pipeline() -> Pipeline:
    """The configured pipeline with the learned pass swapped for the recorder (rules only)."""
    config = default_config()
    config["components"] = ["relations_recorder" if c == "relations" else c for c in config["components"]]
    if "relations_recorder" not in config["components"]:
        config["components"].insert(config["components"].index("events") + 1, "relations_recorder")
    return Pipeline(config)


def load_scorer(shared: Path) -> Any:
    sys.path.insert(0, str(shared / "eval"))
    import score  # noqa: PLC0415

    return score


# --------------------------------------------------------------------------- rows


def dev_rows(pipeline: Pipeline, shared: Path, S: Any, system: Any) -> tuple[list[dict], dict, dict]:
    """Training rows of the development sets, the rules' own events per document, and each
    document's set."""
    rows: list[dict] = []
    rule_events: dict[str, list[dict]] = {}
    docs_of: dict[str, str] = {}
    for name in SETS:
        gold_aliases = S.AliasTable.from_gold_json(shared / "gold" / f"{name}.actors.json")
        gold = S.load_gold(shared / "gold" / f"{name}.jsonl", gold_aliases)
        by_doc: dict[str, list[Any]] = defaultdict(list)
        for g in gold:
            by_doc[g.doc].append(g)
        for article in pipeline.process(read_inputs([str(shared / "corpus" / name / "docs.jsonl")])):
            rule_events[article.id] = [_record(e) for e in article.events]
            docs_of[article.id] = name
            golds = by_doc.get(article.id, [])
            spans = [_evidence_span(article.text, g.raw.get("evidence", "")) for g in golds]
            for c, feats, linked in Recorder.rows.pop(article.id, []):
                sent = article.sentences[c.sentence]
                ka, kb = system.expand(c.a.actor, False), system.expand(c.b.actor, False)
                label, here_or_elsewhere = "NONE", False
                for g, sp in zip(golds, spans):
                    forward = bool(ka & g.actors and kb & g.recipients)
                    backward = bool(kb & g.actors and ka & g.recipients)
                    if not (forward or backward):
                        continue
                    here_or_elsewhere = True
                    inside = sp is not None and sp[0] < sent.end and sent.start < sp[1]
                    if inside and (forward or g.mutual) and label == "NONE":
                        label = _first_type(g)
                if label == "NONE" and here_or_elsewhere:
                    continue  # gold has the pair in this document, said elsewhere: unknown here
                rows.append({"doc": article.id, "set": name, "sentence": c.sentence, "feats": feats,
                             "label": label, "linked": linked, "a": c.a.actor, "b": c.b.actor})
    return rows, rule_events, docs_of


def gsr_rows(pipeline: Pipeline, shared: Path) -> list[dict]:
    path = shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt"
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("event") not in (None, "DOCUMENT")]
    actors = pipeline.context.actors
    rows: list[dict] = []
    inputs = [Record(id=r["id"], text=r["text"], date=r.get("date")) for r in records]
    for rec, article in zip(records, pipeline.process(inputs)):
        etype = V05.get(rec["event"], rec["event"])
        if etype not in PLOVER_TYPES:
            continue
        src = _coded(rec.get("source"), actors)
        tgt = _coded(rec.get("target"), actors)
        for c, feats, linked in Recorder.rows.pop(article.id, []):
            label = etype if c.a.actor in src and c.b.actor in tgt else "NONE"
            rows.append({"doc": rec["id"], "set": "gsr", "sentence": c.sentence, "feats": feats, "label": label,
                         "linked": linked, "a": c.a.actor, "b": c.b.actor})
    return rows


def _coded(items: Any, actors: Any) -> set[str]:
    out: set[str] = set()
    for item in items or []:
        text = item.get("actorText") if isinstance(item, dict) else None
        if text:
            a = actors.resolve(text) or actors.demonym(text)
            if a is not None:
                out.add(a.name)
    return out


def _first_type(g: Any) -> str:
    t = g.raw["type"]
    return (t[0] if isinstance(t, list) else t).upper()


def _evidence_span(text: str, evidence: str) -> tuple[int, int] | None:
    if not evidence:
        return None
    i = text.find(evidence)
    return (i, i + len(evidence)) if i >= 0 else None


def _record(e: Any) -> dict:
    return {"doc": e.doc, "actor": e.actor, "recipient": e.recipient, "type": e.type, "mutual": e.mutual,
            "sentence": e.sentence}


# --------------------------------------------------------------------------- model


def fit(rows: list[dict], l2: float, epochs: int = 300, min_count: int = 2) -> RelationModel:
    """Multinomial logistic regression, full-batch Adam from zero: deterministic."""
    counts = Counter(f for r in rows for f in r["feats"])
    vocab = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
    index = {f: i for i, f in enumerate(vocab)}
    X = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for i, r in enumerate(rows):
        for f in r["feats"]:
            j = index.get(f)
            if j is not None:
                X[i, j] = 1.0
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    Y = np.zeros((len(rows), len(CLASSES)), dtype=np.float32)
    Y[np.arange(len(rows)), y] = 1.0
    W = np.zeros((len(vocab), len(CLASSES)), dtype=np.float32)
    m = np.zeros_like(W)
    v = np.zeros_like(W)
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        Z = X @ W
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        G = X.T @ (P - Y) / len(rows) + l2 * W
        m = b1 * m + (1 - b1) * G
        v = b2 * v + (1 - b2) * G * G
        W -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    weights = {}
    for f, j in index.items():  # small weights change no decision: the file stays small
        w = W[j]
        if float(np.abs(w).max()) >= 0.02:
            weights[f] = [round(float(x), 3) for x in w]
    return RelationModel(CLASSES, weights, threshold=0.5)


def predict_events(model: RelationModel, rows: list[dict], threshold: float) -> list[dict]:
    """What the component would add: unlinked pairs above the threshold, mutual where both agree."""
    by_sentence: dict[tuple[str, int], dict[tuple[str, str], tuple[str, float]]] = defaultdict(dict)
    for r in rows:
        if r["linked"]:
            continue
        label, p = model.best(r["feats"])
        if p >= threshold:
            by_sentence[(r["doc"], r["sentence"])][(r["a"], r["b"])] = (label, p)
    out = []
    for (doc, _), found in by_sentence.items():
        for (x, y), (label, p) in sorted(found.items()):
            back = found.get((y, x))
            if back is not None and back[0] == label:
                if x < y:
                    out.append({"doc": doc, "actor": x, "recipient": y, "type": label, "mutual": True})
            else:
                out.append({"doc": doc, "actor": x, "recipient": y, "type": label, "mutual": False})
    return out


def score_sets(S: Any, shared: Path, actors_path: Path, events: list[dict], docs_of: dict[str, str]) -> dict:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SETS:
            pred = Path(tmp) / f"{name}.jsonl"
            with open(pred, "w", encoding="utf-8") as fh:
                for e in events:
                    if docs_of.get(e["doc"]) == name:
                        fh.write(json.dumps(e) + "\n")
            rep = S.score(shared / "gold" / f"{name}.jsonl", pred, actors_path, shared / "gold" / f"{name}.actors.json")
            lv = rep["levels"]["strict"]
            out[name] = (lv["f1"], lv["precision"], lv["recall"])
    return out


def fold_of(doc: str, k: int) -> int:
    return int(hashlib.sha1(doc.encode("utf-8")).hexdigest(), 16) % k


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=0.003)
    ap.add_argument("--write", action="store_true", help=f"train on everything and write data/{MODEL_FILE}")
    ap.add_argument("--no-gsr", action="store_true", help="leave PLOVER's example sentences out")
    ap.add_argument("--unlinked-only", action="store_true", help="train only on pairs the rules left unlinked")
    args = ap.parse_args()
    t0 = time.perf_counter()
    S = load_scorer(args.shared)
    tmp = Path(tempfile.mkdtemp(prefix="factionmap-train-"))
    actors_path = tmp / "actors.jsonl"
    write_actor_records(actors_path)
    system = S.AliasTable.from_system_jsonl(actors_path)
    pipeline = rule_pipeline()
    rows, rule_events, docs_of = dev_rows(pipeline, args.shared, S, system)
    extra = [] if args.no_gsr else gsr_rows(pipeline, args.shared)
    print(f"rows: {len(rows)} development ({sum(r['label'] != 'NONE' for r in rows)} positive), "
          f"{len(extra)} PLOVER ({sum(r['label'] != 'NONE' for r in extra)} positive); "
          f"{time.perf_counter() - t0:.0f} s to read", flush=True)

    rules_only = [e for evs in rule_events.values() for e in evs]
    base = score_sets(S, args.shared, actors_path, rules_only, docs_of)

    def usable(rs: list[dict]) -> list[dict]:
        return [r for r in rs if not (args.unlinked_only and r["linked"])]

    held: list[tuple[RelationModel, list[dict]]] = []
    for k in range(args.folds):
        train = usable([r for r in rows if fold_of(r["doc"], args.folds) != k]) + usable(extra)
        test = [r for r in rows if fold_of(r["doc"], args.folds) == k]
        held.append((fit(train, args.l2), test))
    results = {}
    for threshold in (0.35, 0.45, 0.55, 0.65, 0.75, 0.85):
        added = [e for model, test in held for e in predict_events(model, test, threshold)]
        results[threshold] = score_sets(S, args.shared, actors_path, rules_only + added, docs_of)
    best = max(results, key=lambda th: sum(results[th][n][0] for n in SETS))
    print(f"\ncross-validation over documents ({args.folds} folds), strict F1 (P / R):")
    print(f"{'set':6} {'rules':>18}  " + "  ".join(f"{'+learned @' + str(th):>18}" for th in results))
    for n in SETS:
        f, p, r = base[n]
        cells = [f"{results[th][n][0]:.3f} ({results[th][n][1]:.2f}/{results[th][n][2]:.2f})" for th in results]
        print(f"{n:6} {f:.3f} ({p:.2f}/{r:.2f})   " + "  ".join(f"{c:>18}" for c in cells))
    print(f"best threshold {best}")
    if args.write:
        model = fit(usable(rows) + usable(extra), args.l2)
        model.threshold = best
        model.meta = {
            "trained_on": "development gold seeds, world, dev, notes" + ("" if args.no_gsr else " + PLOVER GSR sentences"),
            "script": "scripts/train_relations.py", "l2": args.l2, "folds": args.folds,
            "cv_strict_f1": {n: {"rules": round(base[n][0], 3), "rules+learned": round(results[best][n][0], 3)}
                             for n in SETS},
            "licence": "weights derived in part from PLOVER gold-standard records (CC BY-SA 4.0)",
        }
        out = ROOT / "src" / "factionmap" / "data" / MODEL_FILE
        out.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size // 1024} kB, {len(model.weights)} features)")
    print(f"{time.perf_counter() - t0:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
