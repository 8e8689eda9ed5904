"""Slack slow or failing while many people press at once: every press is acknowledged in time, every reply
arrives exactly once.

The app is wired as ``wwc-bot serve --http`` wires it (``InProcessApp``: the store, the engine, the outbox
worker, Bolt behind waitress, the production Web API timeout). Each of ``--presses`` cities gets its first
question; then the stand-in answers every Web API call after ``--delay`` seconds, and all the cities' leads
press an answer button at the same moment. Measured: the time until each press got its HTTP answer (Slack
gives up after 3 s), and the replies (each lead's next question) that reached Slack, once each.

Then the failing case: the stand-in answers the next ``--failures`` calls of ``chat.postMessage`` with HTTP
500, more than the listeners' client retries; the reply must still arrive, exactly once, after Slack recovers
(queued durably in the outbox).

    python bench/slow_slack.py [--presses 90] [--delay 4] [--failures 10]

Exit status 1 if a press was acknowledged late or not at all, or a reply was lost or posted twice.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testkit.reliability_kit import AppRun, Reply, dm_channel, question_code, scratch
from testkit.slack_sim import find_button

ACK_LIMIT = 3.0


@dataclass
class Result:
    presses: int
    delay: float
    ack_limit: float = ACK_LIMIT
    acks: list[float] = field(default_factory=list)
    refused: int = 0  # presses not answered 200
    replies_once: int = 0
    replies_missing: int = 0
    replies_twice: int = 0
    deliver_seconds: float = 0.0
    failing_calls: int = 0
    failing_replies: int = 0  # how many times the reply to the press under failures arrived
    problems: list[str] = field(default_factory=list)

    @property
    def late(self) -> int:
        return sum(a > self.ack_limit for a in self.acks)

    def lines(self) -> list[str]:
        acks = sorted(self.acks)
        p50 = acks[len(acks) // 2] if acks else 0.0
        return [
            f"slow Slack ({self.delay:g} s a call), {self.presses} presses at once: acknowledged {len(acks)}, "
            f"ack p50 {p50:.2f} s, max {max(acks, default=0):.2f} s, over {self.ack_limit:g} s: {self.late}, "
            f"not 200: {self.refused}",
            f"  replies: once {self.replies_once}, missing {self.replies_missing}, twice {self.replies_twice} "
            f"(all in {self.deliver_seconds:.1f} s)",
            f"{self.failing_calls} consecutive HTTP 500s on chat.postMessage: the reply arrived "
            f"{self.failing_replies} time(s)",
            *[f"  PROBLEM: {p}" for p in self.problems],
        ]

    @property
    def ok(self) -> bool:
        return not self.problems


class SlowRun(AppRun):
    def __init__(self, folder: Path, presses: int, outbox_backoff: float, **app_options: Any) -> None:
        super().__init__(folder, outbox_backoff=outbox_backoff, **app_options)
        self.users = [f"U{n}" for n in range(1, presses + 1)]

    def onboard(self, users: list[str]) -> None:
        for n, user in enumerate(users):
            for text in ("hello", f"Slowville {n}, AZ", "120,000"):
                assert self.slack.dm(user, text).status == 200
        for user in users:
            self.api.wait_until(lambda: self.question(user) is not None, 20, what=f"{user}'s first question")

    def question(self, user: str):
        questions = [p for p in self.api.posts_to(dm_channel(user)) if question_code(p)]
        return questions[-1] if questions else None

    def press(self, user: str) -> tuple[Reply, float]:
        question = self.question(user)
        code = question_code(question)
        button = find_button(question.blocks(), f"answer:{code}:met")
        began = time.monotonic()
        reply = self.slack.click(user, button, channel=dm_channel(user), message_ts=question.response["ts"],
                                 message_blocks=question.blocks())
        return reply, time.monotonic() - began

    def next_questions(self, user: str, after: int) -> int:
        return sum(1 for p in self.api.posts_to(dm_channel(user))[after:] if question_code(p) == "DM2")


def run(presses: int = 90, delay: float = 4.0, failures: int = 10, folder: Path | None = None,
        outbox_backoff: float = 0.2, ack_limit: float = ACK_LIMIT, **app_options: Any) -> Result:
    """The two scenarios; a press answered after ``ack_limit`` seconds is late. ``app_options``:
    ``InProcessApp``'s test-sized time (``retry_pace``, ``level_check_delay``)."""
    result = Result(presses=presses, delay=delay, ack_limit=ack_limit, failing_calls=failures)
    with scratch(folder) as where:
        r = SlowRun(where, presses + 1, outbox_backoff, **app_options)
        try:
            crowd, last = r.users[:presses], r.users[presses]
            r.onboard(r.users)
            marks = {u: len(r.api.posts_to(dm_channel(u))) for u in r.users}

            # 1. every call answered after ``delay`` seconds; everyone presses at once
            r.api.outage(3600, delay=delay)
            start = threading.Barrier(presses)
            lock = threading.Lock()

            def one(user: str) -> None:
                start.wait()
                reply, seconds = r.press(user)
                with lock:
                    result.acks.append(seconds)
                    result.refused += reply.status != 200

            threads = [threading.Thread(target=one, args=(u,)) for u in crowd]
            began = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            budget = 30 + presses * 3 * delay / 16

            def delivered() -> bool:
                return all(r.next_questions(u, marks[u]) >= 1 for u in crowd)

            _quietly(r, delivered, budget)
            result.deliver_seconds = time.monotonic() - began
            r.api.outage(0)
            r.app.quiet()  # a second copy of any reply would be sent by now
            counts = [r.next_questions(u, marks[u]) for u in crowd]
            result.replies_once = counts.count(1)
            result.replies_missing = counts.count(0)
            result.replies_twice = sum(c > 1 for c in counts)

            # 2. chat.postMessage fails ``failures`` times in a row (more than the client's retries)
            r.api.fail("chat.postMessage", status=500, times=failures)
            reply, _ = r.press(last)
            if reply.status != 200:
                result.problems.append(f"the press under HTTP 500s got HTTP {reply.status}")
            _quietly(r, lambda: r.next_questions(last, marks[last]) >= 1, 60)
            r.app.quiet()
            result.failing_replies = r.next_questions(last, marks[last])
        finally:
            r.close()
    if result.late or result.refused or len(result.acks) != presses:
        result.problems.append(f"{result.late} presses acknowledged after {ack_limit:g} s, {result.refused} not 200")
    if result.replies_missing or result.replies_twice:
        result.problems.append(f"{result.replies_missing} replies missing, {result.replies_twice} posted twice")
    if result.failing_replies != 1:
        result.problems.append(f"under {failures} HTTP 500s the reply arrived {result.failing_replies} times")
    return result


def _quietly(r: SlowRun, done, timeout: float) -> bool:
    """Wait for ``done`` up to ``timeout`` seconds; False (not an error) if it did not come."""
    try:
        r.api.wait_until(done, timeout)
        return True
    except AssertionError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=90)
    parser.add_argument("--delay", type=float, default=4.0)
    parser.add_argument("--failures", type=int, default=10)
    args = parser.parse_args()
    result = run(args.presses, args.delay, args.failures)
    print("\n".join(result.lines()))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
