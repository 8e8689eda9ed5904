from __future__ import annotations

import pytest
from checkup_helpers import NEXT_YEAR, STANDARD, Chat, FakeClock, complete_first_year, register

from bot.engine import Actor, Engine


@pytest.fixture
def engine(store, clock) -> Engine:
    return Engine(store, STANDARD, clock=clock)


@pytest.fixture
def new_chat(engine):
    """``new_chat(user, name=None, workspace="T1")``: a person about to talk to the engine."""

    def make(user: str, name: str | None = None, workspace: str = "T1") -> Chat:
        return Chat(engine, Actor(workspace=workspace, user=user, name=name))

    return make


@pytest.fixture
def ana(new_chat) -> Chat:
    """The lead of Tempe, AZ, who completed the 2026 assessment on 2 March 2026."""
    chat = register(new_chat("U_ANA", "Ana"))
    chat.say("invite U_BEN")
    complete_first_year(chat)
    return chat


@pytest.fixture
def ben(ana, new_chat) -> Chat:
    """A colleague on Tempe's team (not the lead)."""
    return new_chat("U_BEN", "Ben")


@pytest.fixture
def next_year(ana, clock) -> FakeClock:
    """It is March 2027: a new year has begun since Tempe completed its 2026 assessment."""
    clock.now = NEXT_YEAR
    return clock


@pytest.fixture
def checkup(ana, next_year) -> Chat:
    """Ana has started the 2027 checkup and sees its first question."""
    ana.press("checkup:start")
    assert "Annual checkup 2027" in ana.text
    return ana
