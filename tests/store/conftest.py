from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store import Store


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


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


@pytest.fixture
def assessment(store):
    city, _ = store.create_city("T1", "Tempe", "AZ", 185_000, lead="U_ANA", lead_name="Ana")
    return store.start_assessment(city.id, "wwc-2022", 2026)
