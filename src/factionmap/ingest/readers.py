"""Turn input paths into :class:`~factionmap.model.Record` objects, one at a time.

INPUT may mix plain-text articles, HTML pages, JSON Lines / CSV corpora, RSS or
Atom feeds and directories of these. Corpora are read line by line and files one
by one, so a corpus of any size streams through in flat memory. Whatever is
wrong with an input (missing, empty, binary, not UTF-8, a malformed line, too
big) comes out as an :class:`InputError` in the stream, never as an exception,
and the next input is read as usual.
"""
from __future__ import annotations

import codecs
import csv
import email.utils
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from ..model import Record
from .errors import InputError, SkippedFile

TEXT_EXTS = {".txt", ".text"}
HTML_EXTS = {".html", ".htm", ".xhtml"}
JSONL_EXTS = {".jsonl", ".ndjson"}
CSV_EXTS = {".csv"}
FEED_EXTS = {".rss", ".atom", ".xml"}
KNOWN_EXTS = TEXT_EXTS | HTML_EXTS | JSONL_EXTS | CSV_EXTS | FEED_EXTS
MIN_HTML_WORDS = 5  # less than this from a page is navigation, not an article
FEED_SIZE_FACTOR = 25  # a feed file holds many documents: allow this many max_bytes
HEADER_KEYS = {"source": "url", "url": "url", "link": "url", "title": "title",
               "date": "date", "published": "date", "outlet": "outlet", "publisher": "outlet"}
_HEADER_LINE = re.compile(r"^([A-Za-z]+):[ \t]*(.*)$")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")
_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
SUPPORTED = "a .txt, .html, .jsonl, .csv or RSS/Atom file"
MAX_CSV_RESYNCS = 100  # malformed CSV records re-read from their next line; past this the file is given up

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass
class _Walk:
    """What one ``read_inputs`` call has seen: folders (so links back into them are not followed
    again) and the files it passed over."""

    max_bytes: int
    skipped: list[SkippedFile] | None = None
    folders: dict[tuple[int, int], str] = field(default_factory=dict)

    def skip(self, path: Path, reason: str) -> None:
        if self.skipped is not None:
            self.skipped.append(SkippedFile(str(path), reason))


def read_inputs(paths: Iterable[str | Path], default_date: str | None = None,
                max_bytes: int = 2_000_000,
                skipped: list[SkippedFile] | None = None) -> Iterator[Record | InputError]:
    """Yield a Record for every document in ``paths`` and an InputError for every problem.

    ``default_date`` (any date form, e.g. the CLI's --date) dates documents that
    carry no date of their own. Ids key everything downstream, so a second
    document with an id already read is skipped: quietly when its text is the
    same (a folder holding both .txt files and their docs.jsonl), reported when
    it differs. Files inside folders that are not articles (other types, hidden
    files, a folder reached again through a symbolic link) are passed over and,
    when ``skipped`` is given, listed there.
    """
    fallback = normalise_date(default_date) if default_date else None
    seen: dict[str, tuple[str, str]] = {}  # id -> (where first read, hash of its text)
    walk = _Walk(max_bytes, skipped)
    for path in paths:
        for item in _read_path(Path(path), walk, explicit=True):
            if isinstance(item, InputError):
                yield item
                continue
            item = _with_title(item)
            digest = hashlib.sha1(item.text.encode("utf-8")).hexdigest()
            if item.id in seen:
                first, first_digest = seen[item.id]
                if digest != first_digest:  # the same text twice (a folder with .txt + docs.jsonl) is fine
                    yield InputError(item.source or str(path), None,
                                     f"document id {item.id!r} was already read from {first} with a "
                                     "different text; skipped (give each document a unique id)")
                continue
            seen[item.id] = (item.source or str(path), digest)
            if not item.date:
                item.date = fallback
            yield item


