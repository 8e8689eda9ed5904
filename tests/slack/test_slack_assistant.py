"""Slack's agent surface: the Messages tab offers suggested prompts, pressing one is answered in its thread, a
status shows while the answer is prepared; the thread is kept in the app's own database (issue 14)."""

from __future__ import annotations

import json

from harness import Harness


def thread_started(harness: Harness, user: str, ts: str = "1700000500.000100", viewing: str = "C0VIEW"):
    event = {"type": "assistant_thread_started", "event_ts": ts,
             "assistant_thread": {"user_id": user, "channel_id": "D" + user.lstrip("U"), "thread_ts": ts,
                                  "context": {"channel_id": viewing, "team_id": "T111"}}}
    assert harness.slack.event(event).status == 200
    return ts


def prompts_sent(harness: Harness) -> list[dict]:
    [call] = harness.api.wait_for("assistant.threads.setSuggestedPrompts")
    prompts = call.body["prompts"]
    return json.loads(prompts) if isinstance(prompts, str) else prompts


def test_opening_the_messages_tab_offers_prompts_and_pressing_one_answers_it_in_the_thread(harness: Harness) -> None:
    harness.onboard("U1")
    ts = thread_started(harness, "U1")
    prompts = prompts_sent(harness)
    assert [p["title"] for p in prompts][:2] == ["Where do we stand?", "Continue the assessment"]
    assert harness.store.is_assistant_thread("D1", ts)

    before = len(harness.dms("U1"))
    pressed = prompts[0]["message"]  # pressing a prompt posts its message in the thread, as the person
    assert harness.slack.event(harness.slack.dm_event("U1", pressed, thread_ts=ts)).status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) > before, what="the answer in the thread")
    answer = harness.dms("U1")[-1]
    assert answer.body.get("thread_ts") == ts and "Tempe" in answer.body["text"]
    [status] = harness.api.wait_for("assistant.threads.setStatus")
    assert status.body["thread_ts"] == ts and status.body["status"]
    assert harness.api.calls.index(status) < harness.api.calls.index(answer), "the status comes before the answer"


def test_someone_new_is_offered_to_start(harness: Harness) -> None:
    thread_started(harness, "U7")
    titles = [p["title"] for p in prompts_sent(harness)]
    assert titles[0] == "Start my city's assessment"


def test_a_plain_dm_thread_gets_no_status(harness: Harness) -> None:
    harness.onboard("U1")
    before = len(harness.dms("U1"))
    assert harness.slack.event(harness.slack.dm_event("U1", "status", thread_ts="1700000000.000001")).status == 200
    harness.api.wait_until(lambda: len(harness.dms("U1")) > before)
    assert harness.api.of("assistant.threads.setStatus") == []
