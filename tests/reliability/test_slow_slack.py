"""Slack answering slowly or failing: presses are acknowledged in time and every reply arrives exactly once.

Before, listeners posted their replies on Bolt's own threads: with Slack answering after 4 s a call, 26 of
90 simultaneous presses were acknowledged after Slack's 3 s limit (some got HTTP 404), and after four 500s in
a row a reply was dropped without a word. ``bench/slow_slack.py`` runs the full scenario (90 presses, 4 s).
"""

from __future__ import annotations

from testkit.slow_slack import run


def test_presses_at_once_under_a_slow_slack_are_acknowledged_in_time_and_answered_once() -> None:
    # Each reply makes a few calls of 1 s each: an ack that waited for them would come after 0.75 s (most after
    # seconds: 24 presses queue for 8 server threads). The app's waits are test-sized: its client's retries at a
    # tenth of Slack's backoff, the outbox's after 10 ms, a level checked 50 ms after the answer.
    result = run(presses=24, delay=1.0, failures=10, ack_limit=0.75, outbox_backoff=0.01, outbox_poll=0.02,
                 channel_gap=0.1, retry_pace=0.1, level_check_delay=0.05)
    assert result.ok, result.lines()
    assert len(result.acks) == 24 and result.late == 0 and result.refused == 0
    assert result.replies_once == 24
    assert result.failing_replies == 1
