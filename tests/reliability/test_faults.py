"""The Web API fails for a while (5xx, 429 with Retry-After, too slow): answers are kept, Slack gets its ack,
replies and announcements arrive once."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack import evidence, ids
from testkit.fault_test import FaultRun, run
from testkit.reliability_kit import dm_channel

QUICK = {"level_check_delay": 0.05}  # no level check lingers 2 s after the last answer


@pytest.fixture
def faults(tmp_path: Path) -> Iterator[FaultRun]:
    r = FaultRun(tmp_path, cities=1, outage=2.0, api_timeout=1.0, retry_pace=0.5, **QUICK)  # backoff 0.25, 0.5, 1 s
    r.onboard()
    yield r
    r.close()  # the stand-in answers at once from now on and retries stop pausing: nothing is waited out


def acked(send) -> tuple[int, float]:
    began = time.monotonic()
    return send().status, time.monotonic() - began


def test_a_button_press_is_acknowledged_even_when_its_replies_cannot_be_posted(faults: FaultRun) -> None:
    faults.api.outage(2.0, status=500)
    question = faults.question_on_screen("U1")
    button = {"action_id": "wwc.option.0", "value": "answer:DM1:met", "block_id": "qDM1"}
    status, seconds = acked(lambda: faults.slack.click("U1", button, channel="D1", message_ts=question.response["ts"],
                                                       message_blocks=question.blocks()))
    assert (status, seconds < 1.0) == (200, True), (status, seconds)
    assert faults.app.outcome("U1", "DM1") == "met"


def test_the_evidence_button_is_acknowledged_even_when_the_modal_cannot_be_opened(faults: FaultRun) -> None:
    faults.api.fail("views.open", error="expired_trigger_id")  # Slack's answer when the click is old
    button = {"action_id": "wwc.option.0", "value": "evidence:DM1", "block_id": "qDM1"}
    status, seconds = acked(lambda: faults.slack.click("U1", button, channel="D1", message_ts="1700000000.000100"))
    assert (status, seconds < 1.0) == (200, True), (status, seconds)


def test_evidence_is_acknowledged_even_when_its_confirmation_cannot_be_posted(faults: FaultRun) -> None:
    faults.api.outage(2.0, status=500)
    values = {ids.EVIDENCE_URL_BLOCK: {ids.EVIDENCE_URL_ACTION: {"type": "url_text_input", "value": "https://x.gov/p"}}}
    status, seconds = acked(lambda: faults.slack.submit("U1", evidence.modal("DM1", "Data strategy"), values))
    assert (status, seconds < 1.0) == (200, True), (status, seconds)


def test_a_first_message_while_the_api_times_out_is_acknowledged(faults: FaultRun) -> None:
    faults.api.outage(1.0, delay=2.0)  # longer than the app's Web API timeout here (1 s)
    status, seconds = acked(lambda: faults.slack.dm("UNEW", "hello"))
    assert status == 200, (status, seconds)
    assert len(faults.api.wait_posts(dm_channel("UNEW"), 1, timeout=10)) == 1


@pytest.mark.parametrize("fault", [{"status": 429, "retry_after": 3}, {"delay": 4.0}], ids=["429", "slow"])
def test_acks_do_not_wait_for_a_rate_limited_or_slow_name_lookup(tmp_path: Path, fault: dict) -> None:
    r = FaultRun(tmp_path, cities=1, outage=5.0, api_timeout=10.0, **QUICK)  # the production Web API timeout
    try:
        r.onboard()
        r.api.outage(5.0, **fault)
        status, seconds = acked(lambda: r.slack.dm("UNEW", "hello"))
        assert (status, seconds < 2.5) == (200, True), (status, seconds)
    finally:
        r.close()


def test_replies_stuck_on_a_slow_api_do_not_hold_up_other_users_acks(tmp_path: Path) -> None:
    r = FaultRun(tmp_path, cities=8, outage=5.0, api_timeout=10.0, **QUICK)  # the production Web API timeout
    try:
        r.onboard()
        r.api.outage(5.0, delay=4.0)
        slow = []
        for user in r.users:  # each press leaves a reply waiting on the slow API
            question = r.question_on_screen(user)
            button = {"action_id": "wwc.option.0", "value": "answer:DM1:met", "block_id": "qDM1"}
            status, seconds = acked(lambda: r.slack.click(user, button, channel=dm_channel(user),
                                                          message_ts=question.response["ts"],
                                                          message_blocks=question.blocks()))
            if status != 200 or seconds > 1.0:
                slow.append((user, status, round(seconds, 1)))
        assert slow == []
    finally:
        r.close()


def test_a_reply_outlasts_a_short_server_error_outage(faults: FaultRun) -> None:
    before = len(faults.api.posts_to("D1"))
    faults.api.outage(0.5, status=503)  # past the first retry (after 0.25 to 0.75 s), most times
    assert faults.slack.dm("U1", "why").status == 200
    posts = faults.api.wait_posts("D1", before + 1, timeout=10)[before:]
    assert len(posts) == 1 and "Why it matters" in posts[0].body["text"]


def test_every_fault_keeps_answers_and_delivers_replies_and_announcements_once(tmp_path: Path) -> None:
    # The app waits half of Slack's backoffs: its client's three retries still span more than the outage (1.75 s
    # at least), as Slack's own (3.5 s) span more than the 3 s of bench/fault_test.py.
    phases = run(cities=2, outage=1.0, api_timeout=1.0, log=tmp_path / "app.log", folder=tmp_path, grace=0.0,
                 retry_pace=0.5, outbox_backoff=0.25, **QUICK)
    for phase in phases:
        assert phase.problems == [], phase.line()
        assert phase.recorded == phase.answers and phase.delivered == phase.replies and phase.twice == 0
        assert phase.announced == 1
