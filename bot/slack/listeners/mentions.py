"""``@mention`` in a channel: questions ("what's next for open data?") answered in the thread."""

from __future__ import annotations

import re

from slack_bolt import App
from slack_sdk import WebClient

from bot.engine import UserInput

from .. import blocks
from ..service import SlackService

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def register(app: App, service: SlackService) -> None:
    def handle_mention(event: dict, body: dict, context: dict, client: WebClient) -> None:
        """Reply in the thread; in a channel shared with other organisations only the asker sees it."""
        if event.get("bot_id") or not event.get("user"):
            return
        text = " ".join(_MENTION.sub(" ", event.get("text") or "").split()) or "help"
        actor = service.actor(context["team_id"], event["user"])
        messages = service.handle(actor, UserInput(text=text))
        thread = event.get("thread_ts") or event["ts"]
        if body.get("is_ext_shared_channel"):
            own = [m for m in messages if m.recipient in (None, actor.user)]
            for post in blocks.render(own):
                client.chat_postEphemeral(channel=event["channel"], user=actor.user, text=post.text, blocks=post.blocks,
                                          thread_ts=thread)
            service.deliver(client, actor, [m for m in messages if m not in own], channel=None)
        else:
            service.deliver(client, actor, messages, channel=event["channel"], thread_ts=thread)
        service.after_answer(client, actor, messages)

    app.event("app_mention")(handle_mention)
