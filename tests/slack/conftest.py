"""Fixtures for the Slack tests (the harness itself lives in ``harness.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import ADMIN, Harness, assert_valid_slack_payloads

from testkit.stub_api import StubSlackAPI


@pytest.fixture
def api() -> Iterator[StubSlackAPI]:
    with StubSlackAPI(users={ADMIN: {"is_admin": True}}) as stub:
        yield stub


@pytest.fixture
def harness(api: StubSlackAPI, tmp_path) -> Iterator[Harness]:
    h = Harness(api, tmp_path)
    yield h
    h.outbox.stop()
    assert_valid_slack_payloads(api)
