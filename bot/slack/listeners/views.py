"""The evidence modal's submission: an invalid link is an input error in the modal; a valid one is stored
before the modal closes (the ack), then confirmed in the DM. If it cannot be stored, the modal stays open and
says so (nothing was recorded)."""

from __future__ import annotations

from slack_bolt import Ack, App

from wwc_i18n import _

from .. import evidence, ids
from ..service import SAVE_FAILED, StorageError, home_team
from . import service_of


def handle_evidence(ack: Ack, view: dict, body: dict, context: dict) -> None:
    """The evidence modal submitted: an invalid link or a failed save keeps it open; a valid link is stored first."""
    found, errors = evidence.parse(view)
    if found is None:
        ack(response_action="errors", errors=errors)
        return
    service = service_of(context)
    actor = service.actor(home_team(body, context["team_id"]), body["user"]["id"])
    try:
        with service.saving(actor, "evidence"):
            messages = service.engine.record_evidence(actor, found.code, found.url, found.note)
    except StorageError:
        ack(response_action="errors", errors={ids.EVIDENCE_URL_BLOCK: _(SAVE_FAILED)})
        return
    ack()

    def confirm() -> None:
        service.deliver(actor, messages, channel=None)
        service.after_answer(actor, messages, home=True)

    service.later(actor, "confirming evidence", confirm)


def register(app: App) -> None:
    app.view(ids.EVIDENCE_VIEW)(handle_evidence)
