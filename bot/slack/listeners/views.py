"""The evidence modal's submission: an invalid link is shown as an input error in the modal."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_sdk import WebClient

from .. import evidence, ids
from ..service import SlackService


def register(app: App, service: SlackService) -> None:
    def validate_evidence(ack: Ack, view: dict) -> None:
        _, errors = evidence.parse(view)
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()

    def save_evidence(view: dict, body: dict, context: dict, client: WebClient) -> None:
        found, errors = evidence.parse(view)
        if found is None:
            return
        actor = service.actor(context["team_id"], body["user"]["id"])
        with service.turn(actor):
            messages = service.engine.record_evidence(actor, found.code, found.url, found.note)
        service.deliver(client, actor, messages, channel=None)
        service.after_answer(client, actor, messages, home=True)

    app.view(ids.EVIDENCE_VIEW)(ack=validate_evidence, lazy=[save_evidence])
