"""Reading inputs: every format, and every kind of bad input, from real files."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from factionmap.ingest.errors import InputError
from factionmap.ingest.readers import normalise_date, read_inputs, slug
from factionmap.model import Record

SHARED = Path(__file__).parents[2] / "shared"
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the repository")

BODY = ("The army and the rebels fought near the border on Tuesday, officials said.\n\n"
        "The rebels accused the government of breaking the ceasefire.")


def read(*paths, **kw) -> tuple[list[Record], list[InputError]]:
    items = list(read_inputs(paths, **kw))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, InputError)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# plain text


def test_txt_header_is_metadata_not_text(tmp_path):
    p = write(tmp_path / "a1.txt", "SOURCE: https://news.example/a1\nTITLE: Rebels and army clash\n"
                                   "DATE: 16 June 2015\nOUTLET: Example News\n\nRebels and army clash\n\n" + BODY + "\n")
    (rec,), errors = read(p)
    assert errors == []
    assert (rec.id, rec.url, rec.title, rec.date, rec.outlet) == (
        "a1", "https://news.example/a1", "Rebels and army clash", "2015-06-16", "Example News")
    assert rec.text == "Rebels and army clash\n\n" + BODY
    assert rec.source == str(p)


def test_txt_without_header_keeps_text_and_takes_default_date(tmp_path):
    p = write(tmp_path / "plain.txt", "Note: this is not a header\n" + BODY)
    (rec,), _ = read(p, default_date="2016-08-05T10:00:00Z")
    assert rec.text == "Note: this is not a header\n" + BODY
    assert rec.date == "2016-08-05" and rec.title is None


def test_header_title_not_in_text_is_prepended(tmp_path):
    p = write(tmp_path / "t.txt", "TITLE: Army retakes town\nDATE:\n\n" + BODY)
    (rec,), _ = read(p, default_date="2015-06")
    assert rec.text == "Army retakes town\n\n" + BODY
    assert rec.date == "2015-06"  # empty DATE: falls back


def test_header_without_text(tmp_path):
    p = write(tmp_path / "h.txt", "TITLE: Only a title\nDATE: 2020-01-01\n\n\n")
    recs, (err,) = read(p)
    assert recs == [] and "no article text" in err.message


def test_windows_newlines_and_bom(tmp_path):
    p = write(tmp_path / "w.txt", b"\xef\xbb\xbfFirst line\r\nSecond line\r\n")
    (rec,), errors = read(p)
    assert errors == [] and rec.text == "First line\nSecond line"


# --------------------------------------------------------------------------
# bad files never raise, never stop the batch


def test_bad_files_are_reported_and_the_rest_is_read(tmp_path):
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "  \n\n ")
    binary = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = write(tmp_path / "latin.txt", "First line\nSecond line\nLe pr\u00e9sident a dit\n".encode("latin-1"))
    unknown = write(tmp_path / "notes.docx", b"PK\x03\x04")
    good = write(tmp_path / "good.txt", BODY)
    missing = tmp_path / "missing.txt"
    recs, errors = read(empty, blank, binary, latin, unknown, missing, good)
    assert [r.id for r in recs] == ["good"]
    by_file = {Path(e.source).name: e for e in errors}
    assert set(by_file) == {"empty.txt", "blank.txt", "image.txt", "latin.txt", "notes.docx", "missing.txt"}
    assert "empty" in by_file["empty.txt"].message and "empty" in by_file["blank.txt"].message
    assert "binary" in by_file["image.txt"].message
    latin_err = by_file["latin.txt"]
    assert latin_err.line == 3 and "UTF-8" in latin_err.message and "0xE9" in latin_err.message
    assert str(latin_err).startswith(f"{latin}:3: ")
    assert "unknown file type '.docx'" in by_file["notes.docx"].message
    assert "no such file" in by_file["missing.txt"].message
    assert str(by_file["missing.txt"]) == f"{missing}: no such file or directory; check the path"


def test_document_over_max_bytes_is_not_read(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("w", encoding="utf-8") as fh:
        line = "The army shelled the town again on Monday, residents said. " * 20 + "\n"
        while fh.tell() < 20_000_000:
            fh.write(line)
    small = write(tmp_path / "small.txt", BODY)
    recs, errors = read(big, small)
    assert [r.id for r in recs] == ["small"]
    (err,) = errors
    assert err.source == str(big) and "limit" in err.message and "split" in err.message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file(tmp_path):
    p = write(tmp_path / "secret.txt", BODY)
    p.chmod(0)
    try:
        recs, (err,) = read(p)
    finally:
        p.chmod(0o644)
    assert recs == [] and "permission" in err.message


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read(tmp_path):
    """A read error (here EIO from /proc/self/mem, which even root gets) is reported."""
    link = tmp_path / "device.txt"
    link.symlink_to("/proc/self/mem")
    recs, (err,) = read(link, write(tmp_path / "ok.txt", BODY))
    assert [r.id for r in recs] == ["ok"]
    assert err.source == str(link) and err.message.startswith("cannot read: ")


# --------------------------------------------------------------------------
# JSON Lines and CSV corpora


def test_jsonl_bad_lines_are_reported_and_skipped(tmp_path):
    lines = [
        json.dumps({"id": "d1", "text": BODY, "date": "2016-08", "url": "https://x.example/1"}),
        '{"id": "d2", "text": "unterminated',
        "",
        json.dumps({"id": "d3", "title": "no text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": 4, "text": BODY, "title": "Fighting resumes", "outlet": "Wire"}),
    ]
    p = write(tmp_path / "corpus.jsonl", "\n".join(lines) + "\n")
    recs, errors = read(p)
    assert [r.id for r in recs] == ["d1", "4"]
    assert recs[0].date == "2016-08" and recs[0].source == f"{p}:1"
    assert recs[1].text == "Fighting resumes\n\n" + BODY and recs[1].outlet == "Wire"
    assert [e.line for e in errors] == [2, 4, 5]
    assert "not valid JSON" in errors[0].message
    assert "no text" in errors[1].message
    assert all(e.source == str(p) for e in errors)


def test_jsonl_oversized_and_non_utf8_lines(tmp_path):
    p = tmp_path / "mixed.jsonl"
    with p.open("wb") as fh:
        fh.write(json.dumps({"id": "big", "text": "x" * 5000}).encode() + b"\n")
        fh.write(b'{"id": "latin", "text": "pr\xe9sident"}\n')
        fh.write(json.dumps({"id": "ok", "text": BODY}).encode() + b"\n")
    recs, errors = read(p, max_bytes=1000)
    assert [r.id for r in recs] == ["ok"]
    assert [e.line for e in errors] == [1, 2]
    assert "limit" in errors[0].message and "UTF-8" in errors[1].message


def test_csv_corpus(tmp_path):
    p = write(tmp_path / "corpus.csv",
              'id,title,text,date,outlet\n'
              'c1,Talks resume,"Talks resume\n\nThe two sides met in Doha, officials said.",2023-02-14,Wire\n'
              'c2,,,2023-02-15,Wire\n'
              'c3,,"Clashes broke out again.",Feb 16 2023,\n')
    recs, errors = read(p)
    assert [r.id for r in recs] == ["c1", "c3"]
    assert recs[0].text.startswith("Talks resume\n\nThe two sides") and recs[0].outlet == "Wire"
    assert recs[1].date == "2023-02-16" and recs[1].outlet is None
    (err,) = errors
    assert err.line == 5 and "text" in err.message  # the row that ends on line 5


def test_csv_unterminated_quote_is_reported_and_the_next_records_are_read(tmp_path):
    """The quote never closes: the record is reported at its line, the ones after it are read."""
    p = write(tmp_path / "open-quote.csv",
              'id,text,date\n'
              'u1,"Rebels attacked the town,2020-01-01\n'
              'u2,"Army responded with air strikes",2020-01-02\n'
              'u3,Talks began in Doha,2020-01-03\n')
    recs, (err,) = read(p)
    assert [(r.id, r.text) for r in recs] == [("u2", "Army responded with air strikes"), ("u3", "Talks began in Doha")]
    assert err.source == str(p) and err.line == 2 and "malformed CSV record" in err.message
    assert [r.source for r in recs] == [f"{p}:3", f"{p}:4"]
    # the open quote runs to the end of the file
    p2 = write(tmp_path / "open-to-end.csv",
               'id,text,date\nv1,Rebels attacked,2020-01-01\nv2,"Army responded,2020-01-02\nv3,Talks began,2020-01-03\n')
    recs, (err,) = read(p2)
    assert [(r.id, r.text) for r in recs] == [("v1", "Rebels attacked"), ("v3", "Talks began")]
    assert err.line == 3 and "unexpected end of data" in err.message


def test_csv_quotes_that_are_fine_stay_fine(tmp_path):
    p = write(tmp_path / "quotes.csv",
              'id,text\nq1,He said "no" to them\nq2,"Two\n\nparagraphs, with ""quotes"""\nq3,last\n')
    recs, errors = read(p)
    assert errors == []
    assert [r.text for r in recs] == ['He said "no" to them', 'Two\n\nparagraphs, with "quotes"', "last"]
    assert [r.source for r in recs] == [f"{p}:2", f"{p}:3", f"{p}:6"]


