"""Reminders and nudges: a background worker hands due ones to the durable outbox.

Annual checkup reminders (``bot.engine.reminders``) and nudges for an unfinished assessment or an assigned
area (``bot.engine.nudges``), each in a working hour of the person's own Slack time zone.

The schedule lives in the database (``bot.engine.reminders``): a reminder is
recorded as sent in the same transaction that queues its DM, so it goes out
exactly once, also across restarts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

import wwc_i18n as i18n
from bot.engine import Message, due_reminders, mark_reminder_sent
from bot.engine.nudges import due_nudges, reads
from bot.store import Store
from wwc_rules import Standard

from . import blocks
from .outbox import Outbox

log = logging.getLogger(__name__)

INTERVAL = 300.0  # seconds between two looks at the schedule


def send_due_reminders(store: Store, outbox: Outbox, now: datetime, *, standard: Standard | None = None,
                       offset_of: Callable[[str, str], int | None] | None = None) -> int:
    """Queue every reminder and nudge due at ``now`` for its person's DM; returns how many were queued.

    ``offset_of(workspace, user)``: a person's offset from UTC in seconds (their Slack time zone), so that each goes out in a
    working hour where they are. Each is recorded as sent in the transaction that queues it (once only).
    """
    queued = 0
    for reminder in due_reminders(store, now, offset_of=offset_of):
        with store.transaction():
            if not mark_reminder_sent(store, reminder, now):
                continue
            _queue(store, outbox, reminder.message, reminder.recipient, reminder.key, reminder.workspace)
            queued += 1
    if standard is None:
        return queued
    for nudge in due_nudges(store, standard, now, offset_of or (lambda workspace, user: None)):
        with store.transaction():
            if not store.record_nudge(nudge.key, nudge.city_id, nudge.recipient, nudge.kind, now):
                continue
            _queue(store, outbox, nudge.message, nudge.recipient, nudge.key, nudge.workspace)
            queued += 1
    return queued


def _queue(store: Store, outbox: Outbox, message: Message, recipient: str, key: str, workspace: str) -> None:
    with i18n.using(reads(store, workspace, recipient)):  # its buttons and fallback in the recipient's language
        posts = blocks.render([message], recipient)
    for n, post in enumerate(posts):
        outbox.post(recipient, post.text, key=key if n == 0 else f"{key}:{n}", blocks=post.blocks,
                    workspace=workspace)


class ReminderWorker:
    """Looks at the schedule every ``interval`` seconds on a daemon thread."""

    def __init__(self, store: Store, outbox: Outbox, interval: float = INTERVAL, *, standard: Standard | None = None,
                 offset_of: Callable[[str, str], int | None] | None = None) -> None:
        self.store, self.outbox, self.interval = store, outbox, interval
        self.standard, self.offset_of = standard, offset_of
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
                if sent := send_due_reminders(self.store, self.outbox, self.store.clock(), standard=self.standard,
                                              offset_of=self.offset_of):
                    log.info("queued %d reminder(s) and nudge(s)", sent)
            except Exception:
                log.exception("reminders: unexpected error")
            self._stop.wait(self.interval)
