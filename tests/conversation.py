"""A person talking to the engine, and a clock tests can move: shared by the engine and checkup tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine import Actor, Engine, Message, UserInput

FIRST_DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = FIRST_DAY) -> None:
        self.now = start

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

    def open(self) -> list[Message]:
        self.replies = self.engine.begin(self.actor)
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

    @property
    def values(self) -> list[str]:
        """Every option value offered in the last replies."""
        return [o.value for m in self.replies for o in m.options]
