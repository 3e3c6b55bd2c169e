"""Faults end cleanly: workers die with their parent, store failures are one line, no password is
printed, read-only stores open for reading, and ``ingest -q`` prints only problems and the result.

Everything here runs the real CLI in a subprocess (or through Click's runner) on real stores; the
read-only and full-disk cases mount real file systems in a private mount namespace (``unshare -m``)
so nothing outside the test changes.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from factionmap.cli.main import cli
from factionmap.store import Store
from factionmap.store.engine import describe_failure, redact

from store_helpers import PG_ENV, variant_corpus, write_jsonl

REPO = Path(__file__).resolve().parents[1]
FACTIONMAP = str(REPO / ".venv" / "bin" / "factionmap")
PASSWORD = "s3cret-Pa55word"


def run_cli(*args: str, timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([FACTIONMAP, *args], capture_output=True, text=True, timeout=timeout, **kw)


def _can_unshare() -> bool:
    if sys.platform != "linux" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    try:
        return subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                              capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_mounts = pytest.mark.skipif(not _can_unshare(), reason="needs root and unshare -m (private mounts)")


def in_private_mounts(script: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run a shell script in its own mount namespace: its mounts vanish when it ends."""
    env = {**os.environ, "FM": FACTIONMAP}
    return subprocess.run(["unshare", "-m", "sh", "-c", f"set -e\n{script}"], capture_output=True, text=True,
                          timeout=timeout, env=env)


