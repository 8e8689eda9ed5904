"""One city, however it is typed: "the City of Riverton, Ohio" and "Riverton OH" are one city, never two."""

from __future__ import annotations

import pytest

from bot.engine import MessageKind
from bot.engine.matching import parse_city
from bot.store import city_key

RIVERTON = [
    "the City of Riverton, Ohio",
    "Riverton OH",
    "Riverton, Ohio",
    "city of riverton, oh",
    "RIVERTON, OH.",
    "Riverton Ohio",
    "I'm with the City of Riverton, Ohio",
    "I’m with the city of Riverton, OH",
    "we are the town of Riverton, Ohio",
    "I work for the city of Riverton OH",
    "Hi, I'm with the City of Riverton, Ohio",
    "Riverton, Ohio, USA",
]


def city_rows(store, workspace="T1"):
    cursor = store.db.execute("SELECT name, region FROM cities WHERE workspace = ? ORDER BY id", [workspace])
    return [tuple(row) for row in cursor.fetchall()]


def names_the_city(new_chat, text, user="U_BEN", name="Ben", workspace="T1"):
    """A newcomer who greets the assistant and names their city as ``text``."""
    chat = new_chat(user, name, workspace)
    chat.say("hi")
    chat.say(text)
    return chat


@pytest.mark.parametrize("text", RIVERTON)
def test_every_way_of_naming_riverton_is_one_clean_city(text):
    assert parse_city(text) == ("Riverton", "OH")
    assert city_key(*parse_city(text)) == city_key("Riverton", "OH")


@pytest.mark.parametrize(
    "text", ["the City of Riverton, Ohio", "Riverton OH", "Riverton, Ohio", "city of riverton, oh", "RIVERTON, OH."]
)
def test_the_key_alone_makes_the_variants_one_city(text):
    assert city_key(text, "") == city_key("the City of Riverton", "Ohio") == city_key("Riverton", "OH")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Bogotá", "Colombia"), ("BOGOTA", "colombia")),
        (("Medellín", "Colombia"), ("medellin", "COLOMBIA")),
        (("São Paulo", "Brasil"), ("Sao Paulo", "Brazil")),
        (("Ciudad de México", "México"), ("Mexico", "mexico")),
        (("Municipio de Zapopan", "Jalisco"), ("zapopan", "JALISCO")),
        (("Prefeitura de Curitiba", "Paraná"), ("Curitiba", "Parana")),
        (("Montréal", "Québec"), ("Montreal", "QC")),
        (("Toronto", "Ontario"), ("toronto", "on")),
        (("St. Louis", "Missouri"), ("Saint Louis", "MO")),
        (("Ft. Myers", "FL"), ("Fort Myers", "Florida")),
        (("Winston-Salem", "NC"), ("Winston Salem", "North Carolina")),
        (("Łódź", "Polska"), ("LODZ", "polska")),
        (("Ｒｉｖｅｒｔｏｎ", "ＯＨ"), ("Riverton", "OH")),  # full-width letters (NFKC)
        (("Washington", "D.C."), ("Washington", "District of Columbia")),
        (("San Juan", "Puerto Rico"), ("San Juan", "PR")),
    ],
)
def test_accents_case_states_and_spellings_do_not_make_another_city(one, other):
    assert city_key(*one) == city_key(*other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Riverton", "OH"), ("Riverton", "AZ")),
        (("Springfield", "MO"), ("Springfield", "IL")),
        (("Kansas City", "MO"), ("Kansas City", "KS")),
        (("La Paz", "Bolivia"), ("Paz", "Bolivia")),  # a city's own article stays
        (("Santa Fe", "NM"), ("Santa", "NM")),
    ],
)
def test_different_cities_keep_different_keys(one, other):
    assert city_key(*one) != city_key(*other)


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Bogotá, Colombia", ("Bogotá", "Colombia")),  # accents are kept for display
        ("rio de janeiro, brasil", ("Rio de Janeiro", "Brasil")),
        ("Montréal, Québec", ("Montréal", "QC")),
        ("Toronto ON", ("Toronto", "ON")),
        ("Washington D.C.", ("Washington", "DC")),
        ("Port Washington", ("Port Washington", None)),  # a name, not "Port" in Washington
        ("help me", ("Help Me", None)),  # "me" in lower case is not Maine
        ("the City of Riverton", ("Riverton", None)),
        ("City of", ("City of", None)),
    ],
)
def test_display_names(text, city):
    assert parse_city(text) == city


