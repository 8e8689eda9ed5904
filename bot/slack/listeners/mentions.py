"""``@mention`` in a channel or a group DM: everyone there reads what is posted, so only general questions
("what is DM2?", "how do we get to gold?") are answered in the thread, with a pointer to the DM.

Anything about the asker's city (``review``, ``history``, ``report``, ``status``, "how many criteria have
we met?", an answer) goes through the engine as if it had been written in the DM, and is answered there;
the thread gets a short note that says so (in a channel shared with other organisations over Slack
Connect, a note only the asker sees). A mention in the asker's own DM is answered in place.
"""

from __future__ import annotations

from slack_bolt import App

from bot.engine import Actor, Message
from wwc_i18n import _

from ..middleware import Replier, in_a_channel
from ..service import SENT_BY_DM, SlackService


def post_replies(service: SlackService, actor: Actor, replies: list[Message], body: dict, public: bool) -> None:
    """After the ack: general answers (``public``) in the thread, the rest in the DM with a note in the thread."""
    event = body["event"]
    channel, thread = event["channel"], event.get("thread_ts") or event["ts"]
    if public:
        service.post(channel, replies, thread_ts=thread)
        return
    if not in_a_channel(event):
        service.deliver(actor, replies, channel=channel, thread_ts=event.get("thread_ts"))
        service.after_answer(actor, replies)
        return
    service.deliver(actor, replies, channel=None)
    if body.get("is_ext_shared_channel"):
        # Only the asker sees it; Slack shows an ephemeral message in a thread only if the thread exists, so a
        # top-level mention gets it in the channel itself.
        service.client.chat_postEphemeral(channel=channel, user=actor.user, text=_(SENT_BY_DM),
                                          thread_ts=event.get("thread_ts"))
    else:
        service.client.chat_postMessage(channel=channel, text=_(SENT_BY_DM), thread_ts=thread)
    service.after_answer(actor, replies)


reply = Replier("replying to a mention", post_replies)


def handle_mention() -> None:
    """A mention by a bot, or without a person: nothing to answer (``RecordFirst`` answers the others itself; Bolt
    acknowledges an event once a listener takes it)."""


def register(app: App) -> None:
    app.event("app_mention")(handle_mention)
