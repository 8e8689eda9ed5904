"""Slack event ids already processed, so a retried event is handled once (``interfaces.Events``)."""

from __future__ import annotations

from datetime import datetime

from .base import StoreBase


class EventsStore(StoreBase):
    """The processed events of ``Store``."""

    def mark_event_processed(self, event_id: str) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO processed_events (event_id, processed_at) VALUES (?, ?)",
                [event_id, self._stamp()],
            )
            return cursor.rowcount == 1

    def forget_events_before(self, when: datetime) -> int:
        with self._write() as db:
            return db.execute("DELETE FROM processed_events WHERE processed_at < ?", [self._stamp(when)]).rowcount
