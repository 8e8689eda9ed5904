"""Annual checkup reminders: a background worker hands due reminders to the durable outbox.

The schedule lives in the database (``bot.engine.reminders``): a reminder is
recorded as sent in the same transaction that queues its DM, so it goes out
exactly once, also across restarts.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.engine import due_reminders, mark_reminder_sent
from bot.store import Store

from . import blocks
from .outbox import Outbox

log = logging.getLogger(__name__)

INTERVAL = 300.0  # seconds between two looks at the schedule


def send_due_reminders(store: Store, outbox: Outbox, now: datetime) -> int:
    """Queue every reminder due at ``now`` for its lead's DM; returns how many were queued."""
    queued = 0
    for reminder in due_reminders(store, now):
        with store.transaction():
            if not mark_reminder_sent(store, reminder, now):
                continue
            for n, post in enumerate(blocks.render([reminder.message], reminder.recipient)):
                key = reminder.key if n == 0 else f"{reminder.key}:{n}"
                outbox.post(reminder.recipient, post.text, key=key, blocks=post.blocks)
            queued += 1
    return queued


class ReminderWorker:
    """Looks at the schedule every ``interval`` seconds on a daemon thread."""

    def __init__(self, store: Store, outbox: Outbox, interval: float = INTERVAL) -> None:
        self.store, self.outbox, self.interval = store, outbox, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wwc-reminders", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if sent := send_due_reminders(self.store, self.outbox, self.store.clock()):
                    log.info("queued %d checkup reminder(s)", sent)
            except Exception:
                log.exception("reminders: unexpected error")
            self._stop.wait(self.interval)
