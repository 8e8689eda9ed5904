"""One module per Slack surface; each has its listeners as module-level functions and a ``register(app)``.

A listener finds the app's ``SlackService`` in Bolt's context (``service_of(context)``): ``app.per_request`` puts it
there for every request, and a unit test puts it there itself (``Shared``).
"""

from __future__ import annotations

from slack_bolt import App

from ..service import SlackService

SERVICE = "wwc_service"  # context key: the app's ``SlackService``, held by a ``Shared``


class Shared:
    """The service as Bolt's context carries it. Bolt deep-copies the context for a lazy listener; the one
    service (its store, its pools) is shared with it, never copied."""

    __slots__ = ("service",)

    def __init__(self, service: SlackService) -> None:
        self.service = service

    def __deepcopy__(self, memo: dict) -> Shared:
        return self


def service_of(context: dict) -> SlackService:
    """The app's ``SlackService``, from a listener's context."""
    return context[SERVICE].service


def register(app: App) -> None:
    from . import actions, assistant, commands, home, mentions, messages, views  # (they import ``service_of``)

    for surface in (messages, mentions, commands, actions, views, home, assistant):
        surface.register(app)
