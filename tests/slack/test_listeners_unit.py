"""The listeners as plain functions (as in Bolt's starter template): called directly with mock ``ack`` and
``respond``, a context that holds the service, and a Slack payload; no app, no signed request.

A real ``SlackService`` (the harness's, on the Web API stand-in) where what the person sees comes from it (the
help, Home, suggested prompts); a ``Mock`` one where the listener only delegates, or must not touch it at all.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from unittest.mock import Mock, call

import pytest
from harness import Harness
from slack_bolt import BoltContext, BoltRequest, BoltResponse

import wwc_i18n as i18n
from bot.engine import Actor, Message, MessageKind
from bot.slack import blocks, ids
from bot.slack.app import per_request, wiring
from bot.slack.listeners import SERVICE, Shared, messages, service_of
from bot.slack.listeners.actions import NOT_YOURS, handle_consent, handle_option, handle_sprint
from bot.slack.listeners.assistant import handle_thread_started
from bot.slack.listeners.commands import REGISTRY, handle_wwc, help_text
from bot.slack.listeners.home import handle_home_opened
from bot.slack.middleware import RecordFirst
from bot.slack.service import SAVE_FAILED, SlackService, StorageError

TEAM = "T111"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with i18n.using(i18n.ENGLISH):  # what the per-request middleware sets for a request (never a leftover language)
        yield


def context_with(service: Any, **values: Any) -> dict:
    """A listener's context as the app's middleware leaves it: the service, and the workspace."""
    return {"team_id": TEAM, SERVICE: Shared(service), **values}


def mock_service() -> Mock:
    return Mock(spec=SlackService)


def command(text: str, user: str = "U1") -> dict:
    return {"command": "/wwc", "text": text, "user_id": user, "team_id": TEAM, "channel_id": "CTEAM",
            "trigger_id": "trigger-1"}


def acked_text(ack: Mock) -> str:
    """The one reply a person sees in the ack, as its blocks show it."""
    ack.assert_called_once()
    kwargs = ack.call_args.kwargs
    assert set(kwargs) == {"text", "blocks"} and kwargs["text"].strip()
    return blocks.blocks_text(kwargs["blocks"])


def press(user: str, *, owner: str, value: str = "answer:DM1:met", channel: str = "CTEAM") -> tuple[dict, dict]:
    """A press by ``user`` of a button on a question posted (in ``channel``) for ``owner``: the body and the action."""
    action = {"action_id": ids.option_action_id(0), "block_id": ids.block_id("m0", 2, owner), "value": value,
              "type": "button"}
    body = {"type": "block_actions", "user": {"id": user, "team_id": TEAM}, "team": {"id": TEAM},
            "container": {"type": "message", "channel_id": channel, "message_ts": "1700000000.000100"},
            "message": {"ts": "1700000000.000100", "blocks": []}, "actions": [action], "trigger_id": "trigger-1"}
    return body, action


# ---- the context


def test_the_middleware_puts_the_service_where_every_listener_finds_it() -> None:
    service = mock_service()
    context = BoltContext()
    response = per_request(service)(context=context, body={}, next=lambda: BoltResponse(status=200, body="next"))
    assert response.body == "next"  # the chain goes on
    assert service_of(context) is service


def test_a_lazy_listener_gets_the_same_service_not_a_copy() -> None:
    """Bolt deep-copies the context (twice) for a lazy listener (Sprint buttons, "keep private")."""
    service = SimpleNamespace(name="the one service")  # a copy of it would be another object
    context = BoltContext({"team_id": TEAM, SERVICE: Shared(service)})
    copied = copy.deepcopy(context.to_copyable())
    assert copied is not context and service_of(copied) is service


# ---- /wwc


def wwc(harness: Harness, text: str) -> tuple[Mock, Mock]:
    """``/wwc <text>`` handed to the listener with the harness's service; its ``ack`` and ``respond``."""
    ack, respond = Mock(), Mock()
    handle_wwc(ack=ack, command=command(text), context=context_with(wiring(harness.app).service), respond=respond)
    return ack, respond


def test_wwc_help_is_answered_in_the_ack_with_the_help_list(harness: Harness) -> None:
    service = wiring(harness.app).service  # type: ignore[union-attr]
    ack, respond = wwc(harness, "help")
    shown = acked_text(ack)
    assert shown.startswith("*/wwc*: What Works Cities Certification")
    for sub in REGISTRY:  # every subcommand's line, as the person reads it
        assert blocks.escape(sub.help) in shown
    assert ack.call_args.kwargs["blocks"] == blocks.sections(help_text(service))
    respond.assert_not_called()


