"""Where extracted documents, events and reviews live: SQLite by default, PostgreSQL alike."""
from .store import VERDICTS, Store

__all__ = ["Store", "VERDICTS"]
