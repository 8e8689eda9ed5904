"""Direct messages: the assessment conversation in the DM with the bot (typed text)."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.engine import UserInput

from ..service import SlackService


def register(app: App, service: SlackService) -> None:
    def handle_direct_message(event: dict, context: dict, client: WebClient) -> None:
        """A person typed in the DM; edits, joins, bots and other subtypes are ignored."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        actor = service.actor(context["team_id"], event["user"])
        messages = service.handle(actor, UserInput(text=event.get("text") or ""))
        service.deliver(client, actor, messages, channel=event["channel"], thread_ts=event.get("thread_ts"))
        service.after_answer(client, actor, messages)

    app.event("message")(handle_direct_message)
