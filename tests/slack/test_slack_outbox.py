"""The durable outbox: one post per announcement, whatever Slack and the process do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.slack.outbox import Outbox
from bot.store import Store
from testkit.stub_api import StubSlackAPI

TOKEN = "xoxb-test-token"


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    s = Store(tmp_path / "wwc.db")
    yield s
    s.close()


def outbox(api: StubSlackAPI, store: Store, **kw) -> Outbox:
    client = WebClient(token=TOKEN, base_url=api.url, retry_handlers=[], timeout=kw.pop("timeout", 2))
    return Outbox(store, client, backoff=0.1, poll=0.05, **kw)


def drain(box: Outbox, limit: int = 20) -> None:
    """Run the worker step by step until nothing is due now."""
    for _ in range(limit):
        if not box.run_once():
            return


def test_retry_after_is_honoured_and_the_post_is_sent_once(api: StubSlackAPI, store: Store) -> None:
    api.fail("chat.postMessage", status=429, retry_after=1, times=2)
    box = outbox(api, store)
    box.start()
    try:
        assert box.post("CPEER", "Sprint cohort opens", key="sprint-1")
        [sent] = api.wait_for("chat.postMessage", timeout=10)
    finally:
        box.stop()
    attempts = api.attempts("chat.postMessage")
    assert [c.status for c in attempts] == [429, 429, 200]
    assert attempts[1].at - attempts[0].at >= 0.9 and attempts[2].at - attempts[1].at >= 0.9
    assert sent.body["metadata"]["event_payload"]["key"] == "sprint-1"


def test_server_errors_are_retried_with_backoff(api: StubSlackAPI, store: Store) -> None:
    api.fail("chat.postMessage", status=500, times=3)
    box = outbox(api, store, channel_gap=0.0)
    box.start()
    try:
        box.post("CPEER", "news", key="n1")
        api.wait_for("chat.postMessage", timeout=10)
    finally:
        box.stop()
    attempts = api.attempts("chat.postMessage")
    assert [c.status for c in attempts] == [500, 500, 500, 200]
    gaps = [b.at - a.at for a, b in zip(attempts, attempts[1:])]
    assert gaps[0] < gaps[1] < gaps[2]  # exponential backoff (0.1, 0.2, 0.4 s and some jitter)


def test_a_timeout_whose_post_reached_slack_is_not_posted_again(api: StubSlackAPI, store: Store) -> None:
    api.fail("chat.postMessage", delay=1.0, times=1)  # Slack posts it, but our client gives up after 0.3 s
    box = outbox(api, store, timeout=0.3)
    box.post("CPEER", "news", key="slow-1")
    assert box.run_once()
    assert store.outbox_item(1).status == "pending" and "timed out" in store.outbox_item(1).last_error
    api.wait_for("chat.postMessage")
    time.sleep(0.3)  # past the backoff
    drain(box)
    assert len(api.of("chat.postMessage")) == 1
    assert api.of("conversations.history")
    assert store.outbox_item(1).status == "sent"


def test_nothing_is_lost_or_repeated_across_a_crash(api: StubSlackAPI, store: Store, tmp_path) -> None:
    box = outbox(api, store, lease=0.2)
    box.post("CPEER", "one", key="k1")
    box.post("CPEER", "two", key="k2")
    # The process dies after Slack accepted "one" but before it was marked sent, and while "two" was claimed.
    [first, second] = store.claim_due(limit=2, lease=timedelta(seconds=0.2))
    WebClient(token=TOKEN, base_url=api.url).chat_postMessage(
        channel="CPEER", text="one", metadata={"event_type": "wwc_outbox_post", "event_payload": {"key": "k1"}})
    time.sleep(0.3)
    restarted = outbox(api, Store(tmp_path / "wwc.db"), channel_gap=0.0)
    drain(restarted)
    texts = [c.body["text"] for c in api.of("chat.postMessage")]
    assert sorted(texts) == ["one", "two"]
    assert store.outbox_item(first.id).status == "sent" and store.outbox_item(second.id).status == "sent"


def test_at_most_one_post_per_second_per_channel(api: StubSlackAPI, store: Store) -> None:
    box = outbox(api, store)
    for n in range(3):
        box.post("CPEER", f"post {n}", key=f"p{n}")
    drain(box)
    times = [c.at for c in api.of("chat.postMessage")]
    assert len(times) == 3
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:]))


def test_a_permanent_error_marks_the_post_failed(api: StubSlackAPI, store: Store) -> None:
    api.fail("chat.postMessage", error="channel_not_found")
    box = outbox(api, store)
    box.post("CNOPE", "news", key="bad")
    drain(box)
    item = store.outbox_item(1)
    assert item.status == "failed" and item.last_error == "channel_not_found"
    assert len(api.attempts("chat.postMessage")) == 1
