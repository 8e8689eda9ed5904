from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.engine import Actor, Engine, Message, UserInput
from bot.store import Store
from wwc_rules import load_standard


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


class Chat:
    """One person talking to the engine; keeps the last replies for assertions."""

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self.engine = engine
        self.actor = actor
        self.replies: list[Message] = []

    def say(self, text: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(text=text))
        return self.replies

    def press(self, value: str) -> list[Message]:
        self.replies = self.engine.handle(self.actor, UserInput(action=value))
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(m.text for m in self.replies)

    @property
    def last(self) -> Message:
        return self.replies[-1]

    @property
    def asked(self) -> str | None:
        """The criterion of the last question shown."""
        return self.replies[-1].criterion if self.replies else None


@pytest.fixture(scope="session")
def standard():
    return load_standard()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "wwc.db"


@pytest.fixture
def store(db_path, clock):
    s = Store(db_path, clock=clock)
    yield s
    s.close()


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
