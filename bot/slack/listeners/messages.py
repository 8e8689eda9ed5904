"""Direct messages: the assessment conversation in the DM with the bot (typed text).

``RecordFirst`` runs the engine and commits before Bolt acks, then hands the replies to ``reply`` on the reply pool
(off Bolt's threads) at once. The listener is what makes Bolt take (and acknowledge) every message event; edits,
joins, bot posts and other subtypes have no replies and nothing else to do.
"""

from __future__ import annotations

from slack_bolt import App

from bot.engine import Actor, Message

from ..middleware import Replier
from ..service import SlackService


def post_replies(service: SlackService, actor: Actor, replies: list[Message], body: dict, public: bool) -> None:
    """After the ack: the replies to a DM, in that DM (and in its thread, if it was written in one)."""
    event = body["event"]
    service.deliver(actor, replies, channel=event["channel"], thread_ts=event.get("thread_ts"))
    service.after_answer(actor, replies)


reply = Replier("replying to a direct message", post_replies)


def handle_message(event: dict) -> None:
    """Bolt acknowledges a message event once a listener takes it; its replies are already on their way."""


def register(app: App) -> None:
    app.event("message")(handle_message)
