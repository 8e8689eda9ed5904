"""Durable delivery of peer-network posts (the store's ``outbox`` table).

``Outbox.post`` queues a post under a dedupe key (one announcement, one
row); a worker thread sends due posts with ``chat.postMessage``, at most one
per second per channel. A 429 is retried after Slack's ``Retry-After``; 5xx,
timeouts and connection errors with exponential backoff; an item is marked
sent only after Slack answered ``ok``. Every post carries its dedupe key in
message metadata, and a retried item first looks for that key in the
channel's recent history, so a post whose ``ok`` was lost to a crash or a
timeout is not posted a second time. Permanent errors (``channel_not_found``,
``not_in_channel``, ...) mark the item failed and are logged.

DMs (consent prompts, reminders) are queued under the user's id, which
``chat.postMessage`` accepts; Slack reads history by conversation id only, so
the retry check first opens the DM (``conversations.open``, kept per user).
A channel's posts go out in the order they were queued: one that keeps
failing holds up the later ones (``Store.claim_next_in_order``), so after an
outage they arrive in order, not in whatever order their backoffs ended.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.store import OutboxItem, Store

from .tokens import Installations, acting_for, current_team

log = logging.getLogger(__name__)

METADATA_TYPE = "wwc_outbox_post"
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


class Outbox:
    """Queue and send peer-network posts; ``start()`` runs the worker thread."""

    def __init__(
        self,
        store: Store,
        client: WebClient,
        *,
        channel_gap: float = 1.0,
        backoff: float = 1.0,
        max_backoff: float = 300.0,
        poll: float = 1.0,
        lease: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] = time.sleep,
        installations: Installations | None = None,
        home: str = "",
    ) -> None:
        self.store = store
        self.client = client
        self.channel_gap = channel_gap
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.poll = poll
        self.lease = timedelta(seconds=lease)
        self.clock, self.sleep = clock, sleep  # the channel gap's time (tests pass a fake pair)
        self.installations = installations or Installations()
        self.home = home  # the workspace of posts queued without one (the peer-network channel's host)
        self._last_post: dict[str, float] = {}
        self._dms: dict[tuple[str, str], str] = {}  # (workspace, user id) -> the id of the app's DM with them
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def post(self, channel: str, text: str, *, key: str, blocks: list[dict] | None = None,
             maybe_posted: bool = False, workspace: str | None = None) -> bool:
        """Queue a post once per ``key``; False if that key was queued before.

        ``maybe_posted``: an earlier try (carrying ``key`` in its metadata, see ``metadata``) may have reached
        Slack: the worker first looks for it in the channel. ``workspace``: whose token posts it (by default
        the one the work at hand acts for, see ``tokens``).
        """
        team = workspace if workspace is not None else (current_team() or "")
        # A post that may have reached Slack is looked for first, and only once the call that timed out is surely
        # over on Slack's side too (twice the client's timeout): looked for sooner, it may not be there yet.
        later = self.store.clock() + timedelta(seconds=2 * float(self.client.timeout or 0)) if maybe_posted else None
        _, created = self.store.enqueue(channel, text, dedupe_key=key, blocks=blocks, attempts=int(maybe_posted),
                                        workspace=team, not_before=later)
        self._wake.set()
        return created

    # ---- the worker

    def start(self) -> None:
        released = self.store.release_leases()  # what a killed process was sending goes out now, not in minutes
        if released:
            log.info("outbox: %d post(s) left in flight by the last run are due again", released)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="wwc-outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        """Finish the post in flight, then stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once()
            except Exception:  # keep the worker alive; the item's lease makes it due again
                log.exception("outbox: unexpected error")
                sent = False
            if not sent:
                self._wake.wait(self.poll)
                self._wake.clear()

    def run_once(self) -> bool:
        """Send the oldest due post, if any; True if one was handled."""
        item = self.store.claim_next_in_order(lease=self.lease)
        if item is None:
            return False
        self._deliver(item)
        return True

    def _deliver(self, item: OutboxItem) -> None:
        team = item.workspace or self.home or None
        with acting_for(self.installations.token(team), team):
            self._send(item)

    def _send(self, item: OutboxItem) -> None:
        self._wait_for(item.channel)
        try:
            if item.attempts > 1 and self._already_posted(item):
                log.info("outbox: item %s was already posted; not posting again", item.id)
            else:
                self.client.chat_postMessage(
                    channel=item.channel,
                    text=item.text,
                    blocks=item.blocks,
                    metadata=metadata(item.dedupe_key),
                    unfurl_links=False,
                )
        except SlackApiError as err:
            self._last_post[item.channel] = self.clock()
            self._failed(item, err)
            return
        except OSError as err:  # timeouts and connection errors (urllib raises OSError subclasses)
            self._retry(item, self._backoff(item), f"{type(err).__name__}: {err}")
            return
        self._last_post[item.channel] = self.clock()
        self.store.mark_sent(item.id)

    def _failed(self, item: OutboxItem, err: SlackApiError) -> None:
        status = err.response.status_code
        error = str(err.response.get("error", "")) if isinstance(err.response.data, dict) else ""
        if status == 429:
            self._retry(item, _retry_after(err.response.headers), "ratelimited")
        elif status >= 500 or error in TRANSIENT_ERRORS:
            self._retry(item, self._backoff(item), f"http {status} {error}".strip())
        else:
            log.error("outbox: giving up on item %s to %s: %s", item.id, item.channel, error or status)
            self.store.mark_failed(item.id, error or f"http {status}")

    def _retry(self, item: OutboxItem, delay: float, error: str) -> None:
        log.warning("outbox: item %s to %s failed (%s); retrying in %.1f s", item.id, item.channel, error, delay)
        self.store.reschedule(item.id, delay, error=error)

    def _backoff(self, item: OutboxItem) -> float:
        return min(self.max_backoff, self.backoff * 2 ** max(item.attempts - 1, 0)) * (1 + random.random() / 4)

    def _wait_for(self, channel: str) -> None:
        """Keep at least ``channel_gap`` seconds between two posts to one channel."""
        last = self._last_post.get(channel)
        if last is not None:
            wait = last + self.channel_gap - self.clock()
            if wait > 0:
                self.sleep(wait)

    def _already_posted(self, item: OutboxItem) -> bool:
        """Whether an earlier attempt reached the channel (its dedupe key is in the recent history)."""
        oldest = f"{item.created_at.timestamp() - 60:.6f}"
        channel = self._conversation(item.channel)
        history = self.client.conversations_history(channel=channel, oldest=oldest, limit=200, include_all_metadata=True)
        for message in history.get("messages") or []:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == METADATA_TYPE and (metadata.get("event_payload") or {}).get("key") == item.dedupe_key:
                return True
        return False


    def _conversation(self, channel: str) -> str:
        """The conversation id to read: a user id (a queued DM) becomes the id of the app's DM with that user."""
        if not is_user_id(channel):
            return channel
        key = (current_team() or "", channel)  # the DM with this workspace's bot
        if key not in self._dms:
            self._dms[key] = self.client.conversations_open(users=channel)["channel"]["id"]
        return self._dms[key]


def metadata(key: str) -> dict:
    """The message metadata that marks a post with its dedupe key (found again by ``_already_posted``)."""
    return {"event_type": METADATA_TYPE, "event_payload": {"key": key}}


def is_user_id(channel: str) -> bool:
    """``U…``/``W…``: a post queued for a person's DM rather than for a conversation."""
    return channel[:1] in ("U", "W") and channel[1:].isalnum()


def _retry_after(headers: dict) -> float:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(float(value), 0.0)
            except (TypeError, ValueError):
                break
    return 1.0
