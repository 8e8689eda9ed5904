"""``app_manifest.yml`` and the Bolt app's registered listeners agree, both ways."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from harness import Harness
from slack_bolt import BoltRequest, BoltResponse

from bot.engine import Message, MessageKind, Option
from bot.slack import blocks, evidence, ids

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = yaml.safe_load((ROOT / "app_manifest.yml").read_text())
DISTRIBUTED = yaml.safe_load((ROOT / "app_manifest_distributed.yml").read_text())
EVENT_SHAPES = {  # manifest bot event -> the event Slack delivers for it
    "message.im": {"type": "message", "channel_type": "im", "user": "U1", "text": "hi", "channel": "D1", "ts": "1.1"},
    "app_mention": {"type": "app_mention", "user": "U1", "text": "<@UBOT> hi", "channel": "C1", "ts": "1.1"},
    "app_home_opened": {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"},
    "app_uninstalled": {"type": "app_uninstalled", "event_ts": "1.1"},
    "assistant_thread_started": {"type": "assistant_thread_started", "event_ts": "1.1", "assistant_thread": {
        "user_id": "U1", "channel_id": "D1", "thread_ts": "1.1", "context": {}}},
    "assistant_thread_context_changed": {"type": "assistant_thread_context_changed", "event_ts": "1.1",
                                         "assistant_thread": {"user_id": "U1", "channel_id": "D1", "thread_ts": "1.1"}},
    "tokens_revoked": {"type": "tokens_revoked", "tokens": {"bot": ["BBOT"]}, "event_ts": "1.1"},
}


def event_request(event: dict) -> BoltRequest:
    return BoltRequest(body=json.dumps({"type": "event_callback", "team_id": "T111", "event_id": "Ev1", "event": event}))


def command_request(command: str) -> BoltRequest:
    return BoltRequest(body=urlencode({"command": command, "text": "", "team_id": "T111", "user_id": "U1"}))


def action_request(action_id: str) -> BoltRequest:
    payload = {"type": "block_actions", "team": {"id": "T111"}, "user": {"id": "U1"},
               "actions": [{"action_id": action_id, "block_id": "b", "type": "button", "value": "v"}]}
    return BoltRequest(body=urlencode({"payload": json.dumps(payload)}))


def view_request(callback_id: str) -> BoltRequest:
    payload = {"type": "view_submission", "team": {"id": "T111"}, "user": {"id": "U1"},
               "view": {"type": "modal", "callback_id": callback_id, "state": {"values": {}}}}
    return BoltRequest(body=urlencode({"payload": json.dumps(payload)}))


def matching(harness: Harness, request: BoltRequest) -> list:
    return [listener for listener in harness.app._listeners if listener.matches(req=request, resp=BoltResponse(status=200))]


def rendered_action_ids() -> set[str]:
    """Every action id the app puts on a message, the Home tab or a modal."""
    question = Message(text="DM1?", kind=MessageKind.QUESTION, criterion="DM1",
                       options=(Option(label="Met", value="answer:DM1:met"),))
    found = []
    for block_list in ([b for p in blocks.render([question]) for b in p.blocks],
                       blocks.consent_prompt("Tempe, AZ", "Silver", 55, "1:2026:Silver").blocks,
                       blocks.sprint_invitation("Tempe, AZ", "A Sprint", "why", "how", "p|c|1").blocks,
                       evidence.modal("DM1", "Data strategy")["blocks"]):
        for block in block_list:
            found += [e.get("action_id") for e in block.get("elements", []) if isinstance(e, dict)]
            found += [block.get("accessory", {}).get("action_id")]
    return {a for a in found if a}


def test_every_manifest_command_has_a_listener(harness: Harness) -> None:
    for command in MANIFEST["features"]["slash_commands"]:
        assert matching(harness, command_request(command["command"])), command["command"]


@pytest.mark.parametrize("event", MANIFEST["settings"]["event_subscriptions"]["bot_events"])
def test_every_manifest_event_has_a_listener(harness: Harness, event: str) -> None:
    assert matching(harness, event_request(EVENT_SHAPES[event])), event


def unreachable(harness: Harness) -> list:
    """Registered listeners that no manifest command, event or rendered interactive element can reach."""
    requests = [command_request(c["command"]) for c in MANIFEST["features"]["slash_commands"]]
    requests += [event_request(EVENT_SHAPES[e]) for e in MANIFEST["settings"]["event_subscriptions"]["bot_events"]]
    if MANIFEST["settings"]["interactivity"]["is_enabled"]:
        requests += [action_request(a) for a in rendered_action_ids()] + [view_request(ids.EVIDENCE_VIEW)]
    return [listener for listener in harness.app._listeners
            if not any(listener.matches(req=r, resp=BoltResponse(status=200)) for r in requests)]


def test_every_listener_is_reachable_from_the_manifest(harness: Harness) -> None:
    assert unreachable(harness) == []
    harness.app.command("/not-in-the-manifest")(lambda ack: ack())
    harness.app.event("reaction_added")(lambda: None)
    assert len(unreachable(harness)) == 2


def test_every_rendered_action_has_a_listener(harness: Harness) -> None:
    for action_id in rendered_action_ids():
        assert matching(harness, action_request(action_id)), action_id
    assert matching(harness, view_request(ids.EVIDENCE_VIEW))


def test_manifest_enables_what_the_app_needs() -> None:
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert features["app_home"] == {"home_tab_enabled": True, "messages_tab_enabled": True,
                                    "messages_tab_read_only_enabled": False}
    assert settings["socket_mode_enabled"] is True and settings["interactivity"]["is_enabled"] is True
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "im:history", "im:write", "app_mentions:read", "users:read"} <= scopes
    info = MANIFEST["display_information"]
    assert len(info["name"]) <= 35 and len(info["description"]) <= 140 and 175 <= len(info["long_description"]) <= 4000
    assert re.fullmatch(r"[\w\-.]+", features["bot_user"]["display_name"])
    assert all(len(c["command"]) <= 32 for c in features["slash_commands"])


# ------------------------------------------------------------------ the manifest for many workspaces (HTTP, OAuth)


@pytest.fixture
def distributed_app(api, tmp_path):
    from bot.engine import Engine
    from bot.settings import Settings
    from bot.slack.app import build_app, wiring
    from bot.store import Store
    from knowledge import load_knowledge
    from wwc_rules import load_standard

    settings = Settings(_env_file=None, SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="s", SLACK_SIGNING_SECRET="x",
                        SLACK_API_URL=api.url, WWC_DB_PATH=str(tmp_path / "wwc.db"))
    store = Store(settings.db_path)
    standard = load_standard()
    app = build_app(settings, Engine(store, standard, knowledge=load_knowledge(standard)), store)
    yield app
    wiring(app).service.replies.shutdown(1.0)


def _requests(manifest: dict) -> list[BoltRequest]:
    requests = [command_request(c["command"]) for c in manifest["features"]["slash_commands"]]
    requests += [event_request(EVENT_SHAPES[e]) for e in manifest["settings"]["event_subscriptions"]["bot_events"]]
    return requests + [action_request(a) for a in rendered_action_ids()] + [view_request(ids.EVIDENCE_VIEW)]


def test_the_distributed_manifest_and_the_app_installed_in_many_workspaces_agree(distributed_app) -> None:
    listeners = distributed_app._listeners
    for request in _requests(DISTRIBUTED):
        assert any(lst.matches(req=request, resp=BoltResponse(status=200)) for lst in listeners), request.body
    unreached = [lst for lst in listeners
                 if not any(lst.matches(req=r, resp=BoltResponse(status=200)) for r in _requests(DISTRIBUTED))]
    assert unreached == []
    assert {"app_uninstalled", "tokens_revoked"} <= set(DISTRIBUTED["settings"]["event_subscriptions"]["bot_events"])


def test_both_manifests_ask_the_same_and_the_distributed_one_serves_http() -> None:
    from bot.slack.app import INSTALL_SCOPES

    assert set(DISTRIBUTED["oauth_config"]["scopes"]["bot"]) == set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert set(INSTALL_SCOPES) == set(MANIFEST["oauth_config"]["scopes"]["bot"])
    settings = DISTRIBUTED["settings"]
    assert settings["socket_mode_enabled"] is False and MANIFEST["settings"]["socket_mode_enabled"] is True
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert settings["interactivity"]["request_url"].endswith("/slack/events")
    assert all(c["url"].endswith("/slack/events") for c in DISTRIBUTED["features"]["slash_commands"])
    assert DISTRIBUTED["oauth_config"]["redirect_urls"][0].endswith("/slack/oauth_redirect")
    strip = lambda cmds: [{k: v for k, v in c.items() if k != "url"} for c in cmds]  # noqa: E731
    assert strip(DISTRIBUTED["features"]["slash_commands"]) == MANIFEST["features"]["slash_commands"]
    assert DISTRIBUTED["display_information"] == MANIFEST["display_information"]