def test_wwc_without_a_subcommand_is_the_help_too(harness: Harness) -> None:
    ack, _respond = wwc(harness, "  ")
    assert acked_text(ack).startswith("*/wwc*: What Works Cities Certification")


def test_an_unknown_subcommand_is_acked_with_a_suggestion_and_the_help(harness: Harness) -> None:
    ack, respond = wwc(harness, "stauts")
    shown = acked_text(ack)
    assert shown.startswith("I don't know `/wwc stauts`. Did you mean `/wwc status`?")
    assert "*/wwc*: What Works Cities Certification" in shown
    respond.assert_not_called()
    assert harness.store.member(TEAM, "U1") is None  # nothing was started for the person


def test_an_unknown_subcommand_with_nothing_close_gets_no_suggestion(harness: Harness) -> None:
    service = wiring(harness.app).service  # type: ignore[union-attr]
    ack = Mock()
    handle_wwc(ack=ack, command=command("xyzzy"), context=context_with(service), respond=Mock())
    shown = acked_text(ack)
    assert shown.startswith("I don't know `/wwc xyzzy`.") and "Did you mean" not in shown


# ---- buttons


def test_a_press_on_someone_elses_question_is_refused_only_to_the_presser() -> None:
    service = mock_service()
    body, action = press("U2", owner="U1")
    said = Mock()  # ack and respond, in the order they were called
    handle_option(ack=said.ack, body=body, action=action, context=context_with(service), respond=said.respond)
    assert said.mock_calls == [
        call.ack(),
        call.respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False),
    ]
    assert "didn't record anything" in NOT_YOURS
    assert service.mock_calls == []  # nothing recorded, nothing posted, nobody looked up


def test_a_press_that_cannot_be_saved_is_acked_then_the_presser_is_told() -> None:
    service = mock_service()
    service.actor.return_value = Actor(workspace=TEAM, user="U1")
    service.dm_channel.return_value = "D1"
    service.handle.side_effect = StorageError("disk full")
    body, action = press("U1", owner="U1", channel="D1")
    said = Mock()
    handle_option(ack=said.ack, body=body, action=action, context=context_with(service), respond=said.respond)
    assert said.mock_calls == [
        call.ack(),
        call.respond(text=SAVE_FAILED, response_type="ephemeral", replace_original=False),
    ]
    service.later.assert_not_called()  # no reply, no next question


def test_a_consent_that_cannot_be_saved_is_acked_then_the_lead_is_told() -> None:
    service = mock_service()
    service.actor.return_value = Actor(workspace=TEAM, user="U1")
    service.announce_level.side_effect = StorageError("disk full")
    body, _action = press("U1", owner="U1", channel="D1")
    said = Mock()
    handle_consent(ack=said.ack, body=body, action={"action_id": ids.CONSENT_ACTION, "value": "1:2026:Silver"},
                   context=context_with(service), respond=said.respond)
    assert said.mock_calls == [
        call.ack(),
        call.respond(text=SAVE_FAILED, response_type="ephemeral", replace_original=False),
    ]
    service.later.assert_not_called()


def test_a_sprint_join_says_what_the_service_did_only_to_the_lead() -> None:
    service = mock_service()
    service.actor.return_value = Actor(workspace=TEAM, user="U1")
    service.join_sprint.return_value = "You're in the Open Data Sprint."
    body, _action = press("U1", owner="U1", channel="D1")
    respond = Mock()
    handle_sprint(body=body, action={"action_id": ids.SPRINT_JOIN_ACTION, "value": "OD-SPRINT:2026-11"},
                  context=context_with(service), respond=respond)
    service.join_sprint.assert_called_once_with(Actor(workspace=TEAM, user="U1"), "OD-SPRINT:2026-11")
    respond.assert_called_once_with(text="You're in the Open Data Sprint.", response_type="ephemeral",
                                    replace_original=False)


# ---- Home


def test_home_opened_on_the_messages_tab_does_nothing() -> None:
    service = mock_service()
    handle_home_opened(event={"type": "app_home_opened", "user": "U1", "tab": "messages"},
                       context=context_with(service))
    assert service.mock_calls == []


def test_home_opened_on_the_home_tab_publishes_it(harness: Harness) -> None:
    service = wiring(harness.app).service  # type: ignore[union-attr]
    handle_home_opened(event={"type": "app_home_opened", "user": "U1", "tab": "home"}, context=context_with(service))
    [published] = harness.api.of("views.publish")
    assert published.body["user_id"] == "U1"
    assert published.view()["type"] == "home" and published.view()["blocks"]


