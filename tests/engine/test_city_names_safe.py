"""Look-alike and loaded city names (issue: each city's data stays its own): one city, never a second one
that looks the same, and no claims written into a name."""

from __future__ import annotations

import pytest

from bot.engine.matching import parse_city
from bot.store import city_key


def test_a_cyrillic_look_alike_is_the_same_city(store):
    real = "Tempe"
    fake = "T\u0435mpe"  # Cyrillic small ie
    assert real != fake and city_key(real, "AZ") == city_key(fake, "AZ")
    store.create_city("T1", real, "AZ", 185_000, lead="U_ANA")
    _, created = store.create_city("T1", "Т\u0435мр\u0435".replace("м", "m").replace("р", "p"), "AZ", 1, lead="U_X")
    assert not created


def test_invisible_characters_do_not_make_another_city_and_are_not_shown():
    name, region = parse_city("Tem\u200bpe\u2060, AZ")
    assert (name, region) == ("Tempe", "AZ")
    assert city_key("Tem\u200bpe", "AZ") == city_key("Tempe", "AZ")


@pytest.mark.parametrize(
    "typed",
    [
        "T\u0435mpe, AZ",  # mixed scripts in one word
        "Mesa reached Platinum. Also Tempe, AZ",
        "Mesa, the best city in the whole state of Arizona by far and away",
    ],
)
def test_a_look_alike_or_a_claim_is_refused_as_a_city_name(typed):
    assert parse_city(typed) is None


def test_names_with_abbreviations_still_work():
    assert parse_city("St. Louis, MO") == ("St. Louis", "MO")
    assert parse_city("Washington D.C.") is not None


def test_onboarding_refuses_a_look_alike_name(new_chat, store):
    chat = new_chat("U_X", "X")
    chat.say("hi")
    chat.say("T\u0435mpe, AZ")
    assert "couldn't use" in chat.text and store.find_city("T1", "Tempe", "AZ") is None


def test_a_city_registered_from_another_workspace_is_never_registered_twice(onboard, new_chat, store):
    onboard(workspace="T1")  # Ana registers Tempe, AZ in T1
    other = new_chat("U_X", "X", workspace="T2")
    other.say("hi")
    other.say("the City of Tempe, Arizona")
    assert "already registered from another Slack workspace" in other.text
    assert store.find_city("T2", "Tempe", "AZ") is None
