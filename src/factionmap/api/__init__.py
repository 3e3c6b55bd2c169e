"""The REST API and web app: a thin FastAPI face over the store and the map layer.

``create_app(db, token)`` builds the application; ``factionmap serve`` runs it.
"""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
