"""The App Home tab: the city's dashboard, published whenever the person opens it."""

from __future__ import annotations

from slack_bolt import App

from ..service import home_team
from . import service_of


def handle_home_opened(event: dict, context: dict) -> None:
    """The Home tab opened: the city's dashboard is published there."""
    if event.get("tab", "home") != "home":  # the Messages tab fires this event too
        return
    service = service_of(context)
    service.publish_home(service.actor(home_team({"event": event}, context["team_id"]), event["user"]))


def register(app: App) -> None:
    app.event("app_home_opened")(handle_home_opened)
