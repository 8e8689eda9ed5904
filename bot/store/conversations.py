"""Each person's conversation: its saved state, their live prompt, Slack assistant threads
(``interfaces.Conversations``)."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

import pydantic_core

from .base import StoreBase
from .models import LivePrompt


class ConversationsStore(StoreBase):
    """The conversation state, live prompts and assistant threads of ``Store``."""

    # ------------------------------------------------------------ conversation state

    def load_state(self, workspace: str, user: str) -> dict[str, Any] | None:
        row = self._one("SELECT state FROM conversations WHERE workspace = ? AND user = ?", [workspace, user])
        return pydantic_core.from_json(row["state"]) if row else None

    def save_state(self, workspace: str, user: str, state: dict[str, Any]) -> None:
        # pydantic's JSON (Rust): read and written on every input, several times faster than the json module;
        # for the same reason an upsert in SQL, not sqlite-utils' (see base).
        with self._write() as db:
            db.execute(
                "INSERT INTO conversations (workspace, user, state, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (workspace, user) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                [workspace, user, pydantic_core.to_json(state).decode(), self._stamp()],
            )


    # ------------------------------------------------------------ the live prompt of each person

    def live_prompt(self, workspace: str, user: str) -> LivePrompt | None:
        row = self._one("SELECT * FROM live_prompts WHERE workspace = ? AND user = ?", [workspace, user])
        if row is None:
            return None
        return LivePrompt.model_validate({**row, "blocks": json.loads(row["blocks"]), "taken": int(row["taken"] or 0)})

    def set_live_prompt(
        self, workspace: str, user: str, channel: str, ts: str, code: str, blocks: list[dict]
    ) -> LivePrompt | None:
        with self._write(synced=False) as db:
            before = self.live_prompt(workspace, user)
            db.execute(
                "INSERT OR REPLACE INTO live_prompts (workspace, user, channel, ts, code, blocks, taken, posted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 0, ?)",
                [workspace, user, channel, ts, code, json.dumps(blocks), self._stamp()],
            )
        return before if before is not None and (before.channel, before.ts) != (channel, ts) else None

    def take_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        with self._write() as db:
            live = self.live_prompt(workspace, user)
            if live is None:
                return None
            if live.ts != ts or live.taken:  # a message ts names one post of the app's (the channel may be seen
                return False  # differently, e.g. from a thread or a shared channel)
            db.execute("UPDATE live_prompts SET taken = 1 WHERE workspace = ? AND user = ?", [workspace, user])
            return True

    def is_live_prompt(self, workspace: str, user: str, channel: str, ts: str) -> bool | None:
        live = self.live_prompt(workspace, user)
        if live is None:
            return None
        return live.ts == ts and not live.taken

    def close_live_prompt(self, workspace: str, user: str, ts: str, *, by_typing: bool = False) -> None:
        with self._write(synced=False) as db:
            db.execute(
                "UPDATE live_prompts SET taken = ? WHERE workspace = ? AND user = ? AND ts = ?",
                [2 if by_typing else 1, workspace, user, ts],  # LivePrompt.taken
            )

    def close_answered_prompt(self, workspace: str, user: str, codes: Collection[str]) -> bool:
        if not codes:
            return False
        with self._write(synced=False) as db:
            marks = ", ".join("?" * len(codes))
            return db.execute(
                f"UPDATE live_prompts SET taken = 2 WHERE workspace = ? AND user = ? AND taken = 0 AND code IN ({marks})",
                [workspace, user, *codes],  # LivePrompt.taken: answered by typing
            ).rowcount == 1

    def forget_live_prompt(self, workspace: str, user: str) -> None:
        with self._write(synced=False) as db:
            db.execute("DELETE FROM live_prompts WHERE workspace = ? AND user = ?", [workspace, user])


    # ------------------------------------------------------------ Slack's agent surface

    def note_assistant_thread(
        self, channel: str, thread_ts: str, workspace: str, user: str, context_channel: str = ""
    ) -> None:
        with self._write() as db:
            now = self._stamp()
            db.execute(
                "INSERT INTO assistant_threads (channel, thread_ts, workspace, user, context_channel, started_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, thread_ts) DO UPDATE SET "
                "context_channel = excluded.context_channel, updated_at = excluded.updated_at",
                [channel, thread_ts, workspace, user, context_channel, now, now],
            )

    def is_assistant_thread(self, channel: str, thread_ts: str) -> bool:
        row = self._one("SELECT 1 AS x FROM assistant_threads WHERE channel = ? AND thread_ts = ?", [channel, thread_ts])
        return row is not None
