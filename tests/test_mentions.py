"""The language layer and actor mentions with the real model and the real actor dictionary."""
from __future__ import annotations


def actors_named(article):
    return [(m.text, m.actor, m.kind) for m in article.mentions]


def test_rulers_sit_before_the_statistical_ner(pipeline):
    nlp = pipeline.context.nlp
    names = nlp.pipe_names
    assert names.index("actor_ruler") < names.index("ner")
    assert names.index("line_breaks") < names.index("parser")


def test_compound_hyphen_is_split_so_the_actor_inside_is_found(pipeline):
    doc = pipeline.context.nlp("The U.S.-backed forces advanced.")
    assert [t.text for t in doc][:4] == ["The", "U.S.", "-", "backed"]


def test_acronym_is_case_sensitive(analyse):
    a = analyse("IS fighters attacked the town, which is far from the border.", "2015-01-01")
    assert [m.actor for m in a.mentions] == ["Islamic State"]


def test_spokesman_resolves_to_his_organisation(analyse):
    a = analyse("Zabihullah Mujahid told reporters the fighting would continue.", "2016-08-01")
    m = next(m for m in a.mentions if m.kind == "person")
    assert m.actor == "Taliban" and m.person


def test_role_in_text_links_an_unknown_person(analyse):
    a = analyse("Hezbollah commander Abu Ali Example was killed in a strike.", "2024-09-01")
    people = [m for m in a.mentions if m.kind == "person"]
    assert people and people[0].actor == "Hezbollah"


def test_demonym_with_organ_is_the_state(analyse):
    a = analyse("Iranian border guards clashed with smugglers.", "2020-01-01")
    assert ("Iran" in [m.actor for m in a.mentions])


def test_bare_army_is_the_article_state(analyse):
    text = "Sudan's crisis deepens\n\nIn Khartoum, the army said it had repelled an attack by the RSF."
    a = analyse(text, "2023-04-20")
    army = [m for m in a.mentions if m.text == "army"]
    assert army and army[0].actor == "Sudan"


def test_dateline_city_is_not_an_actor(analyse):
    a = analyse("PRETORIA, Nov. 3 (Wire) - Ethiopia and the TPLF agreed to stop fighting.", "2022-11-03")
    assert not any(e.actor == "South Africa" or e.recipient == "South Africa" for e in a.events)


def test_branch_in_its_own_country(analyse):
    text = ("The Islamic State Khorasan Province has lost ground.\n\n"
            "The Taliban fought the Islamic State in Nangarhar last week. "
            "Russia fought the Islamic State in Syria.")
    a = analyse(text, "2016-08-01")
    pairs = {(e.actor, e.recipient) for e in a.events if e.type == "ASSAULT"}
    assert ("Taliban", "Islamic State Khorasan Province") in pairs
    assert ("Russia", "Islamic State") in pairs