# ---- DMs


def test_a_dm_is_recorded_then_its_replies_go_to_the_reply_pool_and_slack_gets_its_200() -> None:
    """``RecordFirst`` has the answer committed with the job that posts its replies (``SlackService.handle``
    hands it to the reply pool inside the transaction, to go out once it commits), and answers Slack's request
    itself: Bolt's listeners are not run for it (the message listener only takes edits, joins and the like)."""
    service = mock_service()
    actor, replies = Actor(workspace=TEAM, user="U1"), [Message(text="Recorded.", kind=MessageKind.ANSWERED)]
    order: list[str] = []
    service.actor.return_value = actor
    service.handle.side_effect = lambda *a, **k: order.append("recorded") or replies
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "met", "ts": "1.1"}
    body = {"type": "event_callback", "event_id": "Ev1", "team_id": TEAM, "event": event}
    request = BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"]})
    response = RecordFirst(service, {"message": messages.reply}).process(
        req=request, resp=BoltResponse(status=200), next=lambda: order.append("listeners") or BoltResponse(status=500))
    assert response.status == 200
    assert order == ["recorded"]
    assert service.handle.call_args.kwargs["once"] == "Ev1"  # the event id is recorded with the answer
    assert service.handle.call_args.kwargs["what"] == "replying to a direct message"
    service.later.assert_not_called()  # ``handle`` hands the job over itself, inside the transaction
    service.deliver.assert_not_called()  # not on the request's thread: only when the job runs
    service.handle.call_args.kwargs["reply"](replies)
    service.deliver.assert_called_once_with(actor, replies, channel="D1", thread_ts=None)
    service.after_answer.assert_called_once_with(actor, replies)
    service.reset_mock()
    assert messages.handle_message(event=event) is None and service.mock_calls == []


def test_a_repeat_of_a_recorded_dm_is_acknowledged_and_posts_nothing() -> None:
    """Slack's retry of an event already committed: the engine returns nothing, nothing is handed over."""
    service = mock_service()
    service.handle.return_value = None
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "met", "ts": "1.1"}
    body = {"type": "event_callback", "event_id": "Ev1", "team_id": TEAM, "event": event}
    request = BoltRequest(body=json.dumps(body), headers={"content-type": ["application/json"],
                                                         "x-slack-retry-num": ["1"]})
    response = RecordFirst(service, {"message": messages.reply}).process(
        req=request, resp=BoltResponse(status=200), next=lambda: BoltResponse(status=500))
    assert response.status == 200
    service.later.assert_not_called()


def test_a_dm_in_a_thread_is_answered_in_that_thread() -> None:
    service = mock_service()
    actor, replies = Actor(workspace=TEAM, user="U1"), [Message(text="Hi!", kind=MessageKind.INFO)]
    event = {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "text": "hello",
             "thread_ts": "1700000000.000200"}
    messages.post_replies(service, actor, replies, {"event": event}, False)
    service.deliver.assert_called_once_with(actor, replies, channel="D1", thread_ts="1700000000.000200")
    service.after_answer.assert_called_once_with(actor, replies)


# ---- the agent surface


def test_an_assistant_thread_started_without_its_ids_does_nothing() -> None:
    service = mock_service()
    for thread in ({}, {"user_id": "U1", "channel_id": "D1"}, {"channel_id": "D1", "thread_ts": "1.2"}):
        handle_thread_started(event={"type": "assistant_thread_started", "assistant_thread": thread},
                              context=context_with(service))
    handle_thread_started(event={"type": "assistant_thread_started"}, context=context_with(service))
    assert service.mock_calls == []


def test_an_assistant_thread_started_is_noted_and_offered_prompts(harness: Harness) -> None:
    service = wiring(harness.app).service  # type: ignore[union-attr]
    thread = {"user_id": "U1", "channel_id": "D1", "thread_ts": "1700000000.000300", "context": {"channel_id": "C9"}}
    handle_thread_started(event={"type": "assistant_thread_started", "assistant_thread": thread},
                          context=context_with(service))
    assert harness.store.is_assistant_thread("D1", "1700000000.000300")
    [offered] = harness.api.wait_for("assistant.threads.setSuggestedPrompts")
    assert offered.body["channel_id"] == "D1" and offered.body["thread_ts"] == "1700000000.000300"
    assert offered.body["prompts"]
