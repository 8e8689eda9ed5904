"""Slack faults: the Web API answers 500, 429 with Retry-After, or too slowly, for a while; nothing is lost or doubled.

The app is wired as ``wwc-bot serve --http`` wires it (``run_serve``: the
store, the engine, the outbox worker, Bolt behind waitress) and served on a
loopback port; only its Web API timeout is shortened (``--api-timeout``) so a
slow API makes it give up quickly. For each fault, the stand-in fails every
Web API call for ``--outage`` seconds, and meanwhile each city's user
presses an answer button and then types the next answer, a newcomer writes
for the first time, and a network admin queues a peer-network announcement.
Then the API recovers. Checked: every answer is recorded, every reply
(the next question) and every announcement reaches Slack exactly once, and
Slack got its ack within 3 s.

``/wwc announce`` is queued before its ack, after a quick check that the
sender is a network admin; if Slack cannot answer that check during the
outage, the ack says nothing was queued and to try again, and the admin
sends it again once the outage is over (as told). The tries are counted.

    python bench/fault_test.py [--outage 3] [--cities 3] [--api-timeout 2]

Exit status 1 if anything was lost, posted twice, or acknowledged late.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testkit.reliability_kit import ADMIN, PEER, AppRun, Call, Reply, app_logs, dm_channel, question_code, scratch
from wwc_rules import load_standard

FAULTS: dict[str, dict] = {"500": {"status": 500}, "429": {"status": 429, "retry_after": 1}, "timeout": {}}
ACK_LIMIT = 3.0  # seconds: Slack's limit for an acknowledgement


@dataclass
class Phase:
    fault: str
    answers: int = 0
    recorded: int = 0
    replies: int = 0
    delivered: int = 0
    twice: int = 0
    announced: int = 0
    announce_tries: int = 0
    faulted: int = 0
    acks: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        late = sum(1 for a in self.acks if a > ACK_LIMIT)
        return (f"{self.fault:>7}: answers {self.answers} sent, {self.recorded} recorded; replies {self.replies} "
                f"expected, {self.delivered} delivered, {self.twice} posted twice; announcement posted "
                f"{self.announced}x ({self.announce_tries} tr{'y' if self.announce_tries == 1 else 'ies'}); "
                f"{self.faulted} API calls hit by the fault; acks max "
                f"{max(self.acks):.2f} s ({late} over {ACK_LIMIT:.0f} s)")


class FaultRun(AppRun):
    """``app_options`` (``InProcessApp``'s test-sized time) make a short run shorter still."""

    def __init__(self, folder: Path, cities: int, outage: float, api_timeout: float, grace: float = 1.5,
                 **app_options: Any) -> None:
        super().__init__(folder, api_timeout, **app_options)
        self.outage, self.api_timeout, self.grace = outage, api_timeout, grace
        self.users = [f"U{n}" for n in range(1, cities + 1)]
        self.order = [c.code for c in load_standard().criteria]
        self.next_code = {u: self.order[0] for u in self.users}
        self.newcomers = iter(f"UNEW{n}" for n in range(100))

    def timed(self, what: str, send: Callable[[], Reply], result: Phase | None = None) -> Reply:
        """Send one request; note how long the ack took and any status but 200."""
        began = time.monotonic()
        reply = send()
        status = reply.status
        if result is None:
            assert status == 200, f"{what}: HTTP {status}"
            return reply
        result.acks.append(time.monotonic() - began)
        if status != 200 or result.acks[-1] > ACK_LIMIT:
            result.problems.append(f"{what}: HTTP {status} after {result.acks[-1]:.1f} s")
        return reply

    def onboard(self) -> None:
        for n, user in enumerate(self.users):
            for text in ("hello", f"Faultville {n}, AZ", "120,000"):
                self.timed(text, lambda: self.slack.dm(user, text))
        for user in self.users:
            self.api.wait_until(lambda: any(question_code(p) for p in self.api.posts_to(dm_channel(user))), 10)

    def phase(self, fault: str) -> Phase:
        result = Phase(fault)
        faulted = self.api.faulted
        marks = {u: len(self.api.posts_to(dm_channel(u))) for u in self.users}
        kind = FAULTS[fault] or {"delay": self.api_timeout + 1.0}
        self.api.outage(self.outage, **kind)
        recovered = time.monotonic() + self.outage
        typed: dict[str, tuple[str, str]] = {}
        for user in self.users:
            code = self.next_code[user]
            button = {"action_id": "wwc.option.0", "value": f"answer:{code}:met", "block_id": f"q{code}"}
            question = self.question_on_screen(user)
            self.timed(f"{user} presses {code}: Met", lambda: self.slack.click(
                user, button, channel=dm_channel(user), message_ts=question.response["ts"],
                message_blocks=question.blocks()), result)
            after = self.order[self.order.index(code) + 1]
            self.timed(f"{user} types 'not yet'", lambda: self.slack.dm(user, "not yet"), result)
            typed[user] = (code, after)
            self.next_code[user] = self.order[self.order.index(after) + 1]
            result.answers += 2
        newcomer = next(self.newcomers)
        self.timed("a newcomer's first DM", lambda: self.slack.dm(newcomer, "hello"), result)
        text = f"The {fault} Sprint cohort opens on Monday"
        announce = lambda: self.slack.command(f"announce {text}", user=ADMIN)  # noqa: E731
        reply = self.timed("/wwc announce", announce, result)
        result.announce_tries = 1
        while "try again" in reply.body and result.announce_tries < 5:  # nothing was queued: as told, again later
            time.sleep(max(recovered - time.monotonic(), 0.0) + 0.1)
            reply = self.timed("/wwc announce, again", announce, result)
            result.announce_tries += 1
        self.settle(typed, newcomer, text, marks, result)
        result.faulted = self.api.faulted - faulted
        return result

    def question_on_screen(self, user: str) -> Call:
        return [p for p in self.api.posts_to(dm_channel(user)) if question_code(p)][-1]

    def settle(self, typed: dict[str, tuple[str, str]], newcomer: str, text: str, marks: dict[str, int],
               result: Phase) -> None:
        """Wait (bounded) for every reply and the announcement, then count what arrived and how often."""
        wanted = {u: [after, self.next_code[u]] for u, (_, after) in typed.items()}

        def arrived() -> bool:
            done = all(set(want) <= {question_code(p) for p in self.api.posts_to(dm_channel(u))[marks[u]:]}
                       for u, want in wanted.items())
            return done and bool(self.api.posts_to(dm_channel(newcomer))) and self.announcements(text) > 0

        deadline = time.monotonic() + self.outage + 20
        while time.monotonic() < deadline and not arrived():
            time.sleep(0.02)
        self.app.quiet()  # anything still to come (a second copy) comes now: nothing is left to send
        time.sleep(self.grace)
        for user, (clicked, after) in typed.items():
            for code, outcome in ((clicked, "met"), (after, "not_yet")):
                stored = self.app.outcome(user, code)
                result.recorded += stored == outcome
                if stored != outcome:
                    result.problems.append(f"{user}: {code} is {stored}, answered {outcome}")
            codes = Counter(question_code(p) for p in self.api.posts_to(dm_channel(user))[marks[user]:])
            for code in wanted[user]:
                result.replies += 1
                result.delivered += codes[code] >= 1
                result.twice += codes[code] > 1
                if codes[code] != 1:
                    result.problems.append(f"{user}: the question {code} was posted {codes[code]} times")
        result.replies += 1
        newcomer_posts = len(self.api.posts_to(dm_channel(newcomer)))
        result.delivered += newcomer_posts >= 1
        result.twice += newcomer_posts > 1
        if newcomer_posts != 1:
            result.problems.append(f"the newcomer got {newcomer_posts} replies")
        result.announced = self.announcements(text)
        if result.announced != 1:
            result.problems.append(f"the announcement was posted {result.announced} times")

    def announcements(self, text: str) -> int:
        return sum(1 for p in self.api.posts_to(PEER) if text in (p.body.get("text") or ""))


def run(cities: int = 3, outage: float = 3.0, api_timeout: float = 2.0, faults: tuple[str, ...] = tuple(FAULTS),
        log: Path | None = None, folder: Path | None = None, grace: float = 1.5, **app_options: Any) -> list[Phase]:
    """Every fault in turn on one app; returns a ``Phase`` per fault.

    ``folder`` holds the database (default: a temporary folder, removed after); once the app has nothing left
    to send after the last reply (no level check pending either), ``grace`` seconds more are given to a second
    copy of anything to show up. ``app_options``: ``InProcessApp``'s test-sized time.
    """
    with app_logs(log), scratch(folder, "wwc-faults-") as where:
        return _phases(FaultRun(where, cities, outage, api_timeout, grace, **app_options), faults)


def _phases(run_: FaultRun, faults: tuple[str, ...]) -> list[Phase]:
    try:
        run_.onboard()
        return [run_.phase(fault) for fault in faults]
    finally:
        run_.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=3.0, help="seconds each fault lasts (default 3)")
    parser.add_argument("--cities", type=int, default=3, help="cities answering during each fault (default 3)")
    parser.add_argument("--api-timeout", type=float, default=2.0, help="the app's Web API timeout (default 2 s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "app.log"
        phases = run(args.cities, args.outage, args.api_timeout, log=log)
        errors = sum(1 for line in log.read_text().splitlines() if line.startswith("ERROR "))
    for phase in phases:
        print(phase.line())
        for problem in phase.problems:
            print(f"    PROBLEM: {problem}")
    print(f"errors the app logged: {errors}; {'OK' if all(p.ok for p in phases) else 'FAILED'}")
    return 0 if all(p.ok for p in phases) else 1


if __name__ == "__main__":
    sys.exit(main())
