"""One module per Slack surface; each exposes ``register(app, service)``."""

from __future__ import annotations

from slack_bolt import App

from ..service import SlackService
from . import actions, assistant, commands, home, mentions, messages, views


def register(app: App, service: SlackService) -> None:
    for surface in (messages, mentions, commands, actions, views, home, assistant):
        surface.register(app, service)