def _read_path(path: Path, walk: _Walk, explicit: bool) -> Iterator[Record | InputError]:
    src = str(path)
    max_bytes = walk.max_bytes
    try:
        if path.is_dir():
            yield from _read_dir(path, walk)
            return
        if not path.exists():
            yield InputError(src, None, _missing(path))
            return
        ext = path.suffix.lower()
        if ext not in KNOWN_EXTS:
            if explicit:
                yield InputError(src, None, f"unknown file type {ext or '(no extension)'!r}; "
                                            f"give {SUPPORTED}, or rename it to one of these")
            else:  # inside a directory, other files (README.md, images) are passed over, and counted
                walk.skip(path, f"unknown file type {ext or '(no extension)'!r}")
            return
        size = path.stat().st_size
        limit = max_bytes * FEED_SIZE_FACTOR if ext in FEED_EXTS else max_bytes
        if ext not in JSONL_EXTS | CSV_EXTS and size > limit:
            yield InputError(src, None, f"{size:,} bytes is over the {limit:,}-byte limit for one "
                                        "document; split it into articles (or raise --max-bytes)")
            return
        if ext in JSONL_EXTS:
            yield from _read_jsonl(path, max_bytes)
        elif ext in CSV_EXTS:
            yield from _read_csv(path, max_bytes)
        else:
            data = path.read_bytes()
            # pages and feeds may declare another charset; plain text must be UTF-8
            text = _decode(data, src, declared=_declared_charset(data) if ext not in TEXT_EXTS else None)
            if isinstance(text, InputError):
                yield text
            elif not text.strip():
                yield InputError(src, None, "empty file; nothing to read")
            elif ext in TEXT_EXTS:
                yield _read_txt(path, text)
            elif ext in HTML_EXTS:
                yield _read_html(path, text)
            else:
                yield from _read_feed(path, data, text, max_bytes)
    except PermissionError:
        yield InputError(src, None, "permission denied; make the file readable")
    except OSError as exc:
        yield InputError(src, None, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a parser choking on one odd file must not stop the batch
        yield InputError(src, None, f"cannot parse ({type(exc).__name__}: {exc}); check the file "
                                    "is what its extension says")


def _missing(path: Path) -> str:
    """Why a path does not exist: not there, a dangling link, or a link loop."""
    if not path.is_symlink():
        return "no such file or directory; check the path"
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "symbolic link loop (the link points back to itself); remove or fix the link"
    return f"broken symbolic link (it points to {os.readlink(path)}, which does not exist)"


def _read_dir(path: Path, walk: _Walk) -> Iterator[Record | InputError]:
    """Every readable file below ``path`` in path order (as ``find | sort``), each folder once.

    Hidden entries are passed over; a folder reached again (a symbolic link to a
    parent or to a folder already read) is not read twice, so link loops end.
    """
    st = path.stat()
    key = (st.st_dev, st.st_ino)
    if key in walk.folders:
        walk.skip(path, f"a folder already read (as {walk.folders[key]}); not read again")
        return
    walk.folders[key] = str(path)
    for entry in sorted(path.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            walk.skip(entry, "hidden")
        else:
            yield from _read_path(entry, walk, explicit=False)


# --------------------------------------------------------------------------
# bytes -> text


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page or XML feed declares in its first bytes, if Python knows it."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(data: bytes, src: str, line: int | None = None, declared: str | None = None) -> str | InputError:
    """UTF-8 text (BOM allowed, newlines normalised) or an error saying where it broke.

    ``line`` is the line number when ``data`` is one line of a corpus;
    ``declared`` a charset the document itself names (HTML, XML), tried when
    the bytes are not UTF-8.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return InputError(src, line, "text is UTF-16; re-save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        return InputError(src, line, f"looks like binary data (NUL byte at byte {nul}); give {SUPPORTED}")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if declared and declared != "utf-8":
            try:
                return data.decode(declared).replace("\r\n", "\n").replace("\r", "\n")
            except UnicodeDecodeError:
                pass
        at = bom + exc.start
        where = line if line is not None else data.count(b"\n", 0, at) + 1
        return InputError(src, where, f"not valid UTF-8 (byte 0x{data[at]:02X} at byte offset {at}); "
                                      "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, raw line) pairs; None for a line over ``max_bytes`` (skipped unread)."""
    with path.open("rb") as fh:
        number = 0
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
                continue
            yield number, raw


# --------------------------------------------------------------------------
# formats


def _read_txt(path: Path, text: str) -> Record | InputError:
    """A plain article; a leading block of ``KEY: value`` lines is metadata, not text."""
    meta, body = _split_header(text)
    if not body.strip():
        return InputError(str(path), None, "only a header, no article text after it")
    return Record(id=path.stem, text=body.rstrip(), title=meta.get("title") or None,
                  date=normalise_date(meta.get("date")), url=meta.get("url") or None,
                  outlet=meta.get("outlet") or None, source=str(path))


def _split_header(text: str) -> tuple[dict[str, str], str]:
    meta: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        m = _HEADER_LINE.match(line)
        if not line.strip():
            if meta:  # a header block ends at its blank line
                return meta, text[end + 1:].lstrip("\n")
            return {}, text
        if not m or m.group(1).lower() not in HEADER_KEYS:
            return {}, text
        meta[HEADER_KEYS[m.group(1).lower()]] = m.group(2).strip()
        pos = end + 1
    return {}, text  # only key lines, no body: treat as text


def _read_html(path: Path, html: str) -> Record | InputError:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False)
    text = (doc.text if doc is not None else None) or ""
    if len(text.split()) < MIN_HTML_WORDS:  # the extractor falls back to any text, e.g. a menu
        return InputError(str(path), None, "no article text found in this HTML page; "
                                           "check it is an article page, not an index or a stub")
    title = (doc.title or "").strip() or None
    return Record(id=path.stem, text=_paragraphs(text), title=title, date=normalise_date(doc.date),
                  url=doc.url or None, outlet=(doc.sitename or "").strip() or None, source=str(path))


def _paragraphs(text: str) -> str:
    """Extractors give one paragraph a line; a blank line between them keeps paragraphs apart."""
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Record | InputError]:
    src = str(path)
    empty = True
    for number, raw in _lines(path, max_bytes):
        if raw is None:
            empty = False
            yield _too_big(src, number, max_bytes)
            continue
        if not raw.strip():
            continue
        empty = False
        text = _decode(raw, src, number)
        if isinstance(text, InputError):
            yield text
            continue
        try:
            obj = json.loads(text.strip())
        except json.JSONDecodeError as exc:
            yield InputError(src, number, f"not valid JSON ({exc.msg} at column {exc.colno}); "
                                          "fix or remove this line, one JSON object per line")
            continue
        yield _from_mapping(obj, src, number, max_bytes)
    if empty:
        yield InputError(src, None, "empty file; nothing to read")


