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
