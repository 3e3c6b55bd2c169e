"""factionmap: an evidence-backed, time-aware map of who fights, allies with,
threatens, accuses, negotiates with or supports whom, read from the news.

From Python (see :mod:`factionmap.notebook`)::

    import factionmap
    fm = factionmap.load()
    fm.extract("Taliban fighters attacked ISKP positions in Nangarhar.")
    factionmap.open_store("factionmap.db").events(actor="ISKP", frame=True)
"""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["load", "open_store", "__version__"]


def load(config: dict[str, Any] | None = None) -> Any:
    """The extraction pipeline, loaded once: ``fm.extract(text)`` gives events."""
    from .notebook import load as _load

    return _load(config)


def open_store(path: str = "factionmap.db") -> Any:
    """A store opened for reading: ``.events(...)``, ``.graph(...)``, ``.dyad(a, b)``, ``.search(q)``."""
    from .notebook import open_store as _open

    return _open(path)
