"""Buttons: engine options (answers, why, skip, areas, continue...) and the lead's announcement consent.

A question's buttons act only for the person it was posted for (their user
id is in the block ids, ``ids.intended_user``): a message in a channel can be
seen by everyone there, and anyone else's press changes nothing and gets a
word only they see. A button that names nobody (an older message) counts
only where nobody else can press it: the presser's DM with the app, an
ephemeral message, the App Home or a modal.

An answer is committed before the click is acknowledged; then the question
is replaced by the recorded answer and the next question is posted (Bolt
keeps running a listener after ``ack()``). A second press of the same answer
(or a checkup's "Still true") on the same message by the same person (a
double click, or a click that raced the update) is dropped by a durable key
stored with the answer, also after a restart; other buttons ignore a repeat
within a few seconds. When the database cannot be written, the press is
acknowledged, nothing changes on screen and the person is told nothing was
recorded.

One live question per person: the latest question or confirmation posted
for a person is their live prompt (``Store.live_prompt``), and the one
before it loses its buttons. A press takes the live prompt in the
transaction that records the answer. A press on any other copy (or a second
press racing the first) records nothing when that criterion was answered
after the copy was posted; it says why and takes that copy's buttons away.
An older copy of a question still unanswered counts. Skip and Back count on
the live prompt only.
"""

from __future__ import annotations

import logging
import sqlite3

from slack_bolt import Ack, App, Respond
from slack_sdk.errors import SlackApiError

from bot.engine import Actor, Message, MessageKind, UserInput
from wwc_i18n import N_, _

from .. import blocks, evidence, ids
from ..service import SAVE_FAILED, STALE_PRESS, SlackService, StalePress, StorageError, after_ack, home_team
from . import service_of

log = logging.getLogger(__name__)

ONE_SHOT = blocks.ONE_SHOT  # options whose message is replaced once pressed
# i18n: `/wwc next` is the command the person types: keep it in English.
NOT_YOURS = N_("That button belongs to a question for someone else, so I didn't record anything. To answer for "
               "your own city, message me directly or use `/wwc next`.")


def ack_button(ack: Ack) -> None:
    ack()


def one_shot_key(workspace: str, user: str, container: dict, value: str) -> str:
    """The durable key of one person's press of one button on one message (stored with what it recorded)."""
    return f"click:{workspace}:{user}:{container.get('channel_id')}:{container.get('message_ts')}:{value}"


def for_presser(action: dict, container: dict, user: str) -> bool:
    """Whether the pressed button was posted for ``user``."""
    intended = ids.intended_user(str(action.get("block_id") or ""))
    if intended is not None:
        return intended == user
    if container.get("type") != "message" or container.get("is_ephemeral"):
        return True  # the App Home, a modal, an ephemeral message: only the person it was shown to can press
    return str(container.get("channel_id") or "").startswith("D")  # the app's DM with the presser


def handle_option(ack: Ack, body: dict, action: dict, context: dict, respond: Respond) -> None:
    """An engine option pressed: recorded before the ack, then the question shows its answer and the next comes."""
    service = service_of(context)
    value = action.get("value") or ""
    user = body["user"]["id"]
    container = body.get("container") or {}
    if not for_presser(action, container, user):
        _ack_and_tell(ack, respond, NOT_YOURS, "refusing a press on someone else's question")
        return
    if value.startswith("evidence:"):
        ack()
        with after_ack("opening the evidence form"):
            _open_evidence(service, body, value.split(":", 1)[1])
        return
    actor = service.actor(home_team(body, context["team_id"]), user)
    once = prompt = None
    posted = container.get("type") == "message" and not container.get("is_ephemeral")
    where = (str(container.get("channel_id") or ""), str(container.get("message_ts") or ""))
    if container.get("type") == "message" and value.startswith(ONE_SHOT):
        once = one_shot_key(actor.workspace, user, container, value)
        prompt = where if posted else None
    elif service.double_click(user, container.get("message_ts") or container.get("view_id") or "", value):
        ack()
        return
    elif posted and value.startswith(blocks.MOVES_ON) and service.store.is_live_prompt(
        actor.workspace, user, *where
    ) is False:
        ack()
        service.later(actor, "answering a press on an older question", lambda: _stale(service, respond, body))
        return
    try:
        messages = service.handle(actor, UserInput(action=value), once=once, prompt=prompt)
    except StalePress:
        ack()
        service.later(actor, "answering a press on an older question", lambda: _stale(service, respond, body))
        return
    except StorageError:
        _ack_and_tell(ack, respond, SAVE_FAILED, "saying that a press was not saved")
        return
    ack()
    if messages is None:
        return
    service.later(actor, "replying to a button press",
                  lambda: _after_press(service, actor, respond, body, action, messages))


