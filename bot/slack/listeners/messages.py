"""Direct messages: the assessment conversation in the DM with the bot (typed text).

The engine already ran (and committed) in ``RecordFirst`` before Bolt acked;
this listener hands its replies to ``SlackService.later`` (off Bolt's threads). Edits, joins, bot posts and other subtypes
have no replies and are ignored.
"""

from __future__ import annotations

from slack_bolt import App

from ..middleware import ACTOR, REPLIES
from . import service_of


def handle_direct_message(event: dict, context: dict) -> None:
    """The replies ``RecordFirst`` committed for a DM, posted in that DM after the ack (none: nothing to do)."""
    replies, actor = context.get(REPLIES), context.get(ACTOR)
    if replies is None or actor is None or event.get("channel_type") != "im":
        return
    service = service_of(context)

    def reply() -> None:
        service.deliver(actor, replies, channel=event["channel"], thread_ts=event.get("thread_ts"))
        service.after_answer(actor, replies)

    service.later(actor, "replying to a direct message", reply)


def register(app: App) -> None:
    app.event("message")(handle_direct_message)
