from __future__ import annotations

import pytest
from checkup_helpers import ANA, NEXT_YEAR, STANDARD, Chat, FakeClock, tempe_after_2026

from bot.engine import Actor, Engine


@pytest.fixture
def db_path(request, tmp_path):
    """The test's database file: for a test with ``ana``, a copy of Tempe after its 2026 assessment."""
    path = tmp_path / "wwc.db"
    if "ana" in request.fixturenames:
        path.write_bytes(tempe_after_2026()[0])
    return path


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
def ana(engine, store) -> Chat:
    """The lead of Tempe, AZ, who invited Ben and completed the 2026 assessment on 2 March 2026 (the store
    starts as a copy of that database: see ``db_path``), looking at her report."""
    assert store.current_assessment(store.city_of("T1", "U_ANA").id).status == "complete"
    chat = Chat(engine, ANA)
    chat.replies = list(tempe_after_2026()[1])
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