def test_a_lead_in_before_the_city_is_not_saved_in_its_name(new_chat, store):
    chat = new_chat("U_ANA", "Ana")
    chat.say("hi")
    assert "residents does Riverton, OH have" in chat.say("I'm with the City of Riverton, Ohio")[0].text
    chat.say("40,000")
    assert "*Riverton, OH* is registered" in chat.replies[0].text
    assert city_rows(store) == [("Riverton", "OH")]


def test_a_first_message_with_a_lead_in_is_taken_as_the_city(new_chat, store):
    chat = new_chat("U_ANA", "Ana")
    chat.say("Hi, I'm with the City of Riverton, Ohio")
    assert chat.replies[0].text.startswith("Welcome") and "residents does Riverton, OH have" in chat.last.text


@pytest.mark.parametrize("text", RIVERTON)
def test_a_colleague_naming_the_city_another_way_is_sent_to_the_lead(onboard, new_chat, store, text):
    onboard(city="the City of Riverton, Ohio", population="40,000")
    ben = names_the_city(new_chat, text)
    assert "Riverton, OH is already registered here, led by Ana" in ben.replies[0].text
    assert "invite U_BEN" in ben.replies[0].text
    notice = [m for m in ben.replies if m.kind is MessageKind.NOTICE]
    assert [m.recipient for m in notice] == ["U_ANA"] and notice[0].options[0].value == "invite:U_BEN"
    assert city_rows(store) == [("Riverton", "OH")]
    assert store.member("T1", "U_BEN") is None


def test_riverton_oh_after_the_city_of_riverton_ohio_is_no_second_city(onboard, new_chat, store):
    ana = onboard(city="the City of Riverton, Ohio", population="40,000")
    assert ana.asked == "DM1"
    ben = names_the_city(new_chat, "Riverton OH")
    assert "only the lead can add people: ask Ana" in ben.replies[0].text
    ben.say("40,000")  # no population question was asked: nothing to register
    assert "you are its assessment lead" not in ben.text
    assert len(city_rows(store)) == 1 and store.member("T1", "U_BEN") is None
    assert store.member("T1", "U_ANA").is_lead


def test_a_name_without_its_state_is_the_one_city_of_that_name(onboard, new_chat, store):
    onboard(city="the City of Riverton, Ohio", population="40,000")
    ben = names_the_city(new_chat, "city of riverton")
    assert "Riverton, OH is already registered here" in ben.replies[0].text
    assert len(city_rows(store)) == 1


def test_two_cities_of_one_name_ask_for_the_state(onboard, new_chat, store):
    onboard(city="Riverton, Ohio", population="40,000")
    onboard(user="U_MO", name="Mo", city="Riverton, Arizona", population="60,000")
    ben = new_chat("U_BEN", "Ben")
    ben.say("hi")
    assert "Which state" in ben.say("Riverton")[0].text
    ben.say("Ohio")
    assert "Riverton, OH is already registered here, led by Ana" in ben.replies[0].text
    assert city_rows(store) == [("Riverton", "OH"), ("Riverton", "AZ")]


def test_an_old_row_saved_with_the_lead_in_still_matches(new_chat, store):
    """A city saved as "the City of Riverton" before the fix is found by "Riverton" and "Riverton, OH"."""
    store.create_city("T1", "the City of Riverton", "OH", 40_000, lead="U_ANA", lead_name="Ana")
    for user, text in (("U_BEN", "Riverton"), ("U_EVE", "Riverton, OH")):
        chat = names_the_city(new_chat, text, user, None)
        assert "the City of Riverton, OH is already registered here" in chat.replies[0].text
    assert len(city_rows(store)) == 1


def test_accented_and_plain_spellings_are_one_city(onboard, new_chat, store):
    onboard(city="Bogotá, Colombia", population="7,900,000")
    ben = names_the_city(new_chat, "BOGOTA, colombia")
    assert "Bogotá, Colombia is already registered here" in ben.replies[0].text
    assert city_rows(store) == [("Bogotá", "Colombia")]


def test_the_same_city_from_another_workspace_is_not_registered_again(onboard, new_chat, store):
    """One city, one record (issue: each city's data stays its own): a second workspace cannot register it again,
    so nobody can impersonate it in the peer-network channel."""
    onboard(city="the City of Riverton, Ohio", population="40,000")
    other = names_the_city(new_chat, "Riverton OH", "U_ZED", "Zed", workspace="T2")
    assert "already registered from another Slack workspace" in other.text
    assert city_rows(store, "T1") == [("Riverton", "OH")] and city_rows(store, "T2") == []