def _read_csv(path: Path, max_bytes: int) -> Iterator[Record | InputError]:
    """Rows as records; a malformed record is reported at its first line and reading goes on.

    Quoting is strict, so an unterminated quote (which would swallow the next
    records into this one's text) is an error, not a silent merge. After one, the
    parser starts again on the line after the bad record's first line.
    """
    src = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes + 1))
    lines = _csv_lines(path, src, max_bytes)
    header: list[str] | None = None
    rows = resyncs = 0
    while True:
        consumed: list[tuple[int, str]] = []

        def feed() -> Iterator[str]:
            for number, text in lines:
                consumed.append((number, text))
                yield text

        reader = csv.reader(feed(), strict=True)
        try:
            for cells in reader:
                start = consumed[0][0]
                consumed.clear()
                if not cells or cells == [""]:
                    continue
                if header is None:
                    header = [c.strip().lower() for c in cells]
                    continue
                rows += 1
                row = {k: v for k, v in zip(header, cells) if k}
                yield _from_mapping(row, src, start, max_bytes)
            break
        except _CsvLineError as exc:
            yield exc.error
            return
        except csv.Error as exc:
            first = consumed[0][0] if consumed else None
            resyncs += 1
            if resyncs > MAX_CSV_RESYNCS:
                yield InputError(src, first, f"malformed CSV ({exc}); more than {MAX_CSV_RESYNCS} "
                                             "malformed records, the rest of the file is not read: fix its quoting")
                return
            what = "record" if header is not None else "header"
            yield InputError(src, first, f"malformed CSV {what} ({exc}; an unterminated quote?); "
                                         "skipped, reading goes on from the next line")
            lines = chain(consumed[1:], lines)  # the lines after the bad record's first are read again
    if not rows:
        yield InputError(src, None, "empty file; nothing to read" if header is None else "no rows under the header")


class _CsvLineError(Exception):
    """A line that cannot be decoded: a CSV cannot be read on past it."""

    def __init__(self, error: InputError):
        super().__init__(str(error))
        self.error = error


def _csv_lines(path: Path, src: str, max_bytes: int) -> Iterator[tuple[int, str]]:
    for number, raw in _lines(path, max_bytes):
        text = _too_big(src, number, max_bytes) if raw is None else _decode(raw, src, number)
        if isinstance(text, InputError):
            raise _CsvLineError(text)
        yield number, text if text.endswith("\n") else text + "\n"


