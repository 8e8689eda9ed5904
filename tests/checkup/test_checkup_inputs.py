"""Every input from every checkup situation: never a crash, never silence, always a way on."""

from __future__ import annotations

import pytest
from checkup_helpers import FIRST_YEAR, NEXT_YEAR, STANDARD, register
from situations import PRESSED_ANYWHERE, TYPED_ANYWHERE, Situations, each_input, send_and_check

from bot.engine import Engine, Mode

TYPED = [
    *TYPED_ANYWHERE,
    "no",
    "Still true",
    "all still true",
    "still true for all of open data",
    "still true for all of bananas",
]
PRESSED = [
    *PRESSED_ANYWHERE,
    "confirm:DM2",
    "confirm-area:DM",
    "confirm-area:DM:yes",
    "confirm-area:XX:yes",
]
SITUATIONS = ["checkup", "what_now", "confirm_area", "checkup_gate", "checkup_done", "closed_lead", "closed_member"]

# (situation, input) -> the mode the person ends in; other pairs only need a sensible reply.
EXPECTED = {
    ("checkup", "yes"): Mode.ASKING,
    ("checkup", "confirm-area:DM"): Mode.CONFIRM_AREA,
    ("confirm_area", "yes"): Mode.ASKING,
    ("confirm_area", "no"): Mode.ASKING,
    ("confirm_area", "status"): Mode.ASKING,
    ("checkup_gate", "Still true"): Mode.DONE,
    ("checkup_gate", "no"): Mode.GATE,
    ("closed_lead", "checkup:start"): Mode.ASKING,
    ("closed_lead", "checkup"): Mode.ASKING,
    ("closed_member", "checkup:start"): Mode.DONE,
}


def put_in(situation: str, new_chat, store, clock):
    lead = register(new_chat("U_ANA", "Ana"))
    lead.say("invite U_BEN")
    first = store.current_assessment(store.city_of("T1", "U_ANA").id)
    for code, outcome in FIRST_YEAR.items():
        store.record_answer(first.id, code, outcome, by="U_ANA", by_name="Ana")
    store.set_gate(first.id, "broadband")
    store.set_status(first.id, "complete")
    clock.now = NEXT_YEAR
    if situation == "closed_member":
        member = new_chat("U_BEN", "Ben")
        member.say("status")
        return member
    if situation == "closed_lead":
        lead.say("status")
        return lead
    lead.press("checkup:start")
    if situation == "what_now":
        lead.say("no")
    elif situation == "confirm_area":
        lead.press("confirm-area:DM")
    elif situation in ("checkup_gate", "checkup_done"):
        for area in STANDARD.areas:
            lead.press(f"confirm-area:{area.code}:yes")
        if situation == "checkup_done":
            lead.press("gate:broadband")
    return lead


# Each situation is set up once per test process as above; every case starts from a copy of its database.
SET_UP = Situations(lambda store, clock: Engine(store, STANDARD, clock=clock), put_in)


@each_input(TYPED, PRESSED)
@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_input_in_every_checkup_situation(situation, how, what, scratch):
    with SET_UP.copy(situation, scratch) as (chat, store):
        end = send_and_check(chat, how, what, store)
        assert store.load_state(chat.actor.workspace, chat.actor.user), "everyone here has talked to the engine"
        if (situation, what) in EXPECTED:
            assert end is EXPECTED[(situation, what)]
        first = store.assessment(1)
        assert store.answers(first.id) == FIRST_YEAR  # last year is never touched


def test_a_farewell_in_a_checkup_does_not_call_a_still_true_yes_met(checkup, store):
    """ "yes, gotta go" to "Still true?" pauses; the reply does not claim a *Met* was left unrecorded (there a yes
    means last year's answer still holds)."""
    checkup.say("yes, gotta go")
    assert "Met" not in checkup.text.split("Paused")[0]
