"""Direct messages: the assessment conversation in the DM with the bot (typed text).

``RecordFirst`` runs the engine and commits before Slack gets its 200, hands the replies to ``reply`` on the reply
pool (off Bolt's threads) and answers the request itself. The listener takes the other message events (edits, joins,
bot posts and other subtypes), which have nothing to answer, so that Bolt acknowledges them.
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
    """An edit, a join, a bot post: nothing to answer (Bolt acknowledges an event once a listener takes it)."""


def register(app: App) -> None:
    app.event("message")(handle_message)