def _from_mapping(obj: Any, src: str, line: int, max_bytes: int) -> Record | InputError:
    """A corpus record {id, text, [date, title, url, outlet]} or why it is not one."""
    if not isinstance(obj, dict):
        return InputError(src, line, "expected a JSON object {\"id\": ..., \"text\": ...}")
    missing = [k for k in ("id", "text") if obj.get(k) in (None, "")]
    if missing:
        return InputError(src, line, f"record has no {' or '.join(missing)}; every record needs "
                                     "an 'id' and a non-empty 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        return InputError(src, line, "'text' must be a string")
    if len(text.encode("utf-8")) > max_bytes:
        return _too_big(src, line, max_bytes)
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    if not text.strip():
        return InputError(src, line, "record has an empty 'text'")
    return Record(id=str(obj["id"]).strip(), text=text, title=_opt(obj.get("title")),
                  date=normalise_date(_opt(obj.get("date"))), url=_opt(obj.get("url")),
                  outlet=_opt(obj.get("outlet")), source=f"{src}:{line}")


def _read_feed(path: Path, data: bytes, text: str, max_bytes: int) -> Iterator[Record | InputError]:
    src = str(path)
    head = text[:2048].lower()
    if not any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
        yield InputError(src, None, "XML file is not an RSS or Atom feed; give a feed, "
                                    "or the articles as .txt/.html/.jsonl")
        return
    import feedparser

    feed = feedparser.parse(data)
    outlet = _opt(feed.feed.get("title"))
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.bozo else ""
        yield InputError(src, None, f"feed has no entries{why}; check the file is a complete feed")
        return
    for n, entry in enumerate(feed.entries, 1):
        html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        body = html_fragment_text(html)
        where = f"{src}#{n}"
        if not body.strip():
            yield InputError(src, None, f"feed entry {n} has no text; skipped")
            continue
        if len(body.encode("utf-8")) > max_bytes:
            yield _too_big(where, None, max_bytes)
            continue
        ident = entry.get("id") or entry.get("link") or f"{path.stem}-{n}"
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        date = ("%04d-%02d-%02d" % parsed[:3]) if parsed else normalise_date(
            entry.get("published") or entry.get("updated"))
        yield Record(id=slug(ident), text=body, title=_opt(entry.get("title")), date=date,
                     url=_opt(entry.get("link")), outlet=outlet, source=where)


def html_fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed entry), one paragraph per block element."""
    if "<" not in html:
        return _paragraphs(html)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on junk; fall back to tag stripping
        return _paragraphs(re.sub(r"<[^>]+>", " ", html))
    for el in root.iter("script", "style"):
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"):
        el.tail = "\n" + (el.tail or "")
        if el.text:
            el.text = "\n" + el.text
    text = root.text_content()
    return _paragraphs("\n".join(re.sub(r"[ \t\u00a0]+", " ", ln) for ln in text.splitlines()))


# --------------------------------------------------------------------------
# small helpers


def normalise_date(value: Any) -> str | None:
    """ISO date, as precise as the input: "2015", "2015-06" or "2015-06-16"; None if unreadable."""
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO_DATE.match(s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        if mo and not 1 <= int(mo) <= 12 or d and not 1 <= int(d) <= 31:
            return None
        return "-".join([y] + [f"{int(x):02d}" for x in (mo, d) if x])
    parsed = email.utils.parsedate(s)  # RFC 2822, as in feeds and HTTP headers
    if parsed and parsed[0]:
        return "%04d-%02d-%02d" % parsed[:3]
    if not _HAS_YEAR.search(s):
        return None  # "Aug. 31" would silently get this year
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"}).get_date_data(s)
    if data.date_obj is None:
        return None
    iso = data.date_obj.date().isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(data.period or "day", iso)


def slug(value: str, limit: int = 80) -> str:
    """A readable, file-name-safe id from a URL or feed entry id; hashed tail if too long."""
    s = re.sub(r"^[a-z]+:/*", "", value.strip().lower())
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "entry"
    if len(s) > limit:
        s = s[: limit - 9].rstrip("-") + "-" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]
    return s


def _with_title(record: Record) -> Record:
    """Keep the headline in the text: it often states the main event."""
    title = (record.title or "").strip()
    if title and not record.text.lstrip().startswith(title):
        record.text = f"{title}\n\n{record.text}"
    return record


def _too_big(src: str, line: int | None, max_bytes: int) -> InputError:
    return InputError(src, line, f"document over the {max_bytes:,}-byte limit; not processed "
                                 "(split it into articles, or raise --max-bytes)")


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None
