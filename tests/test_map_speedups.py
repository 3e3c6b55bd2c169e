"""The map's shortcuts give what the plain rules give: remembered names, the carried-forward dyad walk,
the date-indexed contradiction finder. No timings here (benchmarks/ prints those)."""
from __future__ import annotations

import json
import random
from datetime import date, timedelta

from factionmap.api.state import AppState
from factionmap.graph import contradictions as con
from factionmap.graph import relations
from factionmap.graph.dates import PartialDate
from factionmap.graph.names import Names
from factionmap.graph.relations import Item, _Deriver, derive
from factionmap.model import PLOVER_TYPES, STATUSES, Article, Event, Record
from factionmap.store import Store

ACTORS = ["Taliban", "Islamic State", "Islamic State Khorasan Province", "Islamic State Pakistan Province",
          "Afghanistan", "Group A", "Group B"]


def _events(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rng.sample(ACTORS, 2)
        y, m, d = 2015 + rng.randrange(3), 1 + rng.randrange(12), 1 + rng.randrange(28)
        when = rng.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}-{d:02d}", None])
        ps = PartialDate.stored(when)
        out.append({
            "id": f"e{i:04d}", "doc_id": f"d{i // 3:03d}", "actor": a, "recipient": b, "type": rng.choice(PLOVER_TYPES),
            "quad": None, "mode": None, "mutual": rng.random() < 0.3, "status": rng.choice(STATUSES),
            "claimed_by": rng.sample(["Taliban", "Wire One", "iskp", "Group A"], rng.choice([0, 0, 1, 2])),
            "aux": rng.choice([[], [], [], ["future"], ["negated"], ["historical"]]), "date": when,
            "date_start": ps.start.isoformat() if ps else None, "date_end": ps.end.isoformat() if ps else None,
            "date_granularity": ps.granularity if ps else None, "evidence": f"{a} {b}", "evidence_start": i,
            "doc_title": "t", "doc_date": when, "doc_outlet": rng.choice([None, "Wire One", "Paper Two"]),
            "doc_url": None})
    return out


