"""The ingest job, run in this process, on a local process pool, or on a Dask cluster."""
from .job import IngestReport, batch_size_for, run_ingest
from .work import PipelineBuildError, RunnerError

__all__ = ["IngestReport", "PipelineBuildError", "RunnerError", "batch_size_for", "run_ingest"]
