"""Shared fixtures: the real pipeline (loaded once per test session) and the shared data folder."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpus" / "seeds").is_dir():
        pytest.skip(f"the shared development data is not beside the checkout ({SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from factionmap.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def analyse(pipeline):
    """Run one text through the whole pipeline: ``analyse(text, date=None) -> Article``."""
    from factionmap.model import Record

    def run(text: str, date: str | None = None, doc_id: str = "t"):
        return pipeline(Record(id=doc_id, text=text, date=date))

    return run


@pytest.fixture(autouse=True)
def _own_saved_views(tmp_path_factory, monkeypatch):
    """Each test keeps the views a server saves (factionmap.api.saved) in a folder of its own:
    a view one test computed over a shared store is never another test's answer."""
    monkeypatch.setenv("FACTIONMAP_VIEWS_DIR", str(tmp_path_factory.mktemp("views")))
