from __future__ import annotations

import pytest
from conversation import Chat

from bot.engine import Actor, Engine
from wwc_rules import load_standard


@pytest.fixture(scope="session")
def standard():
    return load_standard()


@pytest.fixture
def engine(store, standard, clock) -> Engine:
    return Engine(store, standard, clock=clock)


@pytest.fixture
def new_chat(engine):
    """``new_chat(user, name=None, workspace="T1", engine=None)``: a person about to talk to the engine."""

    def make(user: str, name: str | None = None, workspace: str = "T1", engine_: Engine | None = None) -> Chat:
        return Chat(engine_ or engine, Actor(workspace=workspace, user=user, name=name))

    return make


@pytest.fixture
def onboard(new_chat):
    """``onboard(...)``: a person who registered a city and sees its first question."""

    def run(
        user: str = "U_ANA",
        name: str | None = "Ana",
        city: str = "Tempe, AZ",
        population: str = "185000",
        workspace: str = "T1",
        engine_: Engine | None = None,
    ) -> Chat:
        chat = new_chat(user, name, workspace, engine_)
        chat.say("hi")
        chat.say(city)
        chat.say(population)
        return chat

    return run


@pytest.fixture
def ana(onboard) -> Chat:
    """The lead of Tempe, AZ, looking at the first question."""
    return onboard()


@pytest.fixture
def ben(ana, new_chat) -> Chat:
    """A colleague the lead invited (has not spoken yet)."""
    ana.say("invite U_BEN")
    return new_chat("U_BEN", "Ben")