def _brute_clusters(items, linked):
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if linked(items[i], items[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list] = {}
    for i, it in enumerate(items):
        groups.setdefault(find(i), []).append(it)
    return list(groups.values())


def test_the_dyad_walk_carried_forward_reads_as_a_walk_from_scratch():
    for seed in range(6):
        items = [it for it in (Item.of(e) for e in _events(150, seed)) if it is not None]
        days = sorted({i.span.start for i in items} | {date(2016, 6, 30) + timedelta(days=k * 37) for k in range(20)})
        carried = _Deriver(items)
        for day in days + days[::7]:  # forward, then some dates again out of order
            assert carried.reading(day).to_json() == derive(items, day).to_json()


def test_the_finder_asks_only_pairs_that_can_link_and_finds_what_asking_every_pair_finds(monkeypatch):
    names = Names()
    events = [e for e in _events(400, 11) if e["actor"] != e["recipient"]]
    fast = [c.to_json() for c in con.find(events, names)]
    monkeypatch.setattr(con._Finder, "clusters", lambda self, items, linked, **kw: _brute_clusters(items, linked))
    monkeypatch.setattr(con._Window, "around", lambda self, iv, days: sorted(self.index) if iv is not None else [])
    plain = [c.to_json() for c in con.find(events, names)]
    assert json.dumps(fast) == json.dumps(plain)
    assert {c["kind"] for c in fast} >= {"opposing_reports", "claim_vs_denial"}


def test_remembered_names_answer_as_fresh_ones():
    names, fresh = Names(store_names=["Group A"]), lambda: Names(store_names=["Group A"])
    for n in ["iskp", "ISKP", "Group A", "group a", "Nobody Known", "the Taliban", "", "Islamic State"]:
        assert names.lookup(n) == names.lookup(n) == fresh().lookup(n)
    fam = names.family("Islamic State")
    fam.add("mutated by a caller")
    assert "mutated by a caller" not in names.family("Islamic State")
    assert names.related("Islamic State", "Islamic State Khorasan Province")
    assert not names.related("Islamic State Khorasan Province", "Islamic State Pakistan Province")


def test_the_apps_resolver_is_renewed_when_the_store_changes(tmp_path):
    store = Store.open(str(tmp_path / "s.db"))

    def add(doc: str, a: str, b: str) -> None:
        rec = Record(id=doc, text="x", date="2016-01-01")
        store.save_article(Article(record=rec, text="x", events=[Event(doc=doc, actor=a, recipient=b, type="ASSAULT",
                                                                     date="2016-01-01", evidence="x")]), "test")

    add("d1", "Group A", "Group B")
    state = AppState(db=str(tmp_path / "s.db"), token=None, read_token=None, store=store)
    first = state.names()
    assert state.names() is first and first.lookup("Zeta Front") is None
    add("d2", "Zeta Front", "Group A")
    second = state.names()
    assert second is not first and second.lookup("zeta front") == "Zeta Front"


def test_a_dyad_from_the_store_is_the_same_json_asked_twice(tmp_path):
    store = Store.open(str(tmp_path / "s.db"))
    for i, e in enumerate(_events(120, 5)):
        rec = Record(id=f"doc{i}", text="x", date=e["date"] or "2016")
        ev = Event(doc=rec.id, actor=e["actor"], recipient=e["recipient"], type=e["type"], status=e["status"],
                   claimed_by=e["claimed_by"], aux=e["aux"], date=e["date"], evidence="x")
        store.save_article(Article(record=rec, text="x", events=[ev]), "test")
    names = Names(store_names=store.actor_names())
    one = relations.dyad(store.engine, names, "Taliban", "Islamic State", rollup=True).to_json()
    two = relations.dyad(store.engine, Names(store_names=store.actor_names()), "Taliban", "Islamic State",
                         rollup=True).to_json()
    assert json.dumps(one) == json.dumps(two) and one["changes"]


def _store_of(tmp_path, events: list[dict]) -> Store:
    store = Store.open(str(tmp_path / "s.db"))
    for i, e in enumerate(events):
        rec = Record(id=f"doc{i // 3}", text="x", date=e["date"] or "2016")
        ev = Event(doc=rec.id, actor=e["actor"], recipient=e["recipient"], type=e["type"], status=e["status"],
                   claimed_by=e["claimed_by"], aux=e["aux"], date=e["date"], evidence=f"x {i}", mutual=e["mutual"])
        if i % 3 == 0:
            batch = []
        batch.append(ev)
        if i % 3 == 2 or i == len(events) - 1:
            store.save_article(Article(record=rec, text="x", events=batch), "test")
    return store


def test_a_pairs_contradictions_are_the_whole_stores_for_that_pair(tmp_path):
    store = _store_of(tmp_path, _events(600, 23))
    names = Names(store_names=store.actor_names())
    everything = [c.to_json() for c in con.contradictions(store.engine, names)]
    assert len(everything) > 10
    pairs = [("Taliban", "Islamic State Khorasan Province"), ("Islamic State", "Taliban"), ("Group A", "Group B"),
             ("Islamic State Pakistan Province", "Afghanistan"), ("Afghanistan", "Group A")]
    seen = 0
    for a, b in pairs:
        def same(x: str, y: str) -> bool:
            return x == y or names.related(x, y)

        def of_pair(cs: list[dict]) -> list[dict]:
            return [c for c in cs if (same(c["dyad"][0], a) and same(c["dyad"][1], b))
                    or (same(c["dyad"][0], b) and same(c["dyad"][1], a))]

        alone = [c.to_json() for c in con.contradictions(store.engine, names, pair=(a, b))]
        assert json.dumps(of_pair(alone)) == json.dumps(of_pair(everything))
        seen += len(of_pair(alone))
        # only the two trees' events were read: nothing about a third party comes back
        roots = {names.root(a), names.root(b)}
        assert all({names.root(x) for x in c["dyad"]} == roots for c in alone)
    assert seen > 0


def test_names_found_by_their_folded_key_are_those_a_search_finds():
    """The any-case exact alias ("iskp", "AL QAEDA") comes from an index, as the fuzzy search found it."""
    from factionmap.actors.dictionary import fold_key

    names = Names()
    d = names.dict
    aliases = sorted({x for a in d.actors.values() for x in (a.name, *a.aliases)})
    rng = random.Random(3)
    for alias in rng.sample(aliases, 40) + ["iskp", "AL-QAEDA", "is k", "Nobody Known At All"]:
        typed = rng.choice([alias.upper(), alias.lower(), alias.replace("-", " "), alias])
        key = fold_key(typed)
        by_search = next((a.name for a in d.search(typed, limit=5)
                          if key and any(fold_key(x) == key for x in (a.name, *a.aliases))), None)
        by_index = next((a.name for a in [*d.candidates(typed), *d.folded(typed)][:5]
                         if key and any(fold_key(x) == key for x in (a.name, *a.aliases))), None)
        assert by_index == by_search, typed
    assert names.lookup("iskp") == "Islamic State Khorasan Province"
    assert d.folded("Nobody Known At All") == []


def test_the_page_network_derives_only_its_chosen_relations_and_draws_what_the_whole_graph_would(
        tmp_path, monkeypatch):
    from factionmap.api import maplayer
    from factionmap.api.routers import view

    store = _store_of(tmp_path, _events(500, 31))
    state = AppState(db=str(tmp_path / "s.db"), token=None, read_token=None, store=store)
    whole = maplayer.network_graph
    for top, rollup, since in [(3, False, None), (4, True, None), (5, False, "2016")]:
        f = view.ViewFilters(since=since, until=None, actor=None, kinds=[], types=[], statuses=[], min_events=1,
                             rollup=rollup)
        monkeypatch.setattr(maplayer, "network_graph", whole)
        chosen = json.dumps(view._network(f, top, 3, state))
        monkeypatch.setattr(maplayer, "network_graph", lambda *a, pairs=None, **k: whole(*a, **k))
        assert json.dumps(view._network(f, top, 3, state)) == chosen
        assert 0 < len(json.loads(chosen)["edges"]) <= 3