def handle_consent(ack: Ack, body: dict, action: dict, context: dict, respond: Respond) -> None:
    """The lead agreed to announce the level: its post is queued before the ack, then confirmed in place."""
    service = service_of(context)
    actor = service.actor(home_team(body, context["team_id"]), body["user"]["id"])
    try:
        text = service.announce_level(actor, action.get("value") or "")
    except StorageError:
        _ack_and_tell(ack, respond, SAVE_FAILED, "saying that a consent was not saved")
        return
    ack()
    post = blocks.render([Message(text=text, kind=MessageKind.INFO)])[0]
    service.later(actor, "answering the lead's consent",
                  lambda: respond(text=post.text, blocks=post.blocks, replace_original=True))


def handle_decline(respond: Respond) -> None:
    """The lead keeps their level private (lazy, after ``ack_button``)."""
    text = _("OK, kept private: nothing was posted to the peer-network channel.")
    respond(text=text, blocks=blocks.sections(text), replace_original=True)


def handle_sprint(body: dict, action: dict, context: dict, respond: Respond) -> None:
    """Join a Sprint cohort, or opt out of Sprint invitations (lazy, after ``ack_button``)."""
    service = service_of(context)
    actor = service.actor(home_team(body, context["team_id"]), body["user"]["id"])
    try:
        if action.get("action_id") == ids.SPRINT_JOIN_ACTION:
            text = service.join_sprint(actor, action.get("value") or "")
        else:
            text = service.opt_out_of_sprints(actor)
    except StorageError:
        text = _(SAVE_FAILED)
    respond(text=text, response_type="ephemeral", replace_original=False)


def register(app: App) -> None:
    app.action(ids.OPTION_ACTION)(handle_option)
    app.action(ids.SPRINT_JOIN_ACTION)(ack=ack_button, lazy=[handle_sprint])
    app.action(ids.SPRINT_OPTOUT_ACTION)(ack=ack_button, lazy=[handle_sprint])
    app.action(ids.CONSENT_ACTION)(handle_consent)
    app.action(ids.DECLINE_ACTION)(ack=ack_button, lazy=[handle_decline])


def _ack_and_tell(ack: Ack, respond: Respond, text: str, what: str) -> None:
    """Ack, then tell only the presser ``text`` (marked with ``N_``); ``what`` names the telling in the log."""
    ack()
    with after_ack(what):
        respond(text=_(text), response_type="ephemeral", replace_original=False)


def _after_press(
    service: SlackService, actor: Actor, respond: Respond, body: dict, action: dict, messages: list[Message]
) -> None:
    """After the ack: the question turns into its answer, and the next one is posted."""
    container = body.get("container") or {}
    # Only the clicker's own DM (or an ephemeral message only they see) is theirs to rewrite; a click on a
    # message in a channel is answered in the clicker's DM and leaves that message as it is.
    dm = service.dm_channel(actor.user)  # (asked once: Slack may be failing; the replies go there too)
    mine = container.get("is_ephemeral") or container.get("channel_id") == dm
    rest = messages
    answered = next((m for m in messages if m.kind is MessageKind.ANSWERED), None)
    if answered is not None and container.get("type") == "message" and mine:
        if not container.get("is_ephemeral"):  # it shows its answer now: not to be closed again
            try:
                service.store.close_live_prompt(actor.workspace, actor.user, str(container.get("message_ts") or ""))
            except sqlite3.Error as err:  # the answer is recorded; the next question must still come
                log.error("could not note the answered question (%s)", err)
        try:
            _replace(service, respond, body, action.get("block_id", ""), answered)
            rest = [m for m in messages if m is not answered]
        except (SlackApiError, OSError) as err:  # the question could not be rewritten: say the answer in a post
            log.warning("could not turn the question into its answer (%s); posting it instead", err)
    service.deliver(actor, rest, channel=dm)
    service.after_answer(actor, messages, home=container.get("type") == "view")


def _stale(service: SlackService, respond: Respond, body: dict) -> None:
    """A press on a question that is no longer open: say so, and take that copy's buttons away."""
    container = body.get("container") or {}
    respond(text=_(STALE_PRESS), response_type="ephemeral", replace_original=False)
    original = (body.get("message") or {}).get("blocks") or []
    if original:
        service.close_stale(container["channel_id"], container["message_ts"], original)


def _replace(service: SlackService, respond: Respond, body: dict, block_id: str, answered: Message) -> None:
    """Turn the question into the recorded answer (``chat.update``; ephemeral messages via response_url)."""
    container = body["container"]
    original = (body.get("message") or {}).get("blocks") or []
    new = blocks.replace_message(original, block_id, answered, body["user"]["id"])
    text = blocks.blocks_text(new)
    if container.get("is_ephemeral"):
        respond(text=text, blocks=new, replace_original=True)
    else:
        service.client.chat_update(channel=container["channel_id"], ts=container["message_ts"], text=text, blocks=new)


def _open_evidence(service: SlackService, body: dict, code: str) -> None:
    standard = service.engine.standard
    if standard.has_criterion(code):
        service.client.views_open(trigger_id=body["trigger_id"], view=evidence.modal(code, standard.criterion(code).title))
