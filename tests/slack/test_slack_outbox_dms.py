"""Queued DMs (consent prompts, reminders) survive temporary errors, and posts keep their order after an outage.

The outbox queues a DM under the user's id (``chat.postMessage`` accepts one). A retried item first looks for
an earlier attempt in the conversation's history, which Slack only gives by conversation id:
``conversations.history`` with a user id is ``channel_not_found``. The stand-in used to accept it, so the
outbox's retry check for DMs was never really tested: in Slack every DM failed for good after any
temporary error.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from conversation import FakeClock
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.outbox import Outbox
from bot.store import Store
from testkit.stub_api import StubSlackAPI

TOKEN = "xoxb-test-token"


@pytest.fixture
def clocked(tmp_path) -> Iterator[tuple[Store, FakeClock]]:
    clock = FakeClock()
    s = Store(tmp_path / "wwc.db", clock=clock)
    yield s, clock
    s.close()


def outbox(api: StubSlackAPI, store: Store, **kw) -> Outbox:
    client = WebClient(token=TOKEN, base_url=api.url, retry_handlers=[], timeout=kw.pop("timeout", 2))
    return Outbox(store, client, backoff=0.1, poll=0.05, channel_gap=0.0, **kw)


def drain(box: Outbox, clock: FakeClock, rounds: int = 40) -> None:
    """Run the worker until nothing is left, moving the store's clock past every backoff."""
    for _ in range(rounds):
        if not box.run_once():
            clock.advance(seconds=400)
            if not box.run_once():
                return


def test_the_stand_in_reads_history_by_conversation_id_only(api: StubSlackAPI) -> None:
    client = WebClient(token=TOKEN, base_url=api.url, retry_handlers=[])
    posted = client.chat_postMessage(channel="U1", text="hello")
    assert posted["channel"] == "D1"  # Slack posts to the app's DM with the user and answers with its id
    with pytest.raises(SlackApiError) as refused:
        client.conversations_history(channel="U1")
    assert refused.value.response["error"] == "channel_not_found"
    [message] = client.conversations_history(channel="D1")["messages"]
    assert message["text"] == "hello"


def test_a_dm_queued_by_user_id_is_retried_after_a_temporary_error(api: StubSlackAPI, clocked) -> None:
    store, clock = clocked
    api.fail("chat.postMessage", status=500, times=1)
    box = outbox(api, store)
    box.post("U1", "May I announce Silver?", key="consent:1")
    drain(box, clock)
    item = store.outbox_item(1)
    assert item.status == "sent", item
    [post] = api.of("chat.postMessage")
    assert post.body["text"] == "May I announce Silver?"


def test_a_dm_whose_post_reached_slack_is_not_posted_again(api: StubSlackAPI, clocked) -> None:
    store, clock = clocked
    api.fail("chat.postMessage", delay=30.0, times=1)  # Slack posts it; our client gave up after 0.3 s
    box = outbox(api, store, timeout=0.3)
    box.post("U1", "Your checkup is due", key="reminder:1")
    assert box.run_once()
    api.release()  # the slow answer goes out now: the post is in the DM
    api.wait_for("chat.postMessage")
    drain(box, clock)
    assert len(api.of("chat.postMessage")) == 1
    assert [c.body["channel"] for c in api.of("conversations.history")] == ["D1"]
    assert store.outbox_item(1).status == "sent"


@pytest.mark.parametrize("channel", ["CPEER", "U1"])
def test_posts_keep_their_order_after_a_long_outage(api: StubSlackAPI, clocked, monkeypatch, channel: str) -> None:
    store, clock = clocked
    monkeypatch.setattr(random, "random", lambda: 0.0)  # no jitter: the order cannot come from chance
    api.fail("chat.postMessage", status=500, times=4)
    box = outbox(api, store)
    for n in range(3):
        box.post(channel, f"post {n}", key=f"p{n}:{channel}")
    drain(box, clock)
    assert [c.body["text"] for c in api.of("chat.postMessage")] == ["post 0", "post 1", "post 2"]
    assert [store.outbox_item(n).status for n in (1, 2, 3)] == ["sent"] * 3


def test_a_permanent_error_does_not_hold_up_the_posts_behind_it(api: StubSlackAPI, clocked) -> None:
    store, clock = clocked
    api.fail("chat.postMessage", error="channel_not_found", times=1)
    box = outbox(api, store)
    box.post("CPEER", "first", key="a")
    box.post("CPEER", "second", key="b")
    drain(box, clock)
    assert store.outbox_item(1).status == "failed"
    assert [c.body["text"] for c in api.of("chat.postMessage")] == ["second"]
