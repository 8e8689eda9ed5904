"""Fixtures for the Slack tests (the harness itself lives in ``harness.py``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from harness import ADMIN, Harness, assert_valid_slack_payloads

from testkit.stub_api import StubSlackAPI


@pytest.fixture
def api() -> Iterator[StubSlackAPI]:
    stub = StubSlackAPI(users={ADMIN: {"is_admin": True}}).start()
    yield stub
    # Stopping waits for the server's next poll (up to 10 ms); nothing after the test needs it stopped at once.
    threading.Thread(target=stub.stop, name="stub-slack-api-stop", daemon=True).start()


@pytest.fixture
def harness(api: StubSlackAPI, tmp_path) -> Iterator[Harness]:
    h = Harness(api, tmp_path)
    yield h
    h.outbox.stop()
    assert_valid_slack_payloads(api)
