"""Every input from every situation, for the engine's and the checkup's tables of cases.

A situation (a person in some mode, a checkup at its gate, ...) is set up through the engine once per test
process; every later case starts from a copy of the database it left behind. The engine keeps nothing about a
person outside the store, so a copy is that person exactly as the set-up left them (as after a restart).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from conversation import Chat, FakeClock

from bot.engine import Actor, Engine, Mode
from bot.store import Store

# What a person may type or press in any situation: answers, commands, nonsense and a mention.
TYPED_ANYWHERE = [
    "yes",
    "kind of",
    "banana",
    "?",
    "why",
    "skip",
    "back",
    "change DM2",
    "go to open data",
    "evidence",
    "evidence DM1 https://x.gov/a",
    "status",
    "pause",
    "continue",
    "help",
    "report",
    "roadmap",
    "review OD",
    "history DM1",
    "cancel",
    "broadband",
    "<!channel>",
    "checkup",
]
PRESSED_ANYWHERE = [
    "answer:DM1:met",
    "gate:none",
    "gate:broadband",
    "area:OD",
    "back",
    "skip:DM1",
    "continue",
    "checkup:start",
    "checkup:later",
    "confirm:DM1",
    "confirm-area:OD:yes",
]


def each_input(typed: list[str], pressed: list[str]) -> pytest.MarkDecorator:
    """Parametrize ``how`` ("say" or "press") and ``what`` with every text typed and every value pressed."""
    inputs = [("say", t) for t in typed] + [("press", v) for v in pressed]
    return pytest.mark.parametrize(("how", "what"), inputs, ids=[f"{h}:{w}" for h, w in inputs])


def saved(store: Store) -> bytes:
    """The whole database of ``store`` (the bytes of its file)."""
    return store.db.conn.serialize()


class Situations:
    """Situations set up once per process, each on an in-memory store, by ``set_up(key, new_chat, store, clock)``
    (``new_chat(user, name=None, workspace="T1")`` makes a person on the engine ``engine(store, clock)``);
    ``copy`` puts a case's person in one on a database file of its own."""

    def __init__(self, engine: Callable[[Store, FakeClock], Engine],
                 set_up: Callable[[str, Callable[..., Chat], Store, FakeClock], Chat]) -> None:
        self._engine = engine
        self._set_up = set_up
        self._saved: dict[str, tuple[bytes, Actor, datetime]] = {}

    def database(self, key: str) -> tuple[bytes, Actor, datetime]:
        """Situation ``key``'s database, its person, and the time on its clock (set up on first use)."""
        if key not in self._saved:
            clock = FakeClock()
            store = Store(":memory:", clock=clock)
            engine = self._engine(store, clock)
            chat = self._set_up(key, lambda user, name=None, workspace="T1": Chat(
                engine, Actor(workspace=workspace, user=user, name=name)), store, clock)
            self._saved[key] = (saved(store), chat.actor, clock.now)
            store.close()
        return self._saved[key]

    @contextmanager
    def copy(self, key: str, folder: Path) -> Iterator[tuple[Chat, Store]]:
        """The person of situation ``key`` and their store, on a new database file in ``folder`` that holds a
        copy of the situation; the store is closed after."""
        data, actor, now = self.database(key)
        path = folder / "wwc.db"
        path.write_bytes(data)
        clock = FakeClock(now)
        store = Store(path, clock=clock)
        try:
            yield Chat(self._engine(store, clock), actor), store
        finally:
            store.close()


def mode_of(chat: Chat, store: Store) -> Mode:
    raw = store.load_state(chat.actor.workspace, chat.actor.user)
    return Mode(raw["mode"]) if raw else Mode.NEW


def send_and_check(chat: Chat, how: str, what: str, store: Store) -> Mode:
    """Send one input: there is a reply, short and without a raw mention, and a question on screen whenever
    the person is left answering. Returns the mode they end in."""
    replies = getattr(chat, how)(what)
    assert replies, "the engine must always answer"
    for m in replies:
        assert m.text.strip() and len(m.text) < 3000
        assert "<!channel>" not in m.text and "<@" not in m.text
    end = mode_of(chat, store)
    if end is Mode.ASKING:  # a question is on screen for typed answers to go to
        assert store.load_state(chat.actor.workspace, chat.actor.user)["last_asked"]
    return end
