"""The ingest job, run in this process, on a local process pool, or on a Dask cluster.

Names are imported on first use: ``factionmap extract`` needs the workers
(``runner.work``) but not the store that the ingest job (``runner.job``) writes.
"""
from __future__ import annotations

from typing import Any

__all__ = ["IngestReport", "PipelineBuildError", "RunnerError", "batch_size_for", "run_ingest"]
_HOMES = {"IngestReport": "job", "batch_size_for": "job", "run_ingest": "job",
          "PipelineBuildError": "work", "RunnerError": "work"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
