"""Every command from every mode: never a crash, never silence, always a way on.

Each case puts a person in a mode, sends one input, and checks the replies
(non-empty, short, no raw mention) and the mode they end in.
"""

from __future__ import annotations

import pytest
from situations import PRESSED_ANYWHERE, TYPED_ANYWHERE, Situations, each_input, mode_of, send_and_check

from bot.engine import Engine, Mode, UserInput
from bot.store import Store
from wwc_rules import Outcome, load_standard

TYPED = [
    *TYPED_ANYWHERE,
    "no idea",
    "https://x.gov/b note",
    "review",
    "assign U_BEN OD",
    "invite U_BEN",
    "what's next for open data?",
    "Mesa, AZ",
    "250000",
    "still true for all",
]
PRESSED = [
    *PRESSED_ANYWHERE,
    "why:DM1",
    "evidence:DM1",
    "status",
    "pause",
    "roadmap",
    "help",
    "report",
    "review:OD",
    "change:DM2",
    "invite:U_BEN",
    "garbage:value",
    "confirm-area:OD",
]
MODES = ["new", "city", "region", "population", "waiting", "invited", "asking", "evidence", "gate", "paused", "done"]

# (mode, input) -> the mode the person ends in; pairs not listed only need a sensible reply.
EXPECTED = {
    ("new", "hi"): Mode.CITY,
    ("city", "Mesa, AZ"): Mode.POPULATION,
    ("city", "banana"): Mode.REGION,  # could be a city: ask which state
    ("city", "status"): Mode.CITY,
    ("region", "yes"): Mode.REGION,
    ("population", "250000"): Mode.ASKING,
    ("population", "banana"): Mode.POPULATION,
    ("waiting", "continue"): Mode.WAITING,
    ("waiting", "Mesa, AZ"): Mode.POPULATION,
    ("invited", "yes"): Mode.ASKING,
    ("invited", "status"): Mode.ASKING,
    ("asking", "yes"): Mode.ASKING,
    ("asking", "pause"): Mode.PAUSED,
    ("asking", "evidence"): Mode.EVIDENCE,
    ("asking", "evidence:DM1"): Mode.EVIDENCE,
    ("asking", "banana"): Mode.ASKING,
    ("evidence", "https://x.gov/b note"): Mode.ASKING,
    ("evidence", "banana"): Mode.EVIDENCE,
    ("evidence", "cancel"): Mode.ASKING,
    ("evidence", "status"): Mode.ASKING,
    ("evidence", "pause"): Mode.PAUSED,
    ("gate", "broadband"): Mode.DONE,
    ("gate", "gate:none"): Mode.DONE,
    ("gate", "yes"): Mode.GATE,
    ("gate", "change DM2"): Mode.ASKING,
    ("gate", "status"): Mode.GATE,
    ("paused", "yes"): Mode.ASKING,
    ("paused", "continue"): Mode.ASKING,
    ("paused", "status"): Mode.PAUSED,
    ("done", "change DM2"): Mode.ASKING,
    ("done", "yes"): Mode.DONE,
    ("done", "report"): Mode.DONE,
}


@pytest.fixture
def store(clock):
    return Store(":memory:", clock=clock)  # one thread here; keeps the cases fast


def put_in(mode: str, new_chat, store, standard):
    if mode in ("new", "city", "region", "population"):
        chat = new_chat("U_NEW", "Nia")
        steps = {"new": [], "city": ["hi"], "region": ["hi", "Springfield"], "population": ["hi", "Mesa, AZ"]}
        for text in steps[mode]:
            chat.say(text)
        return chat
    lead = new_chat("U_ANA", "Ana")
    for text in ("hi", "Tempe, AZ", "185000"):
        lead.say(text)
    if mode == "waiting":
        chat = new_chat("U_EVE", "Eve")
        chat.say("hi")
        chat.say("Tempe, AZ")
        return chat
    if mode == "invited":
        lead.say("invite U_BEN")
        return new_chat("U_BEN", "Ben")
    if mode in ("gate", "done"):
        assessment = store.current_assessment(store.city_of("T1", "U_ANA").id)
        for c in standard.criteria[:-1]:
            store.record_answer(assessment.id, c.code, Outcome.MET, by="U_ANA")
        lead.say("continue")
        lead.say("yes")
        if mode == "done":
            lead.press("gate:air_quality")
    elif mode == "evidence":
        lead.say("evidence")
    elif mode == "paused":
        lead.say("pause")
    return lead


@pytest.mark.parametrize("mode", MODES)
def test_setup_reaches_the_mode(mode, new_chat, store, standard):
    chat = put_in(mode, new_chat, store, standard)
    expected = Mode.NEW if mode == "invited" else Mode(mode)
    assert mode_of(chat, store) is expected


# Each mode is set up once per test process as above; every case starts from a copy of its database.
SET_UP = Situations(lambda store, clock: Engine(store, load_standard(), clock=clock),
                    lambda mode, new_chat, store, clock: put_in(mode, new_chat, store, load_standard()))


@each_input(TYPED, PRESSED)
@pytest.mark.parametrize("mode", MODES)
def test_every_input_from_every_mode(mode, how, what, scratch):
    with SET_UP.copy(mode, scratch) as (chat, store):
        end = send_and_check(chat, how, what, store)
    if (mode, what) in EXPECTED:
        assert end is EXPECTED[(mode, what)]


def test_new_person_greeting_moves_to_the_city_question(new_chat, store):
    chat = new_chat("U_NEW")
    chat.engine.handle(chat.actor, UserInput(text="hi"))
    assert mode_of(chat, store) is Mode.CITY
