"""Events are recorded before Slack gets its ack, and Slack's retries are handled once.

Bolt acknowledges an event before its listener runs. For a DM message or a
mention that would leave a window in which an acknowledged answer is not yet
stored; this middleware closes it: the event id and the engine's writes are
committed in one transaction, then Bolt acks, and the listener only posts the
replies (``context["wwc_replies"]``). A retry (``X-Slack-Retry-Num``) of an
event whose transaction committed is acknowledged and dropped; one whose
transaction never committed (a crash) is handled as new.
"""

from __future__ import annotations

import logging
import re
from typing import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.engine import UserInput

from .service import SlackService

log = logging.getLogger(__name__)

REPLIES = "wwc_replies"  # context key: the engine's replies to this event
ACTOR = "wwc_actor"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def conversation_text(event: dict) -> str | None:
    """What a person said to the assistant in this event, or None if it is not for the engine.

    DM messages without a subtype (no edits, joins, bot posts) and mentions
    (with the mention itself removed) count.
    """
    if event.get("bot_id") or not event.get("user"):
        return None
    if event.get("type") == "message" and event.get("channel_type") == "im" and not event.get("subtype"):
        return event.get("text") or ""
    if event.get("type") == "app_mention":
        return " ".join(_MENTION.sub(" ", event.get("text") or "").split()) or "help"
    return None


class RecordFirst(Middleware):
    def __init__(self, service: SlackService) -> None:
        self.service = service

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        body = req.body
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next()
        event = body.get("event") or {}
        text = conversation_text(event)
        if text is None:
            if not self.service.store.mark_event_processed(event_id):
                return self._drop(req, event_id)
            return next()
        actor = self.service.actor(body.get("team_id") or req.context.team_id or "", event["user"])
        replies = self.service.handle(actor, UserInput(text=text), once=event_id)
        if replies is None:
            return self._drop(req, event_id)
        req.context[REPLIES] = replies
        req.context[ACTOR] = actor
        return next()

    def _drop(self, req: BoltRequest, event_id: str) -> BoltResponse:
        retry = (req.headers.get("x-slack-retry-num") or ["0"])[0]
        log.info("event %s already handled; dropping the repeat (retry %s)", event_id, retry)
        return BoltResponse(status=200, body="")
