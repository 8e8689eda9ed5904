"""``@mention`` in a channel: questions ("what's next for open data?") answered in the thread.

In a channel shared with other organisations (Slack Connect) the reply is
ephemeral, so other cities never see this city's answers.
"""

from __future__ import annotations

from slack_bolt import App

from .. import blocks
from ..middleware import ACTOR, REPLIES
from ..service import SlackService


def register(app: App, service: SlackService) -> None:
    def handle_mention(event: dict, body: dict, context: dict) -> None:
        replies, actor = context.get(REPLIES), context.get(ACTOR)
        if replies is None or actor is None:
            return
        thread = event.get("thread_ts") or event["ts"]
        if body.get("is_ext_shared_channel"):
            own = [m for m in replies if m.recipient in (None, actor.user)]
            for post in blocks.render(own):
                service.client.chat_postEphemeral(channel=event["channel"], user=actor.user, text=post.text, blocks=post.blocks,
                                          thread_ts=thread)
            service.deliver(actor, [m for m in replies if m not in own], channel=None)
        else:
            service.deliver(actor, replies, channel=event["channel"], thread_ts=thread)
        service.after_answer(actor, replies)

    app.event("app_mention")(handle_mention)