def test_csv_with_many_broken_records_is_given_up_in_bounded_work(tmp_path):
    from factionmap.ingest.readers import MAX_CSV_RESYNCS

    body = "".join(f'b{i},"broken {i},2020\n' for i in range(MAX_CSV_RESYNCS + 50))
    p = write(tmp_path / "broken.csv", "id,text,date\n" + body)
    recs, errors = read(p)
    assert len(errors) == MAX_CSV_RESYNCS + 1 and "the rest of the file is not read" in errors[-1].message
    assert [e.line for e in errors[:3]] == [2, 3, 4]


def test_csv_without_text_column(tmp_path):
    p = write(tmp_path / "wrong.csv", "name,body\na,b\n")
    recs, (err,) = read(p)
    assert recs == [] and err.line == 2 and "'id' and a non-empty 'text'" in err.message


# --------------------------------------------------------------------------
# HTML pages and feeds

HTML = """<!doctype html><html><head><title>Army and rebels clash near border | Example News</title>
<meta property="og:title" content="Army and rebels clash near border">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example/world/clash">
<meta property="article:published_time" content="2020-03-04T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/subscribe">Subscribe today</a></li></ul></nav>
<header><div class="menu">Menu Search Sign in</div></header>
<main><article><h1>Army and rebels clash near border</h1>
<p>The army fought the rebels near the northern border on Tuesday, officials said, in the heaviest
fighting in the region for several months.</p>
<p>The rebels accused the government of breaking a ceasefire agreed in January and vowed to
retaliate against army positions across the province.</p>
<p>Local elders urged both sides to return to talks mediated by neighbouring states.</p>
</article></main>
<footer><p>Copyright 2020 Example News Ltd. All rights reserved.</p><a href="/privacy">Privacy policy</a>
<a href="/cookies">Cookie settings</a></footer></body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    p = write(tmp_path / "clash.html", HTML)
    (rec,), errors = read(p)
    assert errors == []
    assert rec.id == "clash" and rec.title == "Army and rebels clash near border"
    assert rec.date == "2020-03-04" and rec.url == "https://news.example/world/clash"
    assert rec.outlet == "Example News"
    assert rec.text.startswith("Army and rebels clash near border\n\n")
    assert "accused the government of breaking a ceasefire" in rec.text
    for chrome in ("Sport", "Subscribe today", "Sign in", "All rights reserved", "Privacy policy"):
        assert chrome not in rec.text
    assert "\n\nLocal elders urged" in rec.text  # paragraphs stay apart


def test_html_in_its_declared_charset(tmp_path):
    page = HTML.replace("<head>", '<head><meta charset="windows-1252">').replace(
        "Local elders urged", "Local elders \u2018urged\u2019")
    p = write(tmp_path / "cp1252.html", page.encode("cp1252"))
    (rec,), errors = read(p)
    assert errors == [] and "Local elders \u2018urged\u2019 both sides" in rec.text


def test_html_without_article_text(tmp_path):
    p = write(tmp_path / "index.htm", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    recs, (err,) = read(p)
    assert recs == [] and "no article text" in err.message


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Militants attack convoy</title><link>https://wire.example/2021/05/militants-attack-convoy</link>
<guid>https://wire.example/2021/05/militants-attack-convoy</guid>
<pubDate>Tue, 04 May 2021 10:00:00 GMT</pubDate>
<description><![CDATA[<p>Militants attacked a <b>police</b> convoy on Tuesday.</p><p>The government condemned the attack.</p>]]></description></item>
<item><title>Ceasefire holds</title><link>https://wire.example/2021/05/ceasefire-holds</link>
<pubDate>Wed, 05 May 2021 09:00:00 GMT</pubDate><description>The ceasefire held overnight, both sides said.</description></item>
<item><title>Empty</title><link>https://wire.example/2021/05/empty</link><description></description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Conflict Monitor</title><id>urn:monitor</id>
<updated>2022-11-03T12:00:00Z</updated>
<entry><title>Peace deal signed</title><id>urn:monitor:entry:42</id>
<link href="https://monitor.example/peace-deal"/><published>2022-11-03T10:00:00Z</published>
<updated>2022-11-03T11:00:00Z</updated>
<content type="html">&lt;p&gt;The government and the rebels signed a peace deal.&lt;/p&gt;&lt;p&gt;Mediators welcomed it.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_feed(tmp_path):
    p = write(tmp_path / "wire.rss", RSS)
    recs, errors = read(p)
    assert [r.id for r in recs] == ["wire-example-2021-05-militants-attack-convoy",
                                    "wire-example-2021-05-ceasefire-holds"]
    first = recs[0]
    assert first.text == ("Militants attack convoy\n\nMilitants attacked a police convoy on Tuesday.\n\n"
                          "The government condemned the attack.")
    assert (first.date, first.outlet, first.url) == (
        "2021-05-04", "Example Wire", "https://wire.example/2021/05/militants-attack-convoy")
    assert recs[1].text == "Ceasefire holds\n\nThe ceasefire held overnight, both sides said."
    (err,) = errors
    assert "entry 3 has no text" in err.message


def test_atom_feed_sniffed_from_xml(tmp_path):
    p = write(tmp_path / "monitor.xml", ATOM)
    (rec,), errors = read(p)
    assert errors == []
    assert rec.id == "monitor-entry-42" and rec.date == "2022-11-03" and rec.outlet == "Conflict Monitor"
    assert rec.text == "Peace deal signed\n\nThe government and the rebels signed a peace deal.\n\nMediators welcomed it."


def test_xml_that_is_not_a_feed(tmp_path):
    p = write(tmp_path / "data.xml", "<?xml version='1.0'?><catalog><book/></catalog>")
    recs, (err,) = read(p)
    assert recs == [] and "not an RSS or Atom feed" in err.message


# --------------------------------------------------------------------------
# folders, ids, dates


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a" / "c.txt", BODY + " More.")
    write(tmp_path / ".hidden.txt", BODY + " Hidden.")
    write(tmp_path / ".git" / "d.txt", BODY + " Git.")
    write(tmp_path / "README.md", "# not an article")
    recs, errors = read(tmp_path)
    assert [r.id for r in recs] == ["c", "b"] and errors == []  # a/c.txt sorts before b.txt


def test_skipped_files_in_a_folder_are_counted_and_named(tmp_path):
    from factionmap.ingest.errors import SkippedFile

    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "README.md", "# not an article")
    write(tmp_path / "img" / "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path / ".DS_Store", b"junk")
    skipped: list[SkippedFile] = []
    recs, errors = read(tmp_path, skipped=skipped)
    assert [r.id for r in recs] == ["b"] and errors == []
    assert sorted((Path(s.source).name, s.reason) for s in skipped) == [
        (".DS_Store", "hidden"), ("README.md", "unknown file type '.md'"), ("photo.jpg", "unknown file type '.jpg'")]
    assert str(skipped[0]).startswith(str(tmp_path))


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_symlink_loops_end_and_each_folder_is_read_once(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a" / "one.txt", BODY)
    write(root / "b" / "two.txt", BODY + " Two.")
    (root / "a" / "up").symlink_to(root, target_is_directory=True)  # a loop back to the top
    (root / "b" / "again").symlink_to(root / "a", target_is_directory=True)  # the same folder twice
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    (root / "gone.txt").symlink_to(root / "nowhere.txt")  # dangling
    skipped: list = []
    recs, errors = read(root, root / "a", skipped=skipped)
    assert sorted(r.id for r in recs) == ["one", "two"]
    by_name = {Path(e.source).name: e.message for e in errors}
    assert set(by_name) == {"self.txt", "gone.txt"}
    assert "symbolic link loop" in by_name["self.txt"]
    assert "broken symbolic link" in by_name["gone.txt"] and "nowhere.txt" in by_name["gone.txt"]
    again = sorted(Path(s.source).name for s in skipped if "already read" in s.reason)
    assert again == ["a", "again", "up"]  # the loop, the second link, and the folder given again


def test_duplicate_ids(tmp_path):
    write(tmp_path / "x" / "doc.txt", BODY)
    write(tmp_path / "y" / "doc.txt", BODY)  # same text: a second copy, skipped quietly
    write(tmp_path / "z" / "doc.txt", BODY + " Changed.")
    recs, errors = read(tmp_path)
    assert [r.source for r in recs] == [str(tmp_path / "x" / "doc.txt")]
    (err,) = errors
    assert err.source == str(tmp_path / "z" / "doc.txt") and "already read" in err.message


def test_read_inputs_streams(tmp_path):
    """The first record comes out before later paths are even looked at."""
    write(tmp_path / "one.txt", BODY)

    def paths():
        yield tmp_path / "one.txt"
        raise AssertionError("read ahead")

    assert next(read_inputs(paths())).id == "one"


@pytest.mark.parametrize("raw, iso", [
    ("2015-06-16", "2015-06-16"), ("2015-6", "2015-06"), ("2015", "2015"),
    ("2016-08-05T23:10:00-05:00", "2016-08-05"), ("Tue, 16 Jun 2015 10:00:00 GMT", "2015-06-16"),
    ("16 June 2015", "2015-06-16"), ("June 2015", "2015-06"), ("November 3, 2022", "2022-11-03"),
    ("Aug. 31", None), ("yesterday", None), ("", None), (None, None), ("2015-13-01", None),
])
def test_normalise_date(raw, iso):
    assert normalise_date(raw) == iso


def test_slug():
    assert slug("https://Wire.example/a/b?c=1") == "wire-example-a-b-c-1"
    long = slug("https://x.example/" + "word-" * 40)
    assert len(long) <= 80 and long != slug("https://x.example/" + "word-" * 41)


# --------------------------------------------------------------------------
# the development corpus as scraped


@needs_corpus
def test_seed_folder_reads_cleanly():
    recs, errors = read(CORPUS / "seeds")
    assert errors == []
    assert [r.id for r in recs] == [f"seed-00{i}" for i in range(5)]
    assert all(r.date and r.title and r.text.startswith(r.title) for r in recs)


@needs_corpus
def test_world_txt_header_matches_its_jsonl_record():
    from_jsonl = {r.id: r for r in read(CORPUS / "world" / "docs.jsonl")[0]}
    txts = sorted((CORPUS / "world").glob("world-*.txt"))
    recs, errors = read(*txts)
    assert errors == [] and len(recs) == len(txts) == len(from_jsonl)
    for rec in recs:
        ref = from_jsonl[rec.id]
        assert rec.text == ref.text and rec.title == ref.title and rec.url == ref.url
        assert rec.date == ref.date
        assert not rec.text.startswith(("SOURCE:", "TITLE:", "DATE:"))
