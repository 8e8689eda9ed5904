"""Time that passes only when a test says so, for code that takes its clock and its sleep as parameters.

    fake = FakeTime()
    store = Store(path, clock=fake.now)                                  # rows stamped, posts due, in fake time
    box = Outbox(store, client, clock=fake.monotonic, sleep=fake.sleep)  # the channel gap: no real wait
    api.clock = fake.monotonic                                           # the stand-in's ``Call.at`` too
    fake.advance(1.0)                                                    # a second later, at once
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeTime:
    """One fake time read three ways: ``now()`` (an aware datetime, as ``Store`` takes), ``monotonic()``
    (seconds), and ``sleep(seconds)``, which returns at once having moved the time on (each wait is noted in
    ``slept``)."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.seconds = 1000.0  # (a monotonic clock's zero means nothing; a non-zero start catches a mix-up)
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds - 1000.0)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.seconds += max(seconds, 0.0)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)
