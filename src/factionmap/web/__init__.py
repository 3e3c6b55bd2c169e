"""The web page (static files served by the API) and the Datasette metadata for the store."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def datasette_metadata() -> Path:
    """The metadata.json that describes the store's tables and columns to Datasette:
    ``datasette factionmap.db --metadata "$(python -c 'import factionmap.web as w; print(w.datasette_metadata())')"``."""
    return Path(str(resources.files("factionmap.web").joinpath("datasette", "metadata.json")))
