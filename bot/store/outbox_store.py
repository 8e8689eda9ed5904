"""The announcement outbox: posts queued once, claimed under a lease, sent in order (``interfaces.OutboxQueue``).

(``bot.slack.outbox`` is the worker that sends them.)
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from .base import StoreBase
from .models import OutboxItem


class OutboxStore(StoreBase):
    """The outbox of ``Store``."""

    # ------------------------------------------------------------ announcement outbox

    def enqueue(
        self,
        channel: str,
        text: str,
        *,
        dedupe_key: str,
        blocks: list[dict] | None = None,
        not_before: datetime | None = None,
        attempts: int = 0,
        workspace: str = "",
    ) -> tuple[OutboxItem, bool]:
        with self._write() as db:
            now = self._stamp()
            cursor = db.execute(
                "INSERT OR IGNORE INTO outbox (channel, text, blocks, dedupe_key, status, attempts, not_before, "
                "created_at, workspace) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                [
                    channel,
                    text,
                    json.dumps(blocks) if blocks is not None else None,
                    dedupe_key,
                    attempts,
                    self._stamp(not_before) if not_before else now,
                    now,
                    workspace,
                ],
            )
            created = cursor.rowcount == 1
        row = self._one("SELECT * FROM outbox WHERE dedupe_key = ?", [dedupe_key])
        assert row is not None  # inserted or already there, in the same transaction
        return _outbox_item(row), created

    def claim_due(self, *, limit: int = 10, lease: timedelta = timedelta(seconds=60)) -> list[OutboxItem]:
        with self._write() as db:
            now = self._now()
            rows = self._all(
                "SELECT * FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ? "
                "ORDER BY not_before, id LIMIT ?",
                [self._stamp(now), limit],
            )
            if not rows:
                return []
            ids = [r["id"] for r in rows]
            db.execute(
                f"UPDATE outbox SET status = 'sending', attempts = attempts + 1, not_before = ? "
                f"WHERE id IN ({', '.join('?' * len(ids))})",
                [self._stamp(now + lease), *ids],
            )
            rows = self._all(f"SELECT * FROM outbox WHERE id IN ({', '.join('?' * len(ids))}) ORDER BY id", ids)
        return [_outbox_item(r) for r in rows]

    def mark_sent(self, item_id: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = COALESCE(sent_at, ?) WHERE id = ?",
                [self._stamp(), item_id],
            )

    def reschedule(self, item_id: int, delay: timedelta | float, *, error: str | None = None) -> None:
        seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
        with self._write() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ? AND status != 'sent'",
                [self._stamp(self._now() + timedelta(seconds=seconds)), error, item_id],
            )

    def mark_failed(self, item_id: int, error: str) -> None:
        with self._write() as db:
            db.execute("UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", [error, item_id])

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        row = self._one("SELECT * FROM outbox WHERE id = ?", [item_id])
        return _outbox_item(row) if row else None


    # ------------------------------------------------------------ delivery in order

    def claim_next_in_order(self, *, lease: timedelta = timedelta(seconds=60)) -> OutboxItem | None:
        with self._write() as db:
            now = self._stamp()
            row = self._one(
                "SELECT * FROM outbox AS o WHERE o.status IN ('pending', 'sending') AND o.not_before <= ? "
                "AND NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.channel = o.channel AND e.id < o.id "
                "AND e.status IN ('pending', 'sending') AND (e.attempts > 0 OR e.not_before <= ?)) "
                "ORDER BY o.not_before, o.id LIMIT 1",
                [now, now],
            )
            if row is None:
                return None
            db.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1, not_before = ? WHERE id = ?",
                [self._stamp(self._now() + lease), row["id"]],
            )
            row = self._one("SELECT * FROM outbox WHERE id = ?", [row["id"]])
        assert row is not None
        return _outbox_item(row)

    def release_leases(self) -> int:
        with self._write() as db:
            cursor = db.execute("UPDATE outbox SET status = 'pending', not_before = ? WHERE status = 'sending'",
                                [self._stamp()])
            return cursor.rowcount


def _outbox_item(row: dict[str, Any]) -> OutboxItem:
    return OutboxItem.model_validate({**row, "blocks": json.loads(row["blocks"]) if row["blocks"] else None})
