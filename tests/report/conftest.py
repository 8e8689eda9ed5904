from __future__ import annotations

import pytest
from report_helpers import FakeClock

from bot.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "wwc.db", clock=FakeClock())
    yield s
    s.close()
