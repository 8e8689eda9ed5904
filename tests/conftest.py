"""Fixtures shared by every suite: a clock tests move by hand, and a fresh store on a file."""

from __future__ import annotations

import pytest
from conversation import FakeClock
from databases import new_database, scratch_folder

import wwc_i18n as i18n
from bot.store import Store


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scratch(tmp_path):
    """A folder for the test's throwaway databases: in memory where the machine has it (see ``databases``)."""
    with scratch_folder(tmp_path) as folder:
        yield folder


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "wwc.db"


@pytest.fixture
def store(db_path, clock) -> Store:
    if not db_path.exists():  # a new file: the migrated schema written at once, not built again for every test
        new_database(db_path, clock())
    s = Store(db_path, clock=clock)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """No language is left behind for the next test: a Slack request dispatched in the test's own thread sets that
    thread's language in Bolt's middleware (for the request, as in the server's threads) and nothing resets it."""
    with i18n.using(None):
        yield


@pytest.fixture(autouse=True)
def _conversation_stays_in_its_table():
    """Every input in every test leads only where the conversation table allows."""
    from bot.engine import conversation

    start = len(conversation.VIOLATIONS)
    yield
    broken = conversation.VIOLATIONS[start:]
    del conversation.VIOLATIONS[start:]
    assert not broken, f"handlers went where the table does not allow: {broken}"
