"""The durable outbox: one post per announcement, whatever Slack and the process do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.slack.outbox import Outbox
from bot.store import Store
from testkit.fake_time import FakeTime
from testkit.stub_api import StubSlackAPI

TOKEN = "xoxb-test-token"


@pytest.fixture
def fake(api: StubSlackAPI) -> FakeTime:
    """The outbox's time, the store's and the stand-in's ``Call.at``: it moves only when a test moves it."""
    time = FakeTime()
    api.clock = time.monotonic
    return time


@pytest.fixture
def store(tmp_path, fake: FakeTime) -> Iterator[Store]:
    s = Store(tmp_path / "wwc.db", clock=fake.now)
    yield s
    s.close()


def outbox(api: StubSlackAPI, store: Store, fake: FakeTime, **kw) -> Outbox:
    client = WebClient(token=TOKEN, base_url=api.url, retry_handlers=[], timeout=kw.pop("timeout", 2))
    return Outbox(store, client, backoff=0.1, poll=0.05, clock=fake.monotonic, sleep=fake.sleep, **kw)


def drain(box: Outbox, limit: int = 20) -> None:
    """Run the worker step by step until nothing is due now."""
    for _ in range(limit):
        if not box.run_once():
            return


def next_attempt(box: Outbox, fake: FakeTime, step: float = 0.01, limit: float = 10.0) -> float:
    """Move the clock on in small steps until the outbox handles a post; returns how far it moved."""
    moved = 0.0
    while not box.run_once():
        assert moved < limit, "nothing became due"
        fake.advance(step)
        moved += step
    return moved


def test_retry_after_is_honoured_and_the_post_is_sent_once(api: StubSlackAPI, store: Store, fake: FakeTime) -> None:
    api.fail("chat.postMessage", status=429, retry_after=1, times=2)
    box = outbox(api, store, fake)
    assert box.post("CPEER", "Sprint cohort opens", key="sprint-1")
    assert box.run_once()  # 429
    for _ in range(2):
        fake.advance(0.95)
        assert not box.run_once()  # Retry-After (1 s) is not over: nothing is due
        fake.advance(0.05)
        assert box.run_once()  # the next try
    assert not box.run_once()
    attempts = api.attempts("chat.postMessage")
    assert [c.status for c in attempts] == [429, 429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0 and attempts[2].at - attempts[1].at >= 1.0
    [sent] = api.of("chat.postMessage")
    assert sent.body["metadata"]["event_payload"]["key"] == "sprint-1"
    assert store.outbox_item(1).status == "sent"


def test_server_errors_are_retried_with_backoff(api: StubSlackAPI, store: Store, fake: FakeTime) -> None:
    api.fail("chat.postMessage", status=500, times=3)
    box = outbox(api, store, fake, channel_gap=0.0)
    box.post("CPEER", "news", key="n1")
    assert box.run_once()
    gaps = [next_attempt(box, fake) for _ in range(3)]
    attempts = api.attempts("chat.postMessage")
    assert [c.status for c in attempts] == [500, 500, 500, 200]
    assert 0.09 < gaps[0] < gaps[1] < gaps[2] < 0.55  # exponential backoff (0.1, 0.2, 0.4 s and some jitter)


def test_a_timeout_whose_post_reached_slack_is_not_posted_again(api: StubSlackAPI, store: Store,
                                                               fake: FakeTime) -> None:
    api.fail("chat.postMessage", delay=30.0, times=1)  # Slack posts it, but our client gives up after 0.3 s
    box = outbox(api, store, fake, timeout=0.3)
    box.post("CPEER", "news", key="slow-1")
    assert box.run_once()
    assert store.outbox_item(1).status == "pending" and "timed out" in store.outbox_item(1).last_error
    api.release()  # the slow answer goes out now: Slack has posted it
    api.wait_for("chat.postMessage")
    fake.advance(1.0)  # past the backoff
    drain(box)
    assert len(api.of("chat.postMessage")) == 1
    assert api.of("conversations.history")
    assert store.outbox_item(1).status == "sent"


def test_nothing_is_lost_or_repeated_across_a_crash(api: StubSlackAPI, store: Store, fake: FakeTime,
                                                   tmp_path) -> None:
    box = outbox(api, store, fake, lease=0.2)
    box.post("CPEER", "one", key="k1")
    box.post("CPEER", "two", key="k2")
    # The process dies after Slack accepted "one" but before it was marked sent, and while "two" was claimed.
    [first, second] = store.claim_due(limit=2, lease=timedelta(seconds=0.2))
    WebClient(token=TOKEN, base_url=api.url).chat_postMessage(
        channel="CPEER", text="one", metadata={"event_type": "wwc_outbox_post", "event_payload": {"key": "k1"}})
    restarted = outbox(api, Store(tmp_path / "wwc.db", clock=fake.now), fake, channel_gap=0.0)
    assert not restarted.run_once()  # both are still leased to the dead process
    fake.advance(0.3)  # the leases run out
    drain(restarted)
    texts = [c.body["text"] for c in api.of("chat.postMessage")]
    assert sorted(texts) == ["one", "two"]
    assert store.outbox_item(first.id).status == "sent" and store.outbox_item(second.id).status == "sent"


def test_at_most_one_post_per_second_per_channel(api: StubSlackAPI, store: Store, fake: FakeTime) -> None:
    box = outbox(api, store, fake)
    for n in range(3):
        box.post("CPEER", f"post {n}", key=f"p{n}")
    drain(box)
    times = [c.at for c in api.of("chat.postMessage")]
    assert len(times) == 3
    assert all(b - a >= 0.999 for a, b in zip(times, times[1:]))
    assert len(fake.slept) == 2  # the outbox waited (in fake time) between the posts, not the test


def test_a_permanent_error_marks_the_post_failed(api: StubSlackAPI, store: Store, fake: FakeTime) -> None:
    api.fail("chat.postMessage", error="channel_not_found")
    box = outbox(api, store, fake)
    box.post("CNOPE", "news", key="bad")
    drain(box)
    item = store.outbox_item(1)
    assert item.status == "failed" and item.last_error == "channel_not_found"
    assert len(api.attempts("chat.postMessage")) == 1
