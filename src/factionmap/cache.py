"""Built artefacts kept on disk between runs, keyed by the pipeline version.

Building the actor dictionary's indexes, the entity-ruler patterns and the
gazetteer takes seconds; reading them back takes a fraction of that. Each is
pickled once per pipeline version (the hash of the extraction code, data, model
and user actor file, see :func:`factionmap.pipeline.pipeline_version`), so a
change to any of them builds afresh and a stale artefact is never read.

Where: ``$FACTIONMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/factionmap``, else
``~/.cache/factionmap``. ``FACTIONMAP_CACHE_DIR=off`` turns caching off. A
cache that cannot be written, or a file that cannot be read back, only costs
the build: the run goes on and the file is rewritten.
"""
from __future__ import annotations

import os
import pickle
import tempfile
import warnings
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from .gcpause import gc_paused

T = TypeVar("T")
KEEP_VERSIONS = 3  # of each artefact: an upgrade leaves no pile of stale files
_FORMAT = 1  # bump when what is pickled changes shape without the package's files changing


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    env = os.environ.get("FACTIONMAP_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factionmap"


@lru_cache(maxsize=8)
def _version(user: tuple[str, ...], stamp: tuple[tuple[int, int], ...]) -> str:
    from .pipeline import pipeline_version

    return pipeline_version(None, extra_files=user).split("+", 1)[-1]


def artefact_key() -> str:
    """The key of every artefact: the pipeline version, computed once per process and user file state."""
    from .pipeline import user_files

    files = tuple(str(p) for p in user_files())
    stamp = tuple((p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else (0, 0) for p in map(Path, files))
    return f"{_version(files, stamp)}-f{_FORMAT}"


def path_for(name: str, key: str | None = None) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"{name}-{key or artefact_key()}.pickle"


def cached(name: str, build: Callable[[], T], key: str | None = None) -> T:
    """``build()``'s result, read from the cache when this version has it, else built and written."""
    path = path_for(name, key)
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh, gc_paused():
                return pickle.load(fh)
        except Exception as exc:  # noqa: BLE001 - a truncated or foreign file: build again
            warnings.warn(f"{path}: unreadable cached artefact ({type(exc).__name__}); rebuilding", stacklevel=2)
    value = build()
    if path is not None:
        store(path, value)
    return value


def store(path: Path, value: object) -> None:
    """Write atomically (a reader never sees half a file) and drop all but the newest few versions."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only home or a full disk: the run goes on uncached
    name = path.name.rsplit("-", 2)[0]
    versions = [f for f in path.parent.glob(f"{name}-*.pickle") if f.name.rsplit("-", 2)[0] == name]
    versions.sort(key=lambda f: f.stat().st_mtime_ns if f.exists() else 0, reverse=True)
    for old in versions[KEEP_VERSIONS:]:  # two checkouts sharing the folder must not evict each other
        if old != path:
            old.unlink(missing_ok=True)


def clear() -> int:
    """Remove every cached artefact; returns how many files went."""
    folder = cache_dir()
    if folder is None or not folder.is_dir():
        return 0
    gone = 0
    for f in folder.glob("*.pickle"):
        f.unlink(missing_ok=True)
        gone += 1
    return gone
