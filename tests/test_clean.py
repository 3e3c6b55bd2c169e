"""The clean component: same length, same offsets, page furniture blanked."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from factionmap.ingest.clean import CHAR_MAP, Boilerplate, Cleaner, clean_text, make_clean
from factionmap.ingest.readers import read_inputs
from factionmap.model import Article, Record
from factionmap.pipeline import PipelineContext

SHARED = Path(__file__).parents[2] / "shared"
needs_corpus = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared beside the repository")

PARA1 = ("The army and the rebels fought near the border on Tuesday, killing at least twelve people, "
         "officials said in a statement.")
PARA2 = ("Rebel leaders accused the government of breaking the ceasefire and warned that they would "
         "respond to any new offensive.")


@pytest.fixture(scope="module")
def bp() -> Boilerplate:
    return Boilerplate.load()


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n")]


def assert_same_shape(raw: str, cleaned: str) -> None:
    assert len(cleaned) == len(raw)
    assert [i for i, c in enumerate(raw) if c == "\n"] == [i for i, c in enumerate(cleaned) if c == "\n"]


def test_characters_replaced_one_for_one(bp):
    raw = ("Army\u00a0chief\u2009said \u201cno\u201d to the rebels\u2019 demand;\u200b co\u00adoperation "
           "ended \u2018quietly\u2019 \u00abtoday\u00bb.\u202f\ufeff")
    cleaned = clean_text(raw, bp)
    assert_same_shape(raw, cleaned)
    assert cleaned == ("Army chief said \"no\" to the rebels' demand;  co operation "
                       "ended 'quietly' \"today\".  ")


def test_control_characters_and_carriage_returns(bp):
    raw = "First line.\r\nSecond line.\rThird\x00\x07end\x85 line."
    cleaned = clean_text(raw, bp)
    assert len(cleaned) == len(raw)
    assert cleaned == "First line. \nSecond line.\nThird  end  line."


def test_page_furniture_blanked_text_kept(bp):
    doc = "\n".join([
        "Rebels and army clash near border",
        "",
        "Skip to main content",
        "Share this article",
        "Facebook Twitter WhatsApp Email",
        "",
        PARA1,
        "",
        "Advertisement",
        "Related: Five things to know about the border dispute",
        "Photo: John Smith/Reuters",
        "Soldiers patrol the border town in March. (AFP: Jane Doe)",
        "",
        PARA2,
        "",
        "We use cookies to give you the best experience. By continuing you accept our cookie policy.",
        "Trending on Example News",
        "Join the conversation as a member",
        "Please let us know if you're having issues with commenting.",
        "Follow us on Twitter for the latest updates",
        "Subscribe to our newsletter for daily updates",
        "© 2024 Example News. All rights reserved.",
        "https://spam.example/a https://spam.example/b",
    ])
    cleaned = clean_text(doc, bp)
    assert_same_shape(doc, cleaned)
    kept = [ln for ln in lines_of(cleaned) if ln]
    assert kept == ["Rebels and army clash near border", PARA1, PARA2]
    assert cleaned.index(PARA1) == doc.index(PARA1) and cleaned.index(PARA2) == doc.index(PARA2)


def test_long_line_that_starts_like_furniture_is_kept(bp):
    sentence = "Related: " + PARA1 * 3  # over the 300-character limit for furniture
    doc = "Title of the story\n\n" + PARA1 + "\n\n" + sentence
    assert clean_text(doc, bp) == doc
    # ordinary sentences that merely mention such words stay
    doc2 = "Title\n\n" + PARA1 + "\n\nPhotographs of the attack were shared widely, the ministry said.\n"
    assert clean_text(doc2, bp) == doc2


def test_end_marker_blanks_the_rest_only_late_in_the_text(bp):
    late = "\n\n".join(["Headline of the story", PARA1, PARA2, PARA1, "Check Also",
                        "Another story about something else entirely", "Teaser text that goes on and …"])
    cleaned = clean_text(late, bp)
    assert [ln for ln in lines_of(cleaned) if ln] == ["Headline of the story", PARA1, PARA2, PARA1]
    early = "\n\n".join(["Headline of the story", "You may also like", PARA1, PARA2, PARA1])
    assert [ln for ln in lines_of(clean_text(early, bp)) if ln] == ["Headline of the story", PARA1, PARA2, PARA1]


def test_headline_chrome(bp):
    title = "Rebels and army clash near the northern border"
    doc = "\n".join([title, "", "World News", "", title, "", "image", "",
                     "March 3, 2024", "", PARA1, "", "Analysis", "", PARA2, "", title])
    cleaned = clean_text(doc, bp)
    kept = [ln for ln in lines_of(cleaned) if ln]
    # the title stays once, the date line stays; labels before the body go; labels after it stay
    assert kept == [title, "March 3, 2024", PARA1, "Analysis", PARA2]
    assert cleaned.startswith(title)


def test_cut_off_caption_in_the_lead(bp):
    title = "Government troops retake the town of Karimabad"
    caption = "Soldiers stand guard at a checkpoint outside Karimab"
    standfirst = "Residents say the fighting lasted three days and left the market in ruins"
    doc = "\n\n".join([title, caption, standfirst, PARA1 + " The town of Karimabad fell in May.", PARA2])
    kept = [ln for ln in lines_of(clean_text(doc, bp)) if ln]
    assert caption not in kept and standfirst in kept
    assert kept[0] == title
    # the same line where the word exists whole elsewhere is not a cut
    doc2 = doc.replace("Karimabad fell", "Karimab fell")
    assert caption in lines_of(clean_text(doc2, bp))
    # a caption cut on a function word
    doc3 = "\n\n".join([title, "Fighters of the group stand beside a truck and", PARA1])
    assert "Fighters of the group stand beside a truck and" not in lines_of(clean_text(doc3, bp))
    # switched off
    assert caption in lines_of(clean_text(doc, bp, captions=False))


def test_document_without_headline_has_no_lead_zone(bp):
    doc = PARA1 + "\nAl Shabaab\n" + PARA2
    assert clean_text(doc, bp) == doc


def test_component_sets_article_text():
    comp = make_clean(PipelineContext(), {})
    assert comp.name == "clean" and isinstance(comp, Cleaner)
    record = Record(id="x", text="Title line\n\nAdvertisement\n\n" + PARA1.replace(" ", "\u00a0", 1))
    article = comp(Article(record=record))
    assert article.text == "Title line\n\n" + " " * len("Advertisement") + "\n\n" + PARA1
    assert record.text.startswith("Title line\n\nAdvertisement")  # the record is left as read


def test_component_with_own_pattern_file(tmp_path):
    patterns = tmp_path / "mine.txt"
    patterns.write_text("# only this\nread the full story\n", encoding="utf-8")
    comp = make_clean(PipelineContext(), {"boilerplate": str(patterns), "captions": False})
    doc = "Title\n\n" + PARA1 + "\n\nRead the full story\n\nAdvertisement\n"
    cleaned = comp(Article(record=Record(id="y", text=doc))).text
    assert "Read the full story" not in cleaned and "Advertisement" in cleaned


def test_bad_pattern_names_its_line(tmp_path):
    patterns = tmp_path / "bad.txt"
    patterns.write_text("# comment\nadvertisement\nshare (this\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt:3: bad pattern"):
        Boilerplate.load(patterns)


def test_registered_in_the_pipeline():
    try:
        from factionmap.pipeline import Pipeline

        pipeline = Pipeline({"components": ["clean"]})
    except ImportError as exc:  # another component's module is not written yet
        pytest.skip(f"pipeline modules not all present: {exc}")
    article = pipeline(Record(id="z", text="Title\n\nAdvertisement\n\n" + PARA1))
    assert "Advertisement" not in article.text and PARA1 in article.text


# --------------------------------------------------------------------------
# the scraped development articles


@pytest.fixture(scope="module")
def seeds() -> dict[str, Record]:
    return {r.id: r for r in read_inputs([SHARED / "corpus" / "seeds" / "docs.jsonl"]) if isinstance(r, Record)}


@needs_corpus
def test_gold_evidence_survives_cleaning_at_its_offsets(bp, seeds):
    checked = 0
    for line in (SHARED / "gold" / "seeds.jsonl").read_text("utf-8").splitlines():
        gold = json.loads(line)
        raw = seeds[gold["doc"]].text
        start = raw.find(gold["evidence"])
        assert start >= 0, gold["doc"]
        cleaned = clean_text(raw, bp)
        assert cleaned[start:start + len(gold["evidence"])] == gold["evidence"].translate(CHAR_MAP)
        checked += 1
    assert checked >= 30


@needs_corpus
def test_scraped_furniture_is_gone(bp):
    docs = [r for r in read_inputs([SHARED / "corpus" / "seeds", SHARED / "corpus" / "world"])
            if isinstance(r, Record)]
    assert len(docs) == 20
    blanked = 0
    for rec in docs:
        cleaned = clean_text(rec.text, bp)
        assert_same_shape(rec.text, cleaned)
        for raw_line, line in zip(rec.text.split("\n"), cleaned.split("\n")):
            line = line.strip()
            assert not (line and bp.line.fullmatch(line)), (rec.id, line)
            blanked += bool(raw_line.strip()) and not line
        assert any(ch.isalpha() for ch in cleaned[:200])  # the headline is still there
        assert "\u201c" not in cleaned and "\u2019" not in cleaned
    assert blanked >= 15  # the corpus has at least this much page furniture


# --------------------------------------------------------------------------
# no pattern can cost a document: generated stamps, bylines and captions,
# adversarial lines, and a pattern that makes Python's re raise

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from factionmap.ingest.clean import FurniturePattern, PatternFailure  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# the pattern the issue found: atomic groups and possessive quantifiers around capturing groups
CRASHING = (r"(posted|published|updated|last updated|first published|last modified)\b(?>\s*(?>(?>on|at|"
            r"updated|modified|am|pm|gmt|utc|[a-z]{2,3}t|(mon|tue|wed|thu|fri|sat|sun)[a-z]*|(jan|feb|mar|apr"
            r"|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b\.?|a\.m\.|p\.m\.|[,:|/.-]|\d+\b))*+")
settings.register_profile("factionmap", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("factionmap")
BP = Boilerplate.load()  # the shipped patterns (hypothesis tests take no fixtures)


def _cased(word: str):
    return st.sampled_from([word, word.lower(), word.upper()])


@st.composite
def month_names(draw) -> str:
    month = draw(st.sampled_from(MONTHS))
    return draw(st.sampled_from([month, month[:3], month[:3] + "."]))


@st.composite
def dates(draw) -> str:
    day, month, year = draw(st.integers(1, 31)), draw(month_names()), draw(st.integers(1990, 2030))
    forms = [f"{month} {day}, {year}", f"{day} {month} {year}", f"{month} {day} {year}",
             f"{year}-{draw(st.integers(1, 12)):02d}-{day:02d}", f"{day:02d}/{draw(st.integers(1, 12)):02d}/{year}",
             f"{day}.{draw(st.integers(1, 12))}.{year}"]
    out = draw(st.sampled_from(forms))
    if draw(st.booleans()):
        weekday = draw(st.sampled_from(WEEKDAYS))
        out = f"{draw(st.sampled_from([weekday, weekday[:3]]))}{draw(st.sampled_from([', ', ' ']))}{out}"
    return out


@st.composite
def times(draw) -> str:
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    clock = draw(st.sampled_from([f"{hour}:{minute:02d}", f"{hour:02d}:{minute:02d}", f"{hour}.{minute:02d}"]))
    suffix = draw(st.sampled_from(["", " am", " pm", " a.m.", " p.m.", "am", " AM"]))
    zone = draw(st.sampled_from(["", " GMT", " UTC", " EST", " IST", " CET", " PKT", " ET"]))
    return clock + (suffix if not suffix.endswith("am") or not clock.endswith("m") else "") + zone


@st.composite
def date_stamps(draw) -> str:
    """Time stamps that scraped pages put above or below an article."""
    verb = draw(st.sampled_from(["Posted", "Published", "Updated", "Last updated", "First published",
                                 "Last modified"]))
    verb = draw(_cased(verb))
    joint = draw(st.sampled_from([" ", ": ", " on ", " on: ", " - ", " | "]))
    stamp = verb + joint + draw(dates())
    if draw(st.booleans()):
        stamp += draw(st.sampled_from([" ", ", ", " at ", " - ", " | "])) + draw(times())
    if draw(st.booleans()):  # "Published ... | Updated ..."
        stamp += draw(st.sampled_from([" | ", ", ", " "])) + draw(_cased("Updated")) + " " + draw(dates())
    return stamp


NAMES = st.sampled_from(["Jane Doe", "Ahmad Shah Sadat", "Mariam O'Neill", "Li Wei", "J. R. Smith",
                         "Abdi Guled", "Anne-Marie Dupont"])
AGENCIES = st.sampled_from(["AFP", "AP", "Reuters", "Getty Images", "EPA", "Anadolu Agency", "Xinhua"])


@st.composite
def bylines(draw) -> str:
    name = draw(NAMES)
    return draw(st.sampled_from([
        f"By {name}", f"By {name} and {draw(NAMES)}", f"By {name}, {draw(AGENCIES)}", f"{name} | {draw(AGENCIES)}",
        f"By {name.upper()}", f"Written by {name}", f"{name}, Staff Reporter"]))


@st.composite
def captions(draw) -> str:
    who, agency = draw(NAMES), draw(AGENCIES)
    scene = draw(st.sampled_from(["Soldiers patrol a market", "Fighters stand beside a truck",
                                  "Residents inspect a damaged house", "A convoy crosses the bridge"]))
    return draw(st.sampled_from([
        f"Photo: {who}/{agency}", f"Image: {agency}", f"Photograph: {who} / {agency}",
        f"{scene} in the north. ({agency}: {who})", f"{scene} in the north. ({agency}/{who})",
        f"{scene} on March 3. {agency} Photo/{who}", f"File photo: {who}/{agency}"]))


def _document(*furniture: str) -> str:
    return "\n\n".join(["Rebels and army clash near border", *furniture, PARA1, PARA2])


@given(stamp=date_stamps())
def test_generated_date_stamps_are_blanked_and_never_raise(stamp):
    for p in BP.patterns:
        p.regex.fullmatch(stamp)  # no pattern raises on its own
    assert BP.is_furniture(stamp), stamp
    doc = _document(stamp)
    cleaned = clean_text(doc, BP)
    assert_same_shape(doc, cleaned)
    assert [ln for ln in lines_of(cleaned) if ln] == ["Rebels and army clash near border", PARA1, PARA2]


@given(line=st.one_of(bylines(), captions(), st.builds(lambda s, d: f"{s.upper()}, {d} (Reuters) - {PARA1}",
                                                        st.sampled_from(["KABUL", "MOGADISHU", "Bamako"]),
                                                        dates())))
def test_generated_bylines_captions_datelines_never_raise(line):
    for p in BP.patterns:
        p.regex.fullmatch(line)
    doc = _document(line)
    cleaned = clean_text(doc, BP)
    assert_same_shape(doc, cleaned)
    kept = [ln for ln in lines_of(cleaned) if ln]
    assert PARA1 in kept and PARA2 in kept
    if "(Reuters) -" in line:  # a dateline opens the first paragraph: it is article text
        assert line in kept


@given(cap=captions())
def test_generated_photo_credits_are_blanked(cap):
    assert BP.is_furniture(cap), cap


@given(verb=st.sampled_from(["Updated", "Posted", "Published"]), date=dates())
def test_stamp_words_in_a_sentence_are_kept(verb, date):
    line = f"{verb} figures released on {date} show the army killed twelve rebels near the border."
    assert not BP.is_furniture(line)
    assert not BP.is_furniture(f"{verb} {date} the rebels said they had taken the town")


def test_unsafe_constructs_are_refused_with_their_line(tmp_path):
    for bad in (CRASHING, r"share(?>\s+this)", r"(https?://\S+\s*)++", r"a{2,3}+b"):
        patterns = tmp_path / "unsafe.txt"
        patterns.write_text(f"# comment\nadvertisement\n{bad}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=r"unsafe\.txt:3: bad pattern: it uses (an atomic|a possessive)"):
            Boilerplate.load(patterns)
    fine = tmp_path / "fine.txt"
    fine.write_text(r"(?=(?:jan|feb)[a-z]*\b)[a-z]+\b \d+" + "\n", encoding="utf-8")
    assert Boilerplate.load(fine).is_furniture("January 12")


def _crashes_here() -> bool:
    try:
        re.compile(CRASHING, re.IGNORECASE).fullmatch("Updated Jul 28, 2015")
    except SystemError:
        return True
    return False


import re  # noqa: E402

crashing_re = pytest.mark.skipif(not _crashes_here(), reason="this Python's re has no atomic-group bug")


@crashing_re
def test_a_pattern_that_makes_re_raise_leaves_the_document_unblanked(bp, caplog):
    """The bug the issue found, with this Python's real re: the document goes on, with a warning."""
    unsafe = FurniturePattern(CRASHING, re.compile(CRASHING, re.IGNORECASE), "site-patterns.txt", 7)
    broken = Boilerplate.from_patterns([unsafe] + bp.patterns)
    raw = "Title line\n\nAdvertisement\n\nUpdated Jul 28, 2015\n\n" + PARA1.replace(" ", "\u00a0", 1)
    with pytest.raises(PatternFailure) as failure:
        clean_text(raw, broken)
    assert failure.value.pattern is unsafe and failure.value.line == 5
    article = Cleaner(broken)(Article(record=Record(id="d1", text=raw, source="feeds/wire.jsonl:3")))
    assert article.text == raw.replace("\u00a0", " ")  # normalised, nothing blanked, same offsets
    assert len(article.notes) == 1
    note = article.notes[0]
    for part in ("feeds/wire.jsonl:3", "site-patterns.txt:7", "(posted|published", "line 5", "SystemError",
                 "unblanked"):
        assert part in note, (part, note)
    assert any(note in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    # the same document with the shipped patterns is blanked as usual, without a note
    ok = Cleaner(bp)(Article(record=Record(id="d1", text=raw, source="feeds/wire.jsonl:3")))
    assert "Advertisement" not in ok.text and "Updated" not in ok.text and not ok.notes


@crashing_re
def test_a_failing_pattern_does_not_stop_the_pipeline(bp):
    """Through the whole pipeline: the article is extracted (events found) despite the broken pattern."""
    from factionmap.pipeline import Pipeline

    pipeline = Pipeline()
    unsafe = FurniturePattern(CRASHING, re.compile(CRASHING, re.IGNORECASE), "site-patterns.txt", 7)
    pipeline.components[0] = Cleaner(Boilerplate.from_patterns([unsafe] + bp.patterns))
    text = "Taliban fighters attack ISKP\n\nUpdated Jul 28, 2015\n\nTaliban fighters attacked ISKP positions in Nangarhar."
    article = pipeline(Record(id="p1", text=text, date="2015-07-28"))
    assert article.notes and "site-patterns.txt:7" in article.notes[0]
    assert any(e.actor == "Taliban" for e in article.events)


def _probe(pattern_file: Path | None, timeout: float) -> tuple[bool, str]:
    import subprocess
    import sys

    cmd = [sys.executable, str(REPO / "tests" / "backtracking_probe.py")]
    if pattern_file is not None:
        cmd.append(str(pattern_file))
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return False, out.strip().splitlines()[-1] if out.strip() else "(nothing probed)"
    assert done.returncode == 0, done.stderr
    return True, done.stdout.strip().splitlines()[-1]


def test_no_pattern_backtracks_catastrophically_on_10000_characters():
    finished, last = _probe(None, timeout=300)  # a few seconds when linear; forever when exponential
    assert finished, f"catastrophic backtracking: {last}"
    assert last == "all patterns ok"


def test_the_backtracking_probe_catches_an_ambiguous_pattern(tmp_path):
    """The obvious fix (atomic groups made plain) is exponential: "jul." is "jul" + "." or "jul.";
    the probe must hang on it."""
    naive = CRASHING.replace("(?>", "(?:").replace("*+", "*")
    (tmp_path / "naive.txt").write_text(naive.replace("(mon|", "(?:mon|").replace("(jan|", "(?:jan|") + "\n",
                                        encoding="utf-8")
    finished, last = _probe(tmp_path / "naive.txt", timeout=8)
    assert not finished and "naive.txt:1" in last


# --------------------------------------------------------------------------
# cleaning is linear: the caption check looks words up in an index built once


@given(text=st.text(alphabet="ab'- \n", max_size=60), word=st.sampled_from(["a", "ab", "ba", "a-b", "b'a", "abab"]))
def test_word_index_counts_as_the_regexes_do(text, word):
    from factionmap.ingest.clean import _DocumentWords

    words = _DocumentWords(text)
    assert words.whole(word) == len(re.findall(rf"\b{re.escape(word)}\b", text))
    assert words.longer(word) == len(re.findall(rf"\b{re.escape(word)}\w+", text))


def test_cut_captions_still_found_in_a_long_run_of_short_lines(bp):
    """Thousands of stand-alone short lines (the input that was quadratic) give the same answers."""
    title = "Government troops retake the town of Karimabad"
    filler = [f"Line number {i} of a long list without an ending zq{i:05d}" for i in range(3000)]
    doc = "\n\n".join([title, "Soldiers stand guard at a checkpoint outside Karimab", *filler,
                       PARA1 + " The town of Karimabad fell in May."])
    kept = lines_of(clean_text(doc, bp))
    assert "Soldiers stand guard at a checkpoint outside Karimab" not in kept
    assert filler[0] in kept and filler[-1] in kept


def test_a_body_paragraph_cut_off_mid_word_is_no_caption(bp):
    body = ("After days of fighting the rebels rejected a ceasefire offered by the government, and the army "
            "announced a new offensive against their positions in the north of the country near the offi")
    text = "Rebels reject ceasefire\n\n" + body + "\n\nThe officials said more talks were planned."
    assert body in clean_text(text, bp)


def test_a_short_cut_caption_in_the_lead_is_blanked(bp):
    caption = "Fighters of the rebel group stand guard at a checkpoint near the offi"
    text = "Rebels reject ceasefire\n\n" + caption + "\n\n" + PARA1 + "\n\nThe officials said more talks were planned."
    assert caption not in clean_text(text, bp)