def one_line_error(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert "Traceback" not in stderr and "[SQL:" not in stderr and "sqlalche.me" not in stderr, stderr
    errors = [ln for ln in lines if ln.startswith("Error:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A real store with a few ingested documents."""
    base = tmp_path_factory.mktemp("store")
    corpus = write_jsonl(base / "corpus.jsonl", variant_corpus(3, paragraphs=2))
    db = base / "small.db"
    done = run_cli("ingest", str(corpus), "--db", str(db), "-q")
    assert done.returncode == 0, done.stderr
    return db, corpus


# --------------------------------------------------------------------------
# ingest -q, and the files a folder holds that are not articles


def test_quiet_ingest_prints_problems_and_the_one_line_result(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "docs.jsonl", variant_corpus(2, paragraphs=2))
    (folder / "notes.md").write_text("# not an article\n", "utf-8")
    (folder / "bad.jsonl").write_text("{not json\n", "utf-8")
    quiet = run_cli("ingest", str(folder), "--db", str(tmp_path / "q.db"), "-q")
    assert quiet.returncode == 1 and quiet.stdout == ""
    lines = quiet.stderr.strip().splitlines()
    assert lines[0].startswith("processed 2 (added 2") and "1 other file(s) in the folders passed over" in lines[0]
    assert lines[1:] == ["failures:", f"  {folder / 'bad.jsonl'}:1: " + lines[2].split(":1: ", 1)[1]]
    assert "notes.md" not in quiet.stderr  # counted, but not a problem: named only without -q
    loud = run_cli("ingest", str(folder), "--db", str(tmp_path / "q.db"))
    assert "passed over (not articles):" in loud.stderr
    assert f"{folder / 'notes.md'}: unknown file type '.md'" in loud.stderr
    assert "Actors (mentions):" in loud.stdout  # the store summary comes only without -q


# --------------------------------------------------------------------------
# workers die with their parent


def _children(pid: int) -> set[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return {int(p) for p in found}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill"])
def test_workers_die_with_their_parent(tmp_path, sig):
    corpus = write_jsonl(tmp_path / "c.jsonl", variant_corpus(400, paragraphs=3))
    db = tmp_path / "w.db"
    proc = subprocess.Popen([FACTIONMAP, "ingest", str(corpus), "--db", str(db), "--workers", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        workers: set[int] = set()
        while time.monotonic() < deadline and proc.poll() is None:  # wait until the workers are busy
            workers = _children(proc.pid)
            if len(workers) >= 2 and db.exists() and sqlite3.connect(db).execute(
                    "SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0]:
                con = sqlite3.connect(db)
                if con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 2:
                    break
            time.sleep(0.5)
        assert proc.poll() is None and len(workers) >= 2, "the run ended before it could be killed"
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)], "workers outlived their parent"
        if sig == signal.SIGTERM:  # a plain kill ends like Ctrl-C, with the resume hint
            assert proc.returncode == 130 and "run the same command again to resume" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        for w in _children(proc.pid):
            os.kill(w, signal.SIGKILL)


# --------------------------------------------------------------------------
# store failures: one line, no SQL, no traceback unless --debug


def test_corrupted_store_is_one_line_and_debug_shows_the_traceback(tmp_path, small_store):
    db, corpus = small_store
    broken = tmp_path / "broken.db"
    data = bytearray(db.read_bytes())
    data[:16] = b"this is not sql!"  # the header: SQLite no longer sees a database
    broken.write_bytes(bytes(data))
    for args in (["events", "--db", str(broken)], ["ingest", str(corpus), "--db", str(broken), "-q"]):
        done = run_cli(*args)
        assert done.returncode == 1
        line = one_line_error(done.stderr)
        assert str(broken) in line and "not a database" in line
    debug = run_cli("--debug", "events", "--db", str(broken))
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_store_damaged_after_opening_is_one_line(tmp_path, small_store):
    """A page destroyed inside the file: the failure comes mid-query, in the root group's handler."""
    db, _ = small_store
    damaged = tmp_path / "damaged.db"
    data = bytearray(db.read_bytes())
    page = 4096
    for at in range(2 * page, len(data) - page, page):  # every page but the first two
        data[at:at + page] = os.urandom(page)
    damaged.write_bytes(bytes(data))
    done = run_cli("events", "--db", str(damaged), "--format", "jsonl")
    assert done.returncode == 1
    line = one_line_error(done.stderr)
    assert "Nothing half-written is kept" in line and "--debug" in line


@needs_mounts
def test_full_disk_during_ingest_is_one_line_and_a_rerun_resumes(tmp_path):
    corpus = write_jsonl(tmp_path / "c.jsonl", variant_corpus(60, paragraphs=3))
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
mount -t tmpfs -o size=1500k tmpfs {mnt}
set +e
"$FM" ingest {corpus} --db {mnt}/s.db -q 2> {out}/full.err
echo $? > {out}/full.rc
for f in {mnt}/s.db*; do cp "$f" {out}/partial"${{f#{mnt}/s}}"; done  # with its WAL: committed work
"""
    done = in_private_mounts(script)
    assert done.returncode == 0, done.stderr
    assert (out / "full.rc").read_text().strip() == "1"
    line = one_line_error((out / "full.err").read_text())
    assert "ran out of disk space" in line and "resumes" in line
    stored = sqlite3.connect(out / "partial.db").execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < stored < 60
    again = run_cli("ingest", str(corpus), "--db", str(out / "partial.db"), "-q")
    assert again.returncode == 0, again.stderr
    assert f"skipped {stored} already stored" in again.stderr


# --------------------------------------------------------------------------
# credentials never appear


def test_password_never_printed_when_the_server_is_down():
    url = f"postgresql://analyst:{PASSWORD}@127.0.0.1:1/factionmap"
    for args in (["events", "--db", url], ["graph", "--db", url], ["ingest", "nothing.txt", "--db", url]):
        done = run_cli(*args)
        assert done.returncode == 1, (args, done.stderr)
        assert PASSWORD not in done.stderr + done.stdout
        line = one_line_error(done.stderr)
        assert "analyst:***@127.0.0.1:1" in line and "cannot be reached" in line
    serve = run_cli("serve", "--db", url, "--port", "1")
    assert serve.returncode == 1 and PASSWORD not in serve.stderr and "***" in serve.stderr


def test_redact_and_describe_never_show_the_password():
    assert redact(f"postgresql://analyst:{PASSWORD}@db.example:5432/fm") == "postgresql://analyst:***@db.example:5432/fm"
    assert redact("stores/factionmap.db") == "stores/factionmap.db"
    exc = sqlite3.OperationalError(f"could not connect with password {PASSWORD}")
    msg = describe_failure(exc, f"postgresql://analyst:{PASSWORD}@db.example/fm")
    assert PASSWORD not in msg and "cannot be reached" in msg


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.postgres
def test_serve_banner_hides_the_password():
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is unset")
    url = base.replace("postgresql://postgres@", f"postgresql://postgres:{PASSWORD}@", 1)
    assert PASSWORD in url  # the test server trusts any password: it connects
    proc = subprocess.Popen([FACTIONMAP, "serve", "--db", url, "--port", str(_free_port())], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        banner = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "serving" not in banner:
            line = proc.stderr.readline()
            if not line:
                break
            banner += line
        assert "serving" in banner and "postgres:***@" in banner and PASSWORD not in banner
    finally:
        proc.terminate()
        proc.wait(timeout=30)


# --------------------------------------------------------------------------
# read-only stores


@needs_mounts
def test_store_on_read_only_media_opens_for_reading(tmp_path, small_store):
    db, corpus = small_store
    media = tmp_path / "media"
    media.mkdir()
    (media / "s.db").write_bytes(db.read_bytes())
    (media / "empty.db").write_bytes(b"")
    out = tmp_path / "out"
    out.mkdir()
    script = f"""
mount --bind -o ro {media} {media}
set +e
"$FM" events --db {media}/s.db --format jsonl > {out}/events.jsonl 2> {out}/events.err; echo $? > {out}/events.rc
"$FM" graph --db {media}/s.db --format json > {out}/graph.json 2> {out}/graph.err; echo $? > {out}/graph.rc
"$FM" ingest {corpus} --db {media}/s.db --force -q 2> {out}/ingest.err; echo $? > {out}/ingest.rc
"$FM" events --db {media}/empty.db 2> {out}/empty.err; echo $? > {out}/empty.rc
ls -a {media} > {out}/files
"""
    done = in_private_mounts(script)
    assert done.returncode == 0, done.stderr
    want = Store.open(db)
    n_events = want.count_events()
    want.close()
    assert (out / "events.rc").read_text().strip() == "0", (out / "events.err").read_text()
    assert len((out / "events.jsonl").read_text().splitlines()) == n_events > 0
    assert (out / "graph.rc").read_text().strip() == "0", (out / "graph.err").read_text()
    assert json.loads((out / "graph.json").read_text())
    assert (out / "ingest.rc").read_text().strip() == "1"
    assert "is read-only" in one_line_error((out / "ingest.err").read_text())
    assert (out / "empty.rc").read_text().strip() == "1"
    assert "it is read-only, and its schema is empty" in one_line_error((out / "empty.err").read_text())
    assert sorted((out / "files").read_text().split()) == [".", "..", "empty.db", "s.db"]  # nothing written


def test_ingest_has_the_max_bytes_its_messages_advise(tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Rebels attacked the town, officials said. " * 20, "utf-8")
    small = run_cli("ingest", str(article), "--db", str(tmp_path / "m.db"), "--max-bytes", "100", "-q")
    assert small.returncode == 1 and "raise --max-bytes" in small.stderr
    big = run_cli("ingest", str(article), "--db", str(tmp_path / "m.db"), "--max-bytes", "100000", "-q")
    assert big.returncode == 0 and "processed 1 (added 1" in big.stderr


def test_extract_names_the_files_it_passed_over(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rebels attacked the town on Monday, officials said.", "utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    done = run_cli("extract", str(folder))
    assert done.returncode == 0
    assert f"passed over 1 file(s) in the folders that are not articles: {folder / 'photo.png'}" in done.stderr
