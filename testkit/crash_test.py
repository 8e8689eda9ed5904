"""Crash test: SIGKILL ``wwc-bot serve --http`` at random moments while a city's team answers; nothing is lost.

This script (a separate process) runs a Web API stand-in and the app as a
child process on a fresh database. The lead registers a city and hands three
practice areas to colleagues; then four users answer their areas at once,
by button and by typed text, and afterwards keep changing answers. Some
events are delivered twice with ``X-Slack-Retry-Num`` and some buttons are
double-clicked. Meanwhile the app is killed with SIGKILL ``--kills`` times at
random moments and restarted on the same database. A request the app did
not answer (it died) is sent again after the restart, as Slack retries.

An answer is acknowledged when the app answered HTTP 200 for it. At the end
the database must hold every acknowledged answer exactly once: the final
outcome per criterion, and one history entry per change, in order; no
outbox post reached Slack twice; and each user, writing "continue", is asked
the next unanswered criterion of their area order.

    python bench/crash_test.py [--kills 20] [--seed 1]

Exit status 1 on any loss, duplicate, wrong resume or server error.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from bot.slack.service import LEVEL_CHECK_DELAY
from testkit.reliability_kit import (
    NO_ANSWER,
    BotProcess,
    Call,
    Reply,
    Sender,
    StandIn,
    bot_env,
    db_rows,
    dm_channel,
    question_code,
    scratch,
)
from testkit.slack_sim import find_button
from wwc_rules import load_standard

LEAD = "U1"
LEAD_AREAS = ("DM", "OD")  # the first unassigned areas, which the lead works through
COLLEAGUES = {"U2": ("LC",), "U3": ("RDC",), "U4": ("PA",)}
CHANGED = 3  # criteria per user that keep being changed (the others stay as answered, so a level is reached)
TYPED = {"met": "yes, we have that", "in_progress": "partly", "not_yet": "not yet", "not_sure": "no idea"}
OUTCOMES = tuple(TYPED)


@dataclass
class Answer:
    user: str
    code: str
    outcome: str
    via: str
    status: int


@dataclass
class Tally:
    answers: list[Answer] = field(default_factory=list)
    requests: int = 0
    unanswered: int = 0  # requests the app never answered (killed in flight, or down)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


@dataclass
class Result:
    kills: int
    sent: int
    typed: int
    acknowledged: int
    stored: int
    lost: int
    duplicated: int
    requests: int
    unanswered: int
    resumed: str
    outbox: str
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.errors)

    def lines(self) -> list[str]:
        return [
            f"kills survived: {self.kills}",
            f"answers sent: {self.sent} ({self.typed} typed, the rest by button), acknowledged: {self.acknowledged}, "
            f"stored: {self.stored}, lost: {self.lost}, duplicated: {self.duplicated}",
            f"requests: {self.requests} (not answered by a dying app, then re-sent: {self.unanswered})",
            f"resume after the last restart: {self.resumed}",
            f"outbox: {self.outbox}",
            *(f"ERROR: {e}" for e in self.errors[:20]),
        ]


class Member(threading.Thread):
    """One user of the city: answers their area in the order asked, then keeps changing answers."""

    def __init__(self, crash: CrashRun, user: str, areas: tuple[str, ...], seed: int) -> None:
        super().__init__(name=f"user-{user}", daemon=True)
        self.crash, self.user, self.areas = crash, user, areas
        self.channel = dm_channel(user)
        self.rng = random.Random(seed)
        self.codes = [c.code for area in areas for c in crash.standard.criteria_in(area)]
        self.slack = Sender(lambda: crash.bot.url, response_url=crash.api.response_url(user))

    def run(self) -> None:
        try:
            question = self.ask("continue")
            while not self.crash.stop.is_set() and question is not None and question_code(question) in self.codes:
                question = self.answer(question) or self.ask("continue")
            while not self.crash.stop.is_set():
                code = self.rng.choice(self.codes[:CHANGED])
                if (question := self.ask(f"change {code}", lambda c: c == code)) is not None:
                    self.answer(question)
        except Exception as exc:  # a broken harness must fail the run, not hang it
            self.crash.tally.error(f"{self.user}: {type(exc).__name__}: {exc}")

    # ---- requests that survive the app's death

    def request(self, send) -> tuple[Reply, int]:
        """Send until the app answers (a restart in between); returns the reply and how many tries it took."""
        tries = 0
        while True:
            started = self.crash.bot.starts
            reply = send(tries)
            tries += 1
            self.crash.count(reply)
            if reply.status != NO_ANSWER or time.monotonic() > self.crash.deadline:
                return reply, tries
            self.crash.wait_restart(started)

    def event(self, text: str) -> tuple[Reply, int]:
        """A DM; re-sent with ``X-Slack-Retry-Num`` until acknowledged, sometimes once more after the ack."""
        envelope = self.slack.envelope(self.slack.dm_event(self.user, text))
        reply, tries = self.request(lambda n: self.slack.send_json(envelope, retry=n or None))
        if reply.status == 200 and self.rng.random() < 0.15:  # Slack did not get our 200: it retries
            again, more = self.request(lambda n: self.slack.send_json(envelope, retry=tries + n))
            self.check(again, f"retried event {text!r}")
            tries += more
        return reply, tries

    def check(self, reply: Reply, what: str) -> None:
        if reply.status not in (200, NO_ANSWER):
            self.crash.tally.error(f"{self.user}: HTTP {reply.status} for {what}")

    def ask(self, text: str, accept: Callable[[str], bool] | None = None) -> Call | None:
        """Write ``text`` and return the question the app posts back; again after a kill got in the way.

        A reply to an earlier request can still arrive (listeners post after the ack), so a question
        ``accept`` refuses is passed over; by default one on a criterion already answered. If the app
        acknowledged ``text``, stayed up and posted no such question within 5 s, twice, that is an error.
        """
        missed, limit = 0, time.monotonic() + 60
        while missed < 2 and time.monotonic() < limit:
            before, started = len(self.crash.api.posts_to(self.channel)), self.crash.bot.starts
            reply, tries = self.event(text)
            self.check(reply, repr(text))
            if reply.status != 200 or tries > 1:  # a re-sent event may have been handled before: no reply then
                continue
            if (question := self.wait_question(before, accept or self.unanswered)) is not None:
                return question
            missed += self.crash.bot.starts == started and self.crash.bot.ready.is_set()
        if missed:
            self.crash.tally.error(f"{self.user}: {text!r} was acknowledged, the app stayed up, and no question came")
        return None

    def unanswered(self, code: str) -> bool:
        return code not in self.crash.expected

    def wait_question(self, before: int, accept: Callable[[str], bool]) -> Call | None:
        started = self.crash.bot.starts
        gone = lambda: self.crash.bot.starts != started or not self.crash.bot.ready.is_set()  # noqa: E731
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not gone():
            posts = self.crash.api.wait_posts(self.channel, before + 1, timeout=0.5, give_up=gone)[before:]
            if questions := [p for p in posts if (code := question_code(p)) and accept(code)]:
                return questions[-1]
        return None

    def answer(self, question: Call) -> Call | None:
        """Answer the question on screen (button or typed); returns the next question if it came."""
        code = question_code(question)
        assert code is not None
        current = (self.crash.expected.get(code) or [None])[-1]
        choices = [o for o in OUTCOMES if o != current]
        outcome = "met" if current is None and self.rng.random() < 0.9 else self.rng.choice(choices)
        before = len(self.crash.api.posts_to(self.channel))
        if self.rng.random() < 0.7:
            via = "button"
            button = find_button(question.blocks(), f"answer:{code}:{outcome}")

            def click(_: int) -> Reply:
                return self.slack.click(self.user, button, channel=self.channel, message_ts=question.response["ts"],
                                        message_blocks=question.blocks())

            reply, tries = self.request(click)
            if reply.status == 200 and self.rng.random() < 0.1:  # a double click: the second one changes nothing
                self.check(self.request(click)[0], f"double click on {code}")
        else:
            via = "typed"
            reply, tries = self.event(TYPED[outcome])
        self.check(reply, f"answer {code}")
        self.crash.record(Answer(self.user, code, outcome, via, reply.status))
        return self.wait_question(before, self.unanswered) if reply.status == 200 and tries == 1 else None


class CrashRun:
    def __init__(self, folder: Path, kills: int, seed: int, max_seconds: float, uptime: tuple[float, float]) -> None:
        self.folder, self.kills, self.seed, self.uptime = folder, kills, seed, uptime
        self.standard = load_standard()
        self.api = StandIn()
        self.bot = BotProcess(bot_env(self.api, folder / "wwc.db"), folder)
        self.tally = Tally()
        self.expected: dict[str, list[str]] = {}  # criterion -> acknowledged outcomes, in order
        self.stop = threading.Event()
        self.deadline = time.monotonic() + max_seconds
        self.survived = 0
        self.last_answer = time.monotonic()  # when the last answer was acknowledged

    def count(self, reply: Reply) -> None:
        with self.tally.lock:
            self.tally.requests += 1
            self.tally.unanswered += reply.status == NO_ANSWER

    def record(self, answer: Answer) -> None:
        self.tally.add(answer)
        if answer.status == 200:
            self.expected.setdefault(answer.code, []).append(answer.outcome)
            self.last_answer = time.monotonic()

    def wait_restart(self, started: int) -> None:
        """Wait (a few seconds at most) until an app started after ``started`` serves."""
        limit = time.monotonic() + 5
        while time.monotonic() < limit and not (self.bot.ready.is_set() and self.bot.starts != started):
            time.sleep(0.02)

    def setup(self) -> None:
        lead = Member(self, LEAD, LEAD_AREAS, self.seed)
        for text in ("hello", "Tempe, AZ", "185,000", *(f"assign <@{u}> {a[0]}" for u, a in COLLEAGUES.items())):
            reply, _ = lead.event(text)
            if reply.status != 200:
                raise RuntimeError(f"setup step {text!r} got HTTP {reply.status}")
        self.api.wait_posts(dm_channel(LEAD), 4)

    def killer(self) -> None:
        """Kill after a random uptime, restart; after the last restart the users go on for a while too."""
        rng = random.Random(self.seed)
        for _ in range(self.kills):
            time.sleep(rng.uniform(*self.uptime))
            if time.monotonic() > self.deadline:
                break
            self.bot.kill()
            self.bot.start()
            self.survived += 1
        time.sleep(rng.uniform(0.5, self.uptime[1]))

    def execute(self) -> Result:
        with self.api, self.bot:
            try:
                self.setup()
                members = [Member(self, LEAD, LEAD_AREAS, self.seed + 1)]
                members += [Member(self, u, a, self.seed + n + 2) for n, (u, a) in enumerate(COLLEAGUES.items())]
                for m in members:
                    m.start()
                self.killer()
                self.stop.set()
                for m in members:
                    m.join(timeout=60)
                resumed = self.check_resume(members)
                self.level_checked()
                code = self.bot.stop()
                if code != 0:
                    self.tally.error(f"the app exited with {code} on SIGTERM")
                return self.verdict(resumed)
            finally:
                self.stop.set()

    def level_checked(self, timeout: float = 10.0) -> None:
        """The level check runs ``LEVEL_CHECK_DELAY`` s after the last answer: wait for it, then for the outbox
        to post what it queued (a prompt posted twice must have the chance to show)."""
        time.sleep(max(self.last_answer + LEVEL_CHECK_DELAY + 0.2 - time.monotonic(), 0.0))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and db_rows(self.folder / "wwc.db", "SELECT 1 FROM outbox WHERE status "
                                                      "IN ('pending', 'sending') LIMIT 1"):
            time.sleep(0.02)

    def check_resume(self, members: list[Member]) -> str:
        """Each user writes "continue": the question must be the next unanswered criterion in their area order."""
        wrong = []
        for m in members:
            question = m.ask("continue")
            want = self.next_expected(m.areas if m.user != LEAD else ())
            got = question_code(question) if question is not None else None
            if got != want:
                wrong.append(f"{m.user} asked {got}, expected {want}")
        for text in wrong:
            self.tally.error("resume: " + text)
        return "wrong: " + "; ".join(wrong) if wrong else f"all {len(members)} users asked the right criterion"

    def next_expected(self, mine: tuple[str, ...]) -> str | None:
        """First unanswered criterion: the user's areas, unassigned areas, then colleagues' (standard order)."""
        assigned = {a for areas in COLLEAGUES.values() for a in areas}
        areas = [a.code for a in self.standard.areas]
        order = sorted(areas, key=lambda a: (0 if a in mine else 1 if a not in assigned else 2, areas.index(a)))
        for area in order:
            for c in self.standard.criteria_in(area):
                if c.code not in self.expected:
                    return c.code
        return None

    def verdict(self, resumed: str) -> Result:
        db = sqlite3.connect(f"file:{self.folder / 'wwc.db'}?mode=ro", uri=True)
        [(assessment,)] = db.execute("SELECT id FROM assessments").fetchall()
        rows = db.execute("SELECT criterion, COUNT(*), MAX(outcome), MAX(answered_by) FROM answers "
                          "WHERE assessment_id = ? GROUP BY criterion", [assessment]).fetchall()
        history: dict[str, list[str]] = {}
        for code, new in db.execute("SELECT criterion, new_value FROM answer_history WHERE assessment_id = ? "
                                    "AND field = 'outcome' ORDER BY id", [assessment]):
            history.setdefault(code, []).append(new)
        outbox = db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
        db.close()
        by = {a.code: a.user for a in self.tally.answers if a.status == 200}
        for code, count, outcome, user in rows:
            if count != 1:
                self.tally.error(f"{count} answer rows for {code}")
            if self.expected.get(code) and (outcome, user) != (self.expected[code][-1], by[code]):
                self.tally.error(f"{code} holds {outcome} by {user}; last acknowledged: {self.expected[code][-1]} "
                                 f"by {by[code]}")
        stored = lost = duplicated = 0
        for code in set(self.expected) | set(history):
            want, got = self.expected.get(code, []), history.get(code, [])
            same = sum(b.size for b in SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks())
            stored, lost, duplicated = stored + same, lost + len(want) - same, duplicated + len(got) - same
            if same != len(want) or same != len(got):
                trail = [(a.user, a.outcome, a.via) for a in self.tally.answers if a.code == code]
                self.tally.error(f"{code}: acknowledged {want}, history {got}; {trail}")
        keys = Counter(c.body["metadata"]["event_payload"]["key"] for calls in self.api.posts.values() for c in calls
                       if isinstance(c.body.get("metadata"), dict))
        twice = [k for k, n in keys.items() if n > 1]
        for key in twice:
            self.tally.error(f"outbox post {key} reached Slack {keys[key]} times")
        acknowledged = sum(1 for a in self.tally.answers if a.status == 200)
        typed = sum(1 for a in self.tally.answers if a.via == "typed")
        return Result(self.survived, len(self.tally.answers), typed, acknowledged, stored, lost, duplicated,
                      self.tally.requests, self.tally.unanswered, resumed,
                      f"{sum(keys.values())} posts carrying a dedupe key (replies and queued posts) for {len(keys)} "
                      f"keys, {len(twice)} posted twice; outbox rows by status "
                      + ", ".join(f"{s} {n}" for s, n in outbox), self.tally.errors)


def run(kills: int = 20, seed: int = 1, max_seconds: float = 150.0, uptime: tuple[float, float] = (0.05, 2.5),
        ) -> Result:
    """One crash run; the app lives ``uptime`` (a random range, seconds) between kills."""
    with scratch(None, "wwc-crash-") as folder:
        return CrashRun(folder, kills, seed, max_seconds, uptime).execute()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs at random moments (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--max-seconds", type=float, default=150.0, help="stop killing after this (default 150)")
    args = parser.parse_args()
    started = time.monotonic()
    result = run(args.kills, args.seed, args.max_seconds)
    print("\n".join(result.lines()))
    print(f"{time.monotonic() - started:.0f} s; {'OK' if result.ok else 'FAILED'}")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
