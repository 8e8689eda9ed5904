"""SIGKILL the HTTP app while a city's team answers: every acknowledged answer is stored exactly once."""

from __future__ import annotations

from testkit import crash_test


def test_three_kills_lose_and_duplicate_nothing_and_the_conversation_resumes() -> None:
    result = crash_test.run(kills=3, seed=7, max_seconds=40, uptime=(0.05, 1.0))
    assert result.kills == 3
    assert result.acknowledged == result.sent > 20
    assert (result.stored, result.lost, result.duplicated) == (result.acknowledged, 0, 0), result.lines()
    assert result.errors == [], result.lines()
    assert result.resumed.startswith("all")
