"""The public Python API, as a notebook uses it: the real pipeline and a real store."""
from __future__ import annotations

import pandas as pd
import pytest

import factionmap
from factionmap.notebook import Extractor

TEXT = ("KABUL, Aug. 5 - Taliban fighters attacked positions of the Islamic State Khorasan Province "
        "in Nangarhar province on Monday, a Taliban spokesman said.")


@pytest.fixture(scope="module")
def fm():
    return factionmap.load()  # the path a notebook takes (loads the spaCy pipeline)


def test_load_returns_an_extractor_whose_events_have_the_guides_shape(fm):
    assert isinstance(fm, Extractor)
    events = fm.extract(TEXT, date="2016-08-05")
    assert events, "no event from a plain attack sentence"
    e = next(x for x in events if x["type"] == "ASSAULT")
    assert {"actor", "recipient", "type", "status", "claimed_by", "date", "evidence"} <= set(e)
    assert e["actor"] == "Taliban" and e["recipient"] == "Islamic State Khorasan Province"
    assert TEXT[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
    assert fm.extract("The weather in Kabul was mild.") == []
    assert fm.version and fm.article(TEXT).record.id == "text"


def test_open_store_gives_events_as_a_list_or_a_frame_and_the_network(fm, tmp_path):
    from factionmap.store import Store

    db = tmp_path / "nb.db"
    with Store.open(str(db)) as s:
        art = fm.article(TEXT, date="2016-08-05", id="nb-1")
        s.save_article(art, fm.version)
    with factionmap.open_store(str(db)) as store:
        rows = store.events(actor="ISKP")  # any alias resolves
        assert rows and all("Islamic State Khorasan Province" in (r["actor"], r["recipient"]) for r in rows)
        assert store.events(actor="ISKP", since="2020") == []
        df = store.events(actor="IS-K", frame=True)
        assert isinstance(df, pd.DataFrame) and len(df) == len(rows)
        assert pd.api.types.is_datetime64_any_dtype(df["date_start"]) and df["lat"].dtype == "float64"
        G = store.graph()
        assert G.has_edge("Taliban", "Islamic State Khorasan Province")
        assert store.dyad("Taliban", "ISKP")["dyad"] == ["Taliban", "Islamic State Khorasan Province"]
        assert store.search("Nangarhar")["documents"][0]["id"] == "nb-1"
    with pytest.raises(FileNotFoundError, match="missing.db"):
        factionmap.open_store(str(tmp_path / "missing.db"))
