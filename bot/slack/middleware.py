"""Events are recorded before Slack gets its ack, and Slack's retries are handled once.

Bolt acknowledges an event before its listener runs. For a DM message or a
mention that would leave a window in which an acknowledged answer is not yet
stored; this middleware closes it: the event id and the engine's writes are
committed in one transaction, the replies are handed to the reply pool
(``SlackService.later``) by the replier the surface's listener module declares
for that event type (``listeners.messages.reply``, ``listeners.mentions.reply``)
(inside the transaction, so that they are rendered while it commits; nothing is
sent to Slack before it has: ``commit_gate``), and this middleware answers Slack's request itself (200): posting starts at
once, and Bolt has nothing left to dispatch. A retry (``X-Slack-Retry-Num``)
of an event whose transaction committed is acknowledged and dropped; one whose
transaction never committed (a crash) is handled as new.

A mention in a channel (or a group DM) that asks a general question is
answered there (``public``) without touching the asker's conversation;
anything else goes through the engine and is answered in the asker's DM
(``listeners/mentions.py``).

When the database cannot be written, nothing is recorded and the person is
told so in their DM before Slack gets its 200 (the event was handled: a
retry would only repeat the refusal); if even that message cannot be
posted, Slack gets a 500 and retries later.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.engine import Actor, Message, UserInput
from bot.engine.render import THINKING
from wwc_i18n import _

from .blocks import unescape
from .service import SlackService, StorageError, home_team

log = logging.getLogger(__name__)


class Replier(NamedTuple):
    """How a surface answers an event once it is recorded: ``post(service, actor, replies, body, public)`` runs on
    the reply pool (``public``: a general answer, for everyone in the channel); ``what`` names it in logs."""

    what: str
    post: Callable[[SlackService, Actor, list[Message], dict, bool], None]


_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def conversation_text(event: dict) -> str | None:
    """What a person said to the assistant in this event, or None if it is not for the engine.

    DM messages without a subtype (no edits, joins, bot posts) and mentions
    (with the mention itself removed) count.
    """
    if event.get("bot_id") or not event.get("user"):
        return None
    if event.get("type") == "message" and event.get("channel_type") == "im" and not event.get("subtype"):
        return unescape(event.get("text") or "")
    if event.get("type") == "app_mention":
        return unescape(" ".join(_MENTION.sub(" ", event.get("text") or "").split())) or "help"
    return None


def for_the_engine(body: dict) -> bool:
    """Whether a request is an event that ``RecordFirst`` hands to the engine (what a person said to the assistant)."""
    return body.get("type") == "event_callback" and conversation_text(body.get("event") or {}) is not None


class RecordFirst(Middleware):
    def __init__(self, service: SlackService, repliers: Mapping[str, Replier]) -> None:
        self.service = service
        self.repliers = repliers  # by event type: "message" (a DM), "app_mention"

    def _show_status(self, actor: Actor, event: dict) -> None:
        """In a thread of Slack's agent surface: "is looking that up…" while the answer is prepared (Slack clears
        it when the reply is posted). Sent off this thread, so the ack never waits for it."""
        channel, thread = event.get("channel") or "", event.get("thread_ts")
        if event.get("channel_type") != "im" or not thread or not self.service.store.is_assistant_thread(channel, thread):
            return
        self.service.speak(actor.workspace, actor.user)
        client, status = self.service.client, _(THINKING)  # (marked where it is defined)
        self.service.later(actor, "showing a status", lambda: client.assistant_threads_setStatus(
            channel_id=channel, thread_ts=thread, status=status))

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next()
        event = body.get("event") or {}
        text = conversation_text(event)
        if text is None:
            try:
                with self.service.saving(what=f"event {event_id}"):
                    first = self.service.store.mark_event_processed(event_id)
            except StorageError:
                return BoltResponse(status=500, body="")  # nobody to tell; Slack retries it later
            return next() if first else self._drop(req, event_id)
        replier, service = self.repliers[event["type"]], self.service
        actor = self.service.actor(home_team(body, body.get("team_id") or req.context.team_id or ""), event["user"])
        # after ``actor``: Slack's locale is known by then. Not in a DM: ``handle`` tells it inside its transaction.
        channel = in_a_channel(event)
        lang = self.service.speak(actor.workspace, actor.user) if channel else None
        try:
            general = self.service.general_answer(text) if channel else None
            if general is not None:  # nothing of the asker's is read or written: only the event is recorded
                with self.service.saving(what=f"event {event_id}"):
                    first = self.service.store.mark_event_processed(event_id)
                replies = general if first else None
            else:
                if not req.headers.get("x-slack-retry-num"):  # a retry was shown a status (and answered) before
                    self._show_status(actor, event)
                # the replies are handed to the reply pool inside the transaction, to be rendered while it commits;
                # they go out once it has (``commit_gate``)
                replies = service.handle(actor, UserInput(text=text), once=event_id, language=lang, what=replier.what,
                                         reply=lambda replies: replier.post(service, actor, replies, body, False))
                return BoltResponse(status=200, body="") if replies is not None else self._drop(req, event_id)
        except StorageError:
            self.service.speak(actor.workspace, actor.user)  # (said in their language)
            return self._not_saved(actor, event)
        if replies is None:
            return self._drop(req, event_id)
        public = general is not None
        service.later(actor, replier.what, lambda: replier.post(service, actor, replies, body, public))
        return BoltResponse(status=200, body="")  # handled: Bolt's listeners have nothing left to do

    def _not_saved(self, actor: Actor, event: dict) -> BoltResponse:
        """Tell the person nothing was recorded (their DM); 200 once told, 500 (Slack retries) if that failed too."""
        dm = event.get("channel") if event.get("channel_type") == "im" else None
        try:
            self.service.tell_not_saved(actor, channel=dm)
        except Exception:  # the Web API is down too
            log.exception("could not tell %s that their input was not saved", actor.user)
            return BoltResponse(status=500, body="")
        return BoltResponse(status=200, body="")

    def _drop(self, req: BoltRequest, event_id: str) -> BoltResponse:
        retry = (req.headers.get("x-slack-retry-num") or ["0"])[0]
        log.info("event %s already handled; dropping the repeat (retry %s)", event_id, retry)
        return BoltResponse(status=200, body="")


def in_a_channel(event: dict) -> bool:
    """A mention outside the asker's DM: everyone in that channel or group DM reads the replies posted there."""
    return event.get("type") == "app_mention" and not str(event.get("channel") or "").startswith("D")
