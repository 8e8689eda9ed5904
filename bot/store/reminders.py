"""Checkup reminders, nudges about unfinished work, and how often a city wants them (``interfaces.Reminders``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .base import StoreBase
from .models import SentReminder


class RemindersStore(StoreBase):
    """The reminders, nudges and reminder settings of ``Store``."""

    # ------------------------------------------------------------ checkup reminders

    def sent_reminders(self, city_id: int | None = None) -> list[SentReminder]:
        sql = "SELECT * FROM reminders"
        params: list[Any] = []
        if city_id is not None:
            sql += " WHERE city_id = ?"
            params.append(city_id)
        return self._models(SentReminder, sql + " ORDER BY city_id, year, attempt", params)

    def record_reminder(self, city_id: int, year: int, attempt: int, *, due_at: datetime, sent_at: datetime) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO reminders (city_id, year, attempt, due_at, sent_at) VALUES (?, ?, ?, ?, ?)",
                [city_id, year, attempt, self._stamp(due_at), self._stamp(sent_at)],
            )
            return cursor.rowcount == 1


    # ------------------------------------------------------------ nudges (unfinished assessments, assigned areas)

    def reminder_every(self, city_id: int) -> int | None:
        row = self._one("SELECT every_days FROM reminder_settings WHERE city_id = ?", [city_id])
        return int(row["every_days"]) if row else None

    def set_reminder_every(self, city_id: int, days: int, *, by: str) -> None:
        with self._write() as db:
            row = {"city_id": city_id, "every_days": days, "set_by": by, "set_at": self._stamp()}
            db.table("reminder_settings").upsert(row, pk="city_id")

    def last_nudge(self, city_id: int, user: str, kind: str) -> datetime | None:
        row = self._one(
            "SELECT MAX(sent_at) AS at FROM nudges_sent WHERE city_id = ? AND user = ? AND kind = ?", [city_id, user, kind]
        )
        return datetime.fromisoformat(row["at"]) if row and row["at"] else None

    def record_nudge(self, key: str, city_id: int, user: str, kind: str, sent_at: datetime) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO nudges_sent (key, city_id, user, kind, sent_at) VALUES (?, ?, ?, ?, ?)",
                [key, city_id, user, kind, self._stamp(sent_at)],
            )
            return cursor.rowcount == 1
