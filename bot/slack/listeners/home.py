"""The App Home tab: the city's dashboard, published whenever the person opens it."""

from __future__ import annotations

from slack_bolt import App

from ..service import SlackService, home_team


def register(app: App, service: SlackService) -> None:
    def handle_home_opened(event: dict, context: dict) -> None:
        if event.get("tab", "home") != "home":  # the Messages tab fires this event too
            return
        service.publish_home(service.actor(home_team({"event": event}, context["team_id"]), event["user"]))

    app.event("app_home_opened")(handle_home_opened)
