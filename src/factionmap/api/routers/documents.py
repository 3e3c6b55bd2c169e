"""Articles: list them, read one (text, events, claims), add one or upload files.

Adding runs the extraction pipeline in a worker thread (the first call loads
the language model; a long article goes to its own process, see
:class:`~factionmap.api.state.AppState`), stores the result and returns what
was extracted, so the page can show it and redraw the map. Reading never waits
for it. A text over the pipeline's length limit is refused with 413.

Document ids may hold "/" (feeds and corpora use URL-like ids): the id is the
rest of the path, ``/api/documents/afp/2020/0412``, or its percent-encoded form.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from starlette.concurrency import run_in_threadpool

from ...model import Record
from ..auth import require_write
from ..errors import ApiError, invalid, not_found
from ..schemas import DocumentIn
from ..state import AppState, get_state

router = APIRouter(tags=["documents"])

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@router.get("/documents", summary="Documents (without their text)")
def list_documents(limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=1_000_000_000),
                   state: AppState = Depends(get_state)) -> dict[str, Any]:
    return {"total": state.store.count_documents(), "limit": limit, "offset": offset,
            "items": state.store.documents(limit=limit, offset=offset)}


@router.get("/documents/{doc_id:path}", summary="One document: text, events and quantitative claims")
def get_document(doc_id: str, events: bool = Query(True, description="include the events and claims"),
                 state: AppState = Depends(get_state)) -> dict[str, Any]:
    doc = state.store.document(doc_id)
    if doc is None:
        raise not_found(f"no document with id {doc_id!r}")
    if events:
        doc["events"] = state.store.events(doc=doc_id)
        doc["quantities"] = _quantities(state, doc_id)
    return doc


@router.post("/documents", status_code=201, dependencies=[Depends(require_write)],
             summary="Add an article (needs the write token); returns what was extracted")
async def add_document(body: DocumentIn, state: AppState = Depends(get_state)) -> dict[str, Any]:
    record = Record(id=body.id, text=body.text, title=body.title, date=body.date, url=body.url,
                    outlet=body.outlet, source="api")
    record = _with_title(record)
    _check_length(state, record)
    return await run_in_threadpool(_ingest, state, record)


def _check_length(state: AppState, record: Record, where: str = "text") -> None:
    limit = state.document_limit()
    if len(record.text) > limit:
        raise ApiError(413, f"{where}: the article is {len(record.text):,} characters long; the limit for one "
                            f"article is {limit:,} characters: split it into articles and send them one by one",
                       limit=limit, length=len(record.text))


@router.post("/documents/upload", status_code=201, dependencies=[Depends(require_write)],
             summary="Upload article files (.txt, .html, .jsonl, .csv, RSS/Atom; needs the write token)")
async def upload_documents(files: list[UploadFile] = File(..., description="one or more files"),
                           state: AppState = Depends(get_state)) -> dict[str, Any]:
    if not files:
        raise invalid("files: upload at least one file")
    with tempfile.TemporaryDirectory(prefix="factionmap-upload-") as tmp:
        paths: dict[Path, str] = {}
        total = 0
        for i, f in enumerate(files):
            original = Path(f.filename or f"upload-{i}.txt").name
            name = _SAFE_NAME.sub("-", original).strip("-.") or f"upload-{i}.txt"
            path = Path(tmp) / name
            if path in paths:
                path = Path(tmp) / f"{path.stem}-{i}{path.suffix}"
            data = await f.read()
            total += len(data)
            if total > state.max_upload_bytes:
                raise ApiError(413, f"the upload is too large: over {state.max_upload_bytes // (1024 * 1024)} MB "
                                    "in all; send fewer or smaller files")
            path.write_bytes(data)
            paths[path] = original
        return await run_in_threadpool(_ingest_files, state, paths)


def _quantities(state: AppState, doc_id: str) -> list[dict[str, Any]]:
    """The document's quantitative claims (the store lists them per actor; this is per document)."""
    import json

    from sqlalchemy import select

    from ...store.schema import quantities as q

    with state.store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            select(q).where(q.c.doc_id == doc_id).order_by(q.c.idx))]
    for row in rows:
        row["claimed_by"] = json.loads(row["claimed_by"] or "[]")
    return rows


def _with_title(record: Record) -> Record:
    """Same text as the file readers make, so the same article gets the same events either way."""
    from ...ingest import readers

    fn = getattr(readers, "_with_title", None)
    return fn(record) if fn else record


def _ingest(state: AppState, record: Record) -> dict[str, Any]:
    article, version = state.extract(record)
    status = state.store.save_article(article, version)
    return _result(state, record.id, status, article)


def _ingest_files(state: AppState, paths: dict[Path, str]) -> dict[str, Any]:
    from ...ingest.errors import InputError
    from ...ingest.readers import read_inputs

    results, errors = [], []
    for item in read_inputs(list(paths), max_bytes=state.max_upload_bytes):
        if isinstance(item, InputError):
            src = paths.get(Path(item.source), Path(item.source).name)
            where = src if item.line is None else f"{src}:{item.line}"
            errors.append(f"{where}: {item.message}")
            continue
        if item.source:
            item.source = paths.get(Path(item.source), Path(item.source).name)
        try:
            _check_length(state, item, item.source or item.id)
            results.append(_ingest(state, item))
        except ApiError as exc:  # too long: reported like any other bad record
            errors.append(exc.message)
        except Exception as exc:  # one bad record never sinks the batch
            errors.append(f"{item.source or item.id}: could not be processed ({type(exc).__name__}: {exc})")
    if not results and errors:
        raise invalid("no article could be read from the upload", problems=errors)
    return {"results": results, "errors": errors}


def _result(state: AppState, doc_id: str, status: str, article: Any) -> dict[str, Any]:
    doc = state.store.document(doc_id) or {"id": doc_id}
    doc.pop("text", None)
    return {
        "status": status,
        "document": doc,
        "events": state.store.events(doc=doc_id),
        "quantities": len(article.quantities),
        "candidates": list(article.candidates),
    }
