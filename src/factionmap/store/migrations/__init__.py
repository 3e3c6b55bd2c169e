"""Alembic environment for the store; :mod:`factionmap.store.migrate` runs it.

Found through ``importlib.resources``, so it works from an installed package
without an ``alembic.ini``.
"""
