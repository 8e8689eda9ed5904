"""Fixtures shared by every suite: a clock tests move by hand, and a fresh store on a file."""

from __future__ import annotations

import pytest
from conversation import FakeClock

from bot.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "wwc.db"


@pytest.fixture
def store(db_path, clock) -> Store:
    s = Store(db_path, clock=clock)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _conversation_stays_in_its_table():
    """Every input in every test leads only where the conversation table allows."""
    from bot.engine import conversation

    start = len(conversation.VIOLATIONS)
    yield
    broken = conversation.VIOLATIONS[start:]
    del conversation.VIOLATIONS[start:]
    assert not broken, f"handlers went where the table does not allow: {broken}"
